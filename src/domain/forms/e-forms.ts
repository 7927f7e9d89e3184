import type { AnySchemaObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { FormValidator } from './form-validator.js';
import { DomainError, DomainErrors } from '../errors.js';
import type { Procedure } from '../procedure/procedure.entity.js';
import { compileDetached, createFormAjv, FORM_SCHEMA_DIALECT } from './form-ajv.js';
import { formErrorsOf } from './form-errors.js';

/** Checks a form definition before it is saved on a procedure. */
export interface FormSchemaChecker {
  /** The problems of a form definition, each blaming a path under `basePath`; empty when usable. */
  schemaProblems(schema: unknown, basePath: readonly string[]): DomainError[];
}

/** A form definition bigger than this is a mistake (the largest real declarations are a few KiB). */
const MAX_FORM_SCHEMA_BYTES = 64 * 1024;
const DEFAULT_CACHE_SIZE = 500;

/**
 * E-forms (biểu mẫu điện tử): validates dossier form data against the procedure's JSON Schema and
 * checks form definitions that administrators save. Compiling a schema costs milliseconds while
 * validating with the compiled function costs microseconds, so each procedure's form is compiled
 * once and kept, keyed by the procedure's id and `updatedAt` (any change of the procedure makes a
 * new version, the old one is dropped), in a bounded least-recently-used cache.
 */
export class EForms implements FormValidator, FormSchemaChecker {
  private readonly ajv = createFormAjv();
  private readonly compiled = new Map<number, { version: number; validate: ValidateFunction }>();

  constructor(private readonly cacheSize: number = DEFAULT_CACHE_SIZE) {}

  validate(procedure: Procedure, formData: Record<string, unknown> | null, basePath: readonly string[]): void {
    if (!procedure.formSchema) return;
    const validate = this.validatorOf(procedure, basePath);
    if (!validate(formData ?? {})) throw new DomainErrors(formErrorsOf(validate.errors ?? [], basePath, procedure.formSchema));
  }

  schemaProblems(schema: unknown, basePath: readonly string[]): DomainError[] {
    const problem = (reason: string, path: readonly string[] = [], params: Record<string, string | number> = {}) =>
      new DomainError('INVALID_FORM_SCHEMA', [...basePath, ...path], { reason, ...params });
    if (!isPlainObject(schema) || schema.type !== 'object') return [problem('FORM_SCHEMA_NOT_OBJECT')];
    if (Buffer.byteLength(JSON.stringify(schema)) > MAX_FORM_SCHEMA_BYTES) {
      return [problem('FORM_SCHEMA_TOO_LARGE', [], { max: MAX_FORM_SCHEMA_BYTES })];
    }
    if (schema.$schema !== undefined && schema.$schema !== FORM_SCHEMA_DIALECT) {
      return [problem('FORM_SCHEMA_DIALECT', ['$schema'], { dialect: FORM_SCHEMA_DIALECT })];
    }
    try {
      compileDetached(this.ajv, schema as AnySchemaObject);
    } catch (error) {
      return [problem('FORM_SCHEMA_NOT_COMPILED', [], { detail: (error as Error).message.slice(0, 300) })];
    }
    return orderProblems(schema, []).map(({ path, name }) => problem('FORM_SCHEMA_UNKNOWN_ORDER', path, { name }));
  }

  private validatorOf(procedure: Procedure, basePath: readonly string[]): ValidateFunction {
    const version = procedure.updatedAt.getTime();
    const cached = this.compiled.get(procedure.id);
    this.compiled.delete(procedure.id);
    if (cached && cached.version === version) {
      this.compiled.set(procedure.id, cached); // most recently used goes last
      return cached.validate;
    }
    let validate: ValidateFunction;
    try {
      validate = compileDetached(this.ajv, procedure.formSchema as AnySchemaObject);
    } catch {
      // Saved forms are checked on the way in; one that no longer compiles is the catalogue's fault.
      throw new DomainError('FORM_UNAVAILABLE', [...basePath.slice(0, -1), 'procedureCode'], { code: procedure.code });
    }
    if (this.compiled.size >= this.cacheSize) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(procedure.id, { version, validate });
    return validate;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Subschema locations that can hold objects with properties (where `x-order` may appear). */
const SUBSCHEMA_MAPS = ['properties', '$defs', 'patternProperties', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'unevaluatedProperties', 'if', 'then', 'else', 'not', 'contains'];

/** `x-order` names that are not properties of their object: the layout would lose or invent a field. */
function orderProblems(schema: Record<string, unknown>, path: string[]): { path: string[]; name: string }[] {
  const problems: { path: string[]; name: string }[] = [];
  const order = schema['x-order'];
  if (Array.isArray(order)) {
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    order.forEach((name, i) => {
      if (typeof name === 'string' && !(name in properties)) problems.push({ path: [...path, 'x-order', String(i)], name });
    });
  }
  const visit = (child: unknown, at: string[]) => {
    if (isPlainObject(child)) problems.push(...orderProblems(child, at));
  };
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (isPlainObject(map)) for (const [name, child] of Object.entries(map)) visit(child, [...path, key, name]);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((child, i) => visit(child, [...path, key, String(i)]));
  }
  for (const key of SUBSCHEMAS) visit(schema[key], [...path, key]);
  return problems;
}
