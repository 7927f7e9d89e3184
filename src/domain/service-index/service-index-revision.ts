import type { Kysely } from 'kysely';
import type { LocalDate } from '../time/local-time.js';
import type { DelayReason } from '../vocabulary/delay-reason.js';
import { DossierAction } from '../vocabulary/dossier-enums.js';
import { SERVICE_INDEX_COLUMNS, type ServiceIndexCounts } from './service-index-counts.js';
import { serviceIndexDeltaOf } from './service-index-deltas.js';
import { serviceIndexApplyQuery, type ServiceIndexKey } from './service-index-store.js';

/** A resolution as one calendar made it: the due date it was judged by, and the working days it took. */
export interface JudgedResolution {
  previousDueDate: LocalDate | null;
  previousDueAt: Date | null;
  resolutionWorkingDays: number | null;
}

/**
 * After a calendar correction (deadline-recompute.ts) a resolution may change from late to on time
 * and take another number of working days: its counters are taken back as they were judged and
 * added as they are judged now, on the same day, so the service index equals a rebuild. Returns
 * whether anything changed.
 */
export async function reviseResolution(
  db: Kysely<any>,
  key: ServiceIndexKey,
  resolution: { at: Date; receivedAt: Date; delayReason: DelayReason | null },
  before: JudgedResolution,
  after: JudgedResolution,
): Promise<boolean> {
  const deltaOf = (judged: JudgedResolution) => serviceIndexDeltaOf({ action: DossierAction.RESOLVE, ...resolution, ...judged })!;
  const old = deltaOf(before);
  const now = deltaOf(after);
  const difference: Partial<ServiceIndexCounts> = {};
  for (const c of SERVICE_INDEX_COLUMNS) {
    const change = (now.counts[c] ?? 0) - (old.counts[c] ?? 0);
    if (change !== 0) difference[c] = change;
  }
  if (Object.keys(difference).length === 0) return false;
  await serviceIndexApplyQuery(key, now.day, difference).execute(db);
  return true;
}
