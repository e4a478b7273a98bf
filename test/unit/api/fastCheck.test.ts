import * as assert from 'node:assert/strict';
import { z, type ZodType } from 'zod';
import { fastCheckOf } from '../../../src/api/http/fastCheck';
import { parseItems } from '../../../src/api/http/tolerant';
import * as minotaur from '../../../src/api/minotaur/schemas';
import * as openProspect from '../../../src/api/openprospect/schemas';

/** Every exported zod schema of both clients (records, pages, inputs): the pre-check must never be laxer than zod. */
const SCHEMAS: Array<[string, ZodType]> = [...Object.entries(minotaur), ...Object.entries(openProspect)]
  .filter(([name, value]) => name.endsWith('Schema') && typeof (value as { safeParse?: unknown }).safeParse === 'function')
  .map(([name, value]) => [name, value as unknown as ZodType]);

/** A deterministic generator (mulberry32): failures reproduce. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [null, undefined, '', 'text', 'José Muñoz', 0, -1, 3.5, Number.NaN, Number.POSITIVE_INFINITY, true, false, [], ['a'], [1], [null], {}, { a: 1 }, { nested: { deep: [1] } }, 'verified', 'x'];

/** A value zod accepts for `schema` when one is easy to make (used as the starting point of mutations). */
function sample(schema: ZodType, next: () => number, depth = 0): unknown {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'string':
      return next() < 0.5 ? 'Ana' : 'Zoë "Q", \n';
    case 'number':
      return Math.round(next() * 100);
    case 'boolean':
      return next() < 0.5;
    case 'optional':
    case 'nullable':
      return next() < 0.25 ? (def.type === 'optional' ? undefined : null) : sample(def.innerType as ZodType, next, depth + 1);
    case 'array':
      return depth > 4 ? [] : Array.from({ length: Math.floor(next() * 3) }, () => sample(def.element as ZodType, next, depth + 1));
    case 'union': {
      const options = def.options as ZodType[];
      return sample(options[Math.floor(next() * options.length)]!, next, depth + 1);
    }
    case 'enum':
      return Object.values(def.entries as object)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'record':
      return { a: 1, b: 'two' };
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape as Record<string, ZodType>)) {
        const value = sample(field, next, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      if (next() < 0.5) out.extra_field = { kept: true };
      return out;
    }
    default:
      return undefined;
  }
}

/** The record with one to three fields replaced by odd values, removed, or added. */
function mutate(record: unknown, next: () => number): unknown {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return ODD_VALUES[Math.floor(next() * ODD_VALUES.length)];
  const copy: Record<string, unknown> = structuredClone(record as Record<string, unknown>);
  const keys = Object.keys(copy);
  for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
    const key = keys[Math.floor(next() * keys.length)] ?? 'id';
    const roll = next();
    if (roll < 0.15) delete copy[key];
    else if (roll < 0.3 && copy[key] && typeof copy[key] === 'object') copy[key] = mutate(copy[key], next);
    else copy[key] = ODD_VALUES[Math.floor(next() * ODD_VALUES.length)];
  }
  return copy;
}

/** zod's output equals the input: same own keys (any order) and equal values. */
function sameData(output: unknown, input: unknown): boolean {
  try {
    assert.deepStrictEqual(output, input);
    return true;
  } catch {
    return false;
  }
}

describe('Fast pre-check derived from the zod schemas', () => {
  it('compiles the record schemas an export reads (contacts, companies), so the fast path is real', () => {
    assert.ok(fastCheckOf(minotaur.ContactSchema), 'ContactSchema');
    assert.ok(fastCheckOf(minotaur.CompanySchema), 'CompanySchema');
  });

  it('leaves to zod every schema part whose output differs from its input or that only zod can judge', () => {
    assert.equal(fastCheckOf(z.object({ a: z.string() })), undefined, 'a stripping object drops unknown keys');
    assert.equal(fastCheckOf(z.strictObject({ a: z.string() })), undefined, 'a strict object refuses unknown keys');
    assert.equal(fastCheckOf(z.looseObject({ a: z.string().transform((s) => s.trim()) })), undefined, 'transform');
    assert.equal(fastCheckOf(z.looseObject({ a: z.string().default('x') })), undefined, 'default');
    assert.equal(fastCheckOf(z.looseObject({ a: z.string().email() })), undefined, 'a format check');
    assert.equal(fastCheckOf(z.looseObject({ a: z.number().min(1) })), undefined, 'a range check');
    assert.equal(fastCheckOf(z.looseObject({ a: z.string() }).refine(() => false)), undefined, 'a refinement');
    assert.equal(fastCheckOf(z.looseObject({ a: z.coerce.number() })), undefined, 'coercion');
    assert.equal(fastCheckOf(z.looseObject({ a: z.date() })), undefined, 'an unknown kind');
  });

  it('accepts only what zod accepts, with zod output equal to the record, for every schema of both clients', () => {
    const next = random(20261123);
    let compiledSchemas = 0;
    let accepted = 0;
    let refused = 0;
    for (const [name, schema] of SCHEMAS) {
      const check = fastCheckOf(schema);
      if (!check) continue;
      compiledSchemas++;
      for (let i = 0; i < 400; i++) {
        const base = sample(schema, next);
        const value = i % 4 === 0 ? base : mutate(base, next);
        const result = schema.safeParse(value);
        if (check(value)) {
          accepted++;
          assert.ok(result.success, `${name}: the pre-check accepted what zod refuses: ${JSON.stringify(value)} — ${result.error?.message}`);
          assert.ok(sameData(result.data, value), `${name}: zod's output differs from the accepted record: ${JSON.stringify(value)}`);
        } else refused++;
      }
    }
    assert.ok(compiledSchemas >= 5, `only ${compiledSchemas} schemas compiled`);
    // Both sides exercised: valid records take the fast path, broken ones are left to zod.
    assert.ok(accepted > 500 && refused > 500, `accepted ${accepted}, refused ${refused}`);
  });

  it('parseItems gives the same items and rejections with and without the fast path', () => {
    const next = random(7);
    const raw = Array.from({ length: 300 }, (_, i) => (i % 3 ? sample(minotaur.ContactSchema, next) : mutate(sample(minotaur.ContactSchema, next), next)));
    const fast = parseItems(minotaur.ContactSchema, raw);
    // The slow path: zod alone, record by record (what parseItems did before the pre-check).
    const slowItems: unknown[] = [];
    const slowRejected: number[] = [];
    raw.forEach((value, index) => {
      const result = minotaur.ContactSchema.safeParse(value);
      if (result.success) slowItems.push(result.data);
      else slowRejected.push(index);
    });
    assert.deepStrictEqual(fast.items, slowItems);
    assert.deepStrictEqual(fast.rejected.map((r) => r.index), slowRejected);
    assert.ok(slowRejected.length > 0 && slowItems.length > 0);
    // A rejected record still says what was wrong, in zod's words.
    assert.ok(fast.rejected.every((r) => r.issues.length > 0));
  });
});
