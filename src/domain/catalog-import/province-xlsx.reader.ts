import ExcelJS from 'exceljs';
import { DomainError } from '../errors.js';
import { foldForSearch } from '../text/search-text.js';
import type { CatalogColumn, RawCatalogRow } from './catalog-row.js';
import { procedureCodeOf, sentenceCase } from './catalog-values.js';
import { bareUnitOfTitle } from './processing-time-text.js';

/**
 * Reads the list of procedures a province publishes with its decision (danh mục TTHC kèm Quyết
 * định công bố của Chủ tịch UBND tỉnh). Those lists are typed by hand in Excel: title rows above
 * the table, the columns in the order each province likes, titles with or without diacritics,
 * line breaks and parentheses, and merged group rows ("A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH",
 * "I. LĨNH VỰC HỘ TỊCH") that give the level and the field of the rows below them. So columns are
 * found by title, the header row by looking for it, and group rows are read, not reported.
 */
const TITLES: Readonly<Record<CatalogColumn, readonly string[]>> = {
  code: ['ma tthc', 'ma thu tuc', 'ma thu tuc hanh chinh', 'ma so tthc', 'ma so thu tuc', 'ma so'],
  name: ['ten thu tuc hanh chinh', 'ten thu tuc', 'ten tthc', 'thu tuc hanh chinh'],
  field: ['linh vuc'],
  level: ['cap thuc hien', 'cap giai quyet'],
  time: ['thoi han giai quyet', 'thoi gian giai quyet'],
  fee: ['phi le phi', 'le phi', 'phi'],
  online: ['muc do dvctt', 'muc do dich vu cong truc tuyen', 'dich vu cong truc tuyen', 'dvc truc tuyen', 'muc do dvc', 'muc do'],
  documents: ['thanh phan ho so'],
};
/** The titles reports use for a missing column. */
export const COLUMN_TITLES: Readonly<Record<CatalogColumn, string>> = {
  code: 'Mã TTHC', name: 'Tên thủ tục hành chính', field: 'Lĩnh vực', level: 'Cấp thực hiện',
  time: 'Thời hạn giải quyết', fee: 'Phí, lệ phí', online: 'Mức độ DVCTT', documents: 'Thành phần hồ sơ',
};
const REQUIRED: readonly CatalogColumn[] = ['code', 'name', 'field', 'level', 'time'];
/** Title rows above the table: the header is looked for this far down. */
const HEADER_SEARCH_ROWS = 30;

const titleKey = (text: string) => foldForSearch(text.replace(/\([^)]*\)/g, ' ')).replace(/[^a-z0-9]+/g, ' ').trim();

/** The column a title names: exact titles first, then the longest title it starts with. */
function columnOfTitle(text: string): CatalogColumn | null {
  const key = titleKey(text);
  if (key === '') return null;
  const entries = Object.entries(TITLES) as [CatalogColumn, readonly string[]][];
  const exact = entries.find(([, titles]) => titles.includes(key));
  if (exact) return exact[0];
  let best: [CatalogColumn, number] | null = null;
  for (const [column, titles] of entries) {
    for (const title of titles) if (key.startsWith(`${title} `) && (!best || title.length > best[1])) best = [column, title.length];
  }
  return best?.[0] ?? null;
}

/** A cell's value as text or number: rich text joined, formulas by their result, hyperlinks by their text. */
function cellValue(value: ExcelJS.CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return cellValue(value.richText.map((r) => r.text).join(''));
  if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value) return cellValue(value.text as ExcelJS.CellValue);
  return null;
}

interface Header {
  rowNumber: number;
  columns: Map<CatalogColumn, { index: number; title: string }>;
}

function findHeader(sheet: ExcelJS.Worksheet): Header {
  let best: Header = { rowNumber: 0, columns: new Map() };
  for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS); r++) {
    const columns = new Map<CatalogColumn, { index: number; title: string }>();
    sheet.getRow(r).eachCell((cell, index) => {
      const title = cellValue(cell.value);
      const column = typeof title === 'string' ? columnOfTitle(title) : null;
      if (column && !columns.has(column)) columns.set(column, { index, title: title as string });
    });
    if (columns.size > best.columns.size) best = { rowNumber: r, columns };
  }
  return best;
}

/** Level or field named by a group row, or null for other one-text rows (titles, totals, notes). */
function headingOf(text: string): { level?: string; field?: string } | null {
  const nfc = text.normalize('NFC').trim();
  const folded = foldForSearch(nfc);
  if (/\bcap tinh\b/.test(folded)) return { level: 'Cấp tỉnh' };
  if (/\bcap xa\b/.test(folded)) return { level: 'Cấp xã' };
  const field = /lĩnh\s*vực\s*:?\s*(.+)$/iu.exec(nfc)?.[1] ?? /^[IVXLC]+\.\s*(.+)$/u.exec(nfc)?.[1];
  return field ? { field: sentenceCase(field) } : null;
}

/** Numbering in an STT cell: "I", "II.", "A", "3". */
const ORDINAL = /^(?:[IVXLC]+|[A-Z]|\d+)[.)]?$/;

/**
 * Whether a row is a group or other non-procedure row, updating the headings' level and field.
 * Such a row has no procedure code and one text besides its numbering: a merged row repeats it in
 * every cell; a split one has "I" in STT and "Lĩnh vực Hộ tịch" beside it. A row numbered with a
 * plain number is a procedure row even without a code (then reported); other one-text rows
 * (titles, totals, notes) and rows of numbering alone are skipped.
 */
function isGroupRow(texts: ReadonlySet<string>, code: string | number | null, inherited: { field?: string; level?: string }): boolean {
  if (code !== null && procedureCodeOf(String(code))) return false;
  const content = [...texts].filter((t) => !ORDINAL.test(t));
  if (content.length > 1) return false;
  const marker = [...texts].find((t) => ORDINAL.test(t))?.replace(/[.)]$/, '');
  if (content.length === 0) return true;
  const heading = headingOf(marker ? `${marker}. ${content[0]}` : content[0]!);
  if (heading?.level) {
    inherited.level = heading.level;
    delete inherited.field;
  } else if (heading?.field) {
    inherited.field = heading.field;
  }
  return heading !== null || !/^\d+$/.test(marker ?? '');
}

export async function readProvinceXlsx(file: Buffer): Promise<{ rows: RawCatalogRow[] }> {
  // A zip archive starts with "PK\x03\x04"; anything else is not an xlsx (an old .xls, a CSV, a PDF).
  if (file.length < 4 || file.readUInt32LE(0) !== 0x04034b50) throw new DomainError('CATALOG_NOT_XLSX', ['input', 'fileBase64']);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch {
    throw new DomainError('CATALOG_NOT_XLSX', ['input', 'fileBase64']);
  }
  const sheets = workbook.worksheets.map((sheet) => ({ sheet, header: findHeader(sheet) }));
  const found = sheets.sort((a, b) => b.header.columns.size - a.header.columns.size)[0];
  if (!found) throw new DomainError('CATALOG_NOT_XLSX', ['input', 'fileBase64']);
  const { sheet, header } = found;

  const rows: RawCatalogRow[] = [];
  const inherited: { field?: string; level?: string } = {};
  let headingFields = false;
  let headingLevels = false;
  const codeIndex = header.columns.get('code')?.index;
  const timeTitle = header.columns.get('time')?.title;
  const bareTimeUnit = timeTitle ? bareUnitOfTitle(timeTitle) : undefined;
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= header.rowNumber) return;
    const texts = new Set<string>();
    row.eachCell((cell) => {
      const value = cellValue(cell.value);
      if (value !== null) texts.add(String(value));
    });
    if (texts.size === 0) return;
    // The "(1) (2) (3)" row some decisions put under the titles.
    if (texts.size > 2 && [...texts].every((t) => /^\(?\d+\)?$/.test(t))) return;
    if (isGroupRow(texts, codeIndex === undefined ? null : cellValue(row.getCell(codeIndex).value), inherited)) {
      headingFields ||= inherited.field !== undefined;
      headingLevels ||= inherited.level !== undefined;
      return;
    }
    const cells: RawCatalogRow['cells'] = {};
    for (const [column, { index, title }] of header.columns) cells[column] = { label: title, value: cellValue(row.getCell(index).value) };
    rows.push({ row: rowNumber, cells, inherited: { ...inherited }, bareTimeUnit });
  });

  const missing = REQUIRED.filter(
    (c) => !header.columns.has(c) && !(c === 'field' && headingFields) && !(c === 'level' && headingLevels),
  );
  if (missing.length > 0) {
    throw new DomainError('CATALOG_MISSING_COLUMNS', ['input', 'fileBase64'], { columns: missing.map((c) => COLUMN_TITLES[c]).join(', ') });
  }
  for (const row of rows) {
    // Columns the table lacks but headings give: reported under their usual title.
    for (const column of ['field', 'level'] as const) row.cells[column] ??= { label: COLUMN_TITLES[column], value: null };
  }
  return { rows };
}
