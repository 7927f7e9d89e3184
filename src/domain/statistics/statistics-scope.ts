import { requireCapability, requireUnitInScope } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { DomainError } from '../errors.js';
import type { LocalDate } from '../time/local-time.js';
import type { SubtreeUnit, UnitService, UnitSubtree } from '../unit/unit.service.js';
import { Channel } from '../vocabulary/dossier-enums.js';
import { StatisticsGrouping } from './statistics-grouping.js';
import { validatePeriod } from './statistics-period.js';
import type { AggregateKeyBy, AggregateSubBy } from './statistics-reader.js';

/** A request for figures of a unit over a period, grouped (statistics, service index). */
export interface StatisticsQuery {
  unitCode: string;
  from: LocalDate;
  to: LocalDate;
  groupBy?: StatisticsGrouping | null;
}

const G = StatisticsGrouping;

/** How each grouping reads the aggregates: by which key, and by which sub-period. */
export const GROUPING: Readonly<Record<StatisticsGrouping, { keyBy: AggregateKeyBy; subBy: AggregateSubBy }>> = {
  NONE: { keyBy: 'all', subBy: 'none' },
  UNIT: { keyBy: 'unit', subBy: 'none' },
  FIELD: { keyBy: 'field', subBy: 'none' },
  PROCEDURE: { keyBy: 'procedure', subBy: 'none' },
  CHANNEL: { keyBy: 'channel', subBy: 'none' },
  DAY: { keyBy: 'all', subBy: 'day' },
  MONTH: { keyBy: 'all', subBy: 'month' },
};

/** A checked request: its grouping and the units it covers. */
export interface StatisticsScope {
  groupBy: StatisticsGrouping;
  keyBy: AggregateKeyBy;
  subBy: AggregateSubBy;
  subtree: UnitSubtree;
}

/**
 * The checks every figures request makes, in this order: the capability, the grouping, the
 * period (real dates, in order, at most five years), the unit, and the actor's scope over it.
 */
export async function statisticsScope(unitService: UnitService, actor: Actor | null, query: StatisticsQuery): Promise<StatisticsScope> {
  const who = requireCapability(actor, 'readStatistics');
  const groupBy = query.groupBy ?? G.NONE;
  if (!Object.hasOwn(GROUPING, groupBy)) {
    throw new DomainError('BAD_USER_INPUT', ['groupBy'], { reason: 'INVALID_GROUPING', allowed: Object.keys(GROUPING).join(', ') });
  }
  validatePeriod(query.from, query.to);
  const subtree = await unitService.subtree(query.unitCode);
  if (!subtree) throw new DomainError('NOT_FOUND', ['unitCode'], { code: query.unitCode });
  requireUnitInScope(who, subtree.unit, ['unitCode']);
  return { groupBy, ...GROUPING[groupBy], subtree };
}

/**
 * Which keys get a row when rows are by key over one period: UNIT every unit of the scope valid
 * during the period plus any other with figures; CHANNEL all three; NONE one row "ALL" named after
 * the unit; FIELD and PROCEDURE those with figures. `figures` holds what the aggregates gave.
 */
export function rowsByKey<F>(
  groupBy: StatisticsGrouping,
  figures: ReadonlyMap<string, { name: string | null; figures: F }>,
  units: readonly SubtreeUnit[],
  query: StatisticsQuery,
  none: F,
  isEmpty: (f: F) => boolean,
): Array<{ key: string; name: string | null } & F> {
  const row = (key: string, name: string | null) => ({ key, name, ...(figures.get(key)?.figures ?? none) });
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

export const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
