import { formatLocalInstant, localDateOf } from '../../domain/time/local-time.js';
import {
  ConnectorError,
  ErrorClass,
  isReception,
  oncePerStatusKey,
  reportRowsIn,
  type Connector,
  type RemoteResult,
} from '../sdk/index.js';

/** The key procedures name in `Procedure.connector` (demo catalog: every Hộ tịch procedure). */
export const CIVIL_STATUS_KEY = 'civil-status';

/** What the civil-status system answers about a dossier (POST and GET /dossiers/{code}). */
interface CivilStatusAnswer {
  code?: string;
  status?: 'PENDING' | 'REGISTERED' | 'REJECTED';
  registrationNumber?: string;
  reason?: string;
  decidedAt?: string;
}

/** PENDING, or the decision it carries; anything else is a garbled answer (retried). */
function decisionOf(answer: CivilStatusAnswer | null): RemoteResult | 'PENDING' {
  switch (answer?.status) {
    case 'PENDING':
      return 'PENDING';
    case 'REGISTERED':
      if (!answer.registrationNumber) throw new ConnectorError(ErrorClass.TRANSIENT, 'REGISTERED without a registration number');
      return {
        decision: 'REGISTERED',
        registrationNumber: answer.registrationNumber,
        decidedAt: answer.decidedAt ? new Date(answer.decidedAt) : null,
        resolvesDossier: true,
      };
    case 'REJECTED':
      return { decision: 'REJECTED', reason: answer.reason ?? null, decidedAt: answer.decidedAt ? new Date(answer.decidedAt) : null, resolvesDossier: true };
    default:
      throw new ConnectorError(ErrorClass.TRANSIENT, 'answer without a known status');
  }
}

/**
 * The civil-status system (hộ tịch, Ministry of Justice). Hộ tịch dossiers are sent when received;
 * the registry decides later, and its decision (a registration number, or a rejection) is fetched
 * by the scheduled result poll and resolves the dossier (actor "civil-status").
 */
export const civilStatusConnector: Connector = {
  key: CIVIL_STATUS_KEY,
  name: 'Hệ thống đăng ký, quản lý hộ tịch',

  handles: (event) => event.procedureConnector === CIVIL_STATUS_KEY && isReception(event) && !event.imported,
  idempotencyKey: (event) => oncePerStatusKey(event),
  kindOf: () => 'dossier.submit',

  async push(delivery, ctx) {
    const { event } = delivery;
    const { formData } = await ctx.dossierData();
    const answer = await ctx.http.request<CivilStatusAnswer>({
      method: 'POST',
      path: '/dossiers',
      idempotencyKey: delivery.idempotencyKey,
      json: {
        code: event.dossierCode,
        unitCode: event.unitCode,
        procedureCode: event.procedureCode,
        procedureName: event.procedureName,
        receivedAt: formatLocalInstant(new Date(event.receivedAt ?? event.at)),
        formData: formData ?? {},
      },
    });
    const decision = decisionOf(answer.body);
    return decision === 'PENDING'
      ? { remoteReference: answer.body?.code ?? event.dossierCode, awaitingResult: true }
      : { remoteReference: answer.body?.code ?? event.dossierCode, result: decision };
  },

  async pollResult(delivery, ctx) {
    const code = delivery.remoteReference ?? delivery.event.dossierCode;
    const answer = await ctx.http.request<CivilStatusAnswer>({
      method: 'GET',
      path: `/dossiers/${encodeURIComponent(code)}`,
      accept: [404],
    });
    if (answer.status === 404) return 'UNKNOWN';
    return decisionOf(answer.body);
  },

  async checkHealth(ctx) {
    const today = localDateOf(new Date());
    await ctx.http.request({ method: 'GET', path: '/reports/dossiers', query: { from: today, to: today } });
  },

  countBasis: 'HANDLED',

  async countRemote(query, ctx) {
    const answer = await ctx.http.request({
      method: 'GET',
      path: '/reports/dossiers',
      query: { from: query.from, to: query.to, unitCode: query.unitCode.length === 5 ? query.unitCode : undefined },
    });
    return reportRowsIn(answer.body, query.unitCodes);
  },
};
