import { SimHttpError } from './sim-http.js';
import { isLocalDate } from '../src/domain/time/local-time.js';

/**
 * Distinct dossier codes per local date and unit, kept up to date as pushes arrive, so a report
 * reads the index instead of scanning every push, and a dossier reported twice (two "received"
 * events, or received then processing) still counts once: counting events instead of dossiers is
 * one of the known causes of EMC figures that disagree with the provinces'.
 */
export interface DailyCountRow {
  date: string;
  unitCode: string;
  count: number;
  codes: string[];
}

export class DailyCodeIndex {
  private readonly byDate = new Map<string, Map<string, Set<string>>>();

  add(date: string, unitCode: string, code: string): void {
    let units = this.byDate.get(date);
    if (!units) this.byDate.set(date, (units = new Map()));
    let codes = units.get(unitCode);
    if (!codes) units.set(unitCode, (codes = new Set()));
    codes.add(code);
  }

  /** Rows with count > 0 for dates from..to (inclusive), sorted by date then unit; codes sorted. */
  report(range: ReportRange): DailyCountRow[] {
    const rows: DailyCountRow[] = [];
    for (const [date, units] of this.byDate) {
      if (date < range.from || date > range.to) continue;
      for (const [unitCode, codes] of units) {
        if (range.unitCode !== null && unitCode !== range.unitCode) continue;
        if (codes.size > 0) rows.push({ date, unitCode, count: codes.size, codes: [...codes].sort() });
      }
    }
    return rows.sort((a, b) => (a.date === b.date ? a.unitCode.localeCompare(b.unitCode) : a.date < b.date ? -1 : 1));
  }

  clear(): void {
    this.byDate.clear();
  }
}

export interface ReportRange {
  from: string;
  to: string;
  /** Exact unit to keep, or null for every unit. */
  unitCode: string | null;
}

/**
 * from, to (YYYY-MM-DD, inclusive) and an optional unitCode. The simulators do not know the unit
 * tree, so a 2-digit province code keeps every unit and leaves the filtering to the caller.
 */
export function reportRangeOf(query: URLSearchParams): ReportRange {
  const from = query.get('from');
  const to = query.get('to');
  if (!from || !isLocalDate(from)) throw new SimHttpError(400, 'INVALID_FROM', 'from must be a date YYYY-MM-DD');
  if (!to || !isLocalDate(to)) throw new SimHttpError(400, 'INVALID_TO', 'to must be a date YYYY-MM-DD');
  if (from > to) throw new SimHttpError(400, 'INVALID_RANGE', 'from must not be after to');
  const unitCode = query.get('unitCode')?.trim() || null;
  return { from, to, unitCode: unitCode !== null && /^\d{2}$/.test(unitCode) ? null : unitCode };
}
