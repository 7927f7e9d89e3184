import { startSimulators, type RunningSimulators } from '../../simulators/index.js';
import type { DeliveredMessage } from '../../simulators/notify.simulator.js';
import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { simulatorEnv } from '../support/connector-env.js';
import { eventually } from '../support/eventually.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Notifications end to end: the server (API and workers) over a real database, every connector
 * talking to the simulators, the notification gateway failing 30 % of the time and going down for
 * a while. Each notifiable moment of each dossier must reach the applicant exactly once, and no
 * phone number may appear in clear in any log line.
 */
const RECEIVE = `mutation($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { id code status dueDate } userErrors { code field } }
}`;
const ACT = `mutation($input: DossierActionInput!) {
  actOnDossier(input: $input) { dossier { id status dueDate extendedDueDate } userErrors { code field } }
}`;
const IMPORT = `mutation($input: [ImportDossierInput!]!) {
  importDossiers(input: $input) { imported skipped errors { index userErrors { code field } } }
}`;
const DOSSIER_ID = `query($code: String!) { dossier(code: $code) { id } }`;

const PUBLIC = 'https://dichvucong.quangngai.test';
const PERMANENT_RESIDENCE = '1.004222'; // 7 working days, no specialized system: only officers move it
const BUILDING_PERMIT = '1.013225'; // PARTIAL online: filed online without a VNeID level-2 check

/** A distinct phone per applicant, so that a leak can be traced to its line. */
const phoneOf = (i: number) => `0912${String(i).padStart(6, '0')}`;
const applicantOf = (i: number, phone: string | null = phoneOf(i)) => ({
  fullName: 'Nguyễn Văn An',
  citizenId: `0512030${String(i).padStart(5, '0')}`,
  ...(phone === null ? {} : { phone }),
});
const ddMMyyyy = (date: string) => date.split('-').reverse().join('/');

let sims: RunningSimulators;
let t: TestApp;
let officer: string;
let leader: string;
const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday
/** Every message the applicants must get: idempotency key -> the dossier's facts for checking its text. */
const expected = new Map<string, { phone: string; dueDate?: string; newDueDate?: string }>();
const usedPhones: string[] = [];

beforeAll(async () => {
  sims = await startSimulators({ env: {}, settings: { notify: { failureRate: 0.3, seed: 'notify-e2e' } } });
  t = await startTestApp({
    catalog: true,
    workers: true,
    clock,
    logLevel: 'debug',
    env: simulatorEnv(sims, { PUBLIC_BASE_URL: PUBLIC, CONNECTOR_NOTIFY_BREAKER_THRESHOLD: '3' }),
  });
  officer = await t.token(Role.OFFICER, '21025', 'officer-1');
  leader = await t.token(Role.LEADER, '21025', 'leader-1');
});
afterAll(async () => {
  await t?.stop();
  await sims?.stop();
});

async function receive(input: Record<string, unknown>, token = officer) {
  const { receiveDossier } = dataOf(await t.gql(RECEIVE, { input: { unitCode: '21025', channel: 'IN_PERSON', procedureCode: PERMANENT_RESIDENCE, ...input } }, { token }));
  expect(receiveDossier.userErrors).toEqual([]);
  return receiveDossier.dossier as { id: string; code: string; status: string; dueDate: string | null };
}
async function act(dossierId: string, action: string, extra: Record<string, unknown> = {}, token = officer) {
  const { actOnDossier } = dataOf(await t.gql(ACT, { input: { dossierId, action, ...extra } }, { token }));
  expect(actOnDossier.userErrors).toEqual([]);
  return actOnDossier.dossier as { status: string; dueDate: string; extendedDueDate: string | null };
}
const notifySyncs = () => t.sql<{ dossier_code: string; idempotency_key: string; state: string; attempts: number }>(
  `select dossier_code, idempotency_key, state, attempts from sync_record where connector = 'notify' order by id`,
);
const messagesOf = (code: string): DeliveredMessage[] => sims.systems.notify.messages().filter((m) => m.idempotencyKey?.startsWith(`${code}:`));

describe('notifications through a failing gateway', () => {
  test('live changes of dossiers whose applicant gave a phone: each notifiable moment is delivered exactly once', async () => {
    for (let i = 1; i <= 12; i++) {
      if (i === 5) sims.systems.notify.startOutage(600); // a short outage while messages are being sent
      const phone = phoneOf(i);
      usedPhones.push(phone);
      const d = await receive({ applicant: applicantOf(i) });
      expected.set(`${d.code}:DOSSIER_RECEIVED`, { phone, dueDate: d.dueDate! });
      if (i % 2 === 0) {
        await act(d.id, 'REQUEST_SUPPLEMENT', { note: 'Thiếu giấy tờ' });
        expected.set(`${d.code}:SUPPLEMENT_REQUESTED`, { phone });
        await act(d.id, 'SUBMIT_SUPPLEMENT');
        const extended = await act(d.id, 'EXTEND_DEADLINE', { newDueDate: '2026-03-20', note: 'Xin lỗi' }, leader);
        expected.set(`${d.code}:DEADLINE_EXTENDED`, { phone, dueDate: extended.dueDate, newDueDate: extended.extendedDueDate! });
        await act(d.id, 'RESOLVE', { outcome: 'APPROVED' });
        await act(d.id, 'RETURN_RESULT');
      } else {
        await act(d.id, 'START_PROCESSING');
        await act(d.id, 'RESOLVE', { outcome: 'DENIED' });
      }
      expected.set(`${d.code}:RESULT_READY`, { phone });
    }

    // An online filing is told when it is accepted (not when submitted); a refused one never.
    const citizenApplicant = applicantOf(50);
    usedPhones.push(phoneOf(50));
    const citizen = await t.token(Role.CITIZEN, null, citizenApplicant.citizenId);
    const filed = await receive({ procedureCode: BUILDING_PERMIT, channel: 'ONLINE', applicant: citizenApplicant }, citizen);
    const refused = await receive({ procedureCode: BUILDING_PERMIT, channel: 'ONLINE', applicant: citizenApplicant }, citizen);
    expect(filed.status).toBe('SUBMITTED');
    const accepted = await act(filed.id, 'ACCEPT');
    expected.set(`${filed.code}:DOSSIER_RECEIVED`, { phone: phoneOf(50), dueDate: accepted.dueDate });
    await act(refused.id, 'REFUSE', { note: 'Sai thủ tục' });

    const rows = await eventually('every notify sync record delivered', async () => {
      const all = await notifySyncs();
      return all.length === expected.size && all.every((r) => r.state === 'SUCCEEDED') ? all : null;
    });
    expect(new Set(rows.map((r) => r.idempotency_key))).toEqual(new Set(expected.keys()));

    // Exactly once at the gateway: one message per key, and each push recorded once (no second delivery).
    const messages = sims.systems.notify.messages();
    expect(messages.map((m) => m.idempotencyKey).sort()).toEqual([...expected.keys()].sort());
    const pushes = sims.systems.notify.received();
    expect(pushes).toHaveLength(expected.size);
    expect(pushes.every((p) => p.count === 1)).toBe(true);

    // The faults really happened: some messages needed more than one try.
    const failures = await t.sql<{ n: number }>(
      `select count(*)::int as n from sync_exchange where connector = 'notify' and error_class = 'TRANSIENT'`,
    );
    expect(failures[0]!.n).toBeGreaterThan(0);

    // Each message went to the applicant's phone in +84 form, with its template and text.
    for (const message of messages) {
      const facts = expected.get(message.idempotencyKey!)!;
      const code = message.idempotencyKey!.split(':')[0]!;
      expect(message).toMatchObject({ to: `+84${facts.phone.slice(1)}`, channel: 'SMS', template: message.idempotencyKey!.split(':')[1] });
      expect(message.text).toContain(code);
      expect(message.text).toContain(`${PUBLIC}/track/${code}`);
      if (message.template === 'DOSSIER_RECEIVED') expect(message.text).toContain(`Ngày hẹn trả kết quả: ${ddMMyyyy(facts.dueDate!)}`);
      if (message.template === 'DEADLINE_EXTENDED') {
        expect(message.text).toContain('xin lỗi');
        expect(message.text).toContain(`đúng hẹn ngày ${ddMMyyyy(facts.dueDate!)}`);
        expect(message.text).toContain(`Ngày hẹn trả kết quả mới: ${ddMMyyyy(facts.newDueDate!)}`);
      }
    }
    expect(messagesOf(refused.code)).toEqual([]);
  });

  test('no phone, no message; imported legacy history is never told; a live change after import is', async () => {
    const silent = await receive({ applicant: applicantOf(60, null) });
    await act(silent.id, 'REQUEST_SUPPLEMENT');
    await act(silent.id, 'SUBMIT_SUPPLEMENT');
    await act(silent.id, 'RESOLVE', { outcome: 'APPROVED' });

    usedPhones.push(phoneOf(70), phoneOf(71));
    const integrator = await t.token(Role.INTEGRATOR, '51');
    const imported = dataOf(await t.gql(IMPORT, {
      input: [
        {
          code: 'LEGACY-NOTIFY-0001',
          procedureCode: PERMANENT_RESIDENCE,
          unitCode: '21025',
          channel: 'IN_PERSON',
          applicant: applicantOf(70),
          receivedAt: '2026-02-03T09:00:00+07:00',
          history: [
            { action: 'REQUEST_SUPPLEMENT', at: '2026-02-04T09:00:00+07:00' },
            { action: 'SUBMIT_SUPPLEMENT', at: '2026-02-05T09:00:00+07:00' },
            { action: 'EXTEND_DEADLINE', at: '2026-02-06T09:00:00+07:00', newDueDate: '2026-03-10' },
            { action: 'RESOLVE', at: '2026-02-09T09:00:00+07:00', outcome: 'APPROVED' },
            { action: 'RETURN_RESULT', at: '2026-02-10T09:00:00+07:00' },
          ],
        },
        {
          code: 'LEGACY-NOTIFY-0002',
          procedureCode: PERMANENT_RESIDENCE,
          unitCode: '21025',
          channel: 'IN_PERSON',
          applicant: applicantOf(71),
          receivedAt: '2026-02-26T09:00:00+07:00',
          history: [{ action: 'START_PROCESSING', at: '2026-02-26T10:00:00+07:00' }],
        },
      ],
    }, { token: integrator }));
    expect(imported.importDossiers).toEqual({ imported: 2, skipped: 0, errors: [] });
    const open = dataOf(await t.gql(DOSSIER_ID, { code: 'LEGACY-NOTIFY-0002' }, { token: officer })).dossier as { id: string };
    await act(open.id, 'RESOLVE', { outcome: 'APPROVED' });

    await eventually('the live result of the imported dossier delivered', async () => messagesOf('LEGACY-NOTIFY-0002').length === 1);
    expect(messagesOf('LEGACY-NOTIFY-0002').map((m) => m.template)).toEqual(['RESULT_READY']);
    expect(messagesOf('LEGACY-NOTIFY-0001')).toEqual([]);
    expect(messagesOf(silent.code)).toEqual([]);
    const records = await t.sql(`select 1 from sync_record where connector = 'notify' and dossier_code in ($1, $2)`, [silent.code, 'LEGACY-NOTIFY-0001']);
    expect(records).toEqual([]);
  });

  test('no phone number in clear in any log line, in the outbox or in the exchange log', async () => {
    // Debug level: every request, and the connector's own line for each message the gateway accepted.
    expect(t.logs.filter((line) => line.includes('"connector":"notify"') && line.includes('message accepted')).length).toBe(sims.systems.notify.messages().length);
    // The 9 digits after the national 0 are in every form of a number (0912..., 84912..., +84912...).
    const cores = usedPhones.map((p) => p.slice(1));
    const leaks = t.logs.filter((line) => cores.some((core) => line.includes(core)));
    expect(leaks).toEqual([]);
    const stored = await t.sql<{ text: string }>(
      `select event::text as text from sync_record union all select row_to_json(x)::text from sync_exchange x`,
    );
    expect(stored.filter((row) => cores.some((core) => row.text.includes(core)))).toEqual([]);
  });
});
