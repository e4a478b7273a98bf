/**
 * CSV import without `vscode`: rows → validated inputs (the dry run), then sending with the journal so an
 * interrupted import resumes without duplicates.
 *
 * Outcome rules (a create is never retried automatically):
 *  - 2xx → `done` with the new id;
 *  - the server refused the row (400/422) → `failed` with its reason, and the import goes on;
 *  - the answer was lost (connection dropped, timeout, 5xx) → the row stays `pending` and the import STOPS: the
 *    server may or may not have created it, so the next run looks it up (`findExisting`) before re-sending;
 *  - the key was rejected / lacks the permission, or the user cancelled → stop; rows not sent stay unsent.
 */
import { ApiError, describeIssues } from '../../api/http/errors';
import { t } from '../../util/l10n';
import type { ImportJournal } from './journal';
import { rowHash } from './journal';
import { rowToRecord, type ColumnMapping } from './mapping';
import type { ImportTarget } from './targets';

export interface CsvRow {
  cells: string[];
  /** 1-based line in the file where the row starts. */
  line: number;
}

export interface PreparedRow<I> {
  /** 0-based index among the data rows (the journal's row number). */
  index: number;
  line: number;
  hash: string;
  input?: I;
  errors?: string[];
}

export interface DryRun<I> {
  rows: PreparedRow<I>[];
  valid: number;
  invalid: PreparedRow<I>[];
}

/** Every data row through the mapping and the target's input schema; nothing is sent. */
export function dryRun<I>(rows: readonly CsvRow[], target: ImportTarget<I>, mapping: ColumnMapping): DryRun<I> {
  const prepared = rows.map((row, index): PreparedRow<I> => {
    const record = rowToRecord(row.cells, target.fields, mapping);
    target.defaults?.(record);
    const hash = rowHash(record);
    const parsed = target.schema.safeParse(record);
    return parsed.success
      ? { index, line: row.line, hash, input: parsed.data }
      : { index, line: row.line, hash, errors: [...new Set(describeIssues(parsed.error.issues))] };
  });
  const invalid = prepared.filter((r) => r.errors);
  return { rows: prepared, valid: prepared.length - invalid.length, invalid };
}

/** The dry-run report: counts, then one line per row that would fail and why. */
export function dryRunReport(title: string, run: DryRun<unknown>, mappingText: string): string {
  const lines = [
    title,
    '',
    t('Mapping: {0}', mappingText),
    run.rows.length === 1
      ? t('1 data row: {0} valid, {1} would fail.', run.valid, run.invalid.length)
      : t('{0} data rows: {1} valid, {2} would fail.', run.rows.length, run.valid, run.invalid.length),
    '',
  ];
  if (run.invalid.length) {
    lines.push(t('Rows that would fail (line in the file: reason):'));
    for (const row of run.invalid) lines.push(t('line {0}: {1}', row.line, row.errors!.join(' ')));
  } else lines.push(t('Every row is valid.'));
  return lines.join('\n') + '\n';
}

export interface ImportProgress {
  sent: number;
  toSend: number;
}

export interface ImportOutcome {
  /** Rows whose create succeeded in this run. */
  created: number;
  /** Bulk: rows the server skipped as already present. */
  skippedByServer: number;
  /** Rows already done in an earlier run (skipped without sending). */
  alreadySent: number;
  /** Rows whose earlier outcome was unknown and that were found on the server (not re-sent). */
  foundOnServer: number;
  failed: { line: number; message: string }[];
  /** Why the run stopped early, when it did (the rest can be resumed). */
  stopped?: string;
  cancelled: boolean;
  /** Rows still to send after this run. */
  remaining: number;
}

export interface ImportOptions<I> {
  target: ImportTarget<I>;
  rows: PreparedRow<I>[];
  journal: ImportJournal;
  concurrency: number;
  signal: AbortSignal;
  onProgress?(progress: ImportProgress): void;
  log?(message: string): void;
}

const lostAnswer = (error: unknown) => error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server' || error.kind === 'badResponse');
const refusedRow = (error: unknown) => error instanceof ApiError && error.kind === 'validation';

export async function runImport<I>(options: ImportOptions<I>): Promise<ImportOutcome> {
  const { target, journal, signal } = options;
  const outcome: ImportOutcome = { created: 0, skippedByServer: 0, alreadySent: 0, foundOnServer: 0, failed: [], cancelled: false, remaining: 0 };
  const valid = options.rows.filter((r) => r.input !== undefined);
  const todo: PreparedRow<I>[] = [];

  // 1. What an earlier run already did; rows whose answer was lost are looked up before anything is re-sent.
  for (const row of valid) {
    const status = journal.status(row.index);
    if (status === 'done' || status === 'failed') outcome.alreadySent += 1;
    else if (status === 'pending' && target.findExisting) {
      if (signal.aborted) break;
      const id = await target.findExisting(row.input!, signal);
      if (id) {
        journal.mark([{ row: row.index, hash: row.hash, status: 'done', id }]);
        outcome.foundOnServer += 1;
        options.log?.(`Import: row on line ${row.line} had no answer last time and exists on the server (id ${id}); not sent again.`);
      } else todo.push(row);
    } else todo.push(row);
  }

  // 2. Send in batches (1 row for creates), `concurrency` requests at a time.
  const batches: PreparedRow<I>[][] = [];
  for (let i = 0; i < todo.length; i += target.batchSize) batches.push(todo.slice(i, i + target.batchSize));
  let sent = 0;
  let nextBatch = 0;
  let stop: string | undefined;
  const report = () => options.onProgress?.({ sent, toSend: todo.length });
  report();

  const sendOne = async (batch: PreparedRow<I>[]) => {
    journal.mark(batch.map((r) => ({ row: r.index, hash: r.hash, status: 'pending' as const })));
    try {
      const result = await target.send(batch.map((r) => r.input!), signal);
      journal.mark(batch.map((r, i) => ({ row: r.index, hash: r.hash, status: 'done' as const, id: result.ids?.[i] })));
      if (result.ids) outcome.created += batch.length;
      else {
        outcome.created += result.created ?? batch.length - (result.skipped ?? 0);
        outcome.skippedByServer += result.skipped ?? 0;
      }
    } catch (error) {
      if (refusedRow(error)) {
        const message = error instanceof ApiError ? error.message : String(error);
        journal.mark(batch.map((r) => ({ row: r.index, hash: r.hash, status: 'failed' as const })));
        for (const r of batch) outcome.failed.push({ line: r.line, message });
      } else {
        // Pending stays in the journal: lost answers are checked on resume, unsent rows are sent then.
        stop ??= signal.aborted
          ? 'cancelled'
          : lostAnswer(error)
            ? t(
                'the answer for line {0} was lost ({1}); run the import again to resume — that row is looked up on the server before it is re-sent',
                batch[0]!.line,
                error instanceof Error ? error.message : String(error),
              )
            : error instanceof Error
              ? error.message
              : String(error);
        if (!lostAnswer(error) && !signal.aborted) throw error;
      }
    }
    sent += batch.length;
    report();
  };

  const worker = async () => {
    while (!stop && !signal.aborted && nextBatch < batches.length) await sendOne(batches[nextBatch++]!);
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, batches.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  journal.close();
  const thrown = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (thrown) throw thrown.reason;
  outcome.cancelled = signal.aborted || stop === 'cancelled';
  if (stop && stop !== 'cancelled') outcome.stopped = stop;
  outcome.remaining = valid.filter((r) => journal.status(r.index) !== 'done' && journal.status(r.index) !== 'failed').length;
  return outcome;
}
