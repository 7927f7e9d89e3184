/**
 * `npm run bench -- catalog` (issue 11): a province's whole catalogue imported on its first day.
 *
 * On a throwaway embedded PostgreSQL, 2,308 generated procedures (Lâm Đồng's count) with 40 fields,
 * every time unit and three documents each, written as a province's xlsx list and as the national
 * JSON export, are imported through GraphQL (`importProcedureCatalog`, over HTTP, base64 included):
 * a first import into an empty catalogue, then a re-import of the same file (everything unchanged),
 * then a province import with other times. The baseline, measured in the same run, is a plain
 * batched SQL insert of the same, already parsed rows (500 rows a statement). Medians of
 * BENCH_CATALOG_RUNS (default 3) runs, each first import on an emptied catalogue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startApplication, type RunningApplication } from '../src/application.js';
import { signToken } from '../src/auth/tokens.js';
import { XLSX_HEADER, writeCatalogXlsx } from '../src/cli/catalog-samples.js';
import { fieldCodeOfName } from '../src/domain/catalog-import/catalog-values.js';
import { Role } from '../src/domain/access/actor.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded-postgres.js';
import { wholeWorkingDaysOf, ProcessingTimeUnit, type ProcessingTime } from '../src/domain/procedure/processing-time.js';
import { foldForSearch } from '../src/domain/text/search-text.js';
import { UnitKind } from '../src/domain/unit/unit-kind.js';
import { freePort } from '../src/net/free-port.js';
import { createLogger } from '../src/logger.js';
import { BENCH_JWT_SECRET, benchConfig, connectorsOff } from './support/bench-config.js';

const PROCEDURES = 2308;
const RUNS = Number(process.env.BENCH_CATALOG_RUNS ?? 3);
const BATCH = 500;
const FIELDS = Array.from({ length: 40 }, (_, i) => `Lĩnh vực thử nghiệm số ${i + 1}`);
const TIMES: [string, ProcessingTime][] = [
  ['Trong ngày', { value: 0, unit: ProcessingTimeUnit.SAME_DAY }],
  ['03 ngày làm việc', { value: 3, unit: ProcessingTimeUnit.WORKING_DAYS }],
  ['Nửa ngày làm việc', { value: 1, unit: ProcessingTimeUnit.HALF_WORKING_DAYS }],
  ['1,5 ngày làm việc', { value: 3, unit: ProcessingTimeUnit.HALF_WORKING_DAYS }],
  ['04 giờ làm việc', { value: 4, unit: ProcessingTimeUnit.WORKING_HOURS }],
  ['15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ', { value: 15, unit: ProcessingTimeUnit.WORKING_DAYS }],
  ['30 ngày', { value: 30, unit: ProcessingTimeUnit.CALENDAR_DAYS }],
];
const ONLINE = [['Toàn trình', 'FULL'], ['Một phần', 'PARTIAL'], ['', 'NONE']] as const;
const PROVINCE = '68';

interface Generated {
  code: string;
  name: string;
  field: string;
  level: 'PROVINCE' | 'COMMUNE';
  timeText: string;
  time: ProcessingTime;
  fee: number;
  online: (typeof ONLINE)[number];
  documents: { name: string; copies: number; mandatory: boolean }[];
}

function generate(): Generated[] {
  return Array.from({ length: PROCEDURES }, (_, i) => {
    const [timeText, time] = TIMES[i % TIMES.length]!;
    return {
      code: `${1 + (i % 2)}.${String(900000 + i).padStart(6, '0')}`,
      name: `Thủ tục hành chính thử nghiệm số ${i + 1} về cấp, cấp lại, điều chỉnh giấy phép`,
      field: FIELDS[i % FIELDS.length]!,
      level: i % 5 === 0 ? 'PROVINCE' : 'COMMUNE',
      timeText,
      time,
      fee: (i % 4) * 10_000,
      online: ONLINE[i % ONLINE.length]!,
      documents: [
        { name: `Tờ khai theo mẫu của thủ tục số ${i + 1}`, copies: 1, mandatory: true },
        { name: 'Bản sao giấy tờ tùy thân', copies: 2, mandatory: true },
        { name: 'Văn bản ủy quyền', copies: 1, mandatory: false },
      ],
    };
  });
}

const documentText = (p: Generated) =>
  p.documents.map((d) => `- ${d.name} (${String(d.copies).padStart(2, '0')} bản)${d.mandatory ? '' : ' (nếu có)'}`).join('\n');

async function asXlsx(rows: Generated[], time: (p: Generated) => string = (p) => p.timeText): Promise<Buffer> {
  return writeCatalogXlsx(['DANH MỤC THỦ TỤC HÀNH CHÍNH (dữ liệu thử nghiệm)'], XLSX_HEADER, rows.map((p, i) => [
    i + 1, p.code, p.name, p.field, p.level === 'PROVINCE' ? 'Cấp Tỉnh' : 'Cấp Xã', time(p), p.fee ? `${p.fee.toLocaleString('de-DE')} đồng/bản` : 'Miễn phí',
    p.online[0], documentText(p),
  ]));
}

function asJson(rows: Generated[]): Buffer {
  return Buffer.from(JSON.stringify(rows.map((p) => ({
    MaTTHC: p.code, TenTTHC: p.name, LinhVuc: { MaLinhVuc: '', TenLinhVuc: p.field }, CapThucHien: [p.level === 'PROVINCE' ? 'Cấp Tỉnh' : 'Cấp Xã'],
    ThoiHanGiaiQuyet: p.timeText, PhiLePhi: p.fee ? `${p.fee.toLocaleString('de-DE')} đồng/bản` : 'Miễn phí', MucDo: p.online[0] || null,
    ThanhPhanHoSo: p.documents.map((d) => ({ TenGiayTo: d.name, SoBanChinh: d.copies, SoBanSao: 0, BatBuoc: d.mandatory })),
  }))));
}

/** The baseline: the same rows, parsed already, in batched multi-row INSERTs. */
async function plainInsert(client: pg.Client, rows: Generated[]): Promise<void> {
  await client.query('begin');
  const fields = [...new Set(rows.map((r) => r.field))];
  await client.query(`insert into field (code, name) select * from unnest($1::text[], $2::text[]) on conflict do nothing`, [
    fields.map((f) => fieldCodeOfName(f)), fields,
  ]);
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const params: unknown[] = [];
    const values = batch.map((p) => {
      const row = [p.code, p.name, fieldCodeOfName(p.field), p.level, wholeWorkingDaysOf(p.time), p.time.value, p.time.unit, p.online[1], p.fee,
        JSON.stringify(p.documents), foldForSearch(`${p.code} ${p.name}`)];
      params.push(...row);
      return `(${row.map((_, k) => `$${params.length - row.length + k + 1}`).join(', ')})`;
    });
    await client.query(
      `insert into procedure (code, name, field_code, level, processing_days, processing_time_value, processing_time_unit, online_level, fee_vnd, required_documents, search_text)
       values ${values.join(', ')}`,
      params,
    );
  }
  await client.query('commit');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-catalog-'));
  let database: EmbeddedDatabase | null = null;
  let app: RunningApplication | null = null;
  try {
    database = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), logger: createLogger({ level: 'silent' }) });
    app = await startApplication(benchConfig(database.url, connectorsOff()), createLogger({ level: 'warn' }), { api: true, workers: false });
    const admin = { sub: 'bench', role: Role.SYSTEM_ADMIN, unitCode: null };
    await app.services.units.upsert(admin, [{ code: PROVINCE, name: 'Tỉnh Lâm Đồng', kind: UnitKind.PROVINCE }]);
    const token = await signToken(BENCH_JWT_SECRET, { sub: 'bench', role: Role.SYSTEM_ADMIN, unit: null });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const empty = () => db.query('truncate procedure_time_override, procedure, field cascade');

    const rows = generate();
    const xlsx = await asXlsx(rows);
    const json = asJson(rows);
    // The province's own list: a day shorter wherever the national time is 3 working days or more.
    const provinceXlsx = await asXlsx(rows, (p) => (p.time.unit === ProcessingTimeUnit.WORKING_DAYS ? `${p.time.value - 1} ngày làm việc` : p.timeText));
    process.stdout.write(`catalogue import benchmark: ${PROCEDURES} procedures, ${FIELDS.length} fields, 3 documents each; ${RUNS} runs, medians\n`);
    process.stdout.write(`  xlsx ${(xlsx.length / 1024).toFixed(0)} KiB (base64 ${(Math.ceil(xlsx.length / 3) * 4 / 1024).toFixed(0)} KiB), ` +
      `JSON ${(json.length / 1024).toFixed(0)} KiB (base64 ${(Math.ceil(json.length / 3) * 4 / 1024).toFixed(0)} KiB); HTTP body limit 10 MiB\n`);

    const importFile = async (format: 'XLSX' | 'JSON', file: Buffer, provinceCode?: string) => {
      const response = await fetch(`${app!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation($input: ImportProcedureCatalogInput!) { importProcedureCatalog(input: $input) { created updated unchanged provinceTimes failedRows userErrors { code message } } }`,
          variables: { input: { format, fileBase64: file.toString('base64'), provinceCode, decision: provinceCode ? 'Quyết định thử nghiệm' : null } },
        }),
      });
      const body = (await response.json()) as { data?: { importProcedureCatalog: Record<string, unknown> }; errors?: unknown };
      const report = body.data?.importProcedureCatalog;
      if (!report || (report.userErrors as unknown[]).length > 0 || report.failedRows !== 0) throw new Error(`import failed: ${JSON.stringify(body)}`);
      return report;
    };
    const timed = async (label: string, prepare: () => Promise<unknown>, fn: () => Promise<unknown>): Promise<number> => {
      const times: number[] = [];
      let last: unknown;
      for (let i = 0; i < RUNS; i++) {
        await prepare();
        const t0 = performance.now();
        last = await fn();
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      process.stdout.write(`${label.padEnd(48)} ${seconds(ms).padStart(8)}  ${(PROCEDURES / (ms / 1000)).toFixed(0).padStart(6)} rows/s  ${last ? JSON.stringify(last) : ''}\n`);
      return ms;
    };
    const nothing = async () => undefined;

    const baseline = await timed('baseline: plain batched SQL insert', empty, () => plainInsert(db, rows));
    const xlsxFirst = await timed('xlsx, national import into an empty catalogue', empty, () => importFile('XLSX', xlsx));
    const xlsxAgain = await timed('xlsx, re-import of the same file', nothing, () => importFile('XLSX', xlsx));
    const jsonFirst = await timed('JSON, national import into an empty catalogue', empty, () => importFile('JSON', json));
    const jsonAgain = await timed('JSON, re-import of the same file', nothing, () => importFile('JSON', json));
    const province = await timed('xlsx, province import (its own times)', () => db.query('truncate procedure_time_override'), () => importFile('XLSX', provinceXlsx, PROVINCE));
    const provinceAgain = await timed('xlsx, province re-import', nothing, () => importFile('XLSX', provinceXlsx, PROVINCE));
    await db.end();
    const ratio = (ms: number) => `${(ms / baseline).toFixed(1)}x the plain insert`;
    process.stdout.write(`ratios: xlsx first import ${ratio(xlsxFirst)}, re-import ${ratio(xlsxAgain)}; JSON first ${ratio(jsonFirst)}, re-import ${ratio(jsonAgain)}; ` +
      `province import ${ratio(province)}, re-import ${ratio(provinceAgain)}\n`);
  } finally {
    await app?.stop();
    await database?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
