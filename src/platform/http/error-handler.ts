// One place maps every error to what the client sees: problem+json under /api, a GOV.UK error page
// elsewhere. Errors that are not AppErrors are bugs: logged with the request id, never shown.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type FieldProblem } from './errors.ts';
import { describeValidationErrors } from './validation.ts';

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health';
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_NOT_FOUND: 'not_found',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'validation_failed',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'not_found',
};

/** Converts whatever was thrown into an AppError, or undefined for a bug. */
export function toAppError(error: FastifyError | Error): AppError | undefined {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? 'body';
    const problems = describeValidationErrors(fastifyError.validation, context);
    const code: ErrorCode = context === 'params' && problems.some((p) => /UUID/.test(p.message)) ? 'bad_id' : 'validation_failed';
    return new AppError(code, problems.map((p) => p.message).join('; '), problems);
  }
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped === 'malformed_json' || (error instanceof SyntaxError && fastifyError.statusCode === 400)) {
    return new AppError('malformed_json', `The request body is not valid JSON: ${error.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'/, 'check quotes, commas and brackets')}`);
  }
  if (mapped === 'payload_too_large') return new AppError('payload_too_large', 'The request body is larger than this server accepts. Send a smaller file or split the data.');
  if (mapped === 'unsupported_media_type') return new AppError('unsupported_media_type', `Send the request as application/json${fastifyError.message ? ` (${fastifyError.message})` : ''}.`);
  if (mapped) return new AppError(mapped, fastifyError.message);
  if (fastifyError.statusCode === 429) return new AppError('too_many_requests', 'Too many requests: wait a minute and try again.');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('validation_failed', fastifyError.message);
  }
  return undefined;
}

function problemDocument(request: FastifyRequest, error: AppError) {
  return {
    type: `/problems/${error.code}`,
    title: error.title,
    status: error.status,
    code: error.code,
    detail: error.message,
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(error.problems.length > 0 ? { errors: error.problems } : {}),
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.code === 'too_many_requests') reply.header('retry-after', '60');
  if (isApiRequest(request)) {
    return reply.code(error.status).type('application/problem+json').send(problemDocument(request, error));
  }
  if (error.code === 'unauthenticated') {
    return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 303);
  }
  const template = error.code === 'not_found' ? 'errors/not-found.njk' : 'errors/problem.njk';
  return reply.code(error.status).render(template, {
    pageTitle: error.title,
    error,
    problems: error.problems as readonly FieldProblem[],
  });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError) {
      request.log.info({ code: appError.code, status: appError.status }, appError.message);
      return sendError(request, reply, appError);
    }
    request.log.error({ err: error, requestId: request.id }, 'Unexpected error');
    const internal = new AppError('internal', 'Try again later. If the problem continues, contact the security team and give them this reference: ' + request.id);
    if (reply.sent) return reply;
    try {
      return sendError(request, reply, internal);
    } catch (renderError) {
      request.log.error({ err: renderError }, 'The error page failed to render');
      return reply.code(500).type('text/plain; charset=utf-8').send(`Sorry, there is a problem with the service. Reference: ${request.id}`);
    }
  });
  app.setNotFoundHandler((request, reply) => {
    sendError(request, reply, new AppError('not_found', `There is nothing at ${request.url.split('?')[0]}. If you typed the address, check it is correct.`));
  });
}
