import type { MikroORM } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { LocalDate } from '../time/local-time.js';
import type { UnitService } from '../unit/unit.service.js';
import { zeroCounts, type AggregateCounts } from './aggregate-counts.js';
import { figuresByKey, figuresBySubPeriod, figuresOf, isEmpty, type StatisticsFigures } from './statistics-figures.js';
import type { StatisticsGrouping } from './statistics-grouping.js';
import { aggregateRanges, daysOf, monthsOf } from './statistics-period.js';
import { AggregateReader, STATISTICS_SCHEMA, type AggregateSum } from './statistics-reader.js';
import { byKey, rowsByKey, statisticsScope, type StatisticsQuery, type StatisticsScope } from './statistics-scope.js';

export type { StatisticsQuery } from './statistics-scope.js';

export interface StatisticsRow extends StatisticsFigures {
  /** Unit code, field code, procedure code, channel, `YYYY-MM-DD`, `YYYY-MM`; "ALL" for NONE. */
  key: string;
  /** Name of the unit, field or procedure; for NONE the unit's name; null for channels and dates. */
  name: string | null;
}

export interface StatisticsReport {
  unit: { code: string; name: string };
  from: LocalDate;
  to: LocalDate;
  groupBy: StatisticsGrouping;
  /** Sorted by key. */
  rows: StatisticsRow[];
}

const NO_FIGURES: StatisticsFigures = figuresOf(0, zeroCounts(), 0);

/**
 * The figures centers publish (DOMAIN.md, "Statistics") for a commune or a province (its own
 * center and all its communes), any period of at most five years, grouped as the contract says.
 * Read from the aggregates (statistics-store.ts), never from the dossiers themselves.
 *
 * Rows by unit, field, procedure and channel share the period, so their counts add up to the NONE
 * row. Rows by day or month are consecutive sub-periods of [from, to] (the first and last month
 * cut to the period), each with its own figures: carriedOver is what was unfinished when that day
 * or month began and inProgress what was unfinished when it ended (so one row's inProgress is the
 * next row's carriedOver; flows add up to the NONE row, stocks do not: the NONE row carries over
 * what the first row carries over and leaves in progress what the last row leaves).
 * UNIT lists every unit of the scope valid during the period, plus any other with figures; FIELD
 * and PROCEDURE list those with figures; CHANNEL all three; DAY and MONTH every day or month.
 */
export class StatisticsService {
  private readonly reader: AggregateReader<keyof AggregateCounts>;

  constructor(
    orm: MikroORM,
    private readonly unitService: UnitService,
  ) {
    this.reader = new AggregateReader(orm, STATISTICS_SCHEMA);
  }

  async report(actor: Actor | null, query: StatisticsQuery): Promise<StatisticsReport> {
    return this.reportIn(await statisticsScope(this.unitService, actor, query), query);
  }

  /** The report of a request whose scope was checked already (statisticsScope), e.g. by the service index. */
  async reportIn(scope: StatisticsScope, query: StatisticsQuery): Promise<StatisticsReport> {
    const { groupBy, keyBy, subBy, subtree } = scope;
    const { units } = subtree;
    const root = units[0]!;
    const sums = await this.reader.sums({
      unitIds: subtree.ids,
      ranges: aggregateRanges(query.from, query.to, subBy === 'day'),
      keyBy,
      subBy,
    });
    const rows = subBy === 'none'
      ? rowsByKey(groupBy, figuresByKey(sums), units, query, NO_FIGURES, isEmpty)
      : rowsBySubPeriod(subBy, sums, query);
    return { unit: { code: root.code, name: root.name }, from: query.from, to: query.to, groupBy, rows: rows.sort(byKey) };
  }
}

/** Days or months of the period, each with its own figures. */
function rowsBySubPeriod(subBy: 'day' | 'month', sums: readonly AggregateSum[], query: StatisticsQuery): StatisticsRow[] {
  const subs = subBy === 'day' ? daysOf(query.from, query.to) : monthsOf(query.from, query.to);
  const figures = figuresBySubPeriod(sums, subs);
  return subs.map((key, i) => ({ key, name: null, ...figures[i]! }));
}
