import { signPaymentBody } from '../../src/connectors/payment/payment-signature.js';
import { Role } from '../../src/domain/access/actor.js';
import { SERVICE_INDEX_TABLE_NAMES } from '../../src/domain/service-index/service-index-store.js';
import { rebuildStatistics } from '../../src/domain/statistics/statistics-rebuild.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The service index of Decision 766 end to end: resolutions with their times and lateness
 * reasons, apologies, fees paid online and in cash, ratings, and the catalogue offered and used
 * online, counted in the transaction of each change, grouped like the statistics, equal to a
 * rebuild from the dossier tables, and exact for a backdated import.
 */
const SECRET = 'payment-secret-for-tests-0123456789';
const COPY = '2.000815'; // Chứng thực bản sao: same day, 2,000 VND
const RESIDENCE = '1.004222'; // Đăng ký thường trú: 7 working days, free, FULL online
const COMMUNE = '21025';
const CITIZEN_ID = '051203012345';

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status } userErrors { code field } } }`;
const RATE = `mutation($input: RateDossierInput!) { rateDossier(input: $input) { userErrors { code } } }`;
const PAYMENT = `query($code: String!) { dossier(code: $code) { paymentRequest { reference } } }`;
const IMPORT = `mutation($input: [ImportDossierInput!]!) { importDossiers(input: $input) { imported errors { index userErrors { code field } } } }`;
const INDEX = `query($unitCode: String!, $from: Date!, $to: Date!, $groupBy: StatisticsGrouping) {
  serviceIndex(unitCode: $unitCode, from: $from, to: $to, groupBy: $groupBy) {
    key label received receivedOnline onlineRate resolved resolvedLate onTimeRate progressScore
    averageResolutionDays averageResolutionWorkingDays resolutionsTimed lateReasons { reason count } apologies
    paymentsOnline paymentsOnlineAmount paymentsCash paymentsCashAmount onlinePaymentRate
    ratings averageStars satisfiedRate
    receivedDigitized documentsDigitized documentsReused resolvedWithElectronicResult electronicResultRate
    proceduresOffered proceduresOfferedOnline proceduresOfferedFull proceduresUsedOnline onlineOfferRate onlineUseRate
  }
}`;

let t: TestApp;
let officer: string;
let leader: string;
let citizen: string;
let statistician: string;
const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday

beforeAll(async () => {
  t = await startTestApp({
    catalog: true,
    clock,
    env: { CONNECTOR_PAYMENT_SECRET: SECRET, CONNECTOR_PAYMENT_ACCOUNT_51: '970415|113366668888|TRUNG TAM PHUC VU HANH CHINH CONG' },
  });
  officer = await t.token(Role.OFFICER, COMMUNE, 'officer-1');
  leader = await t.token(Role.LEADER, COMMUNE, 'leader-1'); // the apology is the leader's
  citizen = await t.token(Role.CITIZEN, null, CITIZEN_ID);
  statistician = await t.token(Role.STATISTICIAN, '51', 'statistician-51');
});
afterAll(async () => {
  await t?.stop();
});

async function receive(procedureCode: string): Promise<{ id: string; code: string }> {
  const { receiveDossier } = dataOf(await t.gql(RECEIVE, {
    input: { unitCode: COMMUNE, channel: 'IN_PERSON', procedureCode, applicant: { fullName: 'Phạm Thị Hoa', citizenId: CITIZEN_ID } },
  }, { token: officer }));
  expect(receiveDossier.userErrors).toEqual([]);
  return receiveDossier.dossier;
}
async function act(dossierId: string, action: string, extra: Record<string, unknown> = {}) {
  const token = action === 'EXTEND_DEADLINE' ? leader : officer;
  const { actOnDossier } = dataOf(await t.gql(ACT, { input: { dossierId, action, ...extra } }, { token }));
  return actOnDossier;
}
async function payOnline(code: string) {
  const { reference } = dataOf(await t.gql(PAYMENT, { code }, { token: officer })).dossier.paymentRequest;
  const body = JSON.stringify({ transactionId: `FT-${code}`, reference, amount: 2000, currency: 'VND', paidAt: clock.now().toISOString() });
  const response = await fetch(`${t.url}/connectors/payment/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-payment-signature': signPaymentBody(SECRET, body) },
    body,
  });
  expect(response.status).toBe(200);
}
async function index(args: { unitCode: string; from: string; to: string; groupBy?: string }, token = statistician) {
  return dataOf(await t.gql<{ serviceIndex: Record<string, any>[] }>(INDEX, args, { token })).serviceIndex;
}
const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const snapshot = async () => (await t.sql<{ line: string }>(SERVICE_INDEX_TABLE_NAMES
  .map((table) => `select '${table} ' || (to_jsonb(s))::text as line from ${table} s`).join(' union all ') + ' order by line')).map((r) => r.line);

describe('serviceIndex', () => {
  test('an officer records why a dossier is late only on the apology or the resolution', async () => {
    const d = await receive(RESIDENCE);
    const events = async () => (await t.sql<{ n: number }>('select count(*)::int as n from dossier_event'))[0]!.n;
    const before = await events();
    const refused = await act(d.id, 'START_PROCESSING', { delayReason: 'WORKLOAD' });
    expect(refused.userErrors).toEqual([{ code: 'DELAY_REASON_NOT_ALLOWED', field: ['input', 'delayReason'] }]);
    expect(await events()).toBe(before);
    expect((await act(d.id, 'WITHDRAW')).userErrors).toEqual([]);
  });

  test('resolution times, lateness reasons, apologies, payments online and in cash, and ratings, for a commune and its province', async () => {
    // Two same-day certifications paid on 2 March, one online and one in cash, resolved that day and rated 5 and 2.
    const paidOnline = await receive(COPY);
    const paidCash = await receive(COPY);
    for (const d of [paidOnline, paidCash]) {
      await act(d.id, 'START_PROCESSING');
      await act(d.id, 'REQUEST_PAYMENT');
    }
    await payOnline(paidOnline.code);
    expect((await act(paidCash.id, 'CONFIRM_PAYMENT')).userErrors).toEqual([]);
    for (const [d, stars] of [[paidOnline, 5], [paidCash, 2]] as const) {
      expect((await act(d.id, 'RESOLVE', { outcome: 'APPROVED' })).userErrors).toEqual([]);
      expect(dataOf(await t.gql(RATE, { input: { dossierId: d.id, stars } }, { token: citizen })).rateDossier.userErrors).toEqual([]);
    }
    // Two residence registrations due 11 March, resolved late on Friday 13 March: one with an apology giving its reason.
    const apologised = await receive(RESIDENCE);
    const silent = await receive(RESIDENCE);
    expect((await act(apologised.id, 'EXTEND_DEADLINE', { newDueDate: '2026-03-13', delayReason: 'AWAITING_OTHER_AGENCY', note: 'Chờ xác minh của công an' })).userErrors).toEqual([]);
    clock.set('2026-03-13T10:00:00+07:00');
    for (const d of [apologised, silent]) expect((await act(d.id, 'RESOLVE', { outcome: 'APPROVED' })).userErrors).toEqual([]);
    const recorded = `query($code: String!) { dossier(code: $code) { timeliness delayReason resolutionWorkingDays } }`;
    expect(dataOf(await t.gql(recorded, { code: apologised.code }, { token: officer })).dossier)
      .toEqual({ timeliness: 'LATE', delayReason: 'AWAITING_OTHER_AGENCY', resolutionWorkingDays: 10 });
    expect(dataOf(await t.gql(recorded, { code: silent.code }, { token: officer })).dossier)
      .toEqual({ timeliness: 'LATE', delayReason: null, resolutionWorkingDays: 10 });

    const [offered] = await t.sql<{ all: number; online: number; full: number }>(`select count(*)::int as all,
      count(*) filter (where online_level <> 'NONE')::int as online, count(*) filter (where online_level = 'FULL')::int as full
      from procedure where level = 'COMMUNE'`);
    const expected = {
      key: 'ALL',
      received: 5, // and the withdrawn one of the first test
      resolved: 4,
      resolvedLate: 2,
      onTimeRate: 0.5,
      // (0 + 0 + 11 + 11) calendar days; (1 + 1 + 10 + 10) working days from the start day to the resolution day.
      averageResolutionDays: 5.5,
      averageResolutionWorkingDays: 5.5,
      resolutionsTimed: 4,
      lateReasons: [{ reason: 'AWAITING_OTHER_AGENCY', count: 1 }, { reason: null, count: 1 }],
      apologies: 1,
      paymentsOnline: 1,
      paymentsOnlineAmount: 2000,
      paymentsCash: 1,
      paymentsCashAmount: 2000,
      onlinePaymentRate: 0.5,
      ratings: 2,
      averageStars: 3.5,
      satisfiedRate: 0.5,
      // Every RESOLVE issued its electronic result; nothing was digitized here (tests/e2e/digitization).
      resolvedWithElectronicResult: 4,
      electronicResultRate: 1,
      receivedDigitized: 0,
      documentsDigitized: 0,
      proceduresOffered: offered!.all,
      proceduresOfferedOnline: offered!.online,
      proceduresOfferedFull: offered!.full,
      proceduresUsedOnline: 0,
      onlineOfferRate: offered!.online / offered!.all,
      onlineUseRate: 0,
    };
    expect(await index({ unitCode: COMMUNE, ...MARCH })).toEqual([expect.objectContaining(expected)]);

    // The province: the commune's figures (no other unit has any), over the catalogue of both levels;
    // its UNIT row of the commune is the commune's own.
    const [all] = await t.sql<{ all: number; online: number; full: number }>(`select count(*)::int as all,
      count(*) filter (where online_level <> 'NONE')::int as online, count(*) filter (where online_level = 'FULL')::int as full from procedure`);
    expect(await index({ unitCode: '51', ...MARCH })).toEqual([expect.objectContaining({
      ...expected,
      proceduresOffered: all!.all,
      proceduresOfferedOnline: all!.online,
      proceduresOfferedFull: all!.full,
      onlineOfferRate: all!.online / all!.all,
    })]);
    const byUnit = await index({ unitCode: '51', ...MARCH, groupBy: 'UNIT' });
    expect(byUnit.find((r) => r.key === COMMUNE)).toMatchObject({ ...expected, key: COMMUNE });
    expect(byUnit.find((r) => r.key === '51')).toMatchObject({ resolved: 0, ratings: 0, paymentsOnline: 0, averageResolutionDays: null });
  });

  test('rows by procedure, channel, day and month split the same counters', async () => {
    const byProcedure = await index({ unitCode: COMMUNE, ...MARCH, groupBy: 'PROCEDURE' });
    expect(byProcedure.map((r) => r.key)).toEqual([RESIDENCE, COPY].sort());
    expect(byProcedure.find((r) => r.key === COPY)).toMatchObject({
      paymentsOnline: 1, paymentsCash: 1, ratings: 2, lateReasons: [], averageResolutionDays: 0, averageResolutionWorkingDays: 1,
      proceduresOffered: 1, proceduresOfferedOnline: 0, onlineUseRate: null,
    });
    expect(byProcedure.find((r) => r.key === RESIDENCE)).toMatchObject({
      apologies: 1, resolvedLate: 2, averageResolutionDays: 11, averageResolutionWorkingDays: 10, proceduresOfferedFull: 1, proceduresUsedOnline: 0,
    });

    const byChannel = await index({ unitCode: COMMUNE, ...MARCH, groupBy: 'CHANNEL' });
    expect(byChannel.map((r) => r.key)).toEqual(['IN_PERSON', 'ONLINE', 'POSTAL']);
    expect(byChannel[0]).toMatchObject({ label: 'Trực tiếp', ratings: 2, apologies: 1, proceduresOffered: null, onlineOfferRate: null });
    expect(byChannel[1]).toMatchObject({ ratings: 0, paymentsOnline: 0 });

    const byDay = await index({ unitCode: COMMUNE, ...MARCH, groupBy: 'DAY' });
    expect(byDay).toHaveLength(31);
    expect(byDay.find((r) => r.key === '2026-03-02')).toMatchObject({ paymentsOnline: 1, paymentsCash: 1, ratings: 2, apologies: 1, resolved: 2, proceduresUsedOnline: null, onlineUseRate: null });
    expect(byDay.find((r) => r.key === '2026-03-13')).toMatchObject({ resolvedLate: 2, averageResolutionWorkingDays: 10, ratings: 0 });

    const byMonth = await index({ unitCode: COMMUNE, from: '2026-02-01', to: '2026-03-31', groupBy: 'MONTH' });
    expect(byMonth.map((r) => [r.key, r.resolved, r.ratings, r.apologies])).toEqual([['2026-02', 0, 0, 0], ['2026-03', 4, 2, 1]]);
  });

  test('a backdated import counts on its past days, and the counters equal a rebuild from the dossier tables', async () => {
    const integrator = await t.token(Role.INTEGRATOR, '51');
    const input = [{
      code: 'LEGACY-SI-2025-0001',
      procedureCode: RESIDENCE,
      unitCode: COMMUNE,
      channel: 'IN_PERSON',
      applicant: { fullName: 'Nguyễn Văn An', citizenId: '051185004321' },
      receivedAt: '2025-11-03T09:00:00+07:00', // Monday: due on the 7th working day after, 12 November
      history: [
        { action: 'START_PROCESSING', at: '2025-11-03T10:00:00+07:00' },
        { action: 'EXTEND_DEADLINE', at: '2025-11-10T09:00:00+07:00', newDueDate: '2025-11-20', delayReason: 'WORKLOAD' },
        { action: 'RESOLVE', at: '2025-11-17T10:00:00+07:00', outcome: 'APPROVED' },
      ],
    }];
    expect(dataOf(await t.gql(IMPORT, { input }, { token: integrator })).importDossiers).toEqual({ imported: 1, errors: [] });
    const [november] = await index({ unitCode: COMMUNE, from: '2025-11-01', to: '2025-11-30' });
    expect(november).toMatchObject({
      resolved: 1, resolvedLate: 1, apologies: 1, lateReasons: [{ reason: 'WORKLOAD', count: 1 }],
      averageResolutionDays: 14, averageResolutionWorkingDays: 11, // 3-7, 10-14 and 17 November
    });
    // March is unchanged by it.
    expect((await index({ unitCode: COMMUNE, ...MARCH }))[0]).toMatchObject({ resolved: 4, apologies: 1 });

    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(0);
    await rebuildStatistics(t.app.orm);
    expect(await snapshot()).toEqual(incremental);
  });

  test('access and periods are checked as for statistics', async () => {
    const errorOf = async (token: string | undefined, args: Record<string, string>) => {
      const result = await t.gql(INDEX, args, { token });
      expect(result.status).toBeLessThan(500);
      expect(result.body.data?.serviceIndex ?? null).toBeNull();
      return result.body.errors![0]!.extensions!;
    };
    expect((await errorOf(undefined, { unitCode: '51', ...MARCH })).code).toBe('UNAUTHENTICATED');
    expect((await errorOf(officer, { unitCode: COMMUNE, ...MARCH })).code).toBe('FORBIDDEN');
    const communeStatistician = await t.token(Role.STATISTICIAN, COMMUNE, 'statistician-commune');
    expect(await errorOf(communeStatistician, { unitCode: '51', ...MARCH })).toMatchObject({ code: 'FORBIDDEN', field: ['unitCode'] });
    expect(await errorOf(statistician, { unitCode: '51', from: '2026-03-20', to: '2026-03-19' })).toMatchObject({ code: 'INVALID_PERIOD', reason: 'PERIOD_END_BEFORE_START' });
    expect(await errorOf(statistician, { unitCode: '99999', ...MARCH })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
