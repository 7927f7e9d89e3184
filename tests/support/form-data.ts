import { demoFormData, type DemoApplicant } from '../../src/db/seed/demo-form-data.js';
import { prng } from '../../src/db/seed/demo-people.js';

/**
 * Valid e-form data for a demo procedure with a form (1.001193, 1.004873, 1.001612, 2.000815,
 * 1.000656), as a citizen filing online must send; null for procedures without a form.
 */
export function validFormData(
  procedureCode: string,
  applicant: DemoApplicant = { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: '0912345678' },
  filedAt: Date = new Date('2026-03-02T09:00:00+07:00'),
): Record<string, unknown> | null {
  return demoFormData(procedureCode, applicant, filedAt, prng(1));
}
