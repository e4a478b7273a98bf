/**
 * Tolerant reading of untrusted pages: each record is validated on its own, so one malformed record is
 * reported and skipped instead of failing the page. Records keep unknown fields (schemas are loose objects),
 * so an edit never drops data the client does not know about.
 */
import { z, type ZodType } from 'zod';
import { describeIssues } from './errors';
import { fastCheckOf } from './fastCheck';

export interface RejectedRecord {
  /** Position in the page as the server sent it. */
  index: number;
  /** The record's id when it had a readable one, so the user can open it raw. */
  id?: string;
  issues: string[];
}

export interface ParsedItems<T> {
  items: T[];
  rejected: RejectedRecord[];
}

export function parseItems<T>(schema: ZodType<T>, raw: readonly unknown[]): ParsedItems<T> {
  const items: T[] = [];
  const rejected: RejectedRecord[] = [];
  // Records the schema's pre-check vouches for are their own zod output (fastCheck.ts); the rest go through zod.
  const fast = fastCheckOf(schema);
  raw.forEach((value, index) => {
    if (fast?.(value)) {
      items.push(value as T);
      return;
    }
    const result = schema.safeParse(value);
    if (result.success) items.push(result.data);
    else rejected.push({ index, id: readId(value), issues: describeIssues(result.error.issues) });
  });
  return { items, rejected };
}

function readId(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id).slice(0, 100);
  }
  return undefined;
}

/** A string field that may be absent or null in real payloads. */
export const optString = () => z.string().nullish();
export const optNumber = () => z.number().nullish();
/** Arrays the API sometimes sends as null. Normalised to []. */
export const optArray = <T extends ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

/** The raw array of a page: the whole body when it is an array, else `items`, else the only array-valued field. */
export function pageArray(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.items)) return record.items;
  if (Array.isArray(record.data)) return record.data;
  const arrays = Object.values(record).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : undefined;
}
