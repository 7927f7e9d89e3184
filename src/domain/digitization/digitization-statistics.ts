import { sql, type Kysely, type RawBuilder } from 'kysely';
import { StatisticsGrouping } from '../statistics/statistics-grouping.js';
import { daysOf, monthsOf } from '../statistics/statistics-period.js';
import { addDays, startOfLocalDay, type LocalDate } from '../time/local-time.js';
import type { SubtreeUnit, UnitSubtree } from '../unit/unit.service.js';
import { Channel } from '../vocabulary/dossier-enums.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** One row of Query.digitizationStatistics (formulas: docs/digitization.md). */
export interface DigitizationRow {
  key: string;
  name: string | null;
  received: number;
  receivedDigitized: number;
  /** receivedDigitized / received; null when nothing was received. */
  digitizationRate: number | null;
  documentsDigitized: number;
  documentsReused: number;
  /** documentsReused / (documentsDigitized + documentsReused); null without documents. */
  reuseRate: number | null;
  resolved: number;
  resolvedWithElectronicResult: number;
  /** resolvedWithElectronicResult / resolved; null when nothing was resolved. */
  electronicResultRate: number | null;
}

type Counts = Omit<DigitizationRow, 'key' | 'name' | 'digitizationRate' | 'reuseRate' | 'electronicResultRate'>;
const ZERO: Counts = { received: 0, receivedDigitized: 0, documentsDigitized: 0, documentsReused: 0, resolved: 0, resolvedWithElectronicResult: 0 };

const G = StatisticsGrouping;
const VN_DATE = (instant: RawBuilder<unknown>) => sql`(${instant} at time zone 'Asia/Ho_Chi_Minh')::date`;

/**
 * The key and name of a row for a grouping, as SQL over `d` (dossier), `u` (its unit), `p` (its
 * procedure), `f` (its field) and the local date the measure counts on (`day`).
 */
function keyOf(groupBy: StatisticsGrouping, day: RawBuilder<unknown>): { key: RawBuilder<unknown>; name: RawBuilder<unknown> } {
  switch (groupBy) {
    case G.UNIT: return { key: sql`u.code`, name: sql`u.name` };
    case G.FIELD: return { key: sql`f.code`, name: sql`f.name` };
    case G.PROCEDURE: return { key: sql`p.code`, name: sql`p.name` };
    case G.CHANNEL: return { key: sql`d.channel`, name: sql`null::text` };
    case G.DAY: return { key: sql`to_char(${day}, 'YYYY-MM-DD')`, name: sql`null::text` };
    case G.MONTH: return { key: sql`to_char(${day}, 'YYYY-MM')`, name: sql`null::text` };
    default: return { key: sql`'ALL'`, name: sql`null::text` };
  }
}

const JOINS = sql`join administrative_unit u on u.id = d.unit_id join procedure p on p.id = d.procedure_id join field f on f.code = p.field_code`;

/**
 * Read straight from the dossiers and the two digitization tables (not from the statistics
 * aggregates: digitization is not one of their measures). Three grouped reads, each over its own
 * date: dossiers by the local day they were received and resolved, documents by the day they
 * were digitized or reused, all by the dossier's receiving unit (the scope of a province is its
 * own center and communes, as in Query.statistics).
 */
export async function digitizationRows(db: Db, subtree: UnitSubtree, from: LocalDate, to: LocalDate, groupBy: StatisticsGrouping): Promise<DigitizationRow[]> {
  const start = startOfLocalDay(from);
  const end = startOfLocalDay(addDays(to, 1));
  const ids = [...subtree.ids];
  const received = keyOf(groupBy, VN_DATE(sql`d.received_at`));
  const documents = keyOf(groupBy, sql`g.scanned_date`);
  const resolved = keyOf(groupBy, VN_DATE(sql`d.resolved_at`));
  const [receivedRows, documentRows, resolvedRows] = await Promise.all([
    // filed_at <= received_at: the bound on filed_at lets the unit's index narrow the scan.
    sql<{ key: string; name: string | null; a: number; b: number }>`select ${received.key} as key, ${received.name} as name,
        count(*)::int as a, count(*) filter (where exists (select 1 from digitized_document g where g.dossier_id = d.id))::int as b
      from dossier d ${JOINS}
      where d.unit_id = any(${ids}::bigint[]) and d.filed_at < ${end} and d.received_at >= ${start} and d.received_at < ${end}
      group by 1, 2`.execute(db),
    sql<{ key: string; name: string | null; a: number; b: number }>`select ${documents.key} as key, ${documents.name} as name,
        count(*) filter (where g.reused_from_id is null)::int as a, count(*) filter (where g.reused_from_id is not null)::int as b
      from digitized_document g join dossier d on d.id = g.dossier_id ${JOINS}
      where g.unit_code = any(${[...subtree.codes]}::text[]) and g.scanned_date between ${from}::date and ${to}::date
      group by 1, 2`.execute(db),
    sql<{ key: string; name: string | null; a: number; b: number }>`select ${resolved.key} as key, ${resolved.name} as name,
        count(*)::int as a, count(*) filter (where exists (select 1 from electronic_result e where e.dossier_id = d.id))::int as b
      from dossier d ${JOINS}
      where d.unit_id = any(${ids}::bigint[]) and d.filed_at < ${end} and d.resolved_at >= ${start} and d.resolved_at < ${end}
      group by 1, 2`.execute(db),
  ]);
  const counts = new Map<string, { name: string | null; counts: Counts }>();
  const add = (rows: { key: string; name: string | null; a: number; b: number }[], a: keyof Counts, b: keyof Counts) => {
    for (const r of rows) {
      const entry = counts.get(r.key) ?? { name: r.name, counts: { ...ZERO } };
      entry.counts[a] += r.a;
      entry.counts[b] += r.b;
      counts.set(r.key, entry);
    }
  };
  add(receivedRows.rows, 'received', 'receivedDigitized');
  add(documentRows.rows, 'documentsDigitized', 'documentsReused');
  add(resolvedRows.rows, 'resolved', 'resolvedWithElectronicResult');
  const row = (key: string, name: string | null): DigitizationRow => withRates(key, name, counts.get(key)?.counts ?? ZERO);
  const root = subtree.units[0]!;
  switch (groupBy) {
    case G.UNIT:
      return subtree.units.filter((u) => validDuring(u, from, to) || counts.has(u.code)).map((u) => row(u.code, u.name));
    case G.CHANNEL:
      return Object.values(Channel).map((c) => row(c, null));
    case G.DAY:
      return daysOf(from, to).map((d) => row(d, null));
    case G.MONTH:
      return monthsOf(from, to).map((m) => row(m, null));
    case G.FIELD:
    case G.PROCEDURE:
      return [...counts.entries()].map(([key, e]) => row(key, e.name)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    default:
      return [row('ALL', root.name)];
  }
}

function withRates(key: string, name: string | null, c: Counts): DigitizationRow {
  const rate = (n: number, d: number) => (d === 0 ? null : n / d);
  return {
    key, name, ...c,
    digitizationRate: rate(c.receivedDigitized, c.received),
    reuseRate: rate(c.documentsReused, c.documentsDigitized + c.documentsReused),
    electronicResultRate: rate(c.resolvedWithElectronicResult, c.resolved),
  };
}

function validDuring(unit: SubtreeUnit, from: LocalDate, to: LocalDate): boolean {
  return (!unit.validFrom || unit.validFrom <= to) && (!unit.validTo || unit.validTo >= from);
}
