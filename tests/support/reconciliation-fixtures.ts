import { Role, type Actor } from '../../src/domain/access/actor.js';
import { Channel, DossierAction } from '../../src/domain/vocabulary/dossier-enums.js';
import { RouteRole } from '../../src/domain/routing/route-role.js';
import { startSimulators, type RunningSimulators } from '../../simulators/index.js';
import type { TestClock } from './clock.js';
import { simulatorEnv } from './connector-env.js';
import { startTestApp, type TestApp } from './test-app.js';

/** The EMC site id of the demo province in these tests. */
export const SITE_ID = 'SITE-51';

/**
 * The whole server with its connectors pointed at in-process simulators, workers running, and
 * short delays so that deliveries, retries and follow-ups happen within a test.
 */
export async function startAppWithSimulators(clock: TestClock, env: Record<string, string> = {}): Promise<{ t: TestApp; sims: RunningSimulators }> {
  const sims = await startSimulators({
    settings: {
      emc: { seed: 'reconciliation' },
      'civil-status': { seed: 'reconciliation', decideAfterMs: 3_600_000, rejectionRate: 0 },
      'agency-system': { seed: 'reconciliation' },
    },
    env: {},
  });
  const t = await startTestApp({
    clock,
    catalog: true,
    workers: true,
    env: simulatorEnv(sims, {
      CONNECTOR_EMC_SITE_ID: SITE_ID,
      CONNECTOR_EMC_RETRIES: '0',
      CONNECTOR_CIVIL_STATUS_RETRIES: '0',
      CONNECTOR_AGENCY_SYSTEM_RETRIES: '0',
      CONNECTOR_VNEID_ENABLED: '0',
      CONNECTOR_BUSINESS_REGISTRATION_ENABLED: '0',
      CONNECTOR_NOTIFY_ENABLED: '0',
      // The result poll would re-deliver what civil status dropped on its own: tests reconcile first.
      SYNC_RESULT_POLL_CRON: '0 0 1 1 *',
      RECONCILE_FOLLOW_UP_DELAY_SECONDS: '1',
      RECONCILE_ENABLED: '0',
      ...env,
    }),
  });
  return { t, sims };
}

const officerOf = (unitCode: string): Actor => ({ sub: `officer-${unitCode}`, role: Role.OFFICER, unitCode });

let citizenSeq = 0;
function nextCitizenId(): string {
  citizenSeq += 1;
  return `0512030${String(citizenSeq).padStart(5, '0')}`;
}

/** What one dossier goes through after intake. */
export type Path = 'RECEIVED' | 'PROCESSING' | 'PROCESSING_TWICE';

/**
 * Receives one dossier at the clock's time through the domain services (as the portal and the
 * counter do): ONLINE is filed by the citizen and accepted by an officer; then the path.
 */
export async function receiveDossier(t: TestApp, input: { unitCode: string; procedureCode: string; channel: Channel; path?: Path }): Promise<string> {
  const { services } = t.app;
  const officer = officerOf(input.unitCode);
  const citizenId = nextCitizenId();
  const online = input.channel === Channel.ONLINE;
  const citizen: Actor = { sub: citizenId, role: Role.CITIZEN, unitCode: null };
  const id = await services.intake.receive(online ? citizen : officer, {
    procedureCode: input.procedureCode,
    unitCode: input.unitCode,
    channel: input.channel,
    applicant: { fullName: 'Trần Thị Bình', citizenId, phone: '0912345678' },
  });
  const act = (action: DossierAction) => services.actions.act(officer, { dossierId: id, action });
  if (online) await act(DossierAction.ACCEPT);
  if (input.path === 'PROCESSING' || input.path === 'PROCESSING_TWICE') await act(DossierAction.START_PROCESSING);
  if (input.path === 'PROCESSING_TWICE') {
    await act(DossierAction.REQUEST_SUPPLEMENT);
    await act(DossierAction.SUBMIT_SUPPLEMENT);
  }
  const [row] = await t.sql<{ code: string }>('select code from dossier where id = $1', [id]);
  return row!.code;
}

/** Every delivery of the connector has finished (SUCCEEDED or DEAD): nothing left on its way. */
export async function deliveriesSettled(t: TestApp, connector: string): Promise<boolean> {
  const [row] = await t.sql<{ n: string }>(
    `select count(*) as n from sync_record where connector = $1 and superseded_at is null and state in ('PENDING', 'RUNNING', 'RETRYING')`,
    [connector],
  );
  return Number(row!.n) === 0;
}

/** The demo agency that works in its own system (docs/routing.md), and a procedure routed to it. */
export const AGENCY_UNIT = '51.SNNMT';
export const ROUTED_PROCEDURE = '1.012756';

/**
 * Routes ROUTED_PROCEDURE in province 51 through AGENCY_UNIT and gives that unit the
 * agency-system connector, so that a TRANSFER to it is a hand-over to the agency's system.
 */
export async function routeToAgencySystem(t: TestApp): Promise<void> {
  const admin: Actor = { sub: 'admin-51', role: Role.PROVINCE_ADMIN, unitCode: '51' };
  await t.app.services.routes.setRoute(admin, '51', ROUTED_PROCEDURE, [
    { role: RouteRole.RECEIVE, days: 1 },
    { role: RouteRole.PROCESS, unitCode: AGENCY_UNIT, days: 15 },
    { role: RouteRole.RETURN, days: 1 },
  ]);
  await t.app.services.routes.setUnitConnector(admin, AGENCY_UNIT, 'agency-system');
}

/** Transfers a dossier from the unit that received it to `toUnitCode`, at the clock's time, as its officer. */
export async function transferDossier(t: TestApp, code: string, toUnitCode = AGENCY_UNIT): Promise<void> {
  const [row] = await t.sql<{ id: number; unit_code: string }>(
    'select d.id, u.code as unit_code from dossier d join administrative_unit u on u.id = d.unit_id where d.code = $1', [code]);
  await t.app.services.routing.act(officerOf(row!.unit_code), { dossierId: Number(row!.id), action: DossierAction.TRANSFER, toUnitCode });
}
