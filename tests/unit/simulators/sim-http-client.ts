/** A tiny HTTP client for the simulator tests: real requests, the raw text kept for malformed bodies. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
}

export interface HttpCall {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function http(url: string, call: HttpCall = {}): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json; charset=utf-8', ...call.headers },
    body: call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
    signal: call.signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A TrackingMCDT event as the EMC connector sends it. */
export function emcEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    CodeProfile: '26740-251124-0001',
    SiteId: '79',
    CodeTTHC: '1.001193',
    NameTTHC: 'Đăng ký khai sinh',
    Status: 1,
    FormsReception: 1,
    FormsPayments: 0,
    Level: 4,
    IsFromDVCQG: 0,
    IsDVCBC: 0,
    User: { ID_local: 'officer-1', TYPE: 'CB' },
    UnitCode: '26740',
    ReceivedDate: '2025-11-24',
    ...overrides,
  };
}

/** Posts one push with an Idempotency-Key (and any extra header), as every connector does. */
function pushWithKey(url: string, key: string, body: Record<string, unknown>, headers: Record<string, string>): Promise<HttpAnswer> {
  return http(url, { body, headers: { 'idempotency-key': key, ...headers } });
}

/** Pushes one EMC event with an Idempotency-Key (and any extra header). */
export function pushEmc(base: string, key: string, event: Record<string, unknown>, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return pushWithKey(`${base}/TrackingMCDT`, key, event, headers);
}

/** A hand-over as the agency-system connector sends it (a transfer to 51.SNNMT). */
export function agencyTransfer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: '21025-260302-0001',
    procedureCode: '1.012756',
    procedureName: 'Đăng ký đất đai lần đầu',
    receivingUnitCode: '21025',
    fromUnitCode: '21025',
    toUnitCode: '51.SNNMT',
    status: 'RECEIVED',
    dueDate: '2026-03-25',
    at: '2026-03-02T02:00:00.000Z',
    ...overrides,
  };
}

/** Hands one dossier over to the agency system with an Idempotency-Key (and any extra header). */
export function pushTransfer(base: string, key: string, transfer: Record<string, unknown>, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return pushWithKey(`${base}/transfers`, key, transfer, headers);
}
