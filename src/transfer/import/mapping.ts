/**
 * Column mapping for CSV import: which CSV column fills which field of the target (no `vscode` here).
 * The guess compares normalised names (case, spaces, `_`, `-` ignored) with the field name, its label and its
 * aliases; each column is used for at most one field. The user confirms or changes the guess in a QuickPick.
 */
import { t } from '../../util/l10n';

export type FieldKind = 'text' | 'list' | 'number' | 'json';

export interface TargetField {
  /** The API field name: `work_email`. */
  name: string;
  label: string;
  required?: boolean;
  /** Other header names that mean this field (`email`, `e-mail`). */
  aliases?: string[];
  /** How a cell becomes a value: text as is; list split on `;` or `|` (or a JSON array); number; JSON object. */
  kind?: FieldKind;
}

/** Field name → column index (undefined = not imported). */
export type ColumnMapping = Record<string, number | undefined>;

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function guessMapping(headers: readonly string[], fields: readonly TargetField[]): ColumnMapping {
  const normalised = headers.map(normaliseName);
  const used = new Set<number>();
  const mapping: ColumnMapping = {};
  // Two passes: exact field names first, so `company_name` is not taken by the alias of another field.
  const passes: ((field: TargetField) => string[])[] = [(f) => [f.name], (f) => [f.label, ...(f.aliases ?? [])]];
  for (const candidates of passes) {
    for (const field of fields) {
      if (mapping[field.name] !== undefined) continue;
      const wanted = new Set(candidates(field).map(normaliseName));
      const index = normalised.findIndex((h, i) => !used.has(i) && h !== '' && wanted.has(h));
      if (index >= 0) {
        mapping[field.name] = index;
        used.add(index);
      }
    }
  }
  for (const field of fields) mapping[field.name] ??= undefined;
  return mapping;
}

/** "first_name ← First Name, work_email ← Email, phone_numbers ← (none)" for the confirmation. */
export function describeMapping(headers: readonly string[], fields: readonly TargetField[], mapping: ColumnMapping): string {
  return fields
    .filter((f) => f.required || mapping[f.name] !== undefined)
    .map((f) => `${f.name} ← ${mapping[f.name] !== undefined ? headers[mapping[f.name]!] || t('column {0}', mapping[f.name]! + 1) : t('(none)')}`)
    .join(', ');
}

/**
 * One CSV row → the object handed to the target's input schema. Blank cells are left out (the schema then says
 * "is required" for a required field). Values are converted by the field's kind; a cell that does not convert is
 * passed as text so the schema's message names the field ("Score must be a number").
 */
export function rowToRecord(cells: readonly string[], fields: readonly TargetField[], mapping: ColumnMapping): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of fields) {
    const index = mapping[field.name];
    if (index === undefined) continue;
    const text = (cells[index] ?? '').trim();
    if (!text) continue;
    record[field.name] = convert(text, field.kind ?? 'text');
  }
  return record;
}

function convert(text: string, kind: FieldKind): unknown {
  switch (kind) {
    case 'text':
      return text;
    case 'number': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? n : text;
    }
    case 'list': {
      // Our own exports write arrays as JSON text; people write "a; b".
      if (text.startsWith('[')) {
        const parsed = tryJson(text);
        if (Array.isArray(parsed)) return parsed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      }
      return text.split(/[;|]/).map((v) => v.trim()).filter(Boolean);
    }
    case 'json': {
      const parsed = tryJson(text);
      return parsed === undefined ? text : parsed;
    }
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
