import { localDateOf } from '../src/domain/time/local-time.js';
import { DailyCodeIndex, reportRangeOf } from './daily-code-index.js';
import type { StoredPush } from './push-store.js';
import { NumberRegister } from './number-register.js';
import { drawFor } from './seeded-random.js';
import { isIsoInstant, isPlainObject, SimHttpError, textField, type SimReply } from './sim-http.js';
import {
  DEFAULT_FAULT_SETTINGS,
  delaySetting,
  rateSetting,
  SettingsSchema,
  type CivilStatusSettings,
} from './sim-settings.js';
import { noRoute, SimulatedSystem, type SimRequest, type SimulatorHandle } from './simulated-system.js';

/**
 * The civil-status (hộ tịch) system of the Ministry of Justice: takes dossiers, decides them later
 * (a registration number, or a rejection with a reason), and is polled for the result. Decisions
 * are made lazily when a dossier is looked at after its delay, so thousands of pending dossiers cost
 * no timers; with a seed, whether a dossier is rejected depends on its code alone.
 */
export const civilStatusSettingsSchema = new SettingsSchema<CivilStatusSettings>(
  'civil-status',
  { ...DEFAULT_FAULT_SETTINGS, decideAfterMs: 2000, rejectionRate: 0.05 },
  { decideAfterMs: delaySetting, rejectionRate: rateSetting },
);

export type CivilStatus = 'PENDING' | 'REGISTERED' | 'REJECTED';

/** What GET {base}/dossiers/{code} answers. */
export interface CivilStatusDossierView {
  code: string;
  status: CivilStatus;
  registrationNumber?: string;
  reason?: string;
  decidedAt?: string;
}

export interface CivilStatusHandle extends SimulatorHandle<CivilStatusSettings> {
  /** The dossier's current state (deciding it if due), or null when the system does not hold it. */
  dossier(code: string): CivilStatusDossierView | null;
  /** Decides a pending dossier now, whatever the delay and rejection rate say. */
  decide(code: string, outcome: { status: 'REGISTERED' } | { status: 'REJECTED'; reason?: string }): CivilStatusDossierView;
}

interface CivilDossier {
  code: string;
  unitCode: string;
  /** When the simulator recorded it: the decision delay runs from here. */
  recordedAt: number;
  status: CivilStatus;
  registrationNumber?: string;
  reason?: string;
  decidedAt?: number;
}

/** Reasons a real civil-status office gives; one is picked per rejected dossier. */
const REJECTION_REASONS = [
  'Thông tin người yêu cầu không khớp với Cơ sở dữ liệu quốc gia về dân cư',
  'Thiếu giấy tờ chứng minh quan hệ nhân thân',
  'Sự kiện hộ tịch đã được đăng ký tại cơ quan khác',
  'Giấy tờ nộp kèm không hợp lệ hoặc hết hiệu lực',
];

function invalid(message: string): SimHttpError {
  return new SimHttpError(400, 'INVALID_BODY', message);
}

function dossierOf(body: unknown): { code: string; unitCode: string; receivedAt: string } {
  if (!isPlainObject(body)) throw invalid('the body must be a JSON object');
  const code = textField(body, 'code');
  if (code === null) throw invalid('code (the dossier code) is required');
  const unitCode = textField(body, 'unitCode');
  if (unitCode === null) throw invalid('unitCode is required');
  if (textField(body, 'procedureCode') === null) throw invalid('procedureCode is required');
  const receivedAt = textField(body, 'receivedAt');
  if (receivedAt === null || !isIsoInstant(receivedAt)) throw invalid('receivedAt must be an ISO 8601 instant with its offset');
  return { code, unitCode, receivedAt };
}

export class CivilStatusSimulator extends SimulatedSystem<CivilStatusSettings> implements CivilStatusHandle {
  private readonly dossiers = new Map<string, CivilDossier>();
  private readonly byReceivedDate = new DailyCodeIndex();
  /** Registration numbers run per year of decision, like a register book. */
  private readonly registered = new NumberRegister();

  dossier(code: string): CivilStatusDossierView | null {
    const dossier = this.dossiers.get(code);
    return dossier ? this.viewOf(dossier, Date.now()) : null;
  }

  decide(code: string, outcome: { status: 'REGISTERED' } | { status: 'REJECTED'; reason?: string }): CivilStatusDossierView {
    const dossier = this.dossiers.get(code);
    if (!dossier) throw new SimHttpError(404, 'NOT_FOUND', `no dossier ${code}`);
    if (dossier.status !== 'PENDING') throw new SimHttpError(409, 'ALREADY_DECIDED', `dossier ${code} is already ${dossier.status}`);
    const now = Date.now();
    if (outcome.status === 'REGISTERED') this.register(dossier, now);
    else this.reject(dossier, now, outcome.reason ?? REJECTION_REASONS[0]!);
    return this.viewOf(dossier, now);
  }

  protected override async route(request: SimRequest): Promise<SimReply> {
    const [first, second, ...rest] = request.segments;
    if (first === 'dossiers' && rest.length === 0) {
      if (request.method === 'POST' && second === undefined) return this.receive(request);
      if (request.method === 'GET' && second !== undefined) return this.poll(second, request.now);
    }
    if (request.method === 'GET' && first === 'reports' && second === 'dossiers' && rest.length === 0) {
      return { status: 200, body: this.byReceivedDate.report(reportRangeOf(request.query)) };
    }
    throw noRoute(request);
  }

  /** POST /_sim/dossiers/{code}/decision {status, reason?}: forces a decision (tests of the polling job). */
  protected override async controlRoute(request: SimRequest): Promise<SimReply | null> {
    const [first, code, last, ...rest] = request.segments;
    if (request.method !== 'POST' || first !== 'dossiers' || code === undefined || last !== 'decision' || rest.length > 0) return null;
    const body = await request.json();
    const status = isPlainObject(body) ? body.status : undefined;
    if (status === 'REGISTERED') return { status: 200, body: this.decide(code, { status }) };
    if (status === 'REJECTED') {
      const reason = isPlainObject(body) && typeof body.reason === 'string' && body.reason !== '' ? body.reason : undefined;
      return { status: 200, body: this.decide(code, { status, reason }) };
    }
    throw new SimHttpError(400, 'INVALID_BODY', 'status must be REGISTERED or REJECTED');
  }

  protected override clearState(): void {
    this.dossiers.clear();
    this.byReceivedDate.clear();
    this.registered.clear();
  }

  private async receive(request: SimRequest): Promise<SimReply> {
    const body = await request.json();
    const fields = dossierOf(body);
    return this.acceptPush(request, {
      code: fields.code,
      body,
      dedupeOnCode: true,
      accept: () => ({
        reply: { status: 202, body: { code: fields.code, status: 'PENDING' } },
        commit: () => {
          this.dossiers.set(fields.code, { code: fields.code, unitCode: fields.unitCode, recordedAt: request.now, status: 'PENDING' });
          this.byReceivedDate.add(localDateOf(new Date(fields.receivedAt)), fields.unitCode, fields.code);
        },
      }),
      replay: (stored: StoredPush) => ({ status: 200, body: this.viewOf(this.dossiers.get(stored.code!)!, request.now) }),
    });
  }

  private poll(code: string, now: number): SimReply {
    const dossier = this.dossiers.get(code);
    if (!dossier) throw new SimHttpError(404, 'NOT_FOUND', `no dossier ${code}`);
    return { status: 200, body: this.viewOf(dossier, now) };
  }

  /** The current state, deciding the dossier first when its delay has passed. */
  private viewOf(dossier: CivilDossier, now: number): CivilStatusDossierView {
    if (dossier.status === 'PENDING') this.decideIfDue(dossier, now);
    return {
      code: dossier.code,
      status: dossier.status,
      ...(dossier.registrationNumber !== undefined ? { registrationNumber: dossier.registrationNumber } : {}),
      ...(dossier.reason !== undefined ? { reason: dossier.reason } : {}),
      ...(dossier.decidedAt !== undefined ? { decidedAt: new Date(dossier.decidedAt).toISOString() } : {}),
    };
  }

  private decideIfDue(dossier: CivilDossier, now: number): void {
    const { decideAfterMs, rejectionRate, seed } = this.config;
    const dueAt = dossier.recordedAt + decideAfterMs;
    if (decideAfterMs > 0 && now < dueAt) return;
    const decidedAt = decideAfterMs > 0 ? dueAt : now;
    const draw = drawFor(seed, `civil-status:${dossier.code}`);
    if (draw < rejectionRate) {
      // The same draw, rescaled, picks the reason: reproducible with the seed and spread evenly.
      this.reject(dossier, decidedAt, REJECTION_REASONS[Math.floor((draw / rejectionRate) * REJECTION_REASONS.length)]!);
    } else {
      this.register(dossier, decidedAt);
    }
  }

  private register(dossier: CivilDossier, at: number): void {
    const year = localDateOf(new Date(at)).slice(0, 4);
    Object.assign(dossier, { status: 'REGISTERED', registrationNumber: `KS-${year}-${this.registered.next(year)}`, decidedAt: at });
  }

  private reject(dossier: CivilDossier, at: number, reason: string): void {
    Object.assign(dossier, { status: 'REJECTED', reason, decidedAt: at });
  }
}
