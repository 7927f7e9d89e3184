import { DossierAction, DossierStatus } from '../../domain/vocabulary/dossier-enums.js';
import { isReception, type DossierSyncEvent } from '../sdk/index.js';

/**
 * The moments an applicant is told about (issue 6, part 5): when the center has the dossier, when
 * it needs more papers, when it admits it will be late (the apology with a new date), and when the
 * result is ready. Each value is also the template id sent to the gateway.
 */
export enum NoticeKind {
  DOSSIER_RECEIVED = 'DOSSIER_RECEIVED',
  SUPPLEMENT_REQUESTED = 'SUPPLEMENT_REQUESTED',
  DEADLINE_EXTENDED = 'DEADLINE_EXTENDED',
  RESULT_READY = 'RESULT_READY',
}

export const NOTICE_KINDS: readonly NoticeKind[] = Object.values(NoticeKind);

/** What the applicant is told about this change, or null when it is not worth a message. */
export function noticeKindOf(event: DossierSyncEvent): NoticeKind | null {
  // In-person and postal intake, or ACCEPT of an online filing; never EXTEND_DEADLINE in RECEIVED.
  if (isReception(event)) return NoticeKind.DOSSIER_RECEIVED;
  if (event.action === DossierAction.REQUEST_SUPPLEMENT) return NoticeKind.SUPPLEMENT_REQUESTED;
  if (event.action === DossierAction.EXTEND_DEADLINE) return NoticeKind.DEADLINE_EXTENDED;
  // By an officer's RESOLVE or by a specialized system's decision: either way the result is ready.
  if (event.status === DossierStatus.RESOLVED && event.fromStatus !== DossierStatus.RESOLVED) return NoticeKind.RESULT_READY;
  return null;
}

/**
 * `{dossier code}:{kind}`: one message per dossier and kind. Every kind happens at most once in a
 * dossier's life (a supplement and an extension are allowed once, RESOLVED is reached once), so the
 * key is also what the gateway dedupes a repeated delivery on: the applicant never gets it twice.
 */
export function noticeKey(event: DossierSyncEvent, kind: NoticeKind): string {
  return `${event.dossierCode}:${kind}`;
}
