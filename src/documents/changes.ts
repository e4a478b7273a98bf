/**
 * What a save of a record document means, as pure functions (no `vscode`, unit-tested): parse the text, compare
 * it with the record the text was opened from, and say exactly which fields changed, which server-owned fields
 * were touched and which were removed. Equality is structural (key order never counts as a change).
 */
import { t } from '../util/l10n';

type Json = Record<string, unknown>;

export type ParsedDocument = { ok: true; value: Json } | { ok: false; message: string };

/** The document as a JSON object, or why not (with line and column for a syntax error). */
export function parseDocument(text: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '');
    return {
      ok: false,
      message:
        position !== undefined
          ? t('the document is not valid JSON at {0} ({1})', lineColumn(text, Number(position)), reason)
          : t('the document is not valid JSON ({0})', reason),
    };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: t('the document must be one JSON object (the record), not an array or a single value') };
  }
  return { ok: true, value: value as Json };
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return t('line {0}, column {1}', line, column);
}

/** JSON with object keys sorted: two values are the same record when their canonical forms are equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Json)
        .sort()
        .map((key) => [key, sortKeys((value as Json)[key])]),
    );
  }
  return value;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export interface EditAnalysis {
  /** The PATCH body: every field whose value differs from the base (added fields included), nothing else. */
  patch: Json;
  /** Server-owned fields whose value was changed, added or removed. */
  readOnlyTouched: string[];
  /** Editable fields present in the base but missing from the edit (a PATCH cannot remove a field). */
  removed: string[];
}

export function analyseEdit(base: Json, edited: Json, readOnlyFields: readonly string[]): EditAnalysis {
  const readOnly = new Set(readOnlyFields);
  const patch: Json = {};
  const readOnlyTouched: string[] = [];
  const removed: string[] = [];
  for (const key of Object.keys(base)) {
    if (key in edited) continue;
    if (readOnly.has(key)) readOnlyTouched.push(key);
    else removed.push(key);
  }
  for (const [key, value] of Object.entries(edited)) {
    if (key in base && sameJson(base[key], value)) continue;
    if (readOnly.has(key)) readOnlyTouched.push(key);
    else patch[key] = value;
  }
  return { patch, readOnlyTouched, removed };
}

/** Top-level fields whose values differ between two versions of a record (for the conflict message). */
export function differingFields(a: Json, b: Json): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => !sameJson(a[key], b[key])).sort();
}

/** How a record is written into its document: 2-space JSON with a final newline, keys in the server's order. */
export function formatRecord(record: unknown): string {
  return JSON.stringify(record, null, 2) + '\n';
}
