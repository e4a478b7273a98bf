/** Await a call that must fail, and return its ApiError (anything else fails the test). */
import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/api/http/errors';

export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}
