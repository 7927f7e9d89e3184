import { normalizePhone } from '../../domain/citizen/personal-data.js';
import { DomainError } from '../../domain/errors.js';

/**
 * The applicant's phone in the international form gateways take (`+84` and the 9 digits after the
 * national 0), or null when it is not a Vietnamese mobile number. Uses the same rule as intake, so
 * anything intake accepted (0912345678, 84912345678, +84 912 345 678) is sendable.
 */
export function gatewayPhoneOf(phone: string): string | null {
  try {
    return `+84${normalizePhone(phone, []).slice(1)}`;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
