import nock from 'nock';
import { gatewayPhoneOf } from '../../../src/connectors/notify/gateway-phone.js';
import { NoticeKind } from '../../../src/connectors/notify/notice-kind.js';
import { templateProblem, withoutDiacritics } from '../../../src/connectors/notify/notice-templates.js';
import { notifyConnector } from '../../../src/connectors/notify/notify.connector.js';
import { ConnectorError, ErrorClass } from '../../../src/connectors/sdk/connector-error.js';
import { loadConnectorSettings, loadSyncSettings } from '../../../src/connectors/sdk/connector-settings.js';
import type { ConnectorContext, DossierSyncEvent } from '../../../src/connectors/sdk/connector.js';
import { Channel, DossierAction, DossierStatus } from '../../../src/domain/vocabulary/dossier-enums.js';
import { REMOTE, contextFor, delivery, syncEvent } from './connector-test-kit.js';
import type { ExchangeEntry } from '../../../src/connectors/sdk/connector-http.js';

/** The notify adapter against a nock'd gateway: what each dossier change becomes on the wire. */
const PHONE = '0912345678';
const PUBLIC = 'https://dichvucong.quangngai.gov.vn';

function contextWith(
  env: Record<string, string> = {},
  phone: string | null = PHONE,
): { ctx: ConnectorContext; dataReads: () => number; exchanges: ExchangeEntry[] } {
  const { ctx, exchanges } = contextFor(notifyConnector, { PUBLIC_BASE_URL: PUBLIC, ...env });
  let reads = 0;
  const dossierData = async () => {
    reads += 1;
    return { applicant: { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone }, formData: null };
  };
  return { ctx: { ...ctx, dossierData }, dataReads: () => reads, exchanges };
}

/** A change of a dossier whose applicant gave a phone, as the outbox stores it. */
function notifiable(overrides: Partial<DossierSyncEvent> = {}): DossierSyncEvent {
  return syncEvent({
    dossierCode: '21025-260302-0007',
    unitName: 'Phường Cẩm Thành',
    procedureCode: '1.004873',
    procedureName: 'Xác nhận tình trạng hôn nhân',
    channel: Channel.IN_PERSON,
    seq: 1,
    fromStatus: null,
    submittedAt: null,
    dueDate: '2026-03-05',
    extendedDueDate: null,
    applicantHasPhone: true,
    ...overrides,
  });
}

const push = (event: DossierSyncEvent, ctx: ConnectorContext) =>
  notifyConnector.push!(delivery(event, notifyConnector.idempotencyKey!(event)), ctx);

interface SentMessage {
  body: { to: string; channel: string; template: string; text: string };
  key: string | undefined;
}

/** Expects one POST {base}/messages and records what it carried. */
function expectMessage(status = 202, reply: Record<string, unknown> = { messageId: 'msg-1' }): SentMessage[] {
  const sent: SentMessage[] = [];
  let key: string | undefined;
  nock(REMOTE, { reqheaders: { 'idempotency-key': (value: string | null) => ((key = value ?? undefined), true) } })
    .post('/notify/messages', (body: SentMessage['body']) => (sent.push({ body, key }), true))
    .reply(status, reply);
  return sent;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const TRACK = `${PUBLIC}/track/21025-260302-0007`;
const CHANGES: Array<[string, Partial<DossierSyncEvent>, NoticeKind, string]> = [
  [
    'in-person intake',
    {},
    NoticeKind.DOSSIER_RECEIVED,
    `Phường Cẩm Thành đã tiếp nhận hồ sơ 21025-260302-0007 (Xác nhận tình trạng hôn nhân). Ngày hẹn trả kết quả: 05/03/2026. Tra cứu: ${TRACK}`,
  ],
  [
    'ACCEPT of an online filing',
    { channel: Channel.ONLINE, seq: 2, action: DossierAction.ACCEPT, fromStatus: DossierStatus.SUBMITTED, actor: { kind: 'STAFF', id: 'officer-1' } },
    NoticeKind.DOSSIER_RECEIVED,
    `Phường Cẩm Thành đã tiếp nhận hồ sơ 21025-260302-0007 (Xác nhận tình trạng hôn nhân). Ngày hẹn trả kết quả: 05/03/2026. Tra cứu: ${TRACK}`,
  ],
  [
    'REQUEST_SUPPLEMENT',
    { seq: 3, action: DossierAction.REQUEST_SUPPLEMENT, fromStatus: DossierStatus.PROCESSING, status: DossierStatus.AWAITING_SUPPLEMENT },
    NoticeKind.SUPPLEMENT_REQUESTED,
    `Hồ sơ 21025-260302-0007 (Xác nhận tình trạng hôn nhân) cần bổ sung giấy tờ. Đề nghị Ông/Bà liên hệ Phường Cẩm Thành để được hướng dẫn. Tra cứu: ${TRACK}`,
  ],
  [
    'EXTEND_DEADLINE',
    { seq: 4, action: DossierAction.EXTEND_DEADLINE, fromStatus: DossierStatus.PROCESSING, status: DossierStatus.PROCESSING, extendedDueDate: '2026-03-10' },
    NoticeKind.DEADLINE_EXTENDED,
    'Phường Cẩm Thành xin lỗi Ông/Bà: hồ sơ 21025-260302-0007 (Xác nhận tình trạng hôn nhân) không thể trả kết quả đúng hẹn ngày 05/03/2026. '
      + `Ngày hẹn trả kết quả mới: 10/03/2026. Tra cứu: ${TRACK}`,
  ],
  [
    'RESOLVE',
    { seq: 5, action: DossierAction.RESOLVE, fromStatus: DossierStatus.PROCESSING, status: DossierStatus.RESOLVED },
    NoticeKind.RESULT_READY,
    `Hồ sơ 21025-260302-0007 (Xác nhận tình trạng hôn nhân) đã có kết quả. Mời Ông/Bà đến Phường Cẩm Thành nhận kết quả. Tra cứu: ${TRACK}`,
  ],
];

describe('each notifiable change becomes one message with its template, its Vietnamese text and a key per dossier and moment', () => {
  test.each(CHANGES)('%s', async (_name, overrides, kind, text) => {
    const event = notifiable(overrides);
    const { ctx } = contextWith();
    expect(notifyConnector.handles(event, ctx.settings)).toBe(true);
    const sent = expectMessage(202, { messageId: 'msg-00000042' });
    await expect(push(event, ctx)).resolves.toEqual({ remoteReference: 'msg-00000042' });
    expect(sent).toEqual([{ key: `21025-260302-0007:${kind}`, body: { to: '+84912345678', channel: 'SMS', template: kind, text } }]);
  });

  test('a resolution decided by a specialized system is a ready result too', () => {
    const event = notifiable({ action: DossierAction.RESOLVE, fromStatus: DossierStatus.RECEIVED, status: DossierStatus.RESOLVED, actor: { kind: 'SYSTEM', id: 'civil-status' } });
    expect(notifyConnector.handles(event, contextWith().ctx.settings)).toBe(true);
    expect(notifyConnector.idempotencyKey!(event)).toBe('21025-260302-0007:RESULT_READY');
    expect(notifyConnector.kindOf!(event)).toBe('message.result-ready');
  });

  test.each([
    ['an online filing (SUBMITTED)', { channel: Channel.ONLINE, status: DossierStatus.SUBMITTED, submittedAt: '2026-03-02T02:00:00.000Z', receivedAt: null, dueDate: null }],
    ['START_PROCESSING', { action: DossierAction.START_PROCESSING, fromStatus: DossierStatus.RECEIVED, status: DossierStatus.PROCESSING }],
    ['SUBMIT_SUPPLEMENT', { action: DossierAction.SUBMIT_SUPPLEMENT, fromStatus: DossierStatus.AWAITING_SUPPLEMENT, status: DossierStatus.PROCESSING }],
    ['REFUSE', { action: DossierAction.REFUSE, fromStatus: DossierStatus.SUBMITTED, status: DossierStatus.REFUSED }],
    ['RETURN_RESULT', { action: DossierAction.RETURN_RESULT, fromStatus: DossierStatus.RESOLVED, status: DossierStatus.RETURNED }],
    ['WITHDRAW', { action: DossierAction.WITHDRAW, fromStatus: DossierStatus.PROCESSING, status: DossierStatus.WITHDRAWN }],
  ] as Array<[string, Partial<DossierSyncEvent>]>)('no message for %s', (_name, overrides) => {
    expect(notifyConnector.handles(notifiable(overrides), contextWith().ctx.settings)).toBe(false);
  });

  test('an extension while RECEIVED is the apology, not a second reception', () => {
    const event = notifiable({ action: DossierAction.EXTEND_DEADLINE, fromStatus: DossierStatus.RECEIVED, status: DossierStatus.RECEIVED, extendedDueDate: '2026-03-10' });
    expect(notifyConnector.idempotencyKey!(event)).toBe('21025-260302-0007:DEADLINE_EXTENDED');
  });
});

describe('who is never messaged', () => {
  test('an applicant without a phone: the change is not even put in the outbox', () => {
    const { ctx } = contextWith();
    expect(notifyConnector.handles(notifiable({ applicantHasPhone: false }), ctx.settings)).toBe(false);
    // An event written before the flag existed says nothing about a phone: no message either.
    expect(notifyConnector.handles(notifiable({ applicantHasPhone: undefined }), ctx.settings)).toBe(false);
  });

  test('imported legacy history: no message about the past, whatever the change', () => {
    const { ctx } = contextWith();
    for (const [, overrides] of CHANGES) {
      expect(notifyConnector.handles(notifiable({ ...overrides, imported: true, actor: { kind: 'SYSTEM', id: 'import' } }), ctx.settings)).toBe(false);
    }
  });

  test('a phone gone by delivery time, or not a Vietnamese mobile: DEAD with a reason, no call, no digits in the reason', async () => {
    for (const phone of [null, '024 3825 1234']) {
      const { ctx, dataReads, exchanges } = contextWith({}, phone);
      const failure = push(notifiable(), ctx);
      await expect(failure).rejects.toBeInstanceOf(ConnectorError);
      await expect(failure).rejects.toMatchObject({ errorClass: ErrorClass.REMOTE_REJECTED, message: expect.not.stringMatching(/\d{4}/) });
      expect(dataReads()).toBe(1);
      expect(exchanges).toEqual([]); // the gateway was never called
    }
  });
});

describe('failures are classified by the SDK, so the outbox retries them like any sync', () => {
  test('a 503 is retried in the call with the same idempotency key and succeeds when the gateway recovers', async () => {
    const keys: string[] = [];
    const recordKey = (value: string | null) => (keys.push(value ?? ''), true);
    nock(REMOTE, { reqheaders: { 'idempotency-key': recordKey } })
      .post('/notify/messages').reply(503, { error: 'SIMULATED_FAILURE', message: 'down' })
      .post('/notify/messages').reply(202, { messageId: 'msg-2' });
    const { ctx } = contextWith({ CONNECTOR_NOTIFY_RETRIES: '1' });
    await expect(push(notifiable(), ctx)).resolves.toEqual({ remoteReference: 'msg-2' });
    expect(keys).toEqual(['21025-260302-0007:DOSSIER_RECEIVED', '21025-260302-0007:DOSSIER_RECEIVED']);
  });

  test.each([
    [503, ErrorClass.TRANSIENT],
    [429, ErrorClass.TRANSIENT],
    [400, ErrorClass.REMOTE_REJECTED],
    [401, ErrorClass.CONFIG],
    [404, ErrorClass.CONFIG],
  ])('HTTP %i is %s', async (status, errorClass) => {
    nock(REMOTE).post('/notify/messages').reply(status, { error: 'X', message: 'to must be a phone number in the form +84xxxxxxxxx' });
    const { ctx } = contextWith({ CONNECTOR_NOTIFY_RETRIES: '0' });
    await expect(push(notifiable(), ctx)).rejects.toMatchObject({ errorClass, httpStatus: status });
  });

  test('a dossier without the date a template needs is DEAD with the reason rather than a broken text', async () => {
    const { ctx } = contextWith();
    const event = notifiable({ action: DossierAction.EXTEND_DEADLINE, fromStatus: DossierStatus.PROCESSING, status: DossierStatus.PROCESSING, extendedDueDate: null });
    await expect(push(event, ctx)).rejects.toMatchObject({ errorClass: ErrorClass.REMOTE_REJECTED, message: expect.stringContaining('{newDueDate}') });
  });
});

describe('settings: channel, plain SMS, templates overridden and checked at start', () => {
  test('CONNECTOR_NOTIFY_CHANNEL=ZALO', async () => {
    const sent = expectMessage();
    await push(notifiable(), contextWith({ CONNECTOR_NOTIFY_CHANNEL: 'ZALO' }).ctx);
    expect(sent[0]!.body.channel).toBe('ZALO');
  });

  test('an overridden template and plain SMS without diacritics', async () => {
    const sent = expectMessage();
    const { ctx } = contextWith({
      CONNECTOR_NOTIFY_TEMPLATE_DOSSIER_RECEIVED: 'Đã nhận hồ sơ {code} tại {unit}, hẹn {dueDate}.',
      CONNECTOR_NOTIFY_STRIP_DIACRITICS: '1',
    });
    expect(notifyConnector.validate!(ctx.settings)).toBeNull();
    await push(notifiable(), ctx);
    expect(sent[0]!.body.text).toBe('Da nhan ho so 21025-260302-0007 tai Phuong Cam Thanh, hen 05/03/2026.');
  });

  test('a wrong setting stops the connector with a message naming the variable', () => {
    const problem = notifyConnector.validate!(contextWith({
      CONNECTOR_NOTIFY_CHANNEL: 'EMAIL',
      CONNECTOR_NOTIFY_TEMPLATE_DOSSIER_RECEIVED: 'Hẹn {newDueDate}',
      CONNECTOR_NOTIFY_TEMPLATE_RESULT_READY: 'Hồ sơ {code} {',
      PUBLIC_BASE_URL: 'dichvucong',
    }).ctx.settings);
    expect(problem).toContain('CONNECTOR_NOTIFY_CHANNEL must be SMS or ZALO');
    expect(problem).toContain('CONNECTOR_NOTIFY_TEMPLATE_DOSSIER_RECEIVED uses {newDueDate}');
    expect(problem).toContain('CONNECTOR_NOTIFY_TEMPLATE_RESULT_READY has an unmatched { or }');
    expect(problem).toContain('PUBLIC_BASE_URL');
  });

  test('the tracking link base: the server’s PUBLIC_BASE_URL, unless CONNECTOR_NOTIFY_PUBLIC_BASE_URL says otherwise', () => {
    const base = (env: Record<string, string>) => loadConnectorSettings(notifyConnector, env, loadSyncSettings({})).option('publicBaseUrl');
    expect(base({ PUBLIC_BASE_URL: PUBLIC })).toBe(PUBLIC);
    expect(base({ PUBLIC_BASE_URL: PUBLIC, CONNECTOR_NOTIFY_PUBLIC_BASE_URL: 'https://tra-cuu.example.vn' })).toBe('https://tra-cuu.example.vn');
    expect(base({})).toBeNull();
  });

  test('the tracking link is {base}/track/{code}', async () => {
    const sent = expectMessage();
    await push(notifiable(), contextWith({ CONNECTOR_NOTIFY_PUBLIC_BASE_URL: 'https://tra-cuu.example.vn/' }).ctx);
    expect(sent[0]!.body.text).toContain('Tra cứu: https://tra-cuu.example.vn/track/21025-260302-0007');
  });
});

describe('template and phone helpers', () => {
  test('template checks', () => {
    expect(templateProblem(NoticeKind.DEADLINE_EXTENDED, '{unit}: {newDueDate}')).toBeNull();
    expect(templateProblem(NoticeKind.RESULT_READY, '   ')).toBe('is empty');
    expect(templateProblem(NoticeKind.RESULT_READY, 'Xin chào {fullName}')).toMatch(/^uses \{fullName\}; allowed here: /);
  });

  test('dates as dd/MM/yyyy; text without diacritics', () => {
    expect(withoutDiacritics('Đăng ký khai sinh – Ủy ban nhân dân đặc khu')).toBe('Dang ky khai sinh – Uy ban nhan dan dac khu');
  });

  test.each([
    ['0912345678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['091.234.5678', '+84912345678'],
    ['12345', null],
    ['02438251234', null],
  ])('%s -> %s', (phone, expected) => {
    expect(gatewayPhoneOf(phone)).toBe(expected);
  });
});
