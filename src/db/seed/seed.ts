import { inputProcessingTime } from '../../domain/procedure/procedure.service.js';
import { Role, type Actor } from '../../domain/access/actor.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import { DEMO_OPENING_HOURS, DEMO_PROCEDURES, DEMO_PROVINCE_CODE, DEMO_ROUTES, DEMO_UNIT_OFFICERS, DEMO_UNITS } from './demo-catalog.js';
import { generateDemoDossiers } from './demo-dossiers.js';
import { isCenterOwn } from '../../domain/unit/unit-kind.js';

const SEED_ACTOR: Actor = { sub: 'seed', role: Role.SYSTEM_ADMIN, unitCode: null };
export const DEMO_DOSSIER_COUNT = 600;

/**
 * Seeds the demo province, its catalogue and ~600 dossiers of the last 90 days, once: a database
 * that already has the demo procedures is left alone. (Not the demo province: the real units,
 * province 51 among them, are applied at start before the seed runs.)
 */
export async function seedDemoData(services: Services, logger: Logger): Promise<boolean> {
  if (await services.procedures.byCode(DEMO_PROCEDURES[0]!.code)) return false;
  const started = Date.now();
  await services.units.upsert(SEED_ACTOR, DEMO_UNITS);
  await services.procedures.upsert(SEED_ACTOR, DEMO_PROCEDURES);
  for (const r of DEMO_ROUTES) await services.routes.setRoute(SEED_ACTOR, r.provinceCode, r.procedureCode, r.steps);
  for (const o of DEMO_UNIT_OFFICERS) await services.routes.setOfficers(SEED_ACTOR, o.unitCode, o.subs);
  // The demo province's centers keep the southern-central hours and open on Saturday mornings to
  // receive (the commune centers inherit the province's hours).
  await services.calendar.setOpeningHours(SEED_ACTOR, DEMO_PROVINCE_CODE, DEMO_OPENING_HOURS);
  const calendar = await services.calendar.workingCalendar(services.orm.em.fork());
  const dossiers = generateDemoDossiers({
    now: services.clock.now(),
    count: DEMO_DOSSIER_COUNT,
    seed: 20250701,
    // The province's center and its communes; the demo department shows the catalogue, not traffic.
    unitCodes: DEMO_UNITS.filter((u) => (u.code === DEMO_PROVINCE_CODE || u.parentCode === DEMO_PROVINCE_CODE) && !isCenterOwn(u.kind)).map((u) => u.code),
    procedures: DEMO_PROCEDURES.map((p) => ({ ...p, processingTime: inputProcessingTime(p)!, feeVnd: p.feeVnd ?? 0 })),
    calendar,
  });
  const result = await services.imports.import(SEED_ACTOR, dossiers);
  if (result.failures.length > 0) {
    logger.warn({ failures: result.failures.slice(0, 5).map((f) => ({ index: f.index, codes: f.errors.map((e) => e.code) })) }, 'some demo dossiers were not imported');
  }
  logger.info({ dossiers: result.imported, ms: Date.now() - started }, 'demo data seeded');
  return true;
}
