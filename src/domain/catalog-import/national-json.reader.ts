import { DomainError } from '../errors.js';
import type { CatalogColumn, RawCatalogRow, RawDocument, RowFailure } from './catalog-row.js';

/**
 * Reads the national database's JSON export (Cơ sở dữ liệu quốc gia về TTHC): an array of procedure
 * records with the portal's Vietnamese keys (MaTTHC, TenTTHC, LinhVuc {MaLinhVuc, TenLinhVuc},
 * CapThucHien, ThoiHanGiaiQuyet, PhiLePhi, MucDo, ThanhPhanHoSo [...]). Exports differ in key case
 * and separators (MaTTHC, MA_TTHC, maTTHC) and in nesting (a field as an object, a list or a name),
 * so keys are matched ignoring case and separators and the known shapes are flattened here; what a
 * value means is decided by catalog-row.ts. The accepted keys are listed in docs/catalog.md.
 */
const KEYS: Readonly<Record<CatalogColumn, readonly string[]>> = {
  code: ['matthc', 'mathutuc', 'mathutuchanhchinh'],
  name: ['tentthc', 'tenthutuc', 'tenthutuchanhchinh'],
  field: ['linhvuc', 'tenlinhvuc'],
  level: ['capthuchien'],
  time: ['thoihangiaiquyet', 'thoigiangiaiquyet'],
  fee: ['philephi', 'lephi'],
  online: ['mucdo', 'mucdodvc', 'mucdodvctt', 'dvctructuyen', 'dichvucongtructuyen'],
  documents: ['thanhphanhoso'],
};
/** How reports name a key the record lacks. */
const CANONICAL: Readonly<Record<CatalogColumn, string>> = {
  code: 'MaTTHC', name: 'TenTTHC', field: 'LinhVuc', level: 'CapThucHien', time: 'ThoiHanGiaiQuyet',
  fee: 'PhiLePhi', online: 'MucDo', documents: 'ThanhPhanHoSo',
};
/** Optional keys: absent, an update keeps the procedure's current value. */
const OPTIONAL: ReadonlySet<CatalogColumn> = new Set(['fee', 'online', 'documents']);
/** Wrappers some exports put around the array. */
const ARRAY_KEYS = ['data', 'items', 'result', 'danhsachtthc', 'thutuchanhchinh'];
const FIELD_NAME_KEYS = ['tenlinhvuc', 'ten'];
const LEVEL_NAME_KEYS = ['tencapthuchien', 'tencap', 'ten'];
const FEE_KEYS = ['mucphi', 'sotien', 'mota'];
const DOCUMENT_KEYS = { name: ['tengiayto', 'ten'], originals: ['sobanchinh'], copies: ['sobansao'], mandatory: ['batbuoc'] };

type Json = Record<string, unknown>;

const keyOf = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first of `aliases` present in the record, with the key as written there. */
function pick(record: Json, aliases: readonly string[]): { key: string; value: unknown } | null {
  for (const alias of aliases) {
    const key = Object.keys(record).find((k) => keyOf(k) === alias);
    if (key !== undefined) return { key, value: record[key] };
  }
  return null;
}

/** A name from a name, an object holding it, or the first of a list of either. */
function nameIn(value: unknown, keys: readonly string[]): unknown {
  if (Array.isArray(value)) return value.length === 0 ? null : nameIn(value[0], keys);
  return isObject(value) ? (pick(value, keys)?.value ?? null) : value;
}

const FLATTEN: Partial<Record<CatalogColumn, (value: unknown) => unknown>> = {
  field: (v) => nameIn(v, FIELD_NAME_KEYS),
  // Every level listed: "Cấp Tỉnh, Cấp Xã".
  level: (v) => (Array.isArray(v) ? v.map((l) => nameIn(l, LEVEL_NAME_KEYS)).filter((l) => typeof l === 'string').join(', ') : nameIn(v, LEVEL_NAME_KEYS)),
  fee: (v) => nameIn(v, FEE_KEYS),
  documents: (v) =>
    Array.isArray(v)
      ? v.map((d): RawDocument =>
          isObject(d)
            ? {
                name: pick(d, DOCUMENT_KEYS.name)?.value,
                originals: pick(d, DOCUMENT_KEYS.originals)?.value,
                copies: pick(d, DOCUMENT_KEYS.copies)?.value,
                mandatory: pick(d, DOCUMENT_KEYS.mandatory)?.value,
              }
            : { name: d, originals: null, copies: null, mandatory: null },
        )
      : v,
};

function recordsOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (isObject(document)) {
    const wrapped = pick(document, ARRAY_KEYS);
    if (wrapped && Array.isArray(wrapped.value)) return wrapped.value;
  }
  throw new DomainError('CATALOG_NOT_JSON', ['input', 'fileBase64']);
}

export function readNationalJson(file: Buffer): { rows: RawCatalogRow[]; failures: RowFailure[] } {
  let document: unknown;
  try {
    document = JSON.parse(file.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new DomainError('CATALOG_NOT_JSON', ['input', 'fileBase64']);
  }
  const rows: RawCatalogRow[] = [];
  const failures: RowFailure[] = [];
  recordsOf(document).forEach((record, index) => {
    if (!isObject(record)) {
      failures.push({ row: index, procedureCode: null, column: null, code: 'CATALOG_ROW_NOT_OBJECT', params: {} });
      return;
    }
    const cells: RawCatalogRow['cells'] = {};
    for (const column of Object.keys(KEYS) as CatalogColumn[]) {
      const found = pick(record, KEYS[column]);
      if (!found) {
        if (!OPTIONAL.has(column)) cells[column] = { label: CANONICAL[column], value: undefined };
        continue;
      }
      const flatten = FLATTEN[column];
      cells[column] = { label: found.key, value: flatten ? flatten(found.value) : found.value };
    }
    rows.push({ row: index, cells });
  });
  return { rows, failures };
}
