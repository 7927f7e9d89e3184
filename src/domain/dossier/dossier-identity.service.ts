import type { MikroORM } from '@mikro-orm/postgresql';
import { IdentityVerification, verificationOf, type IdentityVerifier } from '../citizen/identity-verification.js';
import type { Clock } from '../time/clock.js';
import { DossierStatus } from '../vocabulary/dossier-enums.js';
import { Dossier } from './dossier.entity.js';

export interface IdentityRecheckSummary {
  checked: number;
  verified: number;
  failed: number;
  stillPending: number;
}

/**
 * Finishes the verifications intake had to leave PENDING because VNeID did not answer: asks again
 * and records VERIFIED, or FAILED (then the filing cannot be accepted: VNEID_LEVEL_TOO_LOW). Until
 * then ACCEPT is refused with IDENTITY_NOT_VERIFIED.
 */
export class DossierIdentityService {
  constructor(
    private readonly orm: MikroORM,
    private readonly identity: IdentityVerifier | null,
    private readonly clock: Clock,
  ) {}

  async recheckPending(limit = 200): Promise<IdentityRecheckSummary> {
    const summary: IdentityRecheckSummary = { checked: 0, verified: 0, failed: 0, stillPending: 0 };
    if (!this.identity) return summary;
    const em = this.orm.em.fork();
    const pending = await em.find(
      Dossier,
      // Only filings still waiting for ACCEPT: a refused or withdrawn one needs no verification any more.
      { identityVerification: IdentityVerification.PENDING, status: DossierStatus.SUBMITTED },
      { fields: ['id', 'applicantCitizenId'], orderBy: { identityCheckedAt: 'asc', id: 'asc' }, limit },
    );
    for (const dossier of pending) {
      const check = await this.identity.check(dossier.applicantCitizenId);
      const state = verificationOf(check);
      summary.checked += 1;
      if (state === IdentityVerification.VERIFIED) summary.verified += 1;
      else if (state === IdentityVerification.FAILED) summary.failed += 1;
      else summary.stillPending += 1;
      // Only a PENDING row is updated: nothing else ever changes this column back.
      await em.nativeUpdate(
        Dossier,
        { id: dossier.id, identityVerification: IdentityVerification.PENDING },
        { identityVerification: state, identityCheckedAt: this.clock.now() },
      );
      // Stop early when VNeID is still down: the next run tries again.
      if (check === 'UNAVAILABLE') break;
    }
    return summary;
  }
}
