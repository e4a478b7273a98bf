/**
 * Export formats: each turns one page of records into the text appended to the file. No `vscode` here.
 *
 * CSV columns, decided once, from the FIRST page: the union of the keys its records carry, in first-seen order,
 * then one last column `other_fields`. Streaming means later pages are not known when the header is written, so a
 * field that first appears on a later page is not dropped: it goes into `other_fields` as a JSON object of the
 * record's fields that have no column of their own (empty when there are none). Nested objects and arrays are JSON
 * text in their one cell (`custom_fields`, `phone_numbers`). Every row has exactly the header's number of cells.
 *
 * JSON: one array, written as `[` + records separated by `,\n` + `]` (valid JSON at the end, never all in memory).
 * JSON Lines: one record per line (easy to stream back in).
 */
import { cellWriter, csvLine, type CsvWriteOptions } from '../csv/write';

export type ExportFormat = 'csv' | 'json' | 'jsonl';

export const OTHER_FIELDS_COLUMN = 'other_fields';

export interface ExportFormatter {
  /** Text before the first record (after the first page is known, for CSV's header). */
  start(firstPage: readonly object[]): string;
  page(records: readonly object[]): string;
  end(): string;
}

export interface FormatOptions {
  format: ExportFormat;
  csv: CsvWriteOptions;
  /** Start the file with a UTF-8 byte order mark (Excel needs it to read UTF-8 CSV). CSV only: JSON must not. */
  bom: boolean;
}

export function createFormatter(options: FormatOptions): ExportFormatter {
  const bom = options.bom && options.format === 'csv' ? '\uFEFF' : '';
  switch (options.format) {
    case 'csv':
      return new CsvFormatter(options.csv, bom);
    case 'json':
      return new JsonFormatter();
    case 'jsonl':
      return { start: () => '', page: (records) => records.map((r) => JSON.stringify(r) + '\n').join(''), end: () => '' };
  }
}

/** The union of the records' keys in first-seen order: the CSV columns. */
export function columnsOf(records: readonly object[]): string[] {
  const columns = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) columns.add(key);
  columns.delete(OTHER_FIELDS_COLUMN);
  return [...columns];
}

class CsvFormatter implements ExportFormatter {
  private columns: string[] = [];
  private known = new Set<string>();
  private lastPlainKeys: string[] | undefined;
  private readonly cell: (value: unknown) => string;

  constructor(
    private readonly options: CsvWriteOptions,
    private readonly bom: string,
  ) {
    this.cell = cellWriter(options);
  }

  start(firstPage: readonly object[]): string {
    this.columns = columnsOf(firstPage);
    this.known = new Set(this.columns);
    return this.bom + csvLine([...this.columns, OTHER_FIELDS_COLUMN], this.options);
  }

  /**
   * One string per page, built from arrays and joined once: `+=` on thousands of cells makes a deep rope string that
   * V8 flattens again when the file stream encodes it (profiled: that flattening cost as much as building the cells).
   */
  page(records: readonly object[]): string {
    const columns = this.columns;
    const width = columns.length;
    const delimiter = this.options.delimiter ?? ',';
    const cell = this.cell;
    const cells: string[] = new Array<string>(width + 1);
    const lines: string[] = new Array<string>(records.length);
    for (let r = 0; r < records.length; r++) {
      const values = records[r] as Record<string, unknown>;
      for (let c = 0; c < width; c++) cells[c] = cell(values[columns[c]!]);
      cells[width] = cell(this.otherFields(values));
      lines[r] = cells.join(delimiter);
    }
    return lines.length ? lines.join('\r\n') + '\r\n' : '';
  }

  end(): string {
    return '';
  }

  /**
   * The fields without a column of their own, or undefined. Records of one page nearly always have the same keys
   * in the same order (JSON.parse of one server), so the last key list that had no extra field is remembered and
   * compared key by key (property names are interned strings: a pointer compare) instead of a Set lookup each.
   */
  private otherFields(values: Record<string, unknown>): Record<string, unknown> | undefined {
    const keys = Object.keys(values);
    const last = this.lastPlainKeys;
    if (last && last.length === keys.length) {
      let same = true;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) return undefined;
    }
    let other: Record<string, unknown> | undefined;
    for (const key of keys) {
      if (!this.known.has(key)) (other ??= {})[key] = values[key];
    }
    if (!other) this.lastPlainKeys = keys;
    return other;
  }
}

class JsonFormatter implements ExportFormatter {
  private first = true;

  start(): string {
    return '[';
  }

  page(records: readonly object[]): string {
    if (!records.length) return '';
    const texts = records.map((record) => JSON.stringify(record));
    const out = (this.first ? '\n' : ',\n') + texts.join(',\n');
    this.first = false;
    return out;
  }

  end(): string {
    return this.first ? ']\n' : '\n]\n';
  }
}
