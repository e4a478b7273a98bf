/**
 * List bodies: `{filters, paginate, order_by}`. The filter format is the one the vendor's own n8n node uses:
 * field → array of strings; an empty array means no filter; a record matches a field when any value is contained
 * in it (case-insensitive); fields combine with AND. `order_by: {score: "ASC"|"DESC"}` is a sandbox extension
 * (the docs only show it on unlock-contacts).
 */
import { badRequest } from './errors';
import { validateBody, type RuleSet } from './validate';
import { isRecord, type Rec } from '../records';
import type { Collection } from '../collection';

/** The sandbox's maximum page size (undefined in the docs); larger answers 400. */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 25;

export type Filters = Record<string, string[]>;

export interface ListQuery {
  filters: Filters;
  page: number;
  limit: number;
  order?: 'ASC' | 'DESC';
}

const paginateRules: RuleSet = {
  page: { type: 'int', required: true, min: 1 },
  limit: { type: 'int', required: true, min: 1, max: MAX_LIMIT },
};

/** Validate `filters` against the fields a resource can be filtered on; messages name `filters.<field>`. */
export function parseFilters(value: unknown, fields: readonly string[], path = 'filters'): { filters: Filters; errors: string[] } {
  const errors: string[] = [];
  const filters: Filters = {};
  if (value === undefined) return { filters, errors };
  if (!isRecord(value)) return { filters, errors: [`${path} must be an object`] };
  for (const [field, values] of Object.entries(value)) {
    if (!fields.includes(field)) {
      errors.push(`${path}.${field} is not a filterable field (filterable: ${fields.join(', ')})`);
      continue;
    }
    if (!Array.isArray(values)) {
      errors.push(`${path}.${field} must be an array of strings`);
      continue;
    }
    if (values.some((v) => typeof v !== 'string')) {
      errors.push(`${path}.${field} must contain only strings`);
      continue;
    }
    if (values.length) filters[field] = (values as string[]).map((v) => v.toLowerCase());
  }
  return { filters, errors };
}

export function parseOrderBy(value: unknown): { order?: 'ASC' | 'DESC'; errors: string[] } {
  if (value === undefined) return { errors: [] };
  if (!isRecord(value)) return { errors: ['order_by must be an object'] };
  const errors: string[] = [];
  for (const key of Object.keys(value)) if (key !== 'score') errors.push(`order_by.${key} is not a sortable field (sortable: score)`);
  const dir = value.score;
  if (dir !== undefined && dir !== 'ASC' && dir !== 'DESC') errors.push('order_by.score must be one of the following values: ASC, DESC');
  return dir === 'ASC' || dir === 'DESC' ? { order: dir, errors } : { errors };
}

/**
 * Parse a list/metadata body. `extra` rules cover endpoint-specific properties (e.g. `all_contacts`).
 * `paginate` is optional (defaults page 1, limit 25 — the docs' examples); when present both fields are required.
 */
export function parseListBody(body: unknown, filterFields: readonly string[], extra: RuleSet = {}): ListQuery {
  const input = body === undefined ? {} : body;
  const errors = validateBody(input, { ...extra, filters: { type: 'object' }, paginate: { type: 'object' } }, ['order_by']);
  if (!isRecord(input)) throw badRequest(errors);
  const { filters, errors: filterErrors } = parseFilters(input.filters, filterFields);
  if (isRecord(input.filters)) errors.push(...filterErrors);
  const { order, errors: orderErrors } = parseOrderBy(input.order_by);
  errors.push(...orderErrors);
  let page = 1;
  let limit = DEFAULT_LIMIT;
  if (isRecord(input.paginate)) {
    errors.push(...validateBody(input.paginate, paginateRules).map((m) => `paginate.${m}`));
    page = Number(input.paginate.page);
    limit = Number(input.paginate.limit);
  }
  if (errors.length) throw badRequest(errors);
  return order ? { filters, page, limit, order } : { filters, page, limit };
}

function fieldText(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(fieldText);
  if (typeof value === 'object') return [];
  return [String(value).toLowerCase()];
}

/** AND across fields, OR within a field, case-insensitive contains. `special` handles virtual fields (list_id). */
export function matchesFilters(rec: Rec, filters: Filters, special: Record<string, (rec: Rec, values: string[]) => boolean> = {}): boolean {
  for (const [field, values] of Object.entries(filters)) {
    const custom = special[field];
    if (custom) {
      if (!custom(rec, values)) return false;
      continue;
    }
    const texts = fieldText(rec[field]);
    if (!values.some((v) => texts.some((t) => t.includes(v)))) return false;
  }
  return true;
}

/** The records matching a query, sorted when asked; cached by the collection until it changes. */
export function select<T extends Rec>(
  collection: Collection<T>,
  query: { filters: Filters; order?: 'ASC' | 'DESC' },
  options: { special?: Record<string, (rec: Rec, values: string[]) => boolean>; where?: (rec: T) => boolean; whereKey?: string } = {},
): T[] {
  const hasFilters = Object.keys(query.filters).length > 0;
  const key = hasFilters || query.order || options.where ? JSON.stringify([query.filters, query.order ?? '', options.whereKey ?? '']) : '';
  return collection.query(key, (items) => {
    let result = items.filter((rec) => (!options.where || options.where(rec)) && matchesFilters(rec, query.filters, options.special));
    if (query.order) {
      const sign = query.order === 'ASC' ? 1 : -1;
      // Stable: equal scores keep collection order, so paging is deterministic.
      result = result
        .map((rec, i) => ({ rec, i }))
        .sort((a, b) => sign * (Number(a.rec.score ?? 0) - Number(b.rec.score ?? 0)) || a.i - b.i)
        .map((x) => x.rec);
    }
    return result;
  });
}

export function pageOf<T>(items: readonly T[], query: ListQuery): T[] {
  const start = (query.page - 1) * query.limit;
  return items.slice(start, start + query.limit);
}

export function paginationOf(total: number, query: ListQuery): { current_page: number; total_records: number; total_pages: number } {
  return { current_page: query.page, total_records: total, total_pages: Math.ceil(total / query.limit) };
}
