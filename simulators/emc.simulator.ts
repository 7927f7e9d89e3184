import { isLocalDate } from '../src/domain/time/local-time.js';
import { DailyCodeIndex, reportRangeOf } from './daily-code-index.js';
import { isPlainObject, SimHttpError, textField, type SimReply } from './sim-http.js';
import { DEFAULT_FAULT_SETTINGS, SettingsSchema, type FaultSettings } from './sim-settings.js';
import { noRoute, SimulatedSystem, type SimRequest, type SimulatorHandle } from './simulated-system.js';

/**
 * EMC, the government's monitoring system: takes one TrackingMCDT event per dossier state change
 * and reports, per unit and day, the distinct online dossiers it holds. It records every accepted
 * event as it comes (a connector that sends "received" twice shows up as two pushes), but its report
 * counts dossiers, not events, exactly as reconciliation must.
 */
export const emcSettingsSchema = new SettingsSchema<FaultSettings>('emc', DEFAULT_FAULT_SETTINGS, {});

const OK: SimReply = { status: 200, body: { error_code: '0', message: 'OK' } };

const STATUSES = new Set([0, 1, 2, 3]);
const FORMS_RECEPTION = new Set([1, 2]);
const ONLINE = 1;

/** The fields of a TrackingMCDT event the simulator reads. */
interface EmcEvent {
  codeProfile: string;
  siteId: string;
  status: number;
  formsReception: number;
  unitCode: string | null;
  receivedDate: string | null;
}

/** A code of the national lists, sent as a number or as a string of digits by different integrations. */
function codeNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return null;
}

function invalid(code: string, message: string): SimHttpError {
  return new SimHttpError(400, code, message);
}

function eventOf(body: unknown): EmcEvent {
  if (!isPlainObject(body)) throw invalid('INVALID_BODY', 'the body must be a JSON object');
  const codeProfile = textField(body, 'CodeProfile');
  if (codeProfile === null) throw invalid('MISSING_CODE_PROFILE', 'CodeProfile (the dossier code) is required');
  const siteId = typeof body.SiteId === 'number' ? String(body.SiteId) : textField(body, 'SiteId');
  if (siteId === null) throw invalid('MISSING_SITE_ID', 'SiteId is required');
  const status = codeNumber(body.Status);
  if (status === null || !STATUSES.has(status)) throw invalid('INVALID_STATUS', 'Status must be 0, 1, 2 or 3');
  const formsReception = codeNumber(body.FormsReception);
  if (formsReception === null || !FORMS_RECEPTION.has(formsReception)) {
    throw invalid('INVALID_FORMS_RECEPTION', 'FormsReception must be 1 (online) or 2 (direct)');
  }
  const receivedDate = body.ReceivedDate === undefined || body.ReceivedDate === null ? null : String(body.ReceivedDate);
  if (receivedDate !== null && !isLocalDate(receivedDate)) {
    throw invalid('INVALID_RECEIVED_DATE', 'ReceivedDate must be a date YYYY-MM-DD');
  }
  return { codeProfile, siteId, status, formsReception, unitCode: textField(body, 'UnitCode'), receivedDate };
}

/** An online dossier EMC holds, as `hold()` loads it. */
export interface HeldOnlineDossier {
  siteId: string;
  unitCode: string;
  /** YYYY-MM-DD, the local date of receipt. */
  receivedDate: string;
  code: string;
}

/** The EMC handle: the common one, plus a bulk load of what it holds (benchmarks, demonstrations). */
export interface EmcHandle extends SimulatorHandle<FaultSettings> {
  hold(dossiers: Iterable<HeldOnlineDossier>): number;
}

export class EmcSimulator extends SimulatedSystem<FaultSettings> implements EmcHandle {
  /** Per SiteId, the distinct online dossiers per ReceivedDate and UnitCode. */
  private readonly onlineBySite = new Map<string, DailyCodeIndex>();

  /**
   * Makes EMC hold these online dossiers as if their events had been received, without keeping
   * push bodies (hundreds of thousands of pushes over HTTP would measure the loading, not the
   * report). Only the report sees them. Returns how many were loaded.
   */
  hold(dossiers: Iterable<HeldOnlineDossier>): number {
    let n = 0;
    for (const d of dossiers) {
      this.index({ codeProfile: d.code, siteId: d.siteId, status: 1, formsReception: ONLINE, unitCode: d.unitCode, receivedDate: d.receivedDate });
      n++;
    }
    return n;
  }

  protected override async route(request: SimRequest): Promise<SimReply> {
    const path = request.segments.join('/');
    if (request.method === 'POST' && path === 'TrackingMCDT') return this.track(request);
    if (request.method === 'GET' && path === 'reports/online-dossiers') return this.report(request);
    throw noRoute(request);
  }

  protected override clearState(): void {
    this.onlineBySite.clear();
  }

  protected override errorBody(code: string, message: string): unknown {
    return { error_code: code, message };
  }

  private async track(request: SimRequest): Promise<SimReply> {
    const body = await request.json();
    const event = eventOf(body);
    return this.acceptPush(request, {
      code: event.codeProfile,
      status: event.status,
      body,
      accept: () => ({ reply: OK, commit: () => this.index(event) }),
    });
  }

  /** Only online events with a unit and a date can be placed in the report; the others are recorded all the same. */
  private index(event: EmcEvent): void {
    if (event.formsReception !== ONLINE || event.unitCode === null || event.receivedDate === null) return;
    let site = this.onlineBySite.get(event.siteId);
    if (!site) this.onlineBySite.set(event.siteId, (site = new DailyCodeIndex()));
    site.add(event.receivedDate, event.unitCode, event.codeProfile);
  }

  private report(request: SimRequest): SimReply {
    const siteId = request.query.get('siteId')?.trim();
    if (!siteId) throw invalid('MISSING_SITE_ID', 'siteId is required');
    const range = reportRangeOf(request.query);
    return { status: 200, body: this.onlineBySite.get(siteId)?.report(range) ?? [] };
  }
}
