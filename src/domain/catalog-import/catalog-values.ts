import { OnlineLevel, ProcedureLevel } from '../procedure/procedure-enums.js';
import type { RequiredDocument } from '../procedure/procedure.entity.js';
import { foldForSearch } from '../text/search-text.js';

/**
 * The meaning of the catalogue's cells as the national database and provinces write them: codes,
 * levels, online levels, fees and documents (times are processing-time-text.ts). Pure functions,
 * shared by the JSON and spreadsheet readers; each returns null for a value it cannot read, and the
 * row reader reports it. docs/catalog.md lists the accepted wordings.
 */

/** `1.001193`, or the portal's long form `1.001193.000.00.00.H12` (the province suffix is dropped). */
const CODE_WITH_SUFFIX = /^(\d\.\d{6})(?:\.[0-9A-Za-z]+)*$/;
const FIELD_CODE_RE = /^[A-Z][A-Z0-9_]{1,39}$/;
/** The fee column is an int4; nothing a procedure costs comes near it. */
export const MAX_FEE_VND = 1_000_000_000;

export function procedureCodeOf(text: string): string | null {
  return CODE_WITH_SUFFIX.exec(text.trim())?.[1] ?? null;
}

/** The code a field gets from its name ("Hộ tịch" -> HO_TICH), the form the seeded fields have. */
export function fieldCodeOfName(name: string): string | null {
  const code = foldForSearch(name).toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40).replace(/_+$/, '');
  return FIELD_CODE_RE.test(code) ? code : null;
}

/**
 * "Cấp Tỉnh", "Cấp Xã", "UBND cấp xã", "Cấp xã, phường, đặc khu"; both levels listed gives COMMUNE:
 * the procedure is then filed at the commune, the nearer center (the provincial center receives any).
 * "Cấp Huyện" (abolished on 1 July 2025), "Cấp Bộ" and anything else: null.
 */
export function procedureLevelOf(text: string): ProcedureLevel | null {
  const parts = foldForSearch(text).split(/[,;/\n]|\bva\b|\bhoac\b/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  const levels = new Set<ProcedureLevel>();
  for (const part of parts) {
    if (/\b(?:tinh|thanh pho truc thuoc trung uong)\b/.test(part)) levels.add(ProcedureLevel.PROVINCE);
    else if (/\b(?:xa|phuong|dac khu|thi tran)\b/.test(part)) levels.add(ProcedureLevel.COMMUNE);
    else return null;
  }
  return levels.has(ProcedureLevel.COMMUNE) ? ProcedureLevel.COMMUNE : ProcedureLevel.PROVINCE;
}

/** "Toàn trình" / "Mức độ 4" -> FULL, "Một phần" / "Mức độ 3" -> PARTIAL, empty, "Không", levels 1-2 -> NONE. */
export function onlineLevelOf(text: string | number): OnlineLevel | null {
  const folded = foldForSearch(String(text)).replace(/^(?:dich vu cong truc tuyen|dvc truc tuyen|dvctt|dvc)\s*/, '');
  if (/^(?:toan trinh|(?:muc do )?4)$/.test(folded)) return OnlineLevel.FULL;
  if (/^(?:mot phan|(?:muc do )?3)$/.test(folded)) return OnlineLevel.PARTIAL;
  if (/^(?:|khong|khong co|-|(?:muc do )?[12]|truc tiep|cung cap thong tin(?: truc tuyen)?)$/.test(folded)) return OnlineLevel.NONE;
  return null;
}

/**
 * A fee in whole VND: "8.000 đồng/bản" 8000, "50.000đ" 50000, "1.000.000 VNĐ", a bare "8000" or
 * "8.000", and "Miễn phí", "Không", "Không thu", empty 0. When a text names several amounts
 * ("Lệ phí: Miễn; Phí cấp bản sao: 8.000 đồng/bản") the first amount is the fee. Negative
 * amounts, decimals and words without an amount ("theo quy định") are refused (null).
 */
export function feeVndOf(input: string | number): number | null {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 0 && input <= MAX_FEE_VND ? input : null;
  const folded = foldForSearch(input);
  const bare = /^(-?)(\d{1,3}(?:[.,]\d{3})+|\d+)$/.exec(folded);
  const withCurrency = bare ?? /(?<![\d.,])(-?)(\d{1,3}(?:[., ]\d{3})+|\d+)\s*(?:dong|d|vnd)\b/.exec(folded);
  if (withCurrency) {
    if (withCurrency[1] === '-') return null;
    const amount = Number(withCurrency[2]!.replace(/[., ]/g, ''));
    return amount <= MAX_FEE_VND ? amount : null;
  }
  if (folded === '' || folded === '0' || /^(?:-|khong)$/.test(folded) || /\b(?:mien|khong thu|khong co|khong mat)\b/.test(folded)) return 0;
  return null;
}

/** Yes/no as exports write it: true/false, 1/0, "Có"/"Không", "x"; absent means mandatory. */
export function mandatoryOf(value: unknown): boolean | null {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  const folded = foldForSearch(String(value));
  if (/^(?:co|x|1|true|bat buoc)$/.test(folded)) return true;
  if (/^(?:khong|0|false|neu co)$/.test(folded)) return false;
  return null;
}

/**
 * Documents from a spreadsheet cell: one a line (or separated by ";"), bullets and numbering
 * dropped; "(02 bản)" or "(01 bản chính và 01 bản sao)" gives the copies (their sum, 1 when none is
 * said) and "(nếu có)" makes it optional; those remarks leave the name, so that the name reads as the
 * national export gives it and a re-import from either format compares equal.
 */
export function documentsOfText(text: string): RequiredDocument[] {
  return text
    .split(/\r?\n|;/)
    .map((line) => line.replace(/^\s*(?:[-+•*–]|\d+[.)]|[a-zđ][.)])\s*/iu, '').trim().replace(/[.,]$/, ''))
    .filter((line) => line !== '')
    .map((line) => {
      let copies = 0;
      let mandatory = true;
      const name = line.replace(/\s*\(([^()]*)\)/g, (remark, inner: string) => {
        const folded = foldForSearch(inner);
        if (folded === 'neu co') mandatory = false;
        else if (/\d+\s*ban\b/.test(folded)) copies += [...folded.matchAll(/(\d+)\s*ban\b/g)].reduce((sum, m) => sum + Number(m[1]), 0);
        else return remark;
        return '';
      }).trim();
      return { name: name || line, copies: copies > 0 ? copies : 1, mandatory };
    });
}

/** Title case for names shouted in group headings: "HỘ TỊCH" -> "Hộ tịch". */
export function sentenceCase(text: string): string {
  const lower = text.trim().toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}
