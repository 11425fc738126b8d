// The closed set of errors Custodian reports. Anything thrown that is not an AppError is a bug:
// it is logged with the request id and the user sees only "Sorry, there is a problem".

export const ERROR_CODES = {
  validation_failed: { status: 400, title: 'The request has mistakes' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  bad_id: { status: 400, title: 'The identifier is not valid' },
  unauthenticated: { status: 401, title: 'Sign in to continue' },
  csrf_failed: { status: 403, title: 'The form has expired' },
  forbidden: { status: 403, title: 'You do not have permission to do this' },
  not_found: { status: 404, title: 'Page not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  conflict: { status: 409, title: 'The record has changed or already exists' },
  payload_too_large: { status: 413, title: 'The request is too large' },
  unsupported_media_type: { status: 415, title: 'The request has an unsupported content type' },
  invalid_state: { status: 422, title: 'That cannot be done to the record as it stands' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  database_in_use: { status: 503, title: 'The database is in use by another process' },
  service_unavailable: { status: 503, title: 'The service is unavailable' },
  internal: { status: 500, title: 'Sorry, there is a problem with the service' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one input: `field` names it as the form or JSON body does (`email`, `rows[3].unit`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
    this.title = ERROR_CODES[code].title;
  }
}

export function validationFailed(problems: readonly FieldProblem[]): AppError {
  const first = problems[0];
  const message = first ? `${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}` : 'The request has mistakes.';
  return new AppError('validation_failed', message, problems);
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} was not found. Check the address or go back to the list.`);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: string | null | undefined): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Ids from forms arrive unchecked: one that is not a UUID matches nothing, and must not reach SQL. */
export function requireId(value: string | undefined, what: string): string {
  if (value === undefined || !UUID.test(value)) throw notFound(what);
  return value;
}
