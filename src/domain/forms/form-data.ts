import { DomainError } from '../errors.js';

/** Form data arrives as free JSON; anything but an object (or nothing) is refused before validation. */
export function formDataOf(value: unknown, path: readonly string[]): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError('BAD_USER_INPUT', path, { reason: 'INVALID_FORM_DATA' });
  }
  return value as Record<string, unknown>;
}
