import type { MikroORM } from '@mikro-orm/postgresql';
import { requireCapability, requireUnitInScope } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { Channel } from '../vocabulary/dossier-enums.js';
import { DomainError } from '../errors.js';
import type { LocalDate } from '../time/local-time.js';
import type { SubtreeUnit, UnitService } from '../unit/unit.service.js';
import { zeroCounts } from './aggregate-counts.js';
import { figuresByKey, figuresBySubPeriod, figuresOf, isEmpty, type StatisticsFigures } from './statistics-figures.js';
import { StatisticsGrouping } from './statistics-grouping.js';
import { aggregateRanges, daysOf, monthsOf, validatePeriod } from './statistics-period.js';
import { StatisticsReader, type AggregateKeyBy, type AggregateSubBy, type AggregateSum } from './statistics-reader.js';

export interface StatisticsQuery {
  unitCode: string;
  from: LocalDate;
  to: LocalDate;
  groupBy?: StatisticsGrouping | null;
}

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

const G = StatisticsGrouping;
const GROUPING: Readonly<Record<StatisticsGrouping, { keyBy: AggregateKeyBy; subBy: AggregateSubBy }>> = {
  NONE: { keyBy: 'all', subBy: 'none' },
  UNIT: { keyBy: 'unit', subBy: 'none' },
  FIELD: { keyBy: 'field', subBy: 'none' },
  PROCEDURE: { keyBy: 'procedure', subBy: 'none' },
  CHANNEL: { keyBy: 'channel', subBy: 'none' },
  DAY: { keyBy: 'all', subBy: 'day' },
  MONTH: { keyBy: 'all', subBy: 'month' },
};

const NO_FIGURES: StatisticsFigures = figuresOf(0, zeroCounts(), 0);

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

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
  private readonly reader: StatisticsReader;

  constructor(
    orm: MikroORM,
    private readonly unitService: UnitService,
  ) {
    this.reader = new StatisticsReader(orm);
  }

  async report(actor: Actor | null, query: StatisticsQuery): Promise<StatisticsReport> {
    const who = requireCapability(actor, 'readStatistics');
    const groupBy = query.groupBy ?? G.NONE;
    if (!Object.hasOwn(GROUPING, groupBy)) {
      throw new DomainError('BAD_USER_INPUT', ['groupBy'], { reason: 'INVALID_GROUPING', allowed: Object.keys(GROUPING).join(', ') });
    }
    validatePeriod(query.from, query.to);
    const subtree = await this.unitService.subtree(query.unitCode);
    if (!subtree) throw new DomainError('NOT_FOUND', ['unitCode'], { code: query.unitCode });
    requireUnitInScope(who, subtree.unit, ['unitCode']);
    const { units } = subtree;
    const root = units[0]!;

    const { keyBy, subBy } = GROUPING[groupBy];
    const sums = await this.reader.sums({
      unitIds: subtree.ids,
      ranges: aggregateRanges(query.from, query.to, subBy === 'day'),
      keyBy,
      subBy,
    });
    const rows = subBy === 'none' ? rowsByKey(groupBy, sums, units, query) : rowsBySubPeriod(subBy, sums, query);
    return { unit: { code: root.code, name: root.name }, from: query.from, to: query.to, groupBy, rows: rows.sort(byKey) };
  }
}

/** Days or months of the period, each with its own figures. */
function rowsBySubPeriod(subBy: 'day' | 'month', sums: readonly AggregateSum[], query: StatisticsQuery): StatisticsRow[] {
  const subs = subBy === 'day' ? daysOf(query.from, query.to) : monthsOf(query.from, query.to);
  const figures = figuresBySubPeriod(sums, subs);
  return subs.map((key, i) => ({ key, name: null, ...figures[i]! }));
}

/** One row per key, all over the same period; which keys get a row is the grouping's choice. */
function rowsByKey(groupBy: StatisticsGrouping, sums: readonly AggregateSum[], units: readonly SubtreeUnit[], query: StatisticsQuery): StatisticsRow[] {
  const figures = figuresByKey(sums);
  const row = (key: string, name: string | null): StatisticsRow => ({ key, name, ...(figures.get(key)?.figures ?? NO_FIGURES) });
  const hasFigures = (key: string) => figures.has(key) && !isEmpty(figures.get(key)!.figures);
  switch (groupBy) {
    case G.NONE:
      return [row('ALL', units[0]!.name)];
    case G.UNIT:
      return units.filter((u) => validDuring(u, query.from, query.to) || hasFigures(u.code)).map((u) => row(u.code, u.name));
    case G.CHANNEL:
      return Object.values(Channel).map((c) => row(c, null));
    default:
      return [...figures.entries()].filter(([key]) => hasFigures(key)).map(([key, f]) => row(key, f.name));
  }
}

function validDuring(unit: SubtreeUnit, from: LocalDate, to: LocalDate): boolean {
  return (!unit.validFrom || unit.validFrom <= to) && (!unit.validTo || unit.validTo >= from);
}
