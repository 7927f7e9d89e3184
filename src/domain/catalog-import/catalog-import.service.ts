import { provinceRefOf } from '../unit/unit-ref.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import { isDeepStrictEqual } from 'node:util';
import { requireActor, requireCapability, requireUnitInScope } from '../access/access-policy.js';
import { Role, type Actor } from '../access/actor.js';
import { DomainError } from '../errors.js';
import { Field } from '../procedure/field.entity.js';
import { OnlineLevel } from '../procedure/procedure-enums.js';
import { ProcedureTimeOverride } from '../procedure/procedure-time-override.entity.js';
import { nationalProcessingTime, Procedure } from '../procedure/procedure.entity.js';
import type { ProcedureInput, ProcedureService } from '../procedure/procedure.service.js';
import type { ProcessingTime } from '../procedure/processing-time.js';
import type { ProvinceProcessingTimeInput, ProvinceProcessingTimeService } from '../procedure/province-processing-time.service.js';
import { foldForSearch } from '../text/search-text.js';
import type { UnitService } from '../unit/unit.service.js';
import { isProvinceLevel } from '../unit/unit-kind.js';
import { checkCatalogRow, duplicateCodeFailures, type CatalogRecord, type RawCatalogRow, type RowFailure } from './catalog-row.js';
import { fieldCodeOfName, procedureCodeOf } from './catalog-values.js';
import { readNationalJson } from './national-json.reader.js';
import { readProvinceXlsx } from './province-xlsx.reader.js';

export enum CatalogFormat {
  /** The national database's export (csdl-quoc-gia JSON, national-json.reader.ts). */
  JSON = 'JSON',
  /** A province's published list (Excel, province-xlsx.reader.ts). */
  XLSX = 'XLSX',
}

export interface CatalogImportRequest {
  format: CatalogFormat;
  /** The file, or its base64 (GraphQL), decoded after the actor is checked. */
  file: Buffer | { base64: string };
  /** Import for this province: the file's times are the province's own. Absent: a national import. */
  provinceCode?: string | null;
  /** The decision publishing the list, kept as the source of the province's times. */
  decision?: string | null;
  /** Check and count, write nothing. */
  dryRun?: boolean;
}

export interface CatalogImportReport {
  dryRun: boolean;
  /** The province whose times were read (null: national import). */
  provinceCode: string | null;
  /** Procedure rows in the file (group and title rows not counted). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Province times written or removed (a time equal to the national one needs none). */
  provinceTimes: number;
  /** Rows in `failed`, each counted once. */
  failedRows: number;
  failed: RowFailure[];
}

/** 2,308 procedures with their documents make about 2 MB of xlsx or 4 MB of JSON; base64 of 6 MB stays under the 10 MB HTTP body limit. */
export const MAX_CATALOG_FILE_BYTES = 6 * 1024 * 1024;
/** The largest province publishes about 2,300; the national database holds about 6,000 of every level. */
export const MAX_CATALOG_ROWS = 10_000;
const MAX_DECISION_LENGTH = 300;

/** Specialized systems by field, for procedures the import creates (DOMAIN.md, "Procedures"); an update keeps the current one. */
const CONNECTOR_OF_FIELD: Readonly<Record<string, string>> = { HO_TICH: 'civil-status', DANG_KY_KINH_DOANH: 'business-registration' };

const sameTime = (a: ProcessingTime, b: ProcessingTime) => a.value === b.value && a.unit === b.unit;

/** Base64 of a file, decoded, refusing what is not base64 or too large before decoding it. */
export function decodeCatalogFile(base64: string): Buffer {
  const text = base64.replace(/\s+/g, '');
  if (text.length > Math.ceil(MAX_CATALOG_FILE_BYTES / 3) * 4) throw new DomainError('CATALOG_FILE_TOO_LARGE', ['input', 'fileBase64'], { max: MAX_CATALOG_FILE_BYTES });
  if (text === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new DomainError('INVALID_BASE64', ['input', 'fileBase64']);
  return Buffer.from(text, 'base64');
}

/**
 * Imports a catalogue of procedures (issue 11): the national database's export or a province's
 * published list. Unlike `upsertProcedures`, a file of thousands of rows is not refused for one bad
 * row: every bad row is reported with its row number and reason, and the good rows are written in
 * one transaction. Whole-file problems (not the format, too large, missing columns) write nothing.
 *
 * A national import (SYSTEM_ADMIN) writes the national data. A province import writes only the
 * province's own times where they differ from the national ones (ProvinceProcessingTimeService),
 * removing a province time the file now gives as the national one; a procedure the catalogue lacks
 * is reported, unless a SYSTEM_ADMIN imports, who creates it from the row and records the row's
 * time as the province's too (it stays the province's when a national import later corrects it).
 */
export class CatalogImportService {
  constructor(
    private readonly orm: MikroORM,
    private readonly procedures: ProcedureService,
    private readonly provinceTimes: ProvinceProcessingTimeService,
    private readonly units: UnitService,
  ) {}

  async import(actor: Actor | null, request: CatalogImportRequest): Promise<CatalogImportReport> {
    const who = await this.authorize(actor, request.provinceCode ?? null);
    const provinceCode = request.provinceCode ?? (who.role === Role.PROVINCE_ADMIN ? who.unitCode : null);
    const decision = request.decision?.trim() || null;
    if (decision && decision.length > MAX_DECISION_LENGTH) throw new DomainError('CATALOG_DECISION_TOO_LONG', ['input', 'decision'], { max: MAX_DECISION_LENGTH });
    const file = Buffer.isBuffer(request.file) ? request.file : decodeCatalogFile(request.file.base64);
    if (file.length > MAX_CATALOG_FILE_BYTES) throw new DomainError('CATALOG_FILE_TOO_LARGE', ['input', 'fileBase64'], { max: MAX_CATALOG_FILE_BYTES });

    const read = request.format === CatalogFormat.XLSX ? { failures: [], ...(await readProvinceXlsx(file)) } : readNationalJson(file);
    const rowCount = read.rows.length + read.failures.length;
    if (rowCount === 0) throw new DomainError('CATALOG_EMPTY', ['input', 'fileBase64']);
    if (rowCount > MAX_CATALOG_ROWS) throw new DomainError('CATALOG_TOO_MANY_ROWS', ['input', 'fileBase64'], { max: MAX_CATALOG_ROWS });

    const failures = [...read.failures, ...duplicateCodes(read.rows)];
    const duplicateRows = new Set(failures.map((f) => f.row));
    const records: CatalogRecord[] = [];
    for (const raw of read.rows) {
      const checked = checkCatalogRow(raw);
      failures.push(...checked.failures);
      if (checked.record && !duplicateRows.has(raw.row)) records.push(checked.record);
    }

    const planFor = () =>
      provinceCode ? this.provincePlan(who, provinceCode, decision, records, failures) : this.nationalPlan(records, failures);
    let plan: Plan;
    if (request.dryRun) {
      plan = await planFor();
    } else {
      plan = await this.orm.em.fork().transactional(async (em) => {
        // One import at a time: the plan is made from what the previous one committed, so two
        // imports of the same new codes cannot both decide to create them.
        await em.execute(`select pg_advisory_xact_lock(hashtext('motcua.catalog-import'))`);
        const planned = await planFor();
        if (planned.procedures.length > 0) await this.procedures.upsert(who, planned.procedures, { em });
        if (planned.times.length > 0) await this.provinceTimes.set(who, provinceCode!, planned.times, { em });
        return planned;
      });
      this.procedures.forgetCached();
    }
    failures.sort((a, b) => a.row - b.row);
    return {
      dryRun: Boolean(request.dryRun),
      provinceCode,
      rows: rowCount,
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      provinceTimes: plan.times.length,
      failedRows: new Set(failures.map((f) => f.row)).size,
      failed: failures,
    };
  }

  /** National import: SYSTEM_ADMIN. Province import: PROVINCE_ADMIN of that province (theirs by default) or SYSTEM_ADMIN. */
  private async authorize(actor: Actor | null, provinceCode: string | null): Promise<Actor> {
    if (!provinceCode) {
      const who = requireActor(actor);
      if (who.role !== Role.PROVINCE_ADMIN) return requireCapability(who, 'manageProcedures');
      if (!who.unitCode) throw new DomainError('FORBIDDEN');
      return this.authorize(who, who.unitCode);
    }
    const who = requireCapability(actor, 'manageProvinceProcedures');
    const province = await this.units.byCode(provinceCode);
    if (!province) throw new DomainError('NOT_FOUND', ['input', 'provinceCode'], { code: provinceCode });
    if (!isProvinceLevel(province.kind)) throw new DomainError('NOT_A_PROVINCE', ['input', 'provinceCode'], { code: provinceCode });
    requireUnitInScope(who, provinceRefOf(province.code), ['input', 'provinceCode']);
    return who;
  }

  private async nationalPlan(records: readonly CatalogRecord[], failures: RowFailure[]): Promise<Plan> {
    const { existing, inputOf } = await this.catalogueFor(records, failures);
    const plan: Plan = { procedures: [], times: [], created: 0, updated: 0, unchanged: 0 };
    for (const record of records) {
      const input = inputOf(record);
      if (!input) continue;
      const current = existing.get(record.code);
      if (!current) plan.created++;
      else if (isUnchanged(current, input)) {
        plan.unchanged++;
        continue;
      } else plan.updated++;
      plan.procedures.push(input);
    }
    return plan;
  }

  private async provincePlan(actor: Actor, provinceCode: string, source: string | null, records: readonly CatalogRecord[], failures: RowFailure[]): Promise<Plan> {
    const { existing, inputOf } = await this.catalogueFor(records, failures);
    const province = (await this.units.byCode(provinceCode))!;
    const overrides = new Map(
      (await this.orm.em.fork().find(ProcedureTimeOverride, { province: province.id })).map((o) => [o.procedure.unwrap().id, o]),
    );
    const plan: Plan = { procedures: [], times: [], created: 0, updated: 0, unchanged: 0 };
    for (const record of records) {
      const current = existing.get(record.code);
      if (!current) {
        if (actor.role !== Role.SYSTEM_ADMIN) {
          failures.push({ row: record.row, procedureCode: record.code, column: null, code: 'UNKNOWN_PROCEDURE', params: { code: record.code } });
          continue;
        }
        const input = inputOf(record);
        if (!input) continue;
        plan.procedures.push(input);
        plan.times.push({ procedureCode: record.code, processingTime: record.time, source });
        plan.created++;
        continue;
      }
      const override = overrides.get(current.id);
      const national = sameTime(record.time, nationalProcessingTime(current));
      const same = override ? !national && sameTime(record.time, override) && (override.source ?? null) === source : national;
      if (same) {
        plan.unchanged++;
        continue;
      }
      plan.times.push({ procedureCode: record.code, processingTime: national ? null : record.time, source });
      plan.updated++;
    }
    return plan;
  }

  /**
   * The procedures the records name, and how a record becomes an upsert input: fields are matched
   * by name ignoring case and diacritics (a file's "HỘ TỊCH" is the existing HO_TICH, which keeps
   * its name), new ones get a code from their name; columns the file lacks keep the current values.
   */
  private async catalogueFor(records: readonly CatalogRecord[], failures: RowFailure[]) {
    const em = this.orm.em.fork();
    const existing = new Map((await em.find(Procedure, { code: { $in: records.map((r) => r.code) } })).map((p) => [p.code, p]));
    const fields = new Map((await em.find(Field, {})).map((f) => [foldForSearch(f.name), f]));
    const inputOf = (record: CatalogRecord): ProcedureInput | null => {
      const field = fields.get(foldForSearch(record.fieldName));
      const fieldCode = field?.code ?? fieldCodeOfName(record.fieldName);
      if (!fieldCode) {
        failures.push({ row: record.row, procedureCode: record.code, column: null, code: 'INVALID_FIELD_NAME', params: { value: record.fieldName } });
        return null;
      }
      const current = existing.get(record.code);
      return {
        code: record.code,
        name: record.name,
        fieldCode,
        fieldName: field?.name ?? record.fieldName,
        level: record.level,
        processingTime: record.time,
        onlineLevel: record.onlineLevel ?? current?.onlineLevel ?? OnlineLevel.NONE,
        feeVnd: record.feeVnd ?? current?.feeVnd ?? 0,
        requiredDocuments: record.documents ?? current?.requiredDocuments ?? [],
        connector: current ? (current.connector ?? null) : (CONNECTOR_OF_FIELD[fieldCode] ?? null),
      };
    };
    return { existing, inputOf };
  }
}

interface Plan {
  procedures: ProcedureInput[];
  times: ProvinceProcessingTimeInput[];
  created: number;
  updated: number;
  unchanged: number;
}

function duplicateCodes(rows: readonly RawCatalogRow[]): RowFailure[] {
  return duplicateCodeFailures(rows.map((r) => ({ row: r.row, code: procedureCodeOf(String(r.cells.code?.value ?? '')) })));
}

function isUnchanged(current: Procedure, input: ProcedureInput): boolean {
  const documents = (input.requiredDocuments ?? []).map((d) => ({ name: d.name.trim(), copies: d.copies, mandatory: d.mandatory }));
  return (
    current.name === input.name.trim() &&
    current.field.unwrap().code === input.fieldCode &&
    current.level === input.level &&
    sameTime(nationalProcessingTime(current), input.processingTime!) &&
    current.onlineLevel === input.onlineLevel &&
    current.feeVnd === (input.feeVnd ?? 0) &&
    isDeepStrictEqual(current.requiredDocuments.map((d) => ({ name: d.name, copies: d.copies, mandatory: d.mandatory })), documents)
  );
}
