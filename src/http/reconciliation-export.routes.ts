import type { ServerResponse } from 'node:http';
import type { TokenVerifier } from '../auth/tokens.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import type { ReconciliationEvidence } from '../connectors/reconciliation/reconciliation.service.js';
import { languageOf } from '../schema/messages.js';
import { numericIdOf } from '../schema/relay.js';
import type { Services } from '../services.js';
import { csvDocument, type CsvCell } from './csv.js';
import { bearerActorOf } from './bearer-actor.js';
import { sendDomainRefusal } from './domain-refusal.js';
import type { Route } from './http-server.js';

/** The global id type of reports (what `ReconciliationReport.id` and the export path carry). */
export const REPORT_TYPE = 'ReconciliationReport';

/** The path of a report's CSV evidence. */
export function reconciliationCsvPath(globalId: string): string {
  return `/export/reconciliation/${globalId}.csv`;
}

/**
 * `GET /export/reconciliation/{reportId}.csv`: the evidence a province hands to whoever evaluates
 * it, per unit and day: local count, the remote's count, the difference and the dossier codes on
 * either side that the other lacks. Same bearer tokens and scopes as the API; a report outside
 * one's scope is a 404, like one that does not exist.
 */
export function reconciliationExportRoutes(services: Services, tokens: TokenVerifier): Route[] {
  return [{
    method: 'GET',
    path: /^\/export\/reconciliation\/([^/]+)\.csv$/,
    async handle(req, res, match) {
      const lang = languageOf(req.headers['accept-language']);
      try {
        const actor = await bearerActorOf(req, tokens);
        // Global ids are base64url: nothing to percent-decode, and a stray `%` is just an invalid id.
        const id = numericIdOf(match[1]!, REPORT_TYPE, ['reportId']);
        const evidence = await services.reconciliation.evidence(actor, id);
        if (!evidence) throw new DomainError('NOT_FOUND', ['reportId'], { code: match[1]! });
        sendCsv(res, `doi-soat-${evidence.report.connector}-${evidence.report.unitCode}-${evidence.report.from}-${evidence.report.to}.csv`, evidenceCsv(evidence));
      } catch (error) {
        if (!isDomainError(error)) throw error;
        sendDomainRefusal(res, error, lang);
      }
    },
  }];
}

/** Vietnamese headers: the evidence is read by Vietnamese officials. */
const EVIDENCE_HEADER = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Ngày tiếp nhận',
  'Số hồ sơ tại địa phương',
  'Số hồ sơ trên hệ thống',
  'Chênh lệch',
  'Mã hồ sơ thiếu trên hệ thống',
  'Mã hồ sơ không có tại địa phương',
];

function evidenceCsv({ rows, unitNames }: ReconciliationEvidence): string {
  return csvDocument(EVIDENCE_HEADER, rows.map((r): CsvCell[] => [
    r.unitCode,
    unitNames.get(r.unitCode) ?? '',
    r.date,
    r.localCount,
    r.remoteCount,
    r.difference,
    r.missingRemotely.join(' '),
    r.unknownLocally.join(' '),
  ]));
}

function sendCsv(res: ServerResponse, filename: string, text: string): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-length': body.length,
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  res.end(body);
}
