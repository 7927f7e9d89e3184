import type { ErrorObject } from 'ajv/dist/2020.js';
import { DomainError } from '../errors.js';

/**
 * Turns Ajv's errors into FORM_INVALID refusals, one per bad field, each with the path of the field
 * inside formData (so that a portal can put the message next to the input) and the field's
 * Vietnamese label. `params.reason` names the precise problem (its message is in messages.ts).
 */
const MAX_FORM_ERRORS = 50;

/** Keywords whose errors only echo others (a failed `if` is reported through its `then`). */
const ECHO_KEYWORDS = new Set(['if', 'allOf', '$ref']);

/** When several problems hit one field, the most useful one is reported. */
const PRIORITY: Readonly<Record<string, number>> = { required: 0, type: 1, oneOf: 2, anyOf: 2, enum: 2, const: 3 };

export function formErrorsOf(errors: readonly ErrorObject[], basePath: readonly string[], form: Record<string, unknown>): DomainError[] {
  const byField = new Map<string, { error: ErrorObject; path: string[] }>();
  for (const error of errors) {
    if (ECHO_KEYWORDS.has(error.keyword)) continue;
    const path = fieldPathOf(error);
    const key = JSON.stringify(path);
    const current = byField.get(key);
    if (!current || rank(error) < rank(current.error)) byField.set(key, { error, path });
  }
  if (byField.size === 0 && errors.length > 0) {
    // Only echo keywords failed (e.g. a bare `if` whose `then` is `false`): blame the instance.
    byField.set('', { error: errors[0]!, path: fieldPathOf(errors[0]!) });
  }
  return [...byField.values()]
    .slice(0, MAX_FORM_ERRORS)
    .map(({ error, path }) => new DomainError('FORM_INVALID', [...basePath, ...path], describe(error, path, form)));
}

function rank(error: ErrorObject): number {
  return PRIORITY[error.keyword] ?? 4;
}

/** `/children/0/name` -> ['children', '0', 'name'], plus the missing or extra property where one is named. */
function fieldPathOf(error: ErrorObject): string[] {
  const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map(unescapePointer);
  const named = error.params.missingProperty ?? error.params.additionalProperty ?? error.params.unevaluatedProperty;
  if (typeof named === 'string') path.push(named);
  return path;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function describe(error: ErrorObject, path: readonly string[], form: Record<string, unknown>): Record<string, string | number> {
  const label = labelAt(form, path) ?? labelOf(error, path);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return { label, reason: 'FORM_FIELD_REQUIRED' };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return { label, reason: 'FORM_FIELD_UNKNOWN' };
    case 'type':
      return { label, reason: 'FORM_FIELD_TYPE', expected: String(p.type) };
    case 'format':
      return { label, reason: 'FORM_FIELD_FORMAT', format: String(p.format) };
    case 'enum':
    case 'const':
    case 'oneOf':
    case 'anyOf':
      return { label, reason: 'FORM_FIELD_CHOICE' };
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return { label, reason: 'FORM_FIELD_TOO_SHORT', limit: Number(p.limit) };
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return { label, reason: 'FORM_FIELD_TOO_LONG', limit: Number(p.limit) };
    case 'minimum':
    case 'exclusiveMinimum':
      return { label, reason: 'FORM_FIELD_TOO_SMALL', limit: Number(p.limit) };
    case 'maximum':
    case 'exclusiveMaximum':
      return { label, reason: 'FORM_FIELD_TOO_LARGE', limit: Number(p.limit) };
    case 'pattern':
      return { label, reason: 'FORM_FIELD_PATTERN' };
    default:
      return { label, reason: 'FORM_FIELD_INVALID' };
  }
}

/**
 * The `title` (Vietnamese label) of the field at `path`, found by walking the form along the data
 * path: the subschema that raised an error may be a rule (`then: { required }`) that has no labels.
 */
function labelAt(form: Record<string, unknown>, path: readonly string[]): string | null {
  let schema: unknown = form;
  for (const segment of path) {
    if (!isObject(schema)) return null;
    const properties = schema.properties;
    if (isObject(properties) && isObject(properties[segment])) schema = properties[segment];
    else if (/^\d+$/.test(segment) && Array.isArray(schema.prefixItems) && isObject(schema.prefixItems[Number(segment)])) {
      schema = schema.prefixItems[Number(segment)];
    } else if (/^\d+$/.test(segment) && isObject(schema.items)) schema = schema.items;
    else return null;
  }
  return isObject(schema) && typeof schema.title === 'string' && path.length > 0 ? schema.title : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Without a label on the way: the `title` of the subschema that failed, else the property name. */
function labelOf(error: ErrorObject, path: readonly string[]): string {
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  const name = path[path.length - 1] ?? 'formData';
  if (error.keyword === 'required' || error.keyword === 'dependentRequired') {
    const properties = schema?.properties as Record<string, { title?: unknown }> | undefined;
    const title = properties?.[name]?.title;
    return typeof title === 'string' ? title : name;
  }
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') return name;
  return typeof schema?.title === 'string' ? schema.title : name;
}
