import { Channel } from '../vocabulary/dossier-enums.js';
import { OnlineLevel } from '../procedure/procedure-enums.js';

/**
 * Whether the applicant of an online filing was verified against VNeID (DOMAIN.md: online filing of
 * FULL procedures needs a level-2 account). PENDING: the identity system did not answer in time;
 * the filing was kept (intake is never blocked by a remote system) and is verified later.
 */
export enum IdentityVerification {
  NOT_REQUIRED = 'NOT_REQUIRED',
  PENDING = 'PENDING',
  VERIFIED = 'VERIFIED',
  FAILED = 'FAILED',
}

/** What the identity system said about a citizen id; UNAVAILABLE when it could not be asked or did not answer. */
export type IdentityCheck = 'LEVEL_2' | 'LEVEL_1' | 'NOT_FOUND' | 'UNAVAILABLE';

/** The port the identity connector (VNeID) implements; the domain only knows this. */
export interface IdentityVerifier {
  check(citizenId: string): Promise<IdentityCheck>;
}

/** Online filings of procedures that are FULL online need a level-2 identity. */
export function needsVerifiedIdentity(channel: Channel, onlineLevel: OnlineLevel): boolean {
  return channel === Channel.ONLINE && onlineLevel === OnlineLevel.FULL;
}

/** The verification state an answer leads to: PENDING while VNeID could not answer, FAILED for an answer that refuses the filing. */
export function verificationOf(check: IdentityCheck): IdentityVerification {
  switch (check) {
    case 'LEVEL_2':
      return IdentityVerification.VERIFIED;
    case 'UNAVAILABLE':
      return IdentityVerification.PENDING;
    default:
      return IdentityVerification.FAILED;
  }
}

/** The refusal code for an answer that does not allow the filing, or null. */
export function refusalOf(check: IdentityCheck): 'VNEID_LEVEL_TOO_LOW' | 'VNEID_ACCOUNT_NOT_FOUND' | null {
  if (check === 'LEVEL_1') return 'VNEID_LEVEL_TOO_LOW';
  if (check === 'NOT_FOUND') return 'VNEID_ACCOUNT_NOT_FOUND';
  return null;
}
