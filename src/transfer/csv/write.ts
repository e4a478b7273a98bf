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
 * JSON text of a nested value (a cell holding `phone_numbers` or `custom_fields`). Most of them are a list of
 * plain strings or a flat object of plain scalars, written here without JSON.stringify's per-call set-up (profiled:
 * ~1.5 µs a call, two calls per contact); anything else, or any string that needs escaping, goes to JSON.stringify,
 * so the text is always exactly what JSON.stringify writes.
 */
export function jsonText(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'string' || !isPlainJsonString(item)) return JSON.stringify(value);
      out += (i ? ',"' : '"') + item + '"';
    }
    return out + ']';
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out = '{';
    let first = true;
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const item: unknown = (value as Record<string, unknown>)[key];
      let text: string;
      if (typeof item === 'string') {
        if (!isPlainJsonString(item)) return JSON.stringify(value) ?? '';
        text = '"' + item + '"';
      } else if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) text = String(item);
      else if (item === null) text = 'null';
      else return JSON.stringify(value) ?? '';
      if (!isPlainJsonString(key)) return JSON.stringify(value) ?? '';
      out += (first ? '"' : ',"') + key + '":' + text;
      first = false;
    }
    return out + '}';
  }
  return JSON.stringify(value) ?? '';
}

/** A string JSON writes as it is between quotes: no quote, backslash, control character or lone surrogate. */
function isPlainJsonString(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 34 || code === 92 || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

/** One CSV cell, quoted and protected as the options say. */
export function csvCell(value: unknown, options: CsvWriteOptions): string {
  return cellWriter(options)(value);
}

/**
 * The cell function for one set of options, decided once (an export writes ~3 million cells): strings first, the
 * common case, then empty cells, numbers and booleans, then nested values as JSON text.
 */
export function cellWriter(options: CsvWriteOptions): (value: unknown) => string {
  const delimiter = options.delimiter ?? ',';
  const protect = options.protectFormulas;
  const special = delimiter === ',' ? (text: string) => SPECIAL_COMMA.test(text) : (text: string) => SPECIAL.test(text) || text.includes(delimiter);
  const quoted = (text: string) => (special(text) || isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) ? `"${text.replace(/"/g, '""')}"` : text);
  // Numbers and booleans never hold quotes, line breaks or a comma-like delimiter worth quoting (`1.5`, `true`).
  const scalarsBare = delimiter !== '.';
  return (value) => {
    if (typeof value === 'string') {
      if (!value) return value;
      return quoted(protect && isFormulaStart(value.charCodeAt(0)) ? `'${value}` : value);
    }
    if (value === null || value === undefined) return '';
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return scalarsBare ? String(value) : quoted(String(value));
    const text = jsonText(value);
    return text ? quoted(text) : text;
  };
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
  const cell = cellWriter(options);
  return values.map(cell).join(options.delimiter ?? ',') + '\r\n';
}

/** Undo `csvCell`'s formula protection on a parsed cell (for tests and re-import of our own exports). */
export function unprotect(text: string): string {
  return text.startsWith("'") && looksLikeFormula(text.slice(1)) ? text.slice(1) : text;
}
