import type { MikroORM } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { zeroCounts } from '../statistics/aggregate-counts.js';
import { figuresOf } from '../statistics/statistics-figures.js';
import type { StatisticsGrouping } from '../statistics/statistics-grouping.js';
import { aggregateRanges } from '../statistics/statistics-period.js';
import type { AggregateSum } from '../statistics/statistics-reader.js';
import { byKey, statisticsScope, type StatisticsQuery } from '../statistics/statistics-scope.js';
import type { StatisticsService } from '../statistics/statistics.service.js';
import type { LocalDate } from '../time/local-time.js';
import type { UnitService } from '../unit/unit.service.js';
import { addServiceCounts, SERVICE_INDEX_COLUMNS, zeroServiceCounts, type ServiceIndexCounts } from './service-index-counts.js';
import { serviceIndexFiguresOf, type CatalogueFigures, type ServiceIndexFigures } from './service-index-figures.js';
import { ServiceIndexReader, type OfferedCounts } from './service-index-reader.js';

export interface ServiceIndexRow extends ServiceIndexFigures {
  /** As in statistics: unit, field or procedure code, channel, `YYYY-MM-DD`, `YYYY-MM`; "ALL" for NONE. */
  key: string;
  name: string | null;
}

export interface ServiceIndexReport {
  unit: { code: string; name: string };
  from: LocalDate;
  to: LocalDate;
  groupBy: StatisticsGrouping;
  /** Sorted by key. */
  rows: ServiceIndexRow[];
}

const NO_STATISTICS = figuresOf(0, zeroCounts(), 0);

/**
 * The indicators of Decision 766/QĐ-TTg that the data allows (docs/statistics.md, "Service index"),
 * for the same units, periods and groupings as `statistics`, with the same checks and the same
 * rows: the statistics row of each key, completed by the service index's counters over the
 * period's days (resolution times, lateness reasons, apologies, payments, ratings) and by the
 * catalogue (procedures offered online, and used online in the period). All figures are flows
 * of the period or of the sub-period of the row (a day, a month), so they add up across rows by
 * unit, field, procedure, channel and sub-period (averages and rates excepted).
 */
export class ServiceIndexService {
  private readonly reader: ServiceIndexReader;

  constructor(
    orm: MikroORM,
    private readonly unitService: UnitService,
    private readonly statistics: StatisticsService,
  ) {
    this.reader = new ServiceIndexReader(orm);
  }

  async report(actor: Actor | null, query: StatisticsQuery): Promise<ServiceIndexReport> {
    const scope = await statisticsScope(this.unitService, actor, query);
    const { keyBy, subBy, subtree } = scope;
    const request = {
      unitIds: subtree.ids,
      ranges: aggregateRanges(query.from, query.to, subBy === 'day').filter((r) => r.part === 'in'),
      keyBy,
      subBy,
    };
    const [statistics, sums, used, offered] = await Promise.all([
      this.statistics.reportIn(scope, query),
      this.reader.sums(request),
      // Per day, counting distinct procedures would read every per-procedure day row of the period
      // (a second for a province-year); rows by day leave it out (null), rows by month have it.
      subBy === 'day' ? null : this.reader.usedOnline(request),
      keyBy === 'channel' ? null : this.reader.offered(subtree.ids, keyBy),
    ]);
    const keyOf = (s: AggregateSum<unknown>) => (subBy === 'none' ? s.key : s.sub);
    const counts = new Map<string, { name: string | null; counts: ServiceIndexCounts }>();
    for (const s of sums) {
      const entry = counts.get(keyOf(s)) ?? { name: s.name, counts: zeroServiceCounts() };
      counts.set(keyOf(s), { ...entry, counts: addServiceCounts(entry.counts, s.counts) });
    }
    const usedOnline = new Map<string, number>();
    for (const u of used ?? []) usedOnline.set(keyOf(u), (usedOnline.get(keyOf(u)) ?? 0) + u.counts.usedOnline);
    const catalogueOf = (key: string): CatalogueFigures | null => {
      if (!offered) return null;
      const o: OfferedCounts = offered.get(subBy === 'none' ? key : 'ALL') ?? { offered: 0, online: 0, full: 0 };
      return { proceduresOffered: o.offered, proceduresOfferedOnline: o.online, proceduresOfferedFull: o.full, proceduresUsedOnline: used ? usedOnline.get(key) ?? 0 : null };
    };

    const rows: ServiceIndexRow[] = statistics.rows.map((row) => ({
      key: row.key,
      name: row.name,
      ...serviceIndexFiguresOf(row, counts.get(row.key)?.counts, catalogueOf(row.key)),
    }));
    // A key with counters but no statistics row (a rating of a dossier resolved in an earlier period).
    const listed = new Set(rows.map((r) => r.key));
    for (const [key, entry] of counts) {
      if (listed.has(key) || SERVICE_INDEX_COLUMNS.every((c) => entry.counts[c] === 0)) continue;
      rows.push({ key, name: entry.name, ...serviceIndexFiguresOf(NO_STATISTICS, entry.counts, catalogueOf(key)) });
    }
    return { ...statistics, rows: rows.sort(byKey) };
  }
}
