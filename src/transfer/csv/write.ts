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

/** One CSV cell, quoted and protected as the options say. */
export function csvCell(value: unknown, options: CsvWriteOptions): string {
  const delimiter = options.delimiter ?? ',';
  const { text: raw, isText } = cellText(value);
  const text = isText && options.protectFormulas && looksLikeFormula(raw) ? `'${raw}` : raw;
  const needsQuotes = text.includes(delimiter) || /["\r\n]/.test(text) || /^\s|\s$/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (with its CRLF). */
export function csvLine(values: readonly unknown[], options: CsvWriteOptions): string {
  return values.map((v) => csvCell(v, options)).join(options.delimiter ?? ',') + '\r\n';
}

/** Undo `csvCell`'s formula protection on a parsed cell (for tests and re-import of our own exports). */
export function unprotect(text: string): string {
  return text.startsWith("'") && looksLikeFormula(text.slice(1)) ? text.slice(1) : text;
}
