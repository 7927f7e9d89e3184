import { Ajv2020, type AnySchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * The JSON Schema dialect of e-forms: JSON Schema 2020-12 with the standard formats (date, email,
 * ...) plus a small vocabulary of UI hints that portals read to lay a form out:
 * - `title` / `description` (standard annotations): the Vietnamese label and help text of a field;
 * - `x-order`: on an object, the order in which its properties are shown;
 * - `x-widget`: how a field is entered (see `FORM_WIDGETS`);
 * - `x-placeholder`: an example value shown in an empty input.
 * Choices with Vietnamese labels use the standard `oneOf: [{ const, title }]`.
 *
 * Strict mode is on so that a typo in a form definition ("requried") is refused when an
 * administrator saves it, instead of silently validating nothing.
 */
export const FORM_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const FORM_WIDGETS = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'email',
  'tel',
  'citizen-id',
  'hidden',
] as const;

const UI_HINT_KEYWORDS = [
  { keyword: 'x-order', metaSchema: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
  { keyword: 'x-widget', metaSchema: { enum: [...FORM_WIDGETS] } },
  { keyword: 'x-placeholder', metaSchema: { type: 'string', maxLength: 200 } },
];

// ajv-formats is CommonJS; its `default` is the plugin both at run time and for the type checker.
const addFormats = addFormatsModule.default;

export function createFormAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    // parentSchema on each error: it carries the field's label (title) for the message.
    verbose: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // A form with an $id must not be registered globally: the next version of it would clash.
    addUsedSchema: false,
    logger: false,
  });
  addFormats(ajv);
  for (const definition of UI_HINT_KEYWORDS) ajv.addKeyword(definition);
  return ajv;
}

/**
 * Compiles a schema without keeping it in Ajv's own cache (keyed by object identity, it would grow
 * with every version of every form ever compiled); callers cache the result themselves.
 */
export function compileDetached(ajv: Ajv2020, schema: AnySchemaObject): ValidateFunction {
  try {
    return ajv.compile(schema);
  } finally {
    ajv.removeSchema(schema);
  }
}
