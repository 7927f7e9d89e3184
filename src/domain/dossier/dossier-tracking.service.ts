import { AttemptLimiter } from '../access/attempt-limiter.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../time/clock.js';
import type { DossierQueryService } from './dossier-query.service.js';
import type { DossierRow } from './dossier-reader.js';

/** Ten wrong guesses of the last four digits per client and per dossier code in 15 minutes. */
export const TRACKING_MAX_FAILURES = 10;
export const TRACKING_WINDOW_MS = 15 * 60 * 1000;

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
    const keys = [`ip:${client}`, `code:${code}`];
    if (keys.some((k) => this.guesses.isBlocked(k))) throw new DomainError('TOO_MANY_ATTEMPTS');
    const found = await this.dossiers.track(code, citizenIdLast4);
    if (!found) keys.forEach((k) => this.guesses.recordFailure(k));
    return found;
  }
}
