/**
 * Reading CSV (shared by OpenProspect's Create Order / Add Entries and the CSV import in src/transfer/import).
 * Company rows from pasted text or a CSV file, for enrichment orders and blacklist entries: parse (RFC 4180 quotes,
 * comma / semicolon / tab, CRLF), map the header onto the API's fields, validate every row with the client's own
 * input schema, and report what would be sent and what would not, before anything is sent. No `vscode` here.
 *
 * Without a recognised header, every non-blank line is one company: a URL or bare domain becomes `website_url`,
 * anything else `company_name` (so a pasted list of domains or names just works). A bare domain in a website
 * column gets `https://` (the schemas want a full address; the API accepts either).
 */
import type { ZodType } from 'zod';
import { formatNumber, t } from '../../util/l10n';

export type CompanyField = 'company_name' | 'website_url' | 'external_id' | 'city';

const HEADER_ALIASES: Record<string, CompanyField> = {
  company_name: 'company_name',
  company: 'company_name',
  companyname: 'company_name',
  name: 'company_name',
  organization: 'company_name',
  organisation: 'company_name',
  website_url: 'website_url',
  websiteurl: 'website_url',
  website: 'website_url',
  url: 'website_url',
  domain: 'website_url',
  web: 'website_url',
  external_id: 'external_id',
  externalid: 'external_id',
  id: 'external_id',
  crm_id: 'external_id',
  city: 'city',
  town: 'city',
};

export interface RowError {
  /** 1-based line number in the input (the header is line 1 when there is one). */
  line: number;
  messages: string[];
}

export interface ParsedRows<T> {
  valid: T[];
  /** Input line of each valid row, parallel to `valid` (to map server errors with `index` back to lines). */
  validLines: number[];
  invalid: RowError[];
  /** Whether a header row was recognised. */
  header: boolean;
  /** Columns of the header that map to no field (kept as extra fields when `keepExtraColumns`). */
  unknownColumns: string[];
}

/** Parse CSV text into rows of cells, each with the line it started on. Quoted cells may span lines. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) {
    cells.push(cell);
    rows.push({ cells, line: rowLine });
  }
  return rows.filter((row) => row.cells.some((c) => c.trim() !== ''));
}

/** The delimiter of the first line: tab, semicolon or comma (the most frequent outside quotes). */
export function detectDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = first.replace(/"[^"]*"/g, '');
  const counts = ['\t', ';', ','].map((d) => [d, unquoted.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

function headerField(cell: string): CompanyField | undefined {
  const key = cell.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return HEADER_ALIASES[key] ?? HEADER_ALIASES[key.replace(/_/g, '')];
}

/** A URL or a bare domain (`acme.com`, `www.acme.co.uk/path`). */
export function looksLikeWebsite(value: string): boolean {
  const v = value.trim();
  if (/^https?:\/\//i.test(v)) return true;
  return /^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(\/\S*)?$/i.test(v) && !/\s/.test(v);
}

/** `acme.com` → `https://acme.com`; full URLs and other text unchanged. */
export function normaliseWebsite(value: string): string {
  const v = value.trim();
  return v && !/^[a-z][a-z0-9+.-]*:/i.test(v) && looksLikeWebsite(v) ? `https://${v}` : v;
}

/**
 * Rows → records validated by `schema` (the client's input schema for one company). Blank cells are left out.
 * `keepExtraColumns`: unknown header columns are sent as extra fields (enrichment keeps them; entries do not).
 */
export function readCompanyRows<T>(text: string, schema: ZodType<T>, options: { keepExtraColumns?: boolean } = {}): ParsedRows<T> {
  const rows = parseCsv(text);
  const out: ParsedRows<T> = { valid: [], validLines: [], invalid: [], header: false, unknownColumns: [] };
  if (!rows.length) return out;

  const headerCells = rows[0]!.cells;
  const mapped = headerCells.map(headerField);
  const hasHeader = mapped.some(Boolean);
  out.header = hasHeader;
  const columns: (string | undefined)[] = hasHeader
    ? headerCells.map((cell, i) => mapped[i] ?? (options.keepExtraColumns && cell.trim() ? cell.trim() : undefined))
    : [];
  if (hasHeader) out.unknownColumns = headerCells.filter((cell, i) => !mapped[i] && cell.trim()).map((c) => c.trim());

  for (const row of hasHeader ? rows.slice(1) : rows) {
    const record: Record<string, string> = {};
    if (hasHeader) {
      row.cells.forEach((cell, i) => {
        const field = columns[i];
        const value = cell.trim();
        if (field && value && !(field in record)) record[field] = field === 'website_url' ? normaliseWebsite(value) : value;
      });
    } else {
      const value = row.cells.map((c) => c.trim()).find(Boolean) ?? '';
      if (looksLikeWebsite(value)) record.website_url = normaliseWebsite(value);
      else record.company_name = value;
    }
    const parsed = schema.safeParse(record);
    if (parsed.success) {
      out.valid.push(parsed.data);
      out.validLines.push(row.line);
    } else {
      const messages = parsed.error.issues.map((issue) => issue.message);
      out.invalid.push({ line: row.line, messages: [...new Set(messages)] });
    }
  }
  return out;
}

/** "2,498 valid rows, 2 invalid — line 3: Website must be …; line 9: …" for the preview. */
export function describeRows(parsed: ParsedRows<unknown>, shownErrors = 3): string {
  const valid = parsed.valid.length === 1 ? t('1 valid row') : t('{0} valid rows', formatNumber(parsed.valid.length));
  const invalid = parsed.invalid.length === 1 ? t('1 invalid row') : t('{0} invalid rows', formatNumber(parsed.invalid.length));
  const parts = [t('{0}, {1}', valid, invalid)];
  if (parsed.invalid.length) {
    const first = parsed.invalid.slice(0, shownErrors).map((e) => t('line {0}: {1}', e.line, e.messages.join(' ')));
    parts.push(t('first errors — {0}', `${first.join('; ')}${parsed.invalid.length > shownErrors ? '; …' : ''}`));
  }
  if (parsed.unknownColumns.length) parts.push(t('columns not recognised: {0}', parsed.unknownColumns.slice(0, 5).join(', ')));
  return parts.join('. ');
}

/** Split into batches of at most `size` (the API's bulk maximum). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new RangeError('batch size must be at least 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
