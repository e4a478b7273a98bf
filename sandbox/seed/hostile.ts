/**
 * Strings that break careless clients: HTML/script injection, markdown command links (VS Code renders markdown in
 * hovers and could run a command), bidi overrides, zero-width characters, a huge value, deep nesting. They appear
 * at fixed places among the first records (so every first page shows them) and then about 1 in 200 records.
 */
import type { Rng } from './prng';

export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](command:workbench.action.quit)',
  'command:crm.deleteContact',
  '\u202Egnp.exe\u202C Invoice',
  'Zero\u200BWidth\u200C\u200DJoiner\uFEFF',
  '"; DROP TABLE contacts; --',
  '{{constructor.constructor("alert(1)")()}}',
] as const;

/** About 100 KB: for exactly one record, to test truncation and editor performance. */
export function hugeString(): string {
  const chunk = 'This value is intentionally enormous (100 KB) to test truncation. ';
  return chunk.repeat(Math.ceil(102_400 / chunk.length)).slice(0, 102_400);
}

/** `{ level1: { level2: … { level20: "bottom" } } }`: nesting 20 deep. */
export function deeplyNested(depth = 20): Record<string, unknown> {
  let value: unknown = 'bottom';
  for (let level = depth; level >= 1; level--) value = { [`level${level}`]: value };
  return value as Record<string, unknown>;
}

/** Deterministic hostile placement (slots start after the unicode showcase records 0–4): fixed slots among the first 50 records, then ~1/200 at random. */
export function hostileFor(index: number, rng: Rng): string | undefined {
  const fixed = FIXED_SLOTS.get(index);
  if (fixed !== undefined) return fixed;
  if (index >= 50 && rng.chance(1 / 200)) return rng.pick(HOSTILE_STRINGS);
  return undefined;
}

const FIXED_SLOTS = new Map<number, string>([
  [5, HOSTILE_STRINGS[0]],
  [7, HOSTILE_STRINGS[1]],
  [11, HOSTILE_STRINGS[2]],
  [13, HOSTILE_STRINGS[3]],
  [17, HOSTILE_STRINGS[4]],
  [19, HOSTILE_STRINGS[5]],
  [23, HOSTILE_STRINGS[6]],
  [31, HOSTILE_STRINGS[7]],
]);

/** Record slots (among the first 50) that carry the two structural oddities. */
export const HUGE_VALUE_INDEX = 29;
export const DEEP_NESTING_INDEX = 37;
