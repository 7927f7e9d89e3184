import type { TokenVerifier } from '../auth/tokens.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { StatisticsGrouping } from '../domain/statistics/statistics-grouping.js';
import type { StatisticsReport, StatisticsRow, StatisticsService } from '../domain/statistics/statistics.service.js';
import { languageOf } from '../schema/messages.js';
import { statisticsLabel } from '../schema/statistics-labels.js';
import { csvDocument, type CsvCell } from './csv.js';
import { bearerActorOf } from './bearer-actor.js';
import { sendDomainRefusal } from './domain-refusal.js';
import type { Route } from './http-server.js';

/** Columns of the export: Vietnamese headers, in the order of the contract's StatisticsRow. */
const COLUMNS: ReadonlyArray<[header: string, value: (row: StatisticsRow, label: string) => CsvCell]> = [
  ['Mã', (r) => r.key],
  ['Tên', (_, label) => label],
  ['Tiếp nhận', (r) => r.received],
  ['Tiếp nhận trực tuyến', (r) => r.receivedOnline],
  ['Tiếp nhận trực tiếp', (r) => r.receivedInPerson],
  ['Tiếp nhận qua bưu chính', (r) => r.receivedPostal],
  ['Kỳ trước chuyển sang', (r) => r.carriedOver],
  ['Đã giải quyết', (r) => r.resolved],
  ['Giải quyết trước hạn', (r) => r.resolvedEarly],
  ['Giải quyết đúng hạn', (r) => r.resolvedOnTime],
  ['Giải quyết quá hạn', (r) => r.resolvedLate],
  ['Rút hồ sơ', (r) => r.withdrawn],
  ['Đang giải quyết', (r) => r.inProgress],
  ['Đang giải quyết trong hạn', (r) => r.inProgressOnTime],
  ['Đang giải quyết quá hạn', (r) => r.inProgressOverdue],
  ['Tỷ lệ trước hạn và đúng hạn', (r) => r.onTimeRate],
  ['Tỷ lệ trực tuyến', (r) => r.onlineRate],
  ['Tỷ lệ trực tuyến toàn trình', (r) => r.fullOnlineRate],
  ['Tỷ lệ trực tuyến một phần', (r) => r.partialOnlineRate],
  ['Chỉ số tiến độ giải quyết (QĐ 766)', (r) => r.progressScore],
];

function statisticsCsv(report: StatisticsReport): string {
  const rows = report.rows.map((row) => {
    const label = statisticsLabel(report.groupBy, row, 'vi');
    return COLUMNS.map(([, value]) => value(row, label));
  });
  return csvDocument(COLUMNS.map(([header]) => header), rows);
}

/**
 * `GET /export/statistics.csv?unitCode=&from=&to=&groupBy=`: the rows of Query.statistics as a
 * spreadsheet, with the same bearer token and scopes. Refusals as every plain route gives them
 * (domain-refusal.ts): 400 (bad input), 401, 403 or 404.
 */
export function statisticsExportRoutes(deps: { statistics: StatisticsService; tokens: TokenVerifier }): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/export\/statistics\.csv$/,
      handle: async (req, res, _match, url) => {
        const lang = languageOf(req.headers['accept-language']);
        try {
          const actor = await bearerActorOf(req, deps.tokens);
          const report = await deps.statistics.report(actor, queryOf(url.searchParams));
          const filename = `thong-ke-${report.unit.code}-${report.from}-${report.to}-${report.groupBy.toLowerCase()}.csv`;
          res.writeHead(200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${filename}"`,
            'cache-control': 'no-store',
          });
          res.end(statisticsCsv(report));
        } catch (error) {
          if (!isDomainError(error)) throw error;
          sendDomainRefusal(res, error, lang);
        }
      },
    },
  ];
}

function queryOf(params: URLSearchParams) {
  const required = (name: string): string => {
    const value = params.get(name);
    if (!value) throw new DomainError('BAD_USER_INPUT', [name], { reason: 'PARAMETER_REQUIRED', name });
    return value;
  };
  const groupBy = (params.get('groupBy') || StatisticsGrouping.NONE) as StatisticsGrouping;
  return { unitCode: required('unitCode'), from: required('from'), to: required('to'), groupBy };
}
