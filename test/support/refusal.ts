// What a service said when it refused: its error code, the fields its problems name (sorted), each
// problem as "field: message", and the message. A test that expects a refusal fails if none came.
import assert from 'node:assert/strict';
import { isAppError } from '../../src/platform/http/errors.ts';

export interface Refusal {
  readonly code: string;
  readonly fields: string[];
  readonly messages: string[];
  readonly message: string;
}

export async function refusal(work: Promise<unknown>): Promise<Refusal> {
  try {
    await work;
  } catch (error) {
    if (isAppError(error)) {
      return { code: error.code, fields: error.problems.map((p) => p.field).sort(), messages: error.problems.map((p) => `${p.field}: ${p.message}`), message: error.message };
    }
    throw error;
  }
  assert.fail('expected a refusal');
}
