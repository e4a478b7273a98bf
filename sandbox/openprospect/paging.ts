/**
 * `limit` (1–100, default 50) and `offset` (≥ 0, default 0) query parameters; lists answer
 * `{items, total, limit, offset, has_more}` — or another array key for endpoints that do (orders).
 */
import { validationError, type FieldError } from './errors';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 50;

export interface Paging {
  limit: number;
  offset: number;
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number | undefined, errors: FieldError[]): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) {
    errors.push({ field: name, message: 'Input should be a valid integer, unable to parse string as an integer' });
    return fallback;
  }
  const value = Number(raw);
  if (value < min) errors.push({ field: name, message: `Input should be greater than or equal to ${min}` });
  if (max !== undefined && value > max) errors.push({ field: name, message: `Input should be less than or equal to ${max}` });
  return value;
}

/** Parse paging (plus extra query checks the caller collects) and throw one 422 for all problems. */
export function parsePaging(query: URLSearchParams, extraErrors: FieldError[] = []): Paging {
  const errors = [...extraErrors];
  const limit = intParam(query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
  const offset = intParam(query, 'offset', 0, 0, undefined, errors);
  if (errors.length) throw validationError(errors);
  return { limit, offset };
}

export function page<T>(items: readonly T[], paging: Paging, key = 'items'): Record<string, unknown> {
  const slice = items.slice(paging.offset, paging.offset + paging.limit);
  return { [key]: slice, total: items.length, limit: paging.limit, offset: paging.offset, has_more: paging.offset + slice.length < items.length };
}
