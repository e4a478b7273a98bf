/**
 * Record strings are untrusted. Tree labels and descriptions are plain text (VS Code does not render HTML
 * there), but bidi overrides can make a label read as something else, control characters break layout, and a
 * 100 KB value makes the tree unusable. This makes any untrusted string safe and short for one-line display.
 */
const BIDI_AND_INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]+/g;

export function displayText(value: unknown, maxLength = 120): string {
  if (value === null || value === undefined) return '';
  const text = (typeof value === 'string' ? value : String(value)).slice(0, maxLength * 4);
  const clean = text.replace(BIDI_AND_INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > maxLength ? clean.slice(0, maxLength - 1) + '…' : clean;
}

/** Untrusted one-line text → Markdown that renders as exactly that text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~:]/g, '\\$&');
}

/** Multi-line untrusted text (error messages) → Markdown, line by line. */
export function escapeMarkdownLines(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeMarkdown(line))
    .join('\n');
}
