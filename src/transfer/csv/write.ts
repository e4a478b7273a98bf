/**
 * Writing CSV cells (RFC 4180) for export. No `vscode` here.
 *
 * Quoting: a cell is quoted when it holds the delimiter, a quote, CR or LF, or leading/trailing spaces (which some
 * readers trim); quotes inside are doubled. Lines end with CRLF, as RFC 4180 says.
 *
 * CSV injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, TAB or CR
 * as a formula (`=HYPERLINK(...)`, `@SUM(...)`, DDE payloads). Record data comes from a third-party API and from
 * whoever typed it there, so by default such a TEXT cell gets a leading apostrophe, which spreadsheets show as
 * text and do not evaluate. The price: the exported text differs from the API's (a phone number `+44 20…` becomes
 * `'+44 20…`); the `crm.export.csvFormulaProtection` setting turns it off for files read by programs, not people.
 * Numbers and booleans are written by us from JSON numbers, so `-5` stays `-5` (a number, not a formula).
 */

export interface CsvWriteOptions {
  /** Prefix text cells that a spreadsheet would run as a formula with `'` (default true). */
  protectFormulas: boolean;
  delimiter?: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text cell would be read as a formula by a spreadsheet. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * The text of one value: strings as they are, numbers and booleans as JSON writes them, null/undefined as an
 * empty cell, arrays and objects as JSON text in the one cell (so nested data survives a round trip).
 */
export function cellText(value: unknown): { text: string; isText: boolean } {
  if (value === null || value === undefined) return { text: '', isText: false };
  if (typeof value === 'string') return { text: value, isText: true };
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return { text: String(value), isText: false };
  return { text: JSON.stringify(value) ?? '', isText: true };
}

/** One CSV cell, quoted and protected as the options say. Hot path of an export: no allocation for plain cells. */
export function csvCell(value: unknown, options: CsvWriteOptions): string {
  if (value === null || value === undefined) return '';
  const type = typeof value;
  // Numbers and booleans never hold quotes, line breaks or a comma-like delimiter worth quoting (`1.5`, `true`).
  if ((type === 'number' || type === 'boolean' || type === 'bigint') && options.delimiter !== '.') return String(value);
  let text = type === 'string' ? (value as string) : cellText(value).text;
  if (!text) return text;
  if (options.protectFormulas && type === 'string' && isFormulaStart(text.charCodeAt(0))) text = `'${text}`;
  const delimiter = options.delimiter ?? ',';
  const special = delimiter === ',' ? SPECIAL_COMMA.test(text) : SPECIAL.test(text) || text.includes(delimiter);
  const needsQuotes = special || isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1));
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

const SPECIAL_COMMA = /[",\r\n]/;
const SPECIAL = /["\r\n]/;

/** `=`, `+`, `-`, `@`, TAB, CR. */
function isFormulaStart(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

function isSpace(code: number): boolean {
  return code <= 32 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** One CSV line (with its CRLF). */
export function csvLine(values: readonly unknown[], options: CsvWriteOptions): string {
  let line = '';
  const delimiter = options.delimiter ?? ',';
  for (let i = 0; i < values.length; i++) line += (i ? delimiter : '') + csvCell(values[i], options);
  return line + '\r\n';
}

/** Undo `csvCell`'s formula protection on a parsed cell (for tests and re-import of our own exports). */
export function unprotect(text: string): string {
  return text.startsWith("'") && looksLikeFormula(text.slice(1)) ? text.slice(1) : text;
}
