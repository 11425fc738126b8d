// Request validation with one schema language (JSON Schema, written with TypeBox) for both the
// checks and the OpenAPI document. Bodies are strict: no type coercion and no silently dropped
// fields, so a client that sends "12" for a number or a misspelt field is told. Query strings and
// path parameters arrive as text, so there numbers and booleans are coerced.
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { FieldProblem } from './errors.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function createAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce ? 'array' : false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const strict = createAjv(false);
const coercing = createAjv(true);

export function validatorCompiler({ schema, httpPart }: { schema: object; httpPart?: string }) {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function fieldName(error: ErrorObject | FastifySchemaValidationError, context: string): string {
  const path = (error.instancePath ?? '').replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  const child = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  const name = [path, child].filter(Boolean).join('.');
  return name === '' ? context : name;
}

/** Turns schema errors into messages that say what to fix, one per field. */
export function describeValidationErrors(
  errors: ReadonlyArray<ErrorObject | FastifySchemaValidationError>,
  context = 'body',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  // A union of literals reports one `const` error per option plus an `anyOf`: say it once, as a list.
  const choices = new Map<string, unknown[]>();
  for (const error of errors) {
    if (error.keyword === 'const') {
      const path = error.instancePath ?? '';
      choices.set(path, [...(choices.get(path) ?? []), (error.params as { allowedValue: unknown }).allowedValue]);
    }
  }
  for (const error of errors) {
    const path = error.instancePath ?? '';
    if (error.keyword === 'const' && errors.some((e) => e.keyword === 'anyOf' && (e.instancePath ?? '') === path)) continue;
    const field = fieldName(error, context);
    const params = error.params as Record<string, unknown>;
    const where = context === 'body' ? field : `${context === 'params' ? 'path parameter' : 'query parameter'} ${field}`;
    let message: string;
    switch (error.keyword) {
      case 'required':
        message = `Enter ${where}: it is required`;
        break;
      case 'additionalProperties':
        message = `${where} is not a recognised field: remove it or check its spelling`;
        break;
      case 'type': {
        const types = String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t);
        message = `${where} must be ${types.join(' or ')}`;
        break;
      }
      case 'format':
        message = params.format === 'uuid' ? `${where} must be an identifier in UUID form, such as 0f8fad5b-d9cb-469f-a165-70867728950e` : `${where} must be a valid ${String(params.format)}`;
        break;
      case 'enum':
        message = `${where} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
        break;
      case 'const':
        message = `${where} must be ${String(params.allowedValue)}`;
        break;
      case 'anyOf':
        message = choices.has(path) ? `${where} must be one of: ${choices.get(path)!.join(', ')}` : `${where} is not in an accepted form`;
        break;
      case 'minLength':
        message = Number(params.limit) === 1 ? `Enter ${where}: it cannot be empty` : `${where} must be at least ${String(params.limit)} characters`;
        break;
      case 'maxLength':
        message = `${where} must be ${String(params.limit)} characters or fewer`;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        message = `${where} ${error.message ?? 'is out of range'}`;
        break;
      case 'pattern':
        message = `${where} is not in the expected form`;
        break;
      default:
        message = `${where} ${error.message ?? 'is not valid'}`;
    }
    const key = `${field}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ field, message });
    }
  }
  return problems;
}
