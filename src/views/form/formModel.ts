/**
 * The form's pure logic, shared by the extension and the webview (no `vscode`, no DOM), unit-tested in Node:
 * record → form values, form values → API input (create) or patch of the changed fields (edit), validation with the
 * spec's zod schema, and mapping of validation issues and server field errors onto the inputs that show them.
 */
import { readCompanyRows, type ParsedRows } from '../../transfer/csv/read';
import { displayText } from '../tree/displayText';
import { formatNumber, t, tr } from '../../util/l10n';
import { schemaFor, type FieldSpec, type FormSpec } from './formSpecs';
import type { FormFieldError, FormMode, FormValue, FormValues, RuleRow } from './protocol';

// ---------------------------------------------------------------------------------------------------------------
// Reading values

export function asText(value: FormValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

export function asList(value: FormValue | undefined): string[] {
  if (typeof value === 'string') return value.split(/\r?\n/);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function asRules(value: FormValue | undefined): RuleRow[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is RuleRow => typeof v === 'object' && v !== null);
}

/** Any JSON value of a record shown as the text of an input. */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  return JSON.stringify(value);
}

const ARRAY_TYPES: ReadonlySet<string> = new Set(['list', 'rules', 'checkboxes', 'rows']);

/** The values of a new record's form (`seed`: values the command opening it already knows, e.g. a profile id). */
export function initialValues(spec: FormSpec, seed: FormValues = {}): FormValues {
  const values: FormValues = {};
  for (const field of spec.fields) {
    const initial = field.initial ?? (ARRAY_TYPES.has(field.type) ? [] : '');
    values[field.name] = seed[field.name] ?? (Array.isArray(initial) ? [...initial] : initial);
  }
  return values;
}

/** A field named with dots (`icp.industries`) reads and writes a nested value. */
function valueAt(record: Record<string, unknown>, name: string): unknown {
  if (name in record || !name.includes('.')) return record[name];
  let value: unknown = record;
  for (const part of name.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** `{'icp.industries': [...]}` → `{icp: {industries: [...]}}`. */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flat)) {
    const parts = name.split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts.at(-1)!] = value;
  }
  return out;
}

/** Whether a field is shown (and so validated and sent) with these values. */
export function isActive(field: Pick<FieldSpec, 'showWhen'>, values: FormValues): boolean {
  return !field.showWhen || field.showWhen.values.includes(asText(values[field.showWhen.field]));
}

/** Whether a field contributes to the API body. */
function isSent(field: FieldSpec, values: FormValues): boolean {
  return !field.formOnly && isActive(field, values);
}

// A rows field is parsed on every keystroke by several callers: keep the last few parses.
const parsedRows = new Map<string, ParsedRows<unknown>>();

/** A `rows` field's CSV lines, read and validated row by row with its row schema. */
export function rowsOf(field: FieldSpec, value: FormValue | undefined): ParsedRows<unknown> {
  const text = asList(value).join('\n');
  const key = `${field.name}\u0000${text}`;
  let parsed = parsedRows.get(key);
  if (!parsed) {
    parsed = readCompanyRows(text, field.rows!.schema, { keepExtraColumns: field.rows!.keepExtraColumns });
    if (parsedRows.size >= 4) parsedRows.delete(parsedRows.keys().next().value as string);
    parsedRows.set(key, parsed);
  }
  return parsed;
}

const SHOWN_ROW_ERRORS = 5;

/** "Line 4: External id is required. Line 9: …" for the rows that failed (the field's error message). */
export function rowErrorMessage(parsed: ParsedRows<unknown>, max: number): string | undefined {
  const messages: string[] = [];
  if (parsed.valid.length + parsed.invalid.length > max) {
    messages.push(t('At most {0} rows: this list has {1}.', formatNumber(max), formatNumber(parsed.valid.length + parsed.invalid.length)));
  }
  for (const row of parsed.invalid.slice(0, SHOWN_ROW_ERRORS)) messages.push(t('Line {0}: {1}', row.line, row.messages.join(' ')));
  if (parsed.invalid.length > SHOWN_ROW_ERRORS) messages.push(t('… and {0} more invalid lines.', formatNumber(parsed.invalid.length - SHOWN_ROW_ERRORS)));
  return messages.length ? messages.join(' ') : undefined;
}

/** "3 valid rows, 1 invalid row" under a rows field (empty when it is blank). */
export function rowsSummary(field: FieldSpec, value: FormValue | undefined): string {
  const parsed = rowsOf(field, value);
  if (!parsed.valid.length && !parsed.invalid.length) return '';
  const valid = parsed.valid.length === 1 ? t('1 valid row') : t('{0} valid rows', formatNumber(parsed.valid.length));
  const invalid = parsed.invalid.length === 1 ? t('1 invalid row') : t('{0} invalid rows', formatNumber(parsed.invalid.length));
  return parsed.header ? t('{0}, {1}.', valid, invalid) : t('{0}, {1} (no header row recognised: each line is one name or domain).', valid, invalid);
}

/** A record as the server sent it → the form's values. Fields the form does not show are left alone (never sent). */
export function recordToValues(spec: FormSpec, record: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of spec.fields) {
    const raw = valueAt(record, field.name);
    if (field.type === 'list' || field.type === 'checkboxes' || field.type === 'rows') {
      values[field.name] = Array.isArray(raw) ? raw.map(textOf) : raw === null || raw === undefined || raw === '' ? [] : [textOf(raw)];
    } else if (field.type === 'rules') {
      values[field.name] = (Array.isArray(raw) ? raw : []).map((rule): RuleRow => {
        const r = rule && typeof rule === 'object' ? (rule as Record<string, unknown>) : {};
        return { field: textOf(r.field), operator: textOf(r.operator), value: textOf(r.value) };
      });
    } else {
      values[field.name] = textOf(raw);
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// Values → API input

/** The value a field contributes to an API body; `undefined` = blank. */
export function normalizedValue(field: FieldSpec, value: FormValue | undefined): unknown {
  switch (field.type) {
    case 'rows': {
      if (!asList(value).some((line) => line.trim() !== '')) return undefined;
      return rowsOf(field, value).valid;
    }
    case 'checkboxes':
    case 'list':
      return asList(value)
        .map((v) => v.trim())
        .filter((v) => v !== '');
    case 'rules':
      return asRules(value).map((r) => ({ field: r.field.trim(), operator: r.operator.trim(), value: r.value.trim() }));
    case 'number': {
      const text = asText(value).trim();
      if (text === '') return undefined;
      const n = Number(text);
      // Not a number: the raw text goes to the schema, whose message says "… must be a number."
      return Number.isFinite(n) ? n : text;
    }
    default: {
      const text = asText(value).trim();
      return text === '' ? undefined : text;
    }
  }
}

/** Everything a create sends: blank optional fields are left out, lists and rules always sent (may be empty). */
export function toCreateInput(spec: FormSpec, values: FormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (!isSent(field, values)) continue;
    const value = normalizedValue(field, values[field.name]);
    if (value !== undefined) input[field.name] = value;
    else if (field.blank === 'empty') input[field.name] = '';
  }
  return nest(input);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The PATCH body of an edit: ONLY the fields whose value differs from the one the form was opened with. A field
 * cleared by the user is sent as `null` (or "" for `blank: 'empty'` fields) so the server clears it.
 */
export function changedFields(spec: FormSpec, baseline: FormValues, values: FormValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (!isSent(field, values)) continue;
    const before = normalizedValue(field, baseline[field.name]);
    const after = normalizedValue(field, values[field.name]);
    if (same(before, after)) continue;
    patch[field.name] = after !== undefined ? after : field.blank === 'empty' ? '' : null;
  }
  return nest(patch);
}

/** True when saving would send something (create: anything differs from a new form; edit: a changed field). */
export function isDirty(spec: FormSpec, baseline: FormValues, values: FormValues): boolean {
  return Object.keys(changedFields(spec, baseline, values)).length > 0 || spec.fields.some((f) => f.formOnly && asText(baseline[f.name]) !== asText(values[f.name]));
}

/** What a save sends for this mode. */
export function submission(spec: FormSpec, mode: FormMode, baseline: FormValues, values: FormValues): Record<string, unknown> {
  return mode === 'create' ? toCreateInput(spec, values) : changedFields(spec, baseline, values);
}

/**
 * A draft kept against an older baseline, replayed on a fresh one: only the fields the user changed in the draft
 * win; every other field takes the record's current value (so a draft never reverts someone else's edit).
 */
export function rebaseDraft(spec: FormSpec, draftBaseline: FormValues, draftValues: FormValues, freshBaseline: FormValues): FormValues {
  const values: FormValues = { ...freshBaseline };
  for (const field of spec.fields) {
    const changed = !same(normalizedValue(field, draftBaseline[field.name]), normalizedValue(field, draftValues[field.name]));
    const draftValue = draftValues[field.name];
    if (changed && draftValue !== undefined) values[field.name] = draftValue;
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** The names that show an error: each field, and each rule row's three inputs (`rules.0.value`). */
export function errorTargets(spec: FormSpec, values: FormValues): Set<string> {
  const targets = new Set<string>();
  for (const field of spec.fields) {
    targets.add(field.name);
    if (field.type === 'rules') {
      asRules(values[field.name]).forEach((_, i) => ['field', 'operator', 'value'].forEach((part) => targets.add(`${field.name}.${i}.${part}`)));
    }
  }
  return targets;
}

/** The most specific target a dotted path falls under (`phone_numbers.2` → `phone_numbers`), or undefined. */
export function targetFor(path: string, targets: ReadonlySet<string>): string | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (targets.has(candidate)) return candidate;
  }
  return undefined;
}

/** One message per target (distinct messages of the same target joined); `field: ''` = about the form as a whole. */
function collect(errors: Array<{ target: string | undefined; message: string }>): FormFieldError[] {
  const byTarget = new Map<string, string[]>();
  for (const { target, message } of errors) {
    const key = target ?? '';
    const list = byTarget.get(key) ?? [];
    if (!list.includes(message)) list.push(message);
    byTarget.set(key, list);
  }
  return [...byTarget].map(([field, messages]) => ({ field, message: messages.join(' ') }));
}

/** Validate with the spec's schema for this mode. Errors are keyed by target; `field: ''` for the form as a whole. */
export function validate(spec: FormSpec, mode: FormMode, baseline: FormValues, values: FormValues): FormFieldError[] {
  // Rows that fail their row schema are named by line; the body's schema sees only the valid ones.
  const rowErrors: Array<{ target: string; message: string }> = [];
  for (const field of spec.fields) {
    if (field.type !== 'rows' || !field.rows || !isActive(field, values)) continue;
    const message = rowErrorMessage(rowsOf(field, values[field.name]), field.rows.max);
    if (message) rowErrors.push({ target: field.name, message });
  }
  // A form-only field (an order's kind) is in no API schema: a required one left blank is refused here.
  for (const field of spec.fields) {
    if (field.formOnly && field.required && asText(values[field.name]).trim() === '') rowErrors.push({ target: field.name, message: t('{0} is required.', tr(field.label)) });
  }
  const result = schemaFor(spec, mode, values).safeParse(submission(spec, mode, baseline, values));
  if (result.success && !rowErrors.length) return [];
  const targets = errorTargets(spec, values);
  const issues = result.success ? [] : result.error.issues;
  return collect([
    ...rowErrors,
    ...issues
      // "Add at least one company" is noise next to the line errors that explain why there is none; and with no
      // kind chosen, the fields of either kind are hidden: only "Kind is required" is worth showing.
      .filter((issue) => !rowErrors.some((e) => e.target === String(issue.path[0])))
      .filter((issue) => {
        const field = spec.fields.find((f) => f.name === String(issue.path[0]));
        return !field || isActive(field, values);
      })
      .map((issue) => ({ target: targetFor(issue.path.map(String).join('.'), targets), message: issue.message })),
  ]);
}

/** Server field errors (ApiError.fieldErrors) onto the inputs they name; the rest are form-level messages. */
export function mapServerErrors(
  spec: FormSpec,
  values: FormValues,
  fieldErrors: ReadonlyArray<{ field: string; message: string }>,
): { errors: FormFieldError[]; formErrors: string[] } {
  const targets = errorTargets(spec, values);
  const located = fieldErrors.map((e) => {
    const line = rowLine(spec, values, e.field);
    return { target: targetFor(e.field, targets), message: line === undefined ? e.message : t('Line {0}: {1}', line, e.message) };
  });
  return {
    errors: collect(located.filter((e) => e.target !== undefined)),
    formErrors: [...new Set(located.filter((e) => e.target === undefined).map((e) => e.message))],
  };
}

/** A server error on `companies.3.website_url` says which input line that row came from ("Line 5: …"). */
function rowLine(spec: FormSpec, values: FormValues, path: string): number | undefined {
  const [name, index] = path.split('.');
  const field = spec.fields.find((f) => f.name === name && f.type === 'rows');
  if (!field || index === undefined || !/^\d+$/.test(index)) return undefined;
  return rowsOf(field, values[field.name]).validLines[Number(index)];
}

/** "Ana Ruiz" for a contact, the name for the rest; empty when the record has none. */
export function titleOf(spec: FormSpec, values: FormValues): string {
  return displayText(spec.titleFields.map((f) => asText(values[f])).join(' '), 80);
}
