import { DomainErrors } from '../src/domain/errors.js';
import { EForms } from '../src/domain/forms/e-forms.js';
import { compileDetached, createFormAjv } from '../src/domain/forms/form-ajv.js';
import type { Procedure } from '../src/domain/procedure/procedure.entity.js';
import { demoFormData } from '../src/db/seed/demo-form-data.js';
import { DEMO_FORMS } from '../src/db/seed/demo-forms.js';
import { prng } from '../src/db/seed/demo-people.js';

/**
 * E-form validation at intake (issue 6): the compiled-form cache of `EForms` against the baseline
 * of compiling the procedure's schema on every request (what validating a freshly loaded schema
 * object with Ajv does). Same forms, same data, same process; printed as time per validation and
 * the ratio.
 */
const ITERATIONS = 3000;

function measure(label: string, iterations: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(200, iterations); i++) fn(i); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  const microsPerOp = Number(process.hrtime.bigint() - started) / 1000 / iterations;
  process.stdout.write(`${label.padEnd(52)} ${microsPerOp.toFixed(1).padStart(9)} µs/validation\n`);
  return microsPerOp;
}

export async function run(): Promise<void> {
  const codes = Object.keys(DEMO_FORMS);
  const procedures = codes.map((code, i) => ({ id: i + 1, code, updatedAt: new Date(0), formSchema: DEMO_FORMS[code] }) as Procedure);
  const applicant = { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: '0912345678' };
  const random = prng(42);
  const samples = Array.from({ length: 500 }, (_, i) => {
    const procedure = procedures[i % procedures.length]!;
    const data = demoFormData(procedure.code, applicant, new Date('2026-03-02T09:00:00+07:00'), random)!;
    // One in five is wrong (a required field missing), as real filings sometimes are.
    if (i % 5 === 0) delete data[Object.keys(data)[0]!];
    return { procedure, data };
  });
  const check = (validate: () => void) => {
    try {
      validate();
    } catch (error) {
      if (!(error instanceof DomainErrors)) throw error;
    }
  };

  process.stdout.write(`e-form validation, ${codes.length} demo forms, ${samples.length} filings (20 % invalid)\n`);
  const ajv = createFormAjv();
  const baseline = measure('baseline: compile the schema on every request', ITERATIONS / 10, (i) => {
    const { procedure, data } = samples[i % samples.length]!;
    const validate = compileDetached(ajv, structuredClone(procedure.formSchema!));
    validate(data);
  });
  const forms = new EForms();
  const cached = measure('EForms: compiled once per procedure version, cached', ITERATIONS * 10, (i) => {
    const { procedure, data } = samples[i % samples.length]!;
    check(() => forms.validate(procedure, data, ['input', 'formData']));
  });
  process.stdout.write(`ratio: the cache validates ${(baseline / cached).toFixed(0)}x faster than compiling per request\n`);
}
