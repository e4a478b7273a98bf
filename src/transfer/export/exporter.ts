/**
 * The streaming export engine (no `vscode` here): pages are fetched in parallel, at most `concurrency` at a time
 * (the same number as `crm.maxConcurrentRequests`; the connection's own semaphore enforces it as well), and written
 * IN ORDER, each write awaited so a slow disk holds the fetching back (back-pressure). At most `concurrency` pages
 * are held in memory besides the one being written, so memory does not grow with the size of the folder.
 *
 * The total (metadata call, or the page's own `total`) only says how many pages to fetch ahead; the export ends
 * at the first short page, so records added while exporting are still followed to the end. Records are
 * de-duplicated by id (data shifting between pages would otherwise repeat a record). Records that fail the schema
 * are not written: they are counted and listed in the summary (the first ones) and the log.
 */
import type { RejectedRecord } from '../../api/http/tolerant';
import type { ExportFormatter } from './formats';

export interface ExportPage {
  items: object[];
  rejected: RejectedRecord[];
  total?: number;
  /** Raw entries the server sent (items + rejected): a page shorter than the limit is the last one. */
  received: number;
}

export interface ExportSource {
  fetchPage(offset: number, limit: number, signal: AbortSignal): Promise<ExportPage>;
  fetchTotal?(signal: AbortSignal): Promise<number | undefined>;
}

/** Where the text goes; `write` resolves when the text may be followed by more (after 'drain' if needed). */
export interface TextSink {
  write(text: string): Promise<void>;
}

export interface ExportOptions {
  source: ExportSource;
  formatter: ExportFormatter;
  sink: TextSink;
  pageSize: number;
  concurrency: number;
  signal: AbortSignal;
  onProgress?(written: number, total: number | undefined): void;
}

export interface ExportSummary {
  written: number;
  /** Records seen twice (data shifted between pages) and written once. */
  duplicates: number;
  rejectedCount: number;
  /** The first rejected records (offset in the folder, id when readable, what was wrong). */
  rejected: RejectedRecord[];
  pages: number;
  /** The total the server announced at the start. */
  total?: number;
}

const MAX_REJECTED_KEPT = 100;

export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.');
    this.name = 'ExportCancelled';
  }
}

export async function exportRecords(options: ExportOptions): Promise<ExportSummary> {
  const { source, formatter, sink, pageSize: limit } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  // One controller for everything in flight: the user's cancel, or our own stop after a failure or the last page.
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const pending = new Map<number, Promise<ExportPage>>();
  const summary: ExportSummary = { written: 0, duplicates: 0, rejectedCount: 0, rejected: [], pages: 0 };
  const seen = new Set<string>();

  const fetchPage = (index: number) => {
    const promise = source.fetchPage(index * limit, limit, inner.signal);
    promise.catch(() => undefined); // observed when its turn comes; never an unhandled rejection meanwhile
    pending.set(index, promise);
  };
  const checkCancelled = () => {
    if (options.signal.aborted) throw new ExportCancelled();
  };
  const take = (page: ExportPage, index: number): object[] => {
    summary.pages += 1;
    for (const r of page.rejected) {
      summary.rejectedCount += 1;
      if (summary.rejected.length < MAX_REJECTED_KEPT) summary.rejected.push({ ...r, index: index * limit + r.index });
    }
    const fresh: object[] = [];
    for (const record of page.items) {
      const id = (record as { id?: unknown }).id;
      const key = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
      if (key !== undefined) {
        if (seen.has(key)) {
          summary.duplicates += 1;
          continue;
        }
        seen.add(key);
      }
      fresh.push(record);
    }
    return fresh;
  };

  try {
    // Page 0 and the total together: the total decides how far ahead the next pages may be fetched.
    fetchPage(0);
    const [first, counted] = await Promise.all([
      pending.get(0)!,
      source.fetchTotal ? source.fetchTotal(inner.signal).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    pending.delete(0);
    checkCancelled();
    summary.total = first.total ?? counted;
    const firstRecords = take(first, 0);
    await sink.write(formatter.start(firstRecords));
    await sink.write(formatter.page(firstRecords));
    summary.written += firstRecords.length;
    options.onProgress?.(summary.written, summary.total);

    let planned = summary.total !== undefined ? Math.max(1, Math.ceil(summary.total / limit)) : Number.POSITIVE_INFINITY;
    let last = first;
    let next = 1;
    for (let index = 1; last.received >= limit; index++) {
      // The announced total was reached but the last page was full: the folder grew, keep going one page at a time.
      if (index >= planned) planned = index + 1;
      while (pending.size < concurrency && next < planned) fetchPage(next++);
      const page = await pending.get(index)!;
      pending.delete(index);
      checkCancelled();
      const records = take(page, index);
      await sink.write(formatter.page(records));
      summary.written += records.length;
      options.onProgress?.(summary.written, summary.total);
      last = page;
    }
    await sink.write(formatter.end());
    return summary;
  } catch (error) {
    if (options.signal.aborted) throw new ExportCancelled();
    throw error;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    // Pages fetched ahead of a short last page (or of a failure) are not needed any more.
    inner.abort();
  }
}
