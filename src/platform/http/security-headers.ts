// Security headers on every response, and a strict Content-Security-Policy with a fresh nonce per
// request (the GOV.UK template's one inline script carries it). Only the API explorer at /api/docs
// needs inline styles and scripts, so only its paths get the wider policy.
import { randomBytes } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const API_EXPLORER = '/api/docs';

function strictPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

const API_EXPLORER_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export async function registerSecurityHeaders(app: FastifyInstance, options: { hsts: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    hsts: options.hsts ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    request.cspNonce = randomBytes(16).toString('base64');
    const policy = request.url.startsWith(API_EXPLORER) ? API_EXPLORER_POLICY : strictPolicy(request.cspNonce);
    reply.header('content-security-policy', policy);
    reply.header('x-request-id', request.id);
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  });
  // Pages carry personal and sensitive data: no shared or browser caches keep them.
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') || type.includes('json') || type.startsWith('text/csv')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
