/**
 * A tiny validator that answers like NestJS's ValidationPipe with class-validator (whitelist +
 * forbidNonWhitelisted), with one deliberate difference: EVERY message starts with the property path
 * (`paginate.limit must not be greater than 100`, `shoe_size should not exist`, `ids must contain only UUIDs`
 * where class-validator says "property shoe_size…" / "each value in ids…"), so a client can map each message
 * onto the field it names.
 */
import { UUID_RE } from '../http';
import { isRecord } from '../records';

export type Rule =
  | { type: 'string'; required?: boolean; nullable?: boolean; notEmpty?: boolean; maxLength?: number; in?: readonly string[] }
  | { type: 'email' | 'uuid' | 'url' | 'date'; required?: boolean; nullable?: boolean }
  | { type: 'int' | 'number'; required?: boolean; nullable?: boolean; min?: number; max?: number }
  | { type: 'boolean'; required?: boolean; nullable?: boolean }
  | { type: 'object'; required?: boolean; nullable?: boolean }
  | { type: 'array'; of: 'string' | 'uuid' | 'email'; required?: boolean; nullable?: boolean; minItems?: number; maxItems?: number }
  | { type: 'objects'; rules: RuleSet; required?: boolean; minItems?: number; maxItems?: number };

export type RuleSet = Record<string, Rule>;

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const scalarChecks: Record<'string' | 'uuid' | 'email', { ok: (v: unknown) => boolean; each: string }> = {
  string: { ok: (v) => typeof v === 'string', each: 'must contain only strings' },
  uuid: { ok: (v) => typeof v === 'string' && UUID_RE.test(v), each: 'must contain only UUIDs' },
  email: { ok: (v) => typeof v === 'string' && EMAIL_RE.test(v), each: 'must contain only emails' },
};

function checkField(path: string, value: unknown, rule: Rule, out: string[]): void {
  if (value === undefined || value === null) {
    if (value === null && 'nullable' in rule && rule.nullable) return;
    if (!rule.required) {
      if (value === undefined) return;
    }
    // Missing required (or null where null is not allowed): class-validator reports every failing decorator.
    if (rule.type === 'string' || rule.type === 'email') out.push(`${path} should not be empty`);
    out.push(...typeMessages(path, rule));
    return;
  }
  switch (rule.type) {
    case 'string':
      if (typeof value !== 'string') return void out.push(`${path} must be a string`);
      if (rule.notEmpty && value.trim() === '') out.push(`${path} should not be empty`);
      if (rule.maxLength !== undefined && value.length > rule.maxLength)
        out.push(`${path} must be shorter than or equal to ${rule.maxLength} characters`);
      if (rule.in && !rule.in.includes(value)) out.push(`${path} must be one of the following values: ${rule.in.join(', ')}`);
      return;
    case 'email':
      if (!scalarChecks.email.ok(value)) out.push(`${path} must be an email`);
      return;
    case 'uuid':
      if (!scalarChecks.uuid.ok(value)) out.push(`${path} must be a UUID`);
      return;
    case 'url':
      if (typeof value !== 'string' || !isUrl(value)) out.push(`${path} must be a URL address`);
      return;
    case 'date':
      if (typeof value !== 'string' || !DATE_RE.test(value) || Number.isNaN(Date.parse(value)))
        out.push(`${path} must be a valid ISO 8601 date string`);
      return;
    case 'int':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (rule.type === 'int' && !Number.isInteger(value)))
        return void out.push(...typeMessages(path, rule));
      if (rule.min !== undefined && value < rule.min) out.push(`${path} must not be less than ${rule.min}`);
      if (rule.max !== undefined && value > rule.max) out.push(`${path} must not be greater than ${rule.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${path} must be a boolean value`);
      return;
    case 'object':
      if (!isRecord(value)) out.push(`${path} must be an object`);
      return;
    case 'array': {
      if (!Array.isArray(value)) return void out.push(`${path} must be an array`);
      checkSize(path, value, rule, out);
      const check = scalarChecks[rule.of];
      if (value.some((v) => !check.ok(v))) out.push(`${path} ${check.each}`);
      return;
    }
    case 'objects': {
      if (!Array.isArray(value)) return void out.push(`${path} must be an array`);
      checkSize(path, value, rule, out);
      value.forEach((item, i) => {
        if (!isRecord(item)) out.push(`${path}.${i} must be an object`);
        else validateInto(item, rule.rules, out, `${path}.${i}.`);
      });
      return;
    }
  }
}

function checkSize(path: string, value: unknown[], rule: { minItems?: number; maxItems?: number }, out: string[]): void {
  if (rule.minItems !== undefined && value.length < rule.minItems) out.push(`${path} must contain at least ${rule.minItems} elements`);
  if (rule.maxItems !== undefined && value.length > rule.maxItems) out.push(`${path} must contain no more than ${rule.maxItems} elements`);
}

function typeMessages(path: string, rule: Rule): string[] {
  switch (rule.type) {
    case 'string': return [`${path} must be a string`];
    case 'email': return [`${path} must be an email`];
    case 'uuid': return [`${path} must be a UUID`];
    case 'url': return [`${path} must be a URL address`];
    case 'date': return [`${path} must be a valid ISO 8601 date string`];
    case 'int': return [`${path} must be an integer number`];
    case 'number': return [`${path} must be a number conforming to the specified constraints`];
    case 'boolean': return [`${path} must be a boolean value`];
    case 'object': return [`${path} must be an object`];
    case 'array':
    case 'objects': return [`${path} must be an array`];
  }
}

function validateInto(body: Record<string, unknown>, rules: RuleSet, out: string[], prefix: string, allowExtra: readonly string[] = []): void {
  for (const key of Object.keys(body)) {
    if (!(key in rules) && !allowExtra.includes(key)) out.push(`${prefix}${key} should not exist`);
  }
  for (const [key, rule] of Object.entries(rules)) checkField(`${prefix}${key}`, body[key], rule, out);
}

/**
 * Validate a JSON body against a rule set; returns the messages (empty = valid). Properties not in the rules are
 * rejected unless listed in `allowExtra` (validated elsewhere, e.g. `filters`).
 */
export function validateBody(body: unknown, rules: RuleSet, allowExtra: readonly string[] = []): string[] {
  if (!isRecord(body)) return ['body must be a JSON object'];
  const out: string[] = [];
  validateInto(body, rules, out, '', allowExtra);
  return out;
}
