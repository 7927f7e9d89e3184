import { NumberRegister } from './number-register.js';
import { drawFor } from './seeded-random.js';
import { isIsoInstant, isPlainObject, SimHttpError, textField, type SimReply } from './sim-http.js';
import { DEFAULT_FAULT_SETTINGS, rateSetting, SettingsSchema, type BusinessRegistrationSettings } from './sim-settings.js';
import { noRoute, SimulatedSystem, type SimRequest } from './simulated-system.js';

/**
 * The household-business registration system: registers a dossier at once and answers its
 * registration number, HKD-<unit>-<6 digits> from a per-unit register. A body it cannot take, or a
 * registration it refuses (rejectionRate), is a 422 REJECTED with a reason: the answer a connector
 * must not retry.
 */
export const businessRegistrationSettingsSchema = new SettingsSchema<BusinessRegistrationSettings>(
  'business-registration',
  { ...DEFAULT_FAULT_SETTINGS, rejectionRate: 0 },
  { rejectionRate: rateSetting },
);

/** Reasons a registration office gives; one is picked per refused registration. */
const REFUSAL_REASONS = [
  'Tên hộ kinh doanh trùng với tên hộ kinh doanh đã đăng ký trong phạm vi cấp xã',
  'Ngành, nghề kinh doanh thuộc danh mục cấm đầu tư kinh doanh',
  'Chủ hộ kinh doanh đang là chủ hộ kinh doanh khác',
];

function refused(reason: string): SimHttpError {
  return new SimHttpError(422, 'REJECTED', reason);
}

function registrationOf(body: unknown): { code: string; unitCode: string } {
  if (!isPlainObject(body)) throw refused('the body must be a JSON object');
  const code = textField(body, 'code');
  if (code === null) throw refused('code (the dossier code) is required');
  const unitCode = textField(body, 'unitCode');
  if (unitCode === null) throw refused('unitCode is required');
  if (textField(body, 'procedureCode') === null) throw refused('procedureCode is required');
  const receivedAt = body.receivedAt;
  if (receivedAt !== undefined && (typeof receivedAt !== 'string' || !isIsoInstant(receivedAt))) {
    throw refused('receivedAt must be an ISO 8601 instant with its offset');
  }
  return { code, unitCode };
}

export class BusinessRegistrationSimulator extends SimulatedSystem<BusinessRegistrationSettings> {
  /** One register per unit. */
  private readonly numbers = new NumberRegister();

  protected override async route(request: SimRequest): Promise<SimReply> {
    if (request.method === 'POST' && request.segments.join('/') === 'registrations') return this.register(request);
    throw noRoute(request);
  }

  protected override clearState(): void {
    this.numbers.clear();
  }

  protected override errorBody(code: string, message: string): unknown {
    return { error: code, reason: message };
  }

  private async register(request: SimRequest): Promise<SimReply> {
    const body = await request.json();
    const { code, unitCode } = registrationOf(body);
    return this.acceptPush(request, {
      code,
      body,
      dedupeOnCode: true,
      accept: () => {
        this.refuseAtRate(code);
        const reply = { status: 201, body: { code, registrationNumber: `HKD-${unitCode}-${this.numbers.next(unitCode)}` } };
        return { reply, commit: () => {} };
      },
      replay: (stored) => ({ status: 200, body: stored.reply.body }),
    });
  }

  private refuseAtRate(code: string): void {
    const { rejectionRate, seed } = this.config;
    if (rejectionRate === 0) return;
    const draw = drawFor(seed, `business-registration:${code}`);
    if (draw < rejectionRate) throw refused(REFUSAL_REASONS[Math.floor((draw / rejectionRate) * REFUSAL_REASONS.length)]!);
  }
}
