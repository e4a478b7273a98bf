/**
 * "Export…" (`crm.export`): a folder (the row it was run on, or one picked from the palette) with its active
 * filter and sort → CSV, JSON or JSON Lines, streamed to a file with progress and cancellation.
 * Loaded on first use (src/commands/transfer.ts imports it lazily).
 */
import * as path from 'node:path';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { ApiError } from '../../api/http/errors';
import type { Services } from '../../services';
import { displayText } from '../../views/tree/displayText';
import { nounText } from '../../views/tree/nouns';
import { PagedFolderNode, describeFilter } from '../../views/tree/pagedFolderNode';
import { ExportCancelled, exportRecords, type ExportSource, type ExportSummary } from './exporter';
import { ExportFile } from './fileSink';
import { createFormatter, type ExportFormat } from './formats';
import { formatNumber } from '../../util/l10n';

/**
 * Records per request: the largest page both APIs accept (OpenProspect: `limit` 1–100; Minotaur: undefined in the
 * docs, 100 in the sandbox and answered with a 400 above), independent of the tree's `crm.pageSize`. A server that
 * refuses it (400/422 on the first page) is asked again with the documented examples' 25.
 */
export const EXPORT_PAGE_SIZE = 100;
const FALLBACK_PAGE_SIZE = 25;
/** The shortest time between two progress messages. */
const PROGRESS_INTERVAL_MS = 100;

/** What tests (or other callers) may pass instead of answering the prompts and the save dialog. */
export interface ExportRequest {
  target?: string;
  format?: ExportFormat;
  /** Cancels like the progress notification's Cancel button. */
  signal?: AbortSignal;
}

export interface ExportResult extends ExportSummary {
  file: string;
  format: ExportFormat;
  cancelled: boolean;
  seconds: number;
}

type AnyFolder = PagedFolderNode<unknown, unknown>;

// A function, not a constant: the details are looked up in the user's language when the picker is shown.
const FORMATS = (): { label: string; detail: string; value: ExportFormat; ext: string }[] => [
  { label: 'CSV', detail: vscode.l10n.t('One row per record; nested values as JSON text; formula-like text cells protected'), value: 'csv', ext: 'csv' },
  { label: 'JSON', detail: vscode.l10n.t('One JSON array of the records as the API sent them'), value: 'json', ext: 'json' },
  { label: 'JSON Lines', detail: vscode.l10n.t('One record per line (.jsonl)'), value: 'jsonl', ext: 'jsonl' },
];

export async function exportFolder(services: Services, target: unknown, request: ExportRequest = {}): Promise<ExportResult | undefined> {
  const folder = target instanceof PagedFolderNode ? (target as AnyFolder) : await pickFolder(services);
  if (!folder) return undefined;
  const connection = services.registry.get(folder.connectionId);
  if (!connection) throw new Error(vscode.l10n.t('The connection of this folder was removed.'));
  const label = folder.spec.label;

  const format =
    request.format ?? (await services.prompter.pick(FORMATS().map((f) => ({ label: f.label, detail: f.detail, value: f.value })), { title: vscode.l10n.t('Export {0}', label), placeholder: vscode.l10n.t('File format') }));
  if (!format) return undefined;
  const ext = FORMATS().find((f) => f.value === format)?.ext ?? format;
  const file = request.target ?? (await askTarget(label, ext));
  if (!file) return undefined;

  const settings = services.settings();
  // The bulk-read transport (node:http, keep-alive): same key, limits, retries, log lines and errors, less CPU per page.
  const client = connection.provider === 'minotaur' ? (await services.clients.minotaur(connection)).forBulkReads() : (await services.clients.openProspect(connection)).forBulkReads();
  const spec = folder.spec;
  const filter = folder.activeFilter;
  const sort = folder.activeSort;
  const source: ExportSource = {
    fetchPage: (offset, limit, signal) => spec.fetchPage(client, { offset, limit, filter, sort, signal }) as ReturnType<ExportSource['fetchPage']>,
    fetchTotal: spec.fetchTotal ? (signal) => spec.fetchTotal!(client, { filter, signal }) : undefined,
  };
  const filterText = describeFilter(filter);
  services.logger.info(`Export ${label} of "${connection.name}" as ${format}${filterText ? ` (filter: ${filterText})` : ''}${sort ? ` (sort ${sort.field} ${sort.direction})` : ''}`);

  const started = Date.now();
  const run = async (pageSize: number, signal: AbortSignal, report: (written: number, total?: number) => void): Promise<ExportSummary> => {
    const sink = new ExportFile(file);
    try {
      const summary = await exportRecords({
        source,
        formatter: createFormatter({ format, bom: settings.exportCsvByteOrderMark, csv: { protectFormulas: settings.exportCsvFormulaProtection } }),
        sink,
        pageSize,
        concurrency: settings.maxConcurrentRequests,
        signal,
        onProgress: report,
      });
      await sink.commit();
      return summary;
    } catch (error) {
      await sink.discard();
      throw error;
    }
  };

  let summary: ExportSummary | undefined;
  let cancelled = false;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0}', label), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      const onAbort = () => abort.abort();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      if (request.signal?.aborted) abort.abort();
      let shown = 0;
      let reportedAt = 0;
      const report = (written: number, total?: number) => {
        // At most ~10 updates a second: each one is a message to the workbench, and 1,000 pages a few ms apart
        // would otherwise send 1,000 of them (CPU the export itself needs on a small machine).
        const now = Date.now();
        if (now - reportedAt < PROGRESS_INTERVAL_MS && written !== total) return;
        reportedAt = now;
        const increment = total ? (100 * (written - shown)) / total : undefined;
        shown = written;
        progress.report({ message: total !== undefined ? vscode.l10n.t('{0} of {1}', formatNumber(written), formatNumber(total)) : vscode.l10n.t('{0} records', formatNumber(written)), increment });
      };
      try {
        try {
          summary = await run(EXPORT_PAGE_SIZE, abort.signal, report);
        } catch (error) {
          // A server with a smaller page maximum refuses the very first page: ask again with its examples' size.
          if (!(error instanceof ApiError && error.kind === 'validation' && /limit/i.test(error.message))) throw error;
          services.logger.warn(`Export: the server refused pages of ${EXPORT_PAGE_SIZE} (${error.message}); using ${FALLBACK_PAGE_SIZE}.`);
          summary = await run(FALLBACK_PAGE_SIZE, abort.signal, report);
        }
      } catch (error) {
        if (!(error instanceof ExportCancelled)) throw error;
        cancelled = true;
      } finally {
        sub.dispose();
        request.signal?.removeEventListener('abort', onAbort);
      }
    },
  );
  const seconds = (Date.now() - started) / 1000;
  const name = path.basename(file);
  if (cancelled || !summary) {
    services.logger.info(`Export of ${label} cancelled; the partial file was deleted.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Export of {0} cancelled. Nothing was saved (the partial file was deleted).', label));
    return { written: 0, duplicates: 0, rejectedCount: 0, rejected: [], pages: 0, file, format, cancelled: true, seconds };
  }
  const done = summary;
  services.logger.info(`Exported ${done.written} records of ${label} to ${name} in ${seconds.toFixed(1)} s (${done.pages} pages, ${done.duplicates} duplicates skipped, ${done.rejectedCount} unreadable)`);
  for (const r of done.rejected) services.logger.warn(`Export: record #${r.index + 1}${r.id ? ` (id ${r.id})` : ''} left out: ${r.issues.join('; ')}`);
  const exported = vscode.l10n.t('Exported {0} {1} to {2}.', formatNumber(done.written), label.toLowerCase(), displayText(name, 80));
  const message = done.rejectedCount ? `${exported} ${unreadableText(done.rejectedCount, folder.spec.noun)}` : exported;
  const openFile = vscode.l10n.t('Open File');
  const showLog = vscode.l10n.t('Show Log');
  const actions = done.rejectedCount ? [openFile, showLog] : [openFile];
  void (done.rejectedCount ? vscode.window.showWarningMessage(message, ...actions) : vscode.window.showInformationMessage(message, ...actions)).then((choice) => {
    if (choice === openFile) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
    else if (choice === showLog) services.output.show(true);
  });
  return { ...done, file, format, cancelled: false, seconds };
}

async function askTarget(label: string, ext: string): Promise<string | undefined> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  const stem = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'export';
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export {0}', label),
    defaultUri: vscode.Uri.file(path.join(base, `${stem}.${ext}`)),
    filters: { [ext.toUpperCase()]: [ext] },
  });
  if (!uri) return undefined;
  if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('Export writes to files on the extension host\'s disk; "{0}:" locations are not supported. Pick a local folder.', uri.scheme));
  return uri.fsPath;
}

/** Palette: connection (when several) → one of its paged folders. */
async function pickFolder(services: Services): Promise<AnyFolder | undefined> {
  const connections = services.registry.list();
  if (!connections.length) throw new Error(vscode.l10n.t('Add a connection first (CRM: Add Connection…), then export one of its folders.'));
  const active = services.registry.active();
  const connection =
    connections.length === 1
      ? connections[0]
      : await services.prompter.pick(
          connections.map((c) => ({ label: c.name, description: c.id === active?.id ? vscode.l10n.t('active') : c.provider, value: c })),
          { title: vscode.l10n.t('Export'), placeholder: vscode.l10n.t('Connection to export from') },
        );
  if (!connection) return undefined;
  const node = services.explorer.connectionNode(connection.id);
  if (!node) return undefined;
  const folders = (await node.getChildren()).filter((n): n is AnyFolder => n instanceof PagedFolderNode);
  return services.prompter.pick(
    folders.map((f) => ({ label: f.spec.label, description: describeFilter(f.activeFilter) || undefined, value: f })),
    { title: vscode.l10n.t('Export from "{0}"', connection.name), placeholder: vscode.l10n.t('Folder to export (with its current filter and sort)') },
  );
}

/** Whole sentences for one and for several (plurals are separate messages), with the record noun when the folder has one. */
function unreadableText(count: number, noun: string | undefined): string {
  if (!noun) return count === 1 ? vscode.l10n.t('1 unreadable record was left out (reasons in the log).') : vscode.l10n.t('{0} unreadable records were left out (reasons in the log).', formatNumber(count));
  return count === 1
    ? vscode.l10n.t('1 unreadable {0} record was left out (reasons in the log).', nounText(noun))
    : vscode.l10n.t('{0} unreadable {1} records were left out (reasons in the log).', formatNumber(count), nounText(noun));
}
