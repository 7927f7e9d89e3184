import type { OnlineLevel, ProcedureLevel } from '../procedure/procedure-enums.js';
import type { RequiredDocument } from '../procedure/procedure.entity.js';
import type { ProcessingTime, ProcessingTimeUnit } from '../procedure/processing-time.js';
import { documentsOfText, feeVndOf, mandatoryOf, onlineLevelOf, procedureCodeOf, procedureLevelOf } from './catalog-values.js';
import { parseProcessingTimeText } from './processing-time-text.js';

/** What a catalogue row says, whatever the file's format: the readers map their columns or keys to these. */
export type CatalogColumn = 'code' | 'name' | 'field' | 'level' | 'time' | 'fee' | 'online' | 'documents';

/** A document as a structured export lists it, before checking (ThanhPhanHoSo items). */
export interface RawDocument {
  name: unknown;
  originals: unknown;
  copies: unknown;
  mandatory: unknown;
}

export interface RawCell {
  /** The column title as written in the file, or the JSON key path: named in reports. */
  label: string;
  value: unknown;
}

/** One row as read from a file, not yet checked. */
export interface RawCatalogRow {
  /** The spreadsheet row number (as Excel shows it) or the JSON array index. */
  row: number;
  cells: Partial<Record<CatalogColumn, RawCell>>;
  /** Values given by the group headings above the row ("I. LĨNH VỰC HỘ TỊCH"), used where the row leaves a cell empty. */
  inherited?: { field?: string; level?: string };
  /** The unit a bare number in the time cell stands for (the column title may name it). */
  bareTimeUnit?: ProcessingTimeUnit;
}

/** A checked row. Undefined optional values: the file has no such column (an update keeps the current value). */
export interface CatalogRecord {
  row: number;
  code: string;
  name: string;
  fieldName: string;
  level: ProcedureLevel;
  time: ProcessingTime;
  feeVnd?: number;
  onlineLevel?: OnlineLevel;
  documents?: RequiredDocument[];
}

/** A row that was not imported, and why (one entry per problem). */
export interface RowFailure {
  row: number;
  procedureCode: string | null;
  /** The column title or JSON key at fault; null when the row as a whole is. */
  column: string | null;
  /** Stable code with a vi/en message (src/schema/messages.ts). */
  code: string;
  params: Record<string, string | number>;
}

const MAX_NAME_LENGTH = 2000;
/** Copies of one document: more than this is a typing mistake. */
const MAX_COPIES = 100;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** Text of a scalar cell; objects and arrays have no text (the readers flatten the shapes they know). */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Checks a raw row: a record when every value reads, else every problem found. */
export function checkCatalogRow(raw: RawCatalogRow): { record: CatalogRecord | null; failures: RowFailure[] } {
  const failures: RowFailure[] = [];
  const codeText = textOf(raw.cells.code?.value) ?? '';
  const code = procedureCodeOf(codeText);
  const fail = (column: CatalogColumn | null, reason: string, params: Record<string, string | number> = {}) =>
    failures.push({ row: raw.row, procedureCode: code ?? (codeText || null), column: column ? (raw.cells[column]?.label ?? column) : null, code: reason, params });
  /** The cell's value, or what a heading above gave, or a CATALOG_VALUE_REQUIRED failure. */
  const required = (column: CatalogColumn, inherited?: string): unknown => {
    const value = raw.cells[column]?.value;
    if (!isBlank(value)) return value;
    if (inherited) return inherited;
    fail(column, 'CATALOG_VALUE_REQUIRED', { column: raw.cells[column]?.label ?? column });
    return null;
  };
  const scalar = (column: CatalogColumn, value: unknown): string | null => {
    const text = textOf(value);
    if (text === null && value !== null) fail(column, 'CATALOG_VALUE_NOT_TEXT', { column: raw.cells[column]?.label ?? column });
    return text;
  };

  const codeValue = required('code');
  if (codeValue !== null && !code) fail('code', 'INVALID_PROCEDURE_CODE', { value: codeText });
  const name = scalar('name', required('name'));
  if (name && name.length > MAX_NAME_LENGTH) fail('name', 'CATALOG_TEXT_TOO_LONG', { max: MAX_NAME_LENGTH });
  const fieldName = scalar('field', required('field', raw.inherited?.field));
  const levelText = scalar('level', required('level', raw.inherited?.level));
  const level = levelText === null ? null : procedureLevelOf(levelText);
  if (levelText !== null && !level) fail('level', 'PROCEDURE_LEVEL_UNKNOWN', { value: levelText });

  const timeValue = required('time');
  let time: ProcessingTime | null = null;
  if (typeof timeValue === 'string' || typeof timeValue === 'number') {
    const parsed = parseProcessingTimeText(timeValue, raw.bareTimeUnit);
    if (parsed.ok) time = parsed.time;
    else fail('time', parsed.problem, { value: String(timeValue) });
  } else if (timeValue !== null) {
    fail('time', 'CATALOG_VALUE_NOT_TEXT', { column: raw.cells.time?.label ?? 'time' });
  }

  let feeVnd: number | undefined;
  if (raw.cells.fee) {
    const value = raw.cells.fee.value;
    const fee = isBlank(value) ? 0 : typeof value === 'string' || typeof value === 'number' ? feeVndOf(value) : null;
    if (fee === null) fail('fee', 'FEE_UNPARSEABLE', { value: String(textOf(value) ?? JSON.stringify(value)) });
    else feeVnd = fee;
  }

  let onlineLevel: OnlineLevel | undefined;
  if (raw.cells.online) {
    const value = raw.cells.online.value;
    const online = isBlank(value) ? onlineLevelOf('') : typeof value === 'string' || typeof value === 'number' ? onlineLevelOf(value) : null;
    if (online === null) fail('online', 'ONLINE_LEVEL_UNKNOWN', { value: String(textOf(value) ?? JSON.stringify(value)) });
    else onlineLevel = online;
  }

  const documents = raw.cells.documents ? documentsOf(raw.cells.documents, (reason, params) => fail('documents', reason, params)) : undefined;

  if (failures.length > 0 || !code || !name || !fieldName || !level || !time) return { record: null, failures };
  return {
    record: { row: raw.row, code, name, fieldName, level, time, feeVnd, onlineLevel, documents: documents ?? undefined },
    failures,
  };
}

/** Documents from a text cell or a structured list; null (with failures) when one is unusable. */
function documentsOf(cell: RawCell, fail: (reason: string, params: Record<string, string | number>) => void): RequiredDocument[] | null {
  const value = cell.value;
  if (isBlank(value)) return [];
  if (typeof value === 'string') return documentsOfText(value);
  if (!Array.isArray(value)) {
    fail('CATALOG_VALUE_NOT_TEXT', { column: cell.label });
    return null;
  }
  const documents: RequiredDocument[] = [];
  let ok = true;
  (value as RawDocument[]).forEach((doc, i) => {
    const name = typeof doc.name === 'string' ? doc.name.trim() : '';
    const counts = [doc.originals, doc.copies].map((n) => (isBlank(n) ? 0 : typeof n === 'string' ? Number(n.trim()) : n));
    const mandatory = mandatoryOf(doc.mandatory);
    if (name === '') fail('DOCUMENT_NAME_REQUIRED', { index: i });
    const countsOk = counts.every((n) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_COPIES);
    if (!countsOk) fail('INVALID_COPIES', { index: i });
    if (mandatory === null) fail('DOCUMENT_MANDATORY_UNKNOWN', { index: i, value: String(doc.mandatory) });
    if (name === '' || mandatory === null || !countsOk) {
      ok = false;
      return;
    }
    const total = (counts[0] as number) + (counts[1] as number);
    documents.push({ name, copies: total > 0 ? total : 1, mandatory });
  });
  return ok ? documents : null;
}

/** Reports the second and later rows of a code already seen in the file (the first one stands). */
export function duplicateCodeFailures(rows: readonly { row: number; code: string | null }[]): RowFailure[] {
  const first = new Map<string, number>();
  const failures: RowFailure[] = [];
  for (const { row, code } of rows) {
    if (!code) continue;
    const seen = first.get(code);
    if (seen === undefined) first.set(code, row);
    else failures.push({ row, procedureCode: code, column: null, code: 'DUPLICATE_IN_FILE', params: { code, firstRow: seen } });
  }
  return failures;
}
