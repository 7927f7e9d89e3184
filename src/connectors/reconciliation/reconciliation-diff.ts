import type { RemoteDayCount } from '../sdk/index.js';
import type { LocalDate } from '../../domain/time/local-time.js';

/** What was received locally for one unit and day: the distinct dossier codes on the connector's count basis. */
export interface LocalDayCodes {
  unitCode: string;
  date: LocalDate;
  codes: string[];
}

export type ReconciliationStatus = 'MATCHED' | 'MISMATCHED';

/** One unit and day of a comparison (the contract's ReconciliationRow). */
export interface ReconciliationRowData {
  unitCode: string;
  date: LocalDate;
  localCount: number;
  remoteCount: number;
  /** localCount - remoteCount. */
  difference: number;
  /** Dossier codes received here that the remote does not hold, sorted. */
  missingRemotely: string[];
  /** Codes the remote holds for that unit and day that were not received here on that basis, sorted. */
  unknownLocally: string[];
}

export interface Comparison {
  status: ReconciliationStatus;
  localTotal: number;
  remoteTotal: number;
  /** Every unit and day on which either side counted a dossier, sorted by unit then day. */
  rows: ReconciliationRowData[];
  /** Every code missing remotely, over all rows (what repair re-sends). */
  missingRemotely: string[];
}

/**
 * Compares per unit and day. Distinct codes are the truth on both sides; a remote that answers a
 * bare count (no codes) is compared on the count alone, so its differences name no dossier.
 * MATCHED needs equal counts and no code on either side that the other lacks: two equal counts
 * that hide a swap (one dossier lost, another one unknown) are a mismatch.
 */
export function compareDayCounts(local: readonly LocalDayCodes[], remote: readonly RemoteDayCount[]): Comparison {
  const cells = new Map<string, { unitCode: string; date: LocalDate; local: string[]; remote: RemoteDayCount | null }>();
  const cellOf = (unitCode: string, date: LocalDate) => {
    const key = `${unitCode}|${date}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { unitCode, date, local: [], remote: null }));
    return cell;
  };
  for (const day of local) cellOf(day.unitCode, day.date).local.push(...day.codes);
  for (const day of remote) {
    const cell = cellOf(day.unitCode, day.date);
    // A remote that repeats a unit and day is merged, never double counted.
    cell.remote = cell.remote === null ? day : mergeRemote(cell.remote, day);
  }

  const rows: ReconciliationRowData[] = [];
  const missing: string[] = [];
  let localTotal = 0;
  let remoteTotal = 0;
  let matched = true;
  for (const cell of cells.values()) {
    const localCodes = [...new Set(cell.local)].sort();
    const remoteCodes = cell.remote?.codes ?? [];
    const remoteCount = cell.remote?.count ?? 0;
    const listed = remoteCodes.length > 0 || remoteCount === 0;
    const remoteSet = new Set(remoteCodes);
    const localSet = new Set(localCodes);
    const missingRemotely = listed ? localCodes.filter((c) => !remoteSet.has(c)) : [];
    const unknownLocally = listed ? [...remoteSet].filter((c) => !localSet.has(c)).sort() : [];
    const row: ReconciliationRowData = {
      unitCode: cell.unitCode,
      date: cell.date,
      localCount: localCodes.length,
      remoteCount,
      difference: localCodes.length - remoteCount,
      missingRemotely,
      unknownLocally,
    };
    if (isMismatched(row)) matched = false;
    localTotal += row.localCount;
    remoteTotal += remoteCount;
    missing.push(...missingRemotely);
    rows.push(row);
  }
  rows.sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.date.localeCompare(b.date));
  return { status: matched ? 'MATCHED' : 'MISMATCHED', localTotal, remoteTotal, rows, missingRemotely: [...new Set(missing)].sort() };
}

/** True when the row shows a difference of any kind (what `rows` lists without includeMatched). */
function isMismatched(row: Pick<ReconciliationRowData, 'difference' | 'missingRemotely' | 'unknownLocally'>): boolean {
  return row.difference !== 0 || row.missingRemotely.length > 0 || row.unknownLocally.length > 0;
}

function mergeRemote(a: RemoteDayCount, b: RemoteDayCount): RemoteDayCount {
  if (a.codes.length === 0 && b.codes.length === 0) return { ...a, count: a.count + b.count };
  const codes = [...new Set([...a.codes, ...b.codes])].sort();
  return { ...a, count: codes.length, codes };
}
