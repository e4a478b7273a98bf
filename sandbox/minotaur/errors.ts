/**
 * Minotaur's error bodies. 401 is documented exactly; 400/403/404 are NestJS style, which the reference tells
 * clients to assume (`{statusCode, message, error}`, `message` a string or an array of strings).
 */
import { HttpError } from '../http';

export const INVALID_KEY_MESSAGE = 'The provided API key is invalid or unauthorized.';

export function unauthorized(): HttpError {
  return new HttpError(401, { statusCode: 401, message: INVALID_KEY_MESSAGE });
}

/** The older documentation page's answer to a bad key: 403 with the same message. */
export function legacyForbidden(): HttpError {
  return new HttpError(403, { statusCode: 403, message: INVALID_KEY_MESSAGE, error: 'Forbidden' });
}

export function missingPermission(permission: string): HttpError {
  return new HttpError(403, { statusCode: 403, message: `Missing permission: ${permission}`, error: 'Forbidden' });
}

/** Validation failures: one message per problem, each starting with the field it names. */
export function badRequest(messages: string[] | string): HttpError {
  return new HttpError(400, { statusCode: 400, message: messages, error: 'Bad Request' });
}

export function notFound(message: string): HttpError {
  return new HttpError(404, { statusCode: 404, message, error: 'Not Found' });
}

/** What NestJS answers for a path no controller serves. */
export function routeNotFound(method: string, path: string): HttpError {
  return new HttpError(404, { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' });
}

/** ParseUUIDPipe's answer to a malformed `:id`. */
export function invalidUuidParam(): HttpError {
  return badRequest('Validation failed (uuid is expected)');
}

export function insufficientCredits(needed: number, balance: number): HttpError {
  return badRequest(`Insufficient credits: this operation needs ${needed} credits and the balance is ${balance}.`);
}
