import { isValidProcessingTime, ProcessingTimeUnit, type ProcessingTime } from '../procedure/processing-time.js';
import { foldForSearch } from '../text/search-text.js';

/**
 * Reads a processing time as provinces and the national database word it ("03 ngày làm việc",
 * "Trong ngày", "04 giờ làm việc", "Nửa ngày làm việc", "1,5 ngày làm việc", "30 ngày") into a
 * ProcessingTime. Shared by every catalogue reader so that the same words always mean the same time.
 *
 * Published texts often go on after the time ("03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ;
 * trường hợp cần xác minh thì không quá 05 ngày làm việc"): the first statement is the ordinary
 * time and is the one read; the rest (cases, conditions) is for people. docs/catalog.md lists the rules.
 */
export type TimeTextProblem =
  /** No time could be read at all ("theo quy định", "abc"). */
  | 'PROCESSING_TIME_UNPARSEABLE'
  /** A number with a unit that is not a processing-time unit ("3 tháng", "2 tuần", "24 giờ"). */
  | 'PROCESSING_TIME_UNIT_UNKNOWN'
  /** A time no procedure can have: zero or negative, a fraction of a unit, more than a year. */
  | 'PROCESSING_TIME_OUT_OF_RANGE';

export type TimeTextResult = { ok: true; time: ProcessingTime } | { ok: false; problem: TimeTextProblem };

/** Calendar days allowed at most: `isValidProcessingTime` allows two years, a catalogue entry one. */
const MAX_CALENDAR_DAYS = 365;

/** Where the ordinary time stops and the conditions begin. */
const END_OF_FIRST_STATEMENT = /[;(\n]|,\s|\s-\s|\bke tu\b|\btruong hop\b|\bdoi voi\b|\bsau khi\b/;
const LEADING_WORDS = /^(?:(?:thoi han giai quyet|thoi han|giai quyet|trong vong|trong thoi han|trong|khong qua|toi da|la)[:\s]+)+/;
const SAME_DAY = /^(?:ngay |giai quyet |tra ket qua )?(?:trong (?:ngay|ngay lam viec|buoi lam viec)|ngay)$/;
const HALF_DAY = /^(?:trong )?(?:nua|1\/2) ngay(?: lam viec)?$/;
const AMOUNT = /^(-?\s*\d+(?:[.,]\d+)?)\s*(.*)$/;

const fail = (problem: TimeTextProblem): TimeTextResult => ({ ok: false, problem });

function checked(time: ProcessingTime): TimeTextResult {
  const tooLong = time.unit === ProcessingTimeUnit.CALENDAR_DAYS && time.value > MAX_CALENDAR_DAYS;
  return isValidProcessingTime(time) && !tooLong ? { ok: true, time } : fail('PROCESSING_TIME_OUT_OF_RANGE');
}

/**
 * A time from a number and the words after it. A bare number (a number-formatted spreadsheet cell,
 * or a JSON number) is whole working days, the national default unit: `bareUnit` says otherwise
 * when the column title names the unit ("Thời hạn giải quyết (ngày)").
 */
function fromAmount(amount: number, words: string, bareUnit: ProcessingTimeUnit): TimeTextResult {
  const unit = words === '' ? bareUnit : unitOf(words);
  if (!unit) return fail('PROCESSING_TIME_UNIT_UNKNOWN');
  if (amount <= 0) return fail('PROCESSING_TIME_OUT_OF_RANGE');
  if (unit === ProcessingTimeUnit.WORKING_DAYS && !Number.isInteger(amount)) {
    // "1,5 ngày làm việc" is three half days; "1,3 ngày" is no published time.
    return Number.isInteger(amount * 2) ? checked({ value: amount * 2, unit: ProcessingTimeUnit.HALF_WORKING_DAYS }) : fail('PROCESSING_TIME_OUT_OF_RANGE');
  }
  if (!Number.isInteger(amount)) return fail('PROCESSING_TIME_OUT_OF_RANGE');
  return checked({ value: amount, unit });
}

/** The unit a folded wording names; "giờ" alone is refused: clock hours and working hours differ. */
function unitOf(words: string): ProcessingTimeUnit | null {
  if (/^ngay lam viec\b/.test(words)) return ProcessingTimeUnit.WORKING_DAYS;
  if (/^gio lam viec\b/.test(words)) return ProcessingTimeUnit.WORKING_HOURS;
  if (/^buoi lam viec\b/.test(words)) return ProcessingTimeUnit.HALF_WORKING_DAYS;
  if (/^ngay(?: |$)/.test(words) && !/^ngay (?:lam|tiep)/.test(words)) return ProcessingTimeUnit.CALENDAR_DAYS;
  return null;
}

export function parseProcessingTimeText(input: string | number, bareUnit: ProcessingTimeUnit = ProcessingTimeUnit.WORKING_DAYS): TimeTextResult {
  if (typeof input === 'number') return Number.isFinite(input) ? fromAmount(input, '', bareUnit) : fail('PROCESSING_TIME_UNPARSEABLE');
  const folded = foldForSearch(input).replace(/\.$/, '');
  const first = folded.split(END_OF_FIRST_STATEMENT)[0]!.trim().replace(/\.$/, '').trim();
  const head = first.replace(LEADING_WORDS, '').trim();
  if (SAME_DAY.test(first) || SAME_DAY.test(head)) return { ok: true, time: { value: 0, unit: ProcessingTimeUnit.SAME_DAY } };
  if (HALF_DAY.test(head)) return { ok: true, time: { value: 1, unit: ProcessingTimeUnit.HALF_WORKING_DAYS } };
  const match = AMOUNT.exec(head);
  if (!match) return fail('PROCESSING_TIME_UNPARSEABLE');
  const amount = Number(match[1]!.replace(/\s/g, '').replace(',', '.'));
  return fromAmount(amount, match[2]!.trim(), bareUnit);
}

/** The unit a column title names for its bare numbers: "Thời hạn giải quyết (ngày)" means calendar days. */
export function bareUnitOfTitle(title: string): ProcessingTimeUnit {
  const hint = /\(([^)]*)\)/.exec(foldForSearch(title))?.[1]?.trim() ?? '';
  return unitOf(hint) ?? ProcessingTimeUnit.WORKING_DAYS;
}
