import { DomainError } from '../errors.js';

/**
 * Personal data rules (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): applicant names, citizen ids and
 * phones are shown in clear only to staff of the dossier's unit (and to the applicant), masked for
 * everyone else, and never written to logs.
 */

const PHONE_RE = /^(?:\+84|84|0)(\d{9})$/;

/** Normalizes a Vietnamese phone number to its 10-digit national form, or throws INVALID_PHONE. */
export function normalizePhone(value: string, field: readonly string[]): string {
  const m = PHONE_RE.exec(value.replace(/[\s.-]/g, ''));
  if (!m) throw new DomainError('INVALID_PHONE', field);
  return `0${m[1]}`;
}

/** Trims and checks an applicant's full name (1..200 characters, no control characters). */
export function normalizeFullName(value: string, field: readonly string[]): string {
  const name = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (name.length === 0 || name.length > 200 || /\p{Cc}/u.test(name)) {
    throw new DomainError('INVALID_FULL_NAME', field);
  }
  return name;
}

/** "Nguyễn Văn An" -> "N***** V** A*": keeps the initials so that an applicant can recognise it. */
export function maskFullName(name: string): string {
  return name
    .split(' ')
    .map((word) => {
      const chars = [...word];
      return chars.length === 0 ? '' : chars[0] + '*'.repeat(chars.length - 1);
    })
    .join(' ');
}
