import { AttemptLimiter } from '../access/attempt-limiter.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../time/clock.js';
import type { DossierQueryService } from './dossier-query.service.js';
import type { DossierRow } from './dossier-reader.js';

/** Ten wrong guesses of the last four digits per client and per dossier code in 15 minutes. */
const TRACKING_MAX_FAILURES = 10;
const TRACKING_WINDOW_MS = 15 * 60 * 1000;
const MAX_DOSSIER_CODE_LENGTH = 64;

/**
 * The public look-up of a dossier by its code and the last four digits of the applicant's citizen
 * id, behind one attempt limiter shared by every way in (GraphQL `trackDossier` and the tracking
 * page): with two doors and two limiters, a guesser would simply get twice the tries.
 */
export class DossierTrackingService {
  private readonly guesses: AttemptLimiter;

  constructor(
    private readonly dossiers: DossierQueryService,
    clock: Clock,
  ) {
    this.guesses = new AttemptLimiter(TRACKING_MAX_FAILURES, TRACKING_WINDOW_MS, () => clock.now().getTime());
  }

  /**
   * The dossier, or null when the code and digits do not match (whether the code exists is not
   * revealed); TOO_MANY_ATTEMPTS once the client or the code has had too many wrong guesses.
   */
  async track(code: string, citizenIdLast4: string, client: string): Promise<DossierRow | null> {
    // Codes are at most 64 characters; a longer one is no code, and must not become a limiter key.
    if (code.length > MAX_DOSSIER_CODE_LENGTH) throw new DomainError('BAD_USER_INPUT', ['code'], { reason: 'INVALID_DOSSIER_CODE' });
    const keys = [`ip:${client}`, `code:${code}`];
    if (!this.guesses.tryTake(keys)) throw new DomainError('TOO_MANY_ATTEMPTS');
    // Only a wrong guess counts: a match, or a request refused for its shape, is given back.
    let found: DossierRow | null;
    try {
      found = await this.dossiers.track(code, citizenIdLast4);
    } catch (error) {
      this.guesses.giveBack(keys);
      throw error;
    }
    if (found) this.guesses.giveBack(keys);
    return found;
  }
}
