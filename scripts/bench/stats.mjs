// Small numeric helpers for the bench: summaries of repeated samples and formatting.

/** {n, median, min, max, samples} of the finite numbers in `values` (null fields when there are none). */
export function summarize(values, digits = 1) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return { n: 0, median: null, min: null, max: null, samples: [] };
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { n: xs.length, median: round(median, digits), min: round(s[0], digits), max: round(s[s.length - 1], digits), samples: xs.map((v) => round(v, digits)) };
}

export function round(v, digits = 1) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export const KB = 1024; // sizes: 1 KB = 1,024 bytes (what vsce and the SPEC's "250 KB" use)
export const MB = 1024 * 1024;

/** "12.5 (10.1–14.0)" or "12.5" for a summary; "—" when empty. */
export function fmtSummary(sum, unit = '', digits = 1) {
  if (!sum || sum.median === null || sum.median === undefined) return '—';
  const u = unit ? ` ${unit}` : '';
  const f = (v) => Number(v).toFixed(digits);
  if (sum.n > 1 && sum.min !== sum.max) return `${f(sum.median)}${u} (${f(sum.min)}–${f(sum.max)})`;
  return `${f(sum.median)}${u}${sum.n > 1 ? ` (all ${sum.n} runs)` : ''}`;
}
