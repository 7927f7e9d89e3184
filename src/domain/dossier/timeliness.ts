import { localDateOf, type LocalDate } from '../time/local-time.js';
import { DossierStatus, Timeliness, UNFINISHED_STATUSES } from './dossier-enums.js';

export interface TimelinessInput {
  status: DossierStatus;
  dueDate: LocalDate | null;
  resolvedAt: Date | null;
}

/**
 * Timeliness by local dates (DOMAIN.md): a finished dossier is judged at its RESOLVE time against
 * the statutory due date (an extension admits lateness, it does not excuse it); an unfinished one
 * against today. "Overdue" is never a status, only this derived value.
 */
export function timelinessOf(dossier: TimelinessInput, today: LocalDate): Timeliness {
  const { status, dueDate } = dossier;
  if ((status === DossierStatus.RESOLVED || status === DossierStatus.RETURNED) && dossier.resolvedAt && dueDate) {
    const resolvedOn = localDateOf(dossier.resolvedAt);
    if (resolvedOn < dueDate) return Timeliness.EARLY;
    return resolvedOn === dueDate ? Timeliness.ON_TIME : Timeliness.LATE;
  }
  if (UNFINISHED_STATUSES.has(status) && dueDate) {
    return today <= dueDate ? Timeliness.IN_PROGRESS_ON_TIME : Timeliness.IN_PROGRESS_OVERDUE;
  }
  return Timeliness.NOT_STARTED;
}
