/**
 * CSV for people who open it in a spreadsheet: UTF-8 with a byte order mark (Excel otherwise
 * reads Vietnamese as mojibake), CRLF line ends and RFC 4180 quoting. Text cells that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) are prefixed with an apostrophe;
 * numbers are written as numbers.
 */
export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole document: BOM, header line, one line per row. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let text = UTF8_BOM + csvLine(header);
  for (const row of rows) text += csvLine(row);
  return text;
}
