import { ProcessingTimeUnit } from '../../../src/domain/procedure/processing-time.js';
import { inputProcessingTime } from '../../../src/domain/procedure/procedure.service.js';
import { VIETNAM_CALENDAR_2025_2027 } from '../../../src/domain/calendar/vietnam-holidays.js';
import { WorkingCalendar } from '../../../src/domain/calendar/working-calendar.js';
import { DomainError, DomainErrors } from '../../../src/domain/errors.js';
import { EForms } from '../../../src/domain/forms/e-forms.js';
import { FORM_SCHEMA_DIALECT } from '../../../src/domain/forms/form-ajv.js';
import type { Procedure } from '../../../src/domain/procedure/procedure.entity.js';
import { DEMO_PROCEDURES } from '../../../src/db/seed/demo-catalog.js';
import { DEMO_FORMS } from '../../../src/db/seed/demo-forms.js';
import { generateDemoDossiers } from '../../../src/db/seed/demo-dossiers.js';

const BASE = ['input', 'formData'];

function procedureWith(formSchema: Record<string, unknown> | null, id = 1, updatedAt = new Date('2026-01-01T00:00:00Z')): Procedure {
  return { id, code: '1.001193', updatedAt, formSchema } as Procedure;
}

/** The refusals a validation throws, as plain objects (none: []). */
function problems(forms: EForms, procedure: Procedure, data: Record<string, unknown> | null) {
  try {
    forms.validate(procedure, data, BASE);
    return [];
  } catch (error) {
    if (!(error instanceof DomainErrors)) throw error;
    return error.errors.map((e) => ({ code: e.code, field: e.field, ...e.params }));
  }
}

const birthForm = DEMO_FORMS['1.001193']!;
const goodBirth = () => ({
  relationship: 'ME',
  child: { fullName: 'Trần Gia Bảo', sex: 'NAM', birthDate: '2026-02-20', birthPlace: 'Bệnh viện Sản - Nhi tỉnh Quảng Ngãi', ethnicity: 'Kinh', nationality: 'Việt Nam' },
  mother: { fullName: 'Nguyễn Thị Lan', birthDate: '1995-04-02', ethnicity: 'Kinh', nationality: 'Việt Nam', citizenId: '051195001234', residence: '12 Lê Lợi, Phường Cẩm Thành' },
  extractCopies: 1,
});

describe('e-form validation (JSON Schema 2020-12 with ajv)', () => {
  const forms = new EForms();
  const birth = procedureWith(birthForm);

  test('good data passes', () => {
    expect(problems(forms, birth, goodBirth())).toEqual([]);
  });

  test('a procedure without a form accepts any object or none', () => {
    expect(problems(forms, procedureWith(null), { anything: [1, 2] })).toEqual([]);
    expect(problems(forms, procedureWith(null), null)).toEqual([]);
  });

  test('a missing nested field is reported with its path and Vietnamese label', () => {
    const data = goodBirth();
    delete (data.child as Record<string, unknown>).birthDate;
    expect(problems(forms, birth, data)).toEqual([
      { code: 'FORM_INVALID', field: [...BASE, 'child', 'birthDate'], reason: 'FORM_FIELD_REQUIRED', label: 'Ngày, tháng, năm sinh' },
    ]);
  });

  test('no data at all reports every required field of the top level', () => {
    expect(problems(forms, birth, null).map((p) => p.field)).toEqual([
      [...BASE, 'relationship'],
      [...BASE, 'child'],
      [...BASE, 'mother'],
      [...BASE, 'extractCopies'],
    ]);
  });

  test('wrong type, wrong format, a choice outside the list and an unknown field, each once', () => {
    const data = goodBirth();
    Object.assign(data, { extractCopies: '2', nickname: 'Bin' });
    Object.assign(data.child, { sex: 'X', birthDate: '20/02/2026' });
    expect(problems(forms, birth, data)).toEqual(
      expect.arrayContaining([
        { code: 'FORM_INVALID', field: [...BASE, 'extractCopies'], reason: 'FORM_FIELD_TYPE', expected: 'integer', label: 'Số bản sao trích lục yêu cầu cấp' },
        { code: 'FORM_INVALID', field: [...BASE, 'nickname'], reason: 'FORM_FIELD_UNKNOWN', label: 'nickname' },
        { code: 'FORM_INVALID', field: [...BASE, 'child', 'sex'], reason: 'FORM_FIELD_CHOICE', label: 'Giới tính' },
        { code: 'FORM_INVALID', field: [...BASE, 'child', 'birthDate'], reason: 'FORM_FIELD_FORMAT', format: 'date', label: 'Ngày, tháng, năm sinh' },
      ]),
    );
    expect(problems(forms, birth, data)).toHaveLength(4);
  });

  test('a bad item of a nested array is blamed by index', () => {
    const business = procedureWith(DEMO_FORMS['1.001612']!, 2);
    const [dossier] = generateDemoDossiers({
      now: new Date('2026-03-02T09:00:00+07:00'),
      count: 200,
      seed: 7,
      unitCodes: ['51', '21025'],
      procedures: [{ code: '1.001612', processingTime: { value: 3, unit: ProcessingTimeUnit.WORKING_DAYS }, onlineLevel: 'FULL' as never, feeVnd: 0 }],
      calendar: new WorkingCalendar(VIETNAM_CALENDAR_2025_2027),
    });
    const data = structuredClone(dossier!.formData) as { businessLines: { code: string }[] };
    data.businessLines.push({ code: '47-11' } as never);
    const last = String(data.businessLines.length - 1);
    const found = problems(forms, business, data);
    expect(found).toHaveLength(2);
    expect(found).toEqual(expect.arrayContaining([
      { code: 'FORM_INVALID', field: [...BASE, 'businessLines', last, 'code'], reason: 'FORM_FIELD_PATTERN', label: 'Mã ngành (cấp 4)' },
      { code: 'FORM_INVALID', field: [...BASE, 'businessLines', last, 'description'], reason: 'FORM_FIELD_REQUIRED', label: 'Tên ngành' },
    ]));
  });

  test('conditional rules: marrying needs the intended spouse', () => {
    const marital = procedureWith(DEMO_FORMS['1.004873']!, 3);
    const data = {
      subject: { fullName: 'Lê Văn Nam', sex: 'NAM', birthDate: '1990-01-01', ethnicity: 'Kinh', nationality: 'Việt Nam', citizenId: '051090001234', residence: 'Quảng Ngãi' },
      maritalStatus: 'CHUA_KET_HON',
      purpose: 'KET_HON',
      copies: 1,
    };
    expect(problems(forms, marital, data)).toEqual([
      { code: 'FORM_INVALID', field: [...BASE, 'intendedSpouse'], reason: 'FORM_FIELD_REQUIRED', label: 'Người dự định kết hôn' },
    ]);
  });

  test('every demo dossier of a procedure with a form carries valid form data', () => {
    const dossiers = generateDemoDossiers({
      now: new Date('2026-03-02T09:00:00+07:00'),
      count: 600,
      seed: 20250701,
      unitCodes: ['51', '21025', '21028'],
      procedures: DEMO_PROCEDURES.map((p) => ({ ...p, processingTime: inputProcessingTime(p)!, feeVnd: p.feeVnd ?? 0 })),
      calendar: new WorkingCalendar(VIETNAM_CALENDAR_2025_2027),
    });
    const withForms = dossiers.filter((d) => DEMO_FORMS[d.procedureCode]);
    expect(new Set(withForms.map((d) => d.procedureCode)).size).toBe(5);
    for (const d of withForms) {
      const procedure = DEMO_PROCEDURES.find((p) => p.code === d.procedureCode)!;
      expect(d.formData).toBeTruthy();
      expect([d.procedureCode, problems(forms, procedureWith(procedure.formSchema as Record<string, unknown>, Number(d.procedureCode.replace('.', ''))), d.formData as Record<string, unknown>)]).toEqual([d.procedureCode, []]);
    }
    expect(dossiers.filter((d) => !DEMO_FORMS[d.procedureCode]).every((d) => d.formData === undefined)).toBe(true);
  });

  test('a compiled form is kept until the procedure changes (id + updatedAt)', () => {
    const cache = new EForms();
    const strict = { type: 'object', required: ['a'], properties: { a: { type: 'string' } } };
    const relaxed = { type: 'object', properties: { a: { type: 'string' } } };
    const at = new Date('2026-01-01T00:00:00Z');
    expect(problems(cache, procedureWith(strict, 9, at), {})).toHaveLength(1);
    // Same id and version: the cached validator answers, even if handed another object.
    expect(problems(cache, procedureWith(relaxed, 9, at), {})).toHaveLength(1);
    // The procedure was updated: its new form applies.
    expect(problems(cache, procedureWith(relaxed, 9, new Date(at.getTime() + 1)), {})).toEqual([]);
  });

  test('the cache is bounded: the least recently used form is dropped and recompiled when needed', () => {
    const cache = new EForms(2);
    const at = new Date('2026-01-01T00:00:00Z');
    const requireA = { type: 'object', required: ['a'] };
    const open = { type: 'object' };
    expect(problems(cache, procedureWith(requireA, 1, at), {})).toHaveLength(1);
    expect(problems(cache, procedureWith(open, 2, at), {})).toEqual([]);
    expect(problems(cache, procedureWith(open, 3, at), {})).toEqual([]); // evicts procedure 1
    // Procedure 1 now compiles from what it is handed.
    expect(problems(cache, procedureWith(open, 1, at), {})).toEqual([]);
  });

  test('a stored form that no longer compiles is FORM_UNAVAILABLE, not a crash', () => {
    expect(() => new EForms().validate(procedureWith({ type: 'object', required: 'a' }), {}, BASE)).toThrow(
      expect.objectContaining({ code: 'FORM_UNAVAILABLE' }) as DomainError,
    );
  });
});

describe('checking form definitions before they are saved', () => {
  const forms = new EForms();
  const at = ['input', '0', 'formSchema'];
  const reasons = (schema: unknown) => forms.schemaProblems(schema, at).map((e) => ({ field: e.field, ...e.params }));

  test('the five demo forms are valid', () => {
    for (const schema of Object.values(DEMO_FORMS)) expect(reasons(schema)).toEqual([]);
  });

  test.each([
    ['not an object', ['a'], 'FORM_SCHEMA_NOT_OBJECT'],
    ['a schema of a string', { type: 'string' }, 'FORM_SCHEMA_NOT_OBJECT'],
    ['another dialect', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }, 'FORM_SCHEMA_DIALECT'],
    ['a misspelt keyword', { type: 'object', requried: ['a'] }, 'FORM_SCHEMA_NOT_COMPILED'],
    ['an unknown widget', { type: 'object', properties: { a: { type: 'string', 'x-widget': 'slider' } } }, 'FORM_SCHEMA_NOT_COMPILED'],
    ['a reference to another server', { type: 'object', properties: { a: { $ref: 'https://example.org/s.json' } } }, 'FORM_SCHEMA_NOT_COMPILED'],
    ['a wrong keyword value', { type: 'object', properties: { a: { type: 'string', minLength: -1 } } }, 'FORM_SCHEMA_NOT_COMPILED'],
  ])('%s is refused', (_name, schema, reason) => {
    expect(reasons(schema)).toEqual([expect.objectContaining({ reason, field: expect.arrayContaining(at) })]);
  });

  test('an x-order that names a field that does not exist is blamed at that entry', () => {
    const schema = { type: 'object', properties: { p: { type: 'object', properties: { a: {} }, 'x-order': ['a', 'b'] } } };
    expect(reasons(schema)).toEqual([{ field: [...at, 'properties', 'p', 'x-order', '1'], reason: 'FORM_SCHEMA_UNKNOWN_ORDER', name: 'b' }]);
  });

  test('a form with an $id can be saved again in a new version', () => {
    expect(reasons({ $id: 'urn:motcua:form:1', type: 'object' })).toEqual([]);
    expect(reasons({ $id: 'urn:motcua:form:1', type: 'object', required: ['a'] })).toEqual([]);
  });

  test('a form too large to be a real declaration is refused', () => {
    const properties = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`field${i}`, { type: 'string', title: 'x'.repeat(20) }]));
    expect(reasons({ type: 'object', properties })).toEqual([expect.objectContaining({ reason: 'FORM_SCHEMA_TOO_LARGE' })]);
  });

  test('the dialect may be named explicitly', () => {
    expect(reasons({ $schema: FORM_SCHEMA_DIALECT, type: 'object' })).toEqual([]);
  });
});
