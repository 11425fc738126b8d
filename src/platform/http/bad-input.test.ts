// The validation and error mapping every route relies on, exercised through a small app that uses
// the same compiler and error handler as Custodian's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from './errors.ts';
import { registerErrorHandling } from './error-handler.ts';
import { validatorCompiler } from './validation.ts';

let app: FastifyInstance;
before(async () => {
  app = Fastify({ logger: false, bodyLimit: 1024 });
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  app.post(
    '/api/v1/things/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 20 }), count: Type.Integer(), kind: Type.Union([Type.Literal('a'), Type.Literal('b')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({ ok: true, query: request.query }),
  );
  app.get('/api/v1/boom', async () => {
    throw new Error('secret internal detail');
  });
  app.get('/api/v1/refused', async () => {
    throw new AppError('forbidden', 'Only the security team can do this.');
  });
  await app.ready();
});
after(async () => {
  await app.close();
});

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const post = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }, url = `/api/v1/things/${ID}`) =>
  app.inject({ method: 'POST', url, payload, headers });

describe('bad input gets a 4xx that says what to fix, never a 500', () => {
  test('valid input passes', async () => {
    const res = await post(JSON.stringify({ name: 'x', count: 2, kind: 'a' }));
    assert.equal(res.statusCode, 200);
  });

  test('malformed JSON', async () => {
    const res = await post('{"name": "x",');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'malformed_json');
  });

  test('an empty JSON body', async () => {
    const res = await post('');
    assert.equal(res.statusCode, 400);
    assert.ok(['malformed_json', 'validation_failed'].includes(res.json().code));
  });

  test('wrong types are not coerced in a body', async () => {
    const res = await post(JSON.stringify({ name: 'x', count: '2', kind: 'c' }));
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'validation_failed');
    assert.deepEqual(body.errors, [
      { field: 'count', message: 'count must be a whole number' },
      { field: 'kind', message: 'kind must be one of: a, b' },
    ]);
    assert.ok(body.errors.some((e: { field: string; message: string }) => e.field === 'count' && /whole number/.test(e.message)));
  });

  test('unknown fields are refused, not silently dropped', async () => {
    const res = await post(JSON.stringify({ name: 'x', count: 1, kind: 'a', colour: 'red' }));
    assert.equal(res.statusCode, 400);
    assert.ok(res.json().errors.some((e: { field: string; message: string }) => e.field === 'colour' && /not a recognised field/.test(e.message)));
  });

  test('missing fields are named', async () => {
    const res = await post(JSON.stringify({ count: 1, kind: 'a' }));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().errors, [{ field: 'name', message: 'Enter name: it is required' }]);
  });

  test('an oversized body', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(5000), count: 1, kind: 'a' }));
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().code, 'payload_too_large');
  });

  test('an unsupported content type', async () => {
    const res = await post('name=x', { 'content-type': 'application/xml' });
    assert.equal(res.statusCode, 415);
    assert.equal(res.json().code, 'unsupported_media_type');
  });

  test('a bad id in the path', async () => {
    const res = await post(JSON.stringify({ name: 'x', count: 1, kind: 'a' }), undefined, '/api/v1/things/not-a-uuid');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'bad_id');
  });

  test('query parameters are coerced from text but still checked', async () => {
    const ok = await post(JSON.stringify({ name: 'x', count: 1, kind: 'a' }), undefined, `/api/v1/things/${ID}?limit=5`);
    assert.deepEqual(ok.json().query, { limit: 5 });
    const bad = await post(JSON.stringify({ name: 'x', count: 1, kind: 'a' }), undefined, `/api/v1/things/${ID}?limit=500`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /query parameter limit/);
  });

  test('a coded refusal keeps its status and message', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/refused' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'forbidden');
    assert.equal(res.json().detail, 'Only the security team can do this.');
  });

  test('an unexpected error is a plain 500 with a reference, and no internal detail or stack', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/boom' });
    assert.equal(res.statusCode, 500);
    const body = res.json();
    assert.equal(body.code, 'internal');
    assert.ok(!res.body.includes('secret internal detail'));
    assert.ok(!res.body.includes('at '));
    assert.match(body.detail, new RegExp(body.requestId));
  });
});
