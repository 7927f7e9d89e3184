import { localDateOf } from '../src/domain/time/local-time.js';
import { DailyCodeIndex, reportRangeOf } from './daily-code-index.js';
import { NumberRegister } from './number-register.js';
import { isIsoInstant, isPlainObject, SimHttpError, textField, type SimReply } from './sim-http.js';
import { DEFAULT_FAULT_SETTINGS, SettingsSchema, type FaultSettings } from './sim-settings.js';
import { noRoute, SimulatedSystem, type SimRequest } from './simulated-system.js';

/**
 * An agency's own one-stop system (a Sở that works outside this server, docs/routing.md): it files
 * each dossier handed over to it under a receipt number and reports, per agency unit and local day
 * of the hand-over, the dossiers it filed. That report is what the agency-system connector's
 * reconciliation (count basis TRANSFERRED) compares with the transfers recorded here, so a
 * hand-over dropped while answered 201 shows up as missing and can be sent again with its key.
 *
 * It dedupes on Idempotency-Key only, never on the dossier code: a dossier may be transferred to
 * the same agency twice (sent back and forth), and each transfer is a hand-over of its own.
 */
export const agencySystemSettingsSchema = new SettingsSchema<FaultSettings>('agency-system', DEFAULT_FAULT_SETTINGS, {});

function invalid(message: string): SimHttpError {
  return new SimHttpError(400, 'INVALID_BODY', message);
}

/** The fields of a hand-over the simulator needs: what it files, under which unit and day. */
function transferOf(body: unknown): { code: string; toUnitCode: string; at: string } {
  if (!isPlainObject(body)) throw invalid('the body must be a JSON object');
  const code = textField(body, 'code');
  if (code === null) throw invalid('code (the dossier code) is required');
  if (textField(body, 'procedureCode') === null) throw invalid('procedureCode is required');
  if (textField(body, 'fromUnitCode') === null) throw invalid('fromUnitCode is required');
  const toUnitCode = textField(body, 'toUnitCode');
  if (toUnitCode === null) throw invalid('toUnitCode (the agency unit) is required');
  const at = textField(body, 'at');
  if (at === null || !isIsoInstant(at)) throw invalid('at (the moment of the transfer) must be an ISO 8601 instant with its offset');
  return { code, toUnitCode, at };
}

export class AgencySystemSimulator extends SimulatedSystem<FaultSettings> {
  /** Distinct dossiers filed, per local (UTC+07:00) date of the transfer and agency unit. */
  private readonly byTransferDate = new DailyCodeIndex();
  /** One receipt register per agency unit. */
  private readonly receipts = new NumberRegister();

  protected override async route(request: SimRequest): Promise<SimReply> {
    const path = request.segments.join('/');
    if (request.method === 'POST' && path === 'transfers') return this.file(request);
    if (request.method === 'GET' && path === 'reports/transfers') {
      return { status: 200, body: this.byTransferDate.report(reportRangeOf(request.query)) };
    }
    throw noRoute(request);
  }

  protected override clearState(): void {
    this.byTransferDate.clear();
    this.receipts.clear();
  }

  private async file(request: SimRequest): Promise<SimReply> {
    const body = await request.json();
    const transfer = transferOf(body);
    return this.acceptPush(request, {
      code: transfer.code,
      body,
      accept: () => ({
        reply: { status: 201, body: { code: transfer.code, receiptNumber: `BN-${transfer.toUnitCode}-${this.receipts.next(transfer.toUnitCode)}` } },
        commit: () => this.byTransferDate.add(localDateOf(new Date(transfer.at)), transfer.toUnitCode, transfer.code),
      }),
      replay: (stored) => ({ status: 200, body: stored.reply.body }),
    });
  }
}
