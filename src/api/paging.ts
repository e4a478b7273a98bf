/**
 * One page shape for both vendors. Minotaur pages by number and answers bare arrays (totals come from a
 * separate metadata call) or `PaginateResponse`; OpenProspect pages by limit/offset and answers `{items, total}`
 * (or, in older generations, the array under another key and `has_more`). `readPage` accepts all of them.
 */
import type { ZodType } from 'zod';
import { ApiError } from './http/errors';
import { pageArray, parseItems, type ParsedItems, type RejectedRecord } from './http/tolerant';
import { t } from '../util/l10n';

export interface Page<T> extends ParsedItems<T> {
  items: T[];
  rejected: RejectedRecord[];
  /** Total matching records, when the page itself says so. */
  total?: number;
  /** Whether more records follow, when the server says so or it follows from `total`. */
  hasMore?: boolean;
}

/** Where the page started, to compute `hasMore` from `total` when the server gives no `has_more`. */
export interface PagePosition {
  offset?: number;
}

/**
 * Read a page body: the array (whole body, `items`, `data`, or the only array-valued field) is validated record by
 * record; `total` comes from `total`, `total_count` or `pagination.total_records`; `hasMore` from `has_more` or from
 * the total. A body with no array at all is a badResponse (nothing to show, and silently showing "empty" would lie).
 */
export function readPage<T>(schema: ZodType<T>, body: unknown, operation: string, position: PagePosition = {}): Page<T> {
  const raw = pageArray(body);
  if (!raw) {
    throw new ApiError({
      kind: 'badResponse',
      operation,
      issues: ['(root): expected an array of records, or an object holding one'],
      message: t("The server's answer to {0} held no list of records. Check the base URL; the raw answer is in the log.", operation),
    });
  }
  const page: Page<T> = parseItems(schema, raw);
  const record = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (record) {
    const pagination = asRecord(record.pagination);
    const total = firstCount(record.total, record.total_count, record.total_records, pagination?.total_records);
    if (total !== undefined) page.total = total;
    if (typeof record.has_more === 'boolean') page.hasMore = record.has_more;
    else if (total !== undefined) page.hasMore = (position.offset ?? numberOr(record.offset, 0)) + raw.length < total;
  }
  return page;
}

function firstCount(...values: unknown[]): number | undefined {
  for (const value of values) if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  return undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
