import { ConnectorError, ErrorClass } from './connector-error.js';
import type { RemoteDayCount } from './connector.js';

interface ReportRow {
  date: string;
  unitCode: string;
  count: number;
  codes: string[];
}

/** Checks a report's shape and keeps the rows of the requested units (the remote may not know the unit tree). */
export function reportRowsIn(body: unknown, unitCodes: readonly string[]): RemoteDayCount[] {
  if (!Array.isArray(body)) throw new ConnectorError(ErrorClass.TRANSIENT, 'report answer is not a list');
  const wanted = new Set(unitCodes);
  const rows: RemoteDayCount[] = [];
  for (const raw of body as Partial<ReportRow>[]) {
    const hasCodes = Array.isArray(raw?.codes);
    if (typeof raw?.unitCode !== 'string' || typeof raw.date !== 'string' || (!hasCodes && typeof raw.count !== 'number')) {
      throw new ConnectorError(ErrorClass.TRANSIENT, 'report row without unitCode, date, or codes and count');
    }
    if (!wanted.has(raw.unitCode)) continue;
    // Distinct codes are the truth when the remote lists them; a bare count is taken as given.
    const codes = hasCodes ? [...new Set(raw.codes!.map(String))].sort() : [];
    rows.push({ unitCode: raw.unitCode, date: raw.date, count: hasCodes ? codes.length : raw.count!, codes });
  }
  return rows.sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.date.localeCompare(b.date));
}
