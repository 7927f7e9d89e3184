import { resolutionTimeliness } from '../dossier/timeliness.js';
import { daysBetween, localDateOf, type LocalDate } from '../time/local-time.js';
import type { DelayReason } from '../vocabulary/delay-reason.js';
import { DossierAction, Timeliness } from '../vocabulary/dossier-enums.js';
import { LATE_COLUMNS, type ServiceIndexCounts } from './service-index-counts.js';

/** One history event, with what the service index needs of its dossier after the event. */
export interface ServiceIndexEvent {
  action: DossierAction | null;
  at: Date;
  receivedAt: Date | null;
  /** The statutory due date (and instant) before the event: a RESOLVE is judged by it. */
  previousDueDate: LocalDate | null;
  previousDueAt: Date | null;
  delayReason: DelayReason | null;
  resolutionWorkingDays: number | null;
}

/**
 * What one dossier event adds to the service index, on the event's local day; null when nothing.
 * A RESOLVE counts a resolution with its time (calendar days from the receipt date; working days
 * as the lifecycle recorded them) and, when late by the statistics' rule (timeliness.ts), a late
 * resolution under its recorded reason; an EXTEND_DEADLINE counts an apology. Payments and ratings
 * are counted from their own rows (service-index-store.ts). The same rules are written in SQL in
 * service-index-rebuild.ts; a test checks that both agree.
 */
export function serviceIndexDeltaOf(event: ServiceIndexEvent): { day: LocalDate; counts: Partial<ServiceIndexCounts> } | null {
  const day = localDateOf(event.at);
  if (event.action === DossierAction.EXTEND_DEADLINE) return { day, counts: { apologies: 1 } };
  if (event.action !== DossierAction.RESOLVE || !event.receivedAt) return null;
  const counts: Partial<ServiceIndexCounts> = {
    resolutions: 1,
    resolution_calendar_days: daysBetween(localDateOf(event.receivedAt), day),
  };
  if (event.resolutionWorkingDays !== null) {
    counts.resolutions_timed = 1;
    counts.resolution_working_days = event.resolutionWorkingDays;
  }
  if (resolutionTimeliness(event.at, event.previousDueDate, event.previousDueAt) === Timeliness.LATE) {
    counts[LATE_COLUMNS[event.delayReason ?? 'UNRECORDED']] = 1;
  }
  return { day, counts };
}
