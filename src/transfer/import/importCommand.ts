/**
 * "Import from CSV…" (`crm.import`) on Minotaur Contacts / Companies folders and on an OpenProspect blacklist
 * (its row or its Entries folder): column mapping (a guess to confirm or change field by field), a dry run of
 * every row with the client's input schemas (rows that would fail are listed with their line and reason in an
 * untitled document), then sending with progress and cancellation, journalled so that running it again on the
 * same file resumes without duplicates. Loaded on first use (src/commands/transfer.ts imports it lazily).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { displayText } from '../../views/tree/displayText';
import type { ExplorerNode } from '../../views/tree/node';
import { PagedFolderNode } from '../../views/tree/pagedFolderNode';
import { parseCsv } from '../csv/read';
import { dryRun, dryRunReport, runImport, type ImportOutcome } from './importer';
import { ImportJournal, sha256 } from './journal';
import { describeMapping, guessMapping, type ColumnMapping } from './mapping';
import { blacklistEntriesTarget, companiesTarget, contactsTarget, type ImportTarget } from './targets';

/** What tests (or other callers) may pass instead of the open dialog; `signal` cancels like the progress button. */
export interface ImportRequest {
  file?: string;
  signal?: AbortSignal;
}

export interface ImportResult {
  rows: number;
  valid: number;
  invalid: { line: number; errors: string[] }[];
  /** The dry-run report was opened in an untitled document. */
  reportShown: boolean;
  /** Absent when the user stopped after the dry run. */
  outcome?: ImportOutcome;
  /** Wall time of the sending part. */
  seconds?: number;
}

type Row = ExplorerNode & { connectionId?: string; view?: { id: string; label: string; contextValue: string } };

interface Destination {
  connectionId: string;
  label: string;
  /** The tree node to refresh afterwards. */
  node: ExplorerNode;
  target: ImportTarget<unknown>;
}

export async function importCsv(services: Services, node: unknown, request: ImportRequest = {}): Promise<ImportResult | undefined> {
  const destination = await destinationOf(services, node);
  if (!destination) {
    throw new Error('Run "Import from CSV…" on a Contacts or Companies folder of a Minotaur connection, or on an OpenProspect blacklist.');
  }
  const { target } = destination;
  const title = `Import ${target.plural} into ${destination.label}`;

  const file = request.file ?? (await askFile(title));
  if (!file) return undefined;
  const bytes = await fs.promises.readFile(file);
  const rows = parseCsv(bytes.toString('utf8'));
  const [header, ...data] = rows;
  if (!header || !data.length) throw new Error(`${path.basename(file)} has no data rows: the first line must name the columns, and the rows follow it.`);
  const headers = header.cells.map((c) => c.trim());

  const mapping = await chooseMapping(services, title, headers, target);
  if (!mapping) return undefined;
  const mappingText = describeMapping(headers, target.fields, mapping);

  // Dry run: every row through the client's input schema; nothing is sent.
  const checked = dryRun(data, target, mapping);
  const result: ImportResult = {
    rows: checked.rows.length,
    valid: checked.valid,
    invalid: checked.invalid.map((r) => ({ line: r.line, errors: r.errors ?? [] })),
    reportShown: false,
  };
  services.logger.info(`Import dry run of ${path.basename(file)} into ${destination.label}: ${checked.valid} valid, ${checked.invalid.length} would fail (${mappingText})`);
  if (checked.invalid.length) {
    const doc = await vscode.workspace.openTextDocument({ content: dryRunReport(`Dry run: ${title} from ${path.basename(file)}`, checked, mappingText), language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
    result.reportShown = true;
  }
  if (!checked.valid) {
    void vscode.window.showWarningMessage(`${title}: none of the ${fmt(checked.rows.length)} rows is valid (reasons in the dry-run report). Nothing was sent.`);
    return result;
  }

  // The journal of this file + destination decides between a fresh import and a resume.
  const fileHash = sha256(bytes);
  const journal = ImportJournal.open(path.join(services.context.globalStorageUri.fsPath, 'imports'), fileHash, target.key);
  const counts = journal.counts();
  const finished = counts.done + counts.failed;
  const failing = checked.invalid.length ? ` ${fmt(checked.invalid.length)} invalid row${checked.invalid.length === 1 ? ' is' : 's are'} left out (see the dry-run report).` : '';
  const how =
    target.batchSize > 1
      ? `Sent in requests of up to ${fmt(target.batchSize)}; ${target.plural} the server already has are skipped.`
      : `One create per row, never retried automatically; if the import is interrupted, run it again on the same file to resume.`;
  let choice: string | undefined;
  if (journal.exists && finished > 0) {
    const resume = `Resume (${fmt(finished)} of ${fmt(checked.valid)} already sent)`;
    const again = 'Send All Again';
    const pendingNote = counts.unknown ? ` ${fmt(counts.unknown)} row${counts.unknown === 1 ? '' : 's'} had no answer last time: each is looked up on the server before it is sent again.` : '';
    const actions = finished >= checked.valid && !counts.unknown ? [again] : [resume, again];
    choice = await services.prompter.confirm(
      `${title}: this file was already imported here (started ${journal.startedAt?.slice(0, 16).replace('T', ' ') ?? 'earlier'}).`,
      `${fmt(finished)} of ${fmt(checked.valid)} valid rows were sent.${pendingNote}${failing}\n\n"Send All Again" sends every row again and creates duplicates of the ${target.plural} already sent.`,
      actions,
    );
    if (choice === again) journal.begin(fileHash, target.key, checked.rows.length);
    else if (choice !== resume) return result;
  } else {
    const action = `Import ${fmt(checked.valid)} ${checked.valid === 1 ? target.noun : target.plural}`;
    choice = await services.prompter.confirm(`${title}?`, `${fmt(checked.valid)} valid rows of ${fmt(checked.rows.length)}.${failing}\n\n${how}`, [action]);
    if (choice !== action) return result;
    journal.begin(fileHash, target.key, checked.rows.length);
  }

  const started = Date.now();
  try {
    result.outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const subs = [token.onCancellationRequested(() => abort.abort())];
      if (request.signal) {
        const onAbort = () => abort.abort();
        request.signal.addEventListener('abort', onAbort, { once: true });
        subs.push({ dispose: () => request.signal?.removeEventListener('abort', onAbort) });
        if (request.signal.aborted) abort.abort();
      }
      let shown = 0;
      try {
        return await runImport({
          target,
          rows: checked.rows,
          journal,
          concurrency: services.settings().maxConcurrentRequests,
          signal: abort.signal,
          log: (m) => services.logger.info(m),
          onProgress: ({ sent, toSend }) => {
            progress.report({ message: `${fmt(sent)} of ${fmt(toSend)} sent`, increment: toSend ? (100 * (sent - shown)) / toSend : undefined });
            shown = sent;
          },
        });
      } finally {
        subs.forEach((s) => s.dispose());
      }
    });
  } finally {
    journal.close();
    refresh(services, destination.node);
  }
  const outcome = result.outcome;
  const seconds = (Date.now() - started) / 1000;
  result.seconds = seconds;
  services.logger.info(
    `Import into ${destination.label}: ${outcome.created} created, ${outcome.skippedByServer} skipped by the server, ${outcome.alreadySent} already sent, ${outcome.foundOnServer} found on the server, ${outcome.failed.length} refused, ${outcome.remaining} remaining, ${seconds.toFixed(1)} s${outcome.stopped ? ` — stopped: ${outcome.stopped}` : ''}${outcome.cancelled ? ' — cancelled' : ''}`,
  );
  for (const f of outcome.failed.slice(0, 100)) services.logger.warn(`Import: line ${f.line} refused by the server: ${f.message}`);
  const parts = [`${fmt(outcome.created)} created`];
  if (outcome.skippedByServer) parts.push(`${fmt(outcome.skippedByServer)} already present`);
  if (outcome.alreadySent) parts.push(`${fmt(outcome.alreadySent)} sent earlier`);
  if (outcome.foundOnServer) parts.push(`${fmt(outcome.foundOnServer)} found on the server`);
  if (outcome.failed.length) parts.push(`${fmt(outcome.failed.length)} refused by the server (see the log)`);
  const tail = outcome.remaining ? ` ${fmt(outcome.remaining)} not sent yet: run the import again on the same file to resume.` : '';
  const message = `${title}: ${parts.join(', ')}.${outcome.cancelled ? ' Cancelled.' : ''}${outcome.stopped ? ` Stopped: ${outcome.stopped}.` : ''}${tail}`;
  if (outcome.stopped || outcome.failed.length) void vscode.window.showWarningMessage(message, 'Show Log').then((c) => c && services.output.show(true));
  else void vscode.window.showInformationMessage(message);
  return result;
}

async function destinationOf(services: Services, node: unknown): Promise<Destination | undefined> {
  if (node instanceof PagedFolderNode && (node.spec.key === 'contacts' || node.spec.key === 'companies')) {
    const connection = services.registry.get(node.connectionId);
    if (connection?.provider !== 'minotaur') return undefined;
    const client = await services.clients.minotaur(connection);
    const target = node.spec.key === 'contacts' ? contactsTarget(client, connection.id) : companiesTarget(client, connection.id);
    return { connectionId: connection.id, label: `${node.spec.label} of "${displayText(connection.name, 60)}"`, node, target: target as ImportTarget<unknown> };
  }
  // A blacklist row, its Entries folder, or one of its entries.
  let row = node as Row | undefined;
  for (let i = 0; row && i < 3; i++, row = row.parent as Row | undefined) {
    const cv = row.view?.contextValue ?? '';
    if (cv.startsWith('crm.record.opBlacklist') && !cv.startsWith('crm.record.opBlacklistEntry') && row.connectionId) {
      const connection = services.registry.get(row.connectionId);
      if (connection?.provider !== 'openprospect') return undefined;
      const client = await services.clients.openProspect(connection);
      return {
        connectionId: connection.id,
        label: `blacklist "${displayText(row.view!.label, 60)}"`,
        // The Blacklists folder: reloading it redraws the entry count and the entries.
        node: (row.parent as ExplorerNode | undefined) ?? row,
        target: blacklistEntriesTarget(client, connection.id, row.view!.id) as ImportTarget<unknown>,
      };
    }
  }
  return undefined;
}

/** The guessed mapping, confirmed as a whole or changed field by field (each field's guess listed first). */
async function chooseMapping(services: Services, title: string, headers: string[], target: ImportTarget<unknown>): Promise<ColumnMapping | undefined> {
  const guess = guessMapping(headers, target.fields);
  const missing = target.fields.filter((f) => f.required && guess[f.name] === undefined).map((f) => f.name);
  const choice = await services.prompter.pick(
    [
      {
        label: 'Use this mapping',
        detail: describeMapping(headers, target.fields, guess) + (missing.length ? ` — no column found for ${missing.join(', ')}` : ''),
        value: 'use' as const,
      },
      { label: 'Change the mapping…', detail: 'Pick the column of each field', value: 'change' as const },
    ],
    { title: `${title}: columns`, placeholder: 'CSV columns → fields (guessed from the header)' },
  );
  if (!choice) return undefined;
  if (choice === 'use') return guess;
  const mapping: ColumnMapping = {};
  const none = { label: '(none)', description: 'leave this field empty', value: -1 };
  for (const field of target.fields) {
    const guessed = guess[field.name];
    const columns = headers.map((h, i) => ({ label: h || `column ${i + 1}`, description: i === guessed ? 'guessed' : undefined, value: i }));
    const ordered = guessed !== undefined ? [columns[guessed]!, none, ...columns.filter((c) => c.value !== guessed)] : [none, ...columns];
    const picked = await services.prompter.pick(ordered, {
      title: `${title}: ${field.label}${field.required ? ' (required)' : ''}`,
      placeholder: `Column for ${field.name}`,
    });
    if (picked === undefined) return undefined;
    mapping[field.name] = picked >= 0 ? picked : undefined;
  }
  return mapping;
}

async function askFile(title: string): Promise<string | undefined> {
  const [uri] = (await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { CSV: ['csv', 'txt'] }, openLabel: 'Import' })) ?? [];
  if (!uri) return undefined;
  if (uri.scheme !== 'file') throw new Error(`Import reads files on the extension host's disk; "${uri.scheme}:" locations are not supported.`);
  return uri.fsPath;
}

function refresh(services: Services, node: ExplorerNode): void {
  (node as ExplorerNode & { reset?: () => void }).reset?.();
  services.explorer.refresh(node);
}

const fmt = (n: number) => n.toLocaleString('en-US');
