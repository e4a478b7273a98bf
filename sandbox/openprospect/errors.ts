/** OpenProspect's one error body: `{code, message, details?}` with a machine-readable code. */
import { HttpError } from '../http';

export interface FieldError {
  field: string;
  message: string;
  /** Row of a bulk array (blacklist entries, order companies) the error is about. */
  index?: number;
}

export function opError(status: number, code: string, message: string, details?: Record<string, unknown>, headers?: Record<string, string>): HttpError {
  return new HttpError(status, details ? { code, message, details } : { code, message }, headers);
}

export const authenticationError = (message = 'Invalid API key') => opError(401, 'AUTHENTICATION_ERROR', message);

export function missingScopes(scopes: string[]): HttpError {
  return opError(403, 'AUTHORIZATION_ERROR', `Missing required scopes: ${scopes.join(', ')}`, { required_scopes: scopes });
}

export function notFound(resource: string, id: string): HttpError {
  return opError(404, 'NOT_FOUND', `${resource} not found`, { resource: resource.toLowerCase().replace(/ /g, '_'), id });
}

export function validationError(errors: FieldError[], message = 'Request validation failed'): HttpError {
  return opError(422, 'VALIDATION_ERROR', message, { errors });
}

export function rateLimited(retryAfterSeconds: number): HttpError {
  return opError(429, 'RATE_LIMITED', `Rate limit exceeded. Retry after ${retryAfterSeconds} seconds.`, { retry_after: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
}
