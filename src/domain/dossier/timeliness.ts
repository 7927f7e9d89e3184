import { localDateOf, type LocalDate } from '../time/local-time.js';
import { DossierStatus, Timeliness, UNFINISHED_STATUSES } from '../vocabulary/dossier-enums.js';

export interface TimelinessInput {
  status: DossierStatus;
  dueDate: LocalDate | null;
  /** The instant it is due, for times counted within the day (working hours, half days). */
  dueAt?: Date | null;
  resolvedAt: Date | null;
}

/** EARLY / ON_TIME / LATE of a resolution at `at`: by local dates, and past `dueAt` where the time has one. */
export function resolutionTimeliness(at: Date, dueDate: LocalDate | null, dueAt: Date | null = null): Timeliness {
  if (dueDate === null || (dueAt !== null && at > dueAt)) return Timeliness.LATE;
  const resolvedOn = localDateOf(at);
  if (resolvedOn < dueDate) return Timeliness.EARLY;
  return resolvedOn === dueDate ? Timeliness.ON_TIME : Timeliness.LATE;
}

/**
 * Timeliness by local dates (DOMAIN.md): a finished dossier is judged at its RESOLVE time against
 * the statutory due date (an extension admits lateness, it does not excuse it); an unfinished one
 * against today (and, for a deadline at a time, against `now`). "Overdue" is never a status, only
 * this derived value.
 */
export function timelinessOf(dossier: TimelinessInput, today: LocalDate, now?: Date): Timeliness {
  const { status, dueDate } = dossier;
  const dueAt = dossier.dueAt ?? null;
  if ((status === DossierStatus.RESOLVED || status === DossierStatus.RETURNED) && dossier.resolvedAt && dueDate) {
    return resolutionTimeliness(dossier.resolvedAt, dueDate, dueAt);
  }
  if (UNFINISHED_STATUSES.has(status) && dueDate) {
    const overdue = dueAt !== null && now !== undefined ? now > dueAt : today > dueDate;
    return overdue ? Timeliness.IN_PROGRESS_OVERDUE : Timeliness.IN_PROGRESS_ON_TIME;
  }
  return Timeliness.NOT_STARTED;
}
