/**
 * A fast pre-check derived from a zod schema, for pages of records (an export reads 100,000 of them).
 *
 * Why: zod's safeParse costs ~8 µs for a contact (a result object per field, a new output object per record):
 * ~0.8 s of client CPU per 100,000 contacts, as much as fetching them. Most records are valid, and for a schema
 * without transforms zod's output of a valid record is the record itself (same fields, same values). So each
 * schema is compiled once into plain type tests, and a record that passes them is kept as it came (JSON.parse's
 * object). The zod schema stays the one definition and the judge: a record the pre-check does not vouch for goes
 * through `safeParse` as before, so every rejection, message and normalisation is still zod's.
 *
 * Conservative by construction: only the schema kinds below compile (string with a minimum length, finite number,
 * boolean, unknown/any, optional, nullable, array, union, enum, literal, records of string keys, loose objects).
 * Anything else (transforms, defaults, refinements, other checks, coercion, strict or stripping objects, whose
 * output differs from the input) makes the whole schema uncompilable: `fastCheckOf` returns undefined and every
 * record goes through zod. test/unit/fastCheck.test.ts checks, over generated good and bad records of every
 * record schema, that whatever the pre-check accepts zod accepts with an output equal to the input.
 */
import type { ZodType } from 'zod';

export type FastCheck = (value: unknown) => boolean;

/** The slice of zod 4's internal definition we read (`schema._zod.def`); anything unexpected means "not compiled". */
interface Def {
  type: string;
  checks?: ReadonlyArray<{ _zod: { def: { check: string; minimum?: unknown } } }>;
  coerce?: boolean;
  innerType?: ZodType;
  element?: ZodType;
  options?: readonly ZodType[];
  keyType?: ZodType;
  valueType?: ZodType;
  shape?: Record<string, ZodType>;
  catchall?: ZodType;
  entries?: Record<string, unknown>;
  values?: readonly unknown[];
}

const compiled = new WeakMap<object, FastCheck | null>();

/** The pre-check of `schema`, or undefined when the schema has a part that only zod itself can judge. */
export function fastCheckOf(schema: ZodType): FastCheck | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema) ?? null;
    compiled.set(schema, check);
  }
  return check ?? undefined;
}

function defOf(schema: ZodType | undefined): Def | undefined {
  const def = (schema as unknown as { _zod?: { def?: Def } } | undefined)?._zod?.def;
  return def && typeof def.type === 'string' ? def : undefined;
}

function compile(schema: ZodType | undefined): FastCheck | undefined {
  const def = defOf(schema);
  if (!def || def.coerce) return undefined;
  const checks = def.checks ?? [];
  // Checks other than a string's minimum length (refinements, formats, ranges) are left to zod.
  if (checks.length && def.type !== 'string') return undefined;
  switch (def.type) {
    case 'string': {
      let min = 0;
      for (const c of checks) {
        const d = c._zod.def;
        if (d.check !== 'min_length' || typeof d.minimum !== 'number') return undefined;
        min = Math.max(min, d.minimum);
      }
      return min > 0 ? (v) => typeof v === 'string' && v.length >= min : (v) => typeof v === 'string';
    }
    case 'number':
      // zod 4 refuses NaN and ±Infinity (JSON cannot carry them, but other callers could).
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
    case 'any':
      return () => true;
    case 'optional': {
      const inner = compile(def.innerType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'nullable': {
      const inner = compile(def.innerType);
      return inner && ((v) => v === null || inner(v));
    }
    case 'array': {
      const element = compile(def.element);
      return element && ((v) => Array.isArray(v) && v.every(element));
    }
    case 'union': {
      const options = (def.options ?? []).map(compile);
      if (!options.length || options.some((o) => !o)) return undefined;
      const all = options as FastCheck[];
      return (v) => all.some((o) => o(v));
    }
    case 'enum': {
      const allowed = new Set(Object.values(def.entries ?? {}));
      return allowed.size ? (v) => allowed.has(v) : undefined;
    }
    case 'literal': {
      const allowed = new Set(def.values ?? []);
      return allowed.size ? (v) => allowed.has(v) : undefined;
    }
    case 'record': {
      const key = defOf(def.keyType);
      if (!key || key.type !== 'string' || key.checks?.length || key.coerce) return undefined;
      const value = compile(def.valueType);
      return value && ((v) => isPlainObject(v) && Object.values(v).every(value));
    }
    case 'object':
      return compileObject(def);
    default:
      return undefined;
  }
}

/**
 * Loose objects only (catchall unknown/any): unknown fields pass through as they are, so the record is its own
 * output. A stripping or strict object's output differs from its input (or fails on extra keys): left to zod.
 */
function compileObject(def: Def): FastCheck | undefined {
  const catchall = defOf(def.catchall);
  if (!catchall || (catchall.type !== 'unknown' && catchall.type !== 'any')) return undefined;
  const fields: Array<[string, FastCheck]> = [];
  for (const [key, schema] of Object.entries(def.shape ?? {})) {
    const check = compile(schema);
    if (!check) return undefined;
    fields.push([key, check]);
  }
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const record = v as Record<string, unknown>;
    for (let i = 0; i < fields.length; i++) {
      const [key, check] = fields[i]!;
      if (!check(record[key])) return false;
    }
    return true;
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
