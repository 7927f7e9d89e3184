import { ConnectorError, ErrorClass, reportRowsIn, type Connector } from '../sdk/index.js';

export const AGENCY_SYSTEM_KEY = 'agency-system';

/**
 * An agency (Sở, phòng chuyên môn) that works in its own one-stop system: a dossier transferred to
 * it on its route (docs/routing.md) is handed over by this connector, once per transfer, with the
 * outbox's retries and dead-letter like every sync. The remote answers with the number it filed the
 * dossier under; the dossier's decision still comes back through this server (RESOLVE by the
 * agency's officer, then RETURN_TO_RECEIVER). Which units use it: `setUnitConnector`.
 */
export const agencySystemConnector: Connector = {
  key: AGENCY_SYSTEM_KEY,
  name: 'Hệ thống một cửa của cơ quan liên thông',
  takesTransfers: true,

  handles: (event) => !event.imported && event.transfer?.toConnector === AGENCY_SYSTEM_KEY,
  // One hand-over per transfer: the sequence tells a second transfer to the same agency from a retry.
  idempotencyKey: (event) => `${event.dossierCode}:transfer:${event.seq}`,
  kindOf: () => 'dossier.transfer',

  async push(delivery, ctx) {
    const { event } = delivery;
    if (!event.transfer) throw new ConnectorError(ErrorClass.REMOTE_REJECTED, 'not a transfer');
    const answer = await ctx.http.request<{ receiptNumber?: string }>({
      method: 'POST',
      path: '/transfers',
      idempotencyKey: delivery.idempotencyKey,
      json: {
        code: event.dossierCode,
        procedureCode: event.procedureCode,
        procedureName: event.procedureName,
        receivingUnitCode: event.unitCode,
        fromUnitCode: event.transfer.fromUnitCode,
        toUnitCode: event.transfer.toUnitCode,
        status: event.status,
        dueDate: event.dueDate ?? null,
        at: event.at,
      },
    });
    const receipt = answer.body?.receiptNumber;
    if (!receipt) throw new ConnectorError(ErrorClass.TRANSIENT, 'answer without a receipt number');
    return { remoteReference: receipt };
  },

  // Reconciliation of what was handed over: the dossiers the agency's system filed, per agency
  // unit and day, against the transfers recorded here (a lost one is sent again with its key).
  countBasis: 'TRANSFERRED',

  async countRemote(query, ctx) {
    const answer = await ctx.http.request({ method: 'GET', path: '/reports/transfers', query: { from: query.from, to: query.to } });
    return reportRowsIn(answer.body, query.unitCodes);
  },
};
