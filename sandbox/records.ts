/** Records are plain JSON objects: the sandbox stores what the API returns, and keeps unknown fields. */
export type Rec = { id: string; [field: string]: unknown };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object that is not a stored record (rules, order companies, technologies…). */
export type Obj = Record<string, unknown>;
