import { DomainError } from '../errors.js';

/**
 * Citizen id (CCCD): 12 digits = province of birth registration (old codes 001-096), a
 * century/sex digit (0-3 for 1900-2099), two digits of the year of birth and six digits.
 * There is no check digit, so the shape and the plausible birth year are all that can be verified.
 */
const CITIZEN_ID_RE = /^(\d{3})([0-3])(\d{2})(\d{6})$/;

export function isValidCitizenId(value: string, now: Date = new Date()): boolean {
  const m = CITIZEN_ID_RE.exec(value);
  if (!m) return false;
  const province = Number(m[1]);
  if (province < 1 || province > 96) return false;
  const century = Number(m[2]) < 2 ? 1900 : 2000;
  return century + Number(m[3]) <= now.getUTCFullYear();
}

/** Throws INVALID_CITIZEN_ID (blaming `field`) unless the value is a well-formed citizen id. */
export function assertCitizenId(value: string, field: readonly string[]): string {
  if (!isValidCitizenId(value)) throw new DomainError('INVALID_CITIZEN_ID', field);
  return value;
}

/** All but the last 4 characters replaced by `*`: "079203001234" -> "********1234". */
export function maskTail4(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}
