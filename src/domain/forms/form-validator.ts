import type { Procedure } from '../procedure/procedure.entity.js';

/**
 * Checks a procedure's e-form data (implemented by EForms). Intake and import depend on this
 * interface only, so the dossier code does not import the form engine; null: accept any object.
 */
export interface FormValidator {
  /** Throws FORM_INVALID refusals, each with the bad field's path under `basePath`. */
  validate(procedure: Procedure, formData: Record<string, unknown> | null, basePath: readonly string[]): void;
}
