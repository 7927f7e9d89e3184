import { DomainError } from '../errors.js';

/**
 * Form data is personal data kept with the dossier and sent on to specialized systems: a form's
 * answers fit in a few kilobytes (documents are attached elsewhere), so anything far larger is
 * refused rather than stored, whether or not the procedure has a form that would catch it.
 */
const MAX_FORM_DATA_BYTES = 64 * 1024;

/** Form data arrives as free JSON; anything but an object (or nothing), or too big, is refused before validation. */
export function formDataOf(value: unknown, path: readonly string[]): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError('BAD_USER_INPUT', path, { reason: 'INVALID_FORM_DATA' });
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_FORM_DATA_BYTES) {
    throw new DomainError('BAD_USER_INPUT', path, { reason: 'FORM_DATA_TOO_LARGE', max: MAX_FORM_DATA_BYTES });
  }
  return value as Record<string, unknown>;
}
