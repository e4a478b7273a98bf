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
import { nounText } from '../../views/tree/nouns';
import type { ExplorerNode } from '../../views/tree/node';
import { PagedFolderNode } from '../../views/tree/pagedFolderNode';
import { parseCsv } from '../csv/read';
import { dryRun, dryRunReport, runImport, type ImportOutcome } from './importer';
import { ImportJournal, sha256 } from './journal';
import { describeMapping, guessMapping, type ColumnMapping } from './mapping';
import { blacklistEntriesTarget, companiesTarget, contactsTarget, type ImportTarget } from './targets';
import { formatNumber } from '../../util/l10n';

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
    throw new Error(vscode.l10n.t('Run "Import from CSV…" on a Contacts or Companies folder of a Minotaur connection, or on an OpenProspect blacklist.'));
  }
  const { target } = destination;
  const title = vscode.l10n.t('Import {0} into {1}', nounText(target.noun, true), destination.label);

  const file = request.file ?? (await askFile(title));
  if (!file) return undefined;
  const bytes = await fs.promises.readFile(file);
  const rows = parseCsv(bytes.toString('utf8'));
  const [header, ...data] = rows;
  if (!header || !data.length) throw new Error(vscode.l10n.t('{0} has no data rows: the first line must name the columns, and the rows follow it.', path.basename(file)));
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
    const doc = await vscode.workspace.openTextDocument({ content: dryRunReport(vscode.l10n.t('Dry run: {0} from {1}', title, path.basename(file)), checked, mappingText), language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
    result.reportShown = true;
  }
  if (!checked.valid) {
    void vscode.window.showWarningMessage(
      checked.rows.length === 1
        ? vscode.l10n.t('{0}: the only row is not valid (the reason is in the dry-run report). Nothing was sent.', title)
        : vscode.l10n.t('{0}: none of the {1} rows is valid (reasons in the dry-run report). Nothing was sent.', title, formatNumber(checked.rows.length)),
    );
    return result;
  }

  // The journal of this file + destination decides between a fresh import and a resume.
  const fileHash = sha256(bytes);
  const journal = ImportJournal.open(path.join(services.context.globalStorageUri.fsPath, 'imports'), fileHash, target.key);
  const counts = journal.counts();
  const finished = counts.done + counts.failed;
  const failing = !checked.invalid.length
    ? ''
    : ' ' +
      (checked.invalid.length === 1
        ? vscode.l10n.t('1 invalid row is left out (see the dry-run report).')
        : vscode.l10n.t('{0} invalid rows are left out (see the dry-run report).', formatNumber(checked.invalid.length)));
  const how =
    target.batchSize > 1
      ? vscode.l10n.t('Sent in requests of up to {0}; {1} the server already has are skipped.', formatNumber(target.batchSize), nounText(target.noun, true))
      : vscode.l10n.t('One create per row, never retried automatically; if the import is interrupted, run it again on the same file to resume.');
  let choice: string | undefined;
  if (journal.exists && finished > 0) {
    const resume = vscode.l10n.t('Resume ({0} of {1} already sent)', formatNumber(finished), formatNumber(checked.valid));
    const again = vscode.l10n.t('Send All Again');
    const pendingNote = !counts.unknown
      ? ''
      : ' ' +
        (counts.unknown === 1
          ? vscode.l10n.t('1 row had no answer last time: it is looked up on the server before it is sent again.')
          : vscode.l10n.t('{0} rows had no answer last time: each is looked up on the server before it is sent again.', formatNumber(counts.unknown)));
    const started = journal.startedAt?.slice(0, 16).replace('T', ' ');
    const actions = finished >= checked.valid && !counts.unknown ? [again] : [resume, again];
    choice = await services.prompter.confirm(
      started ? vscode.l10n.t('{0}: this file was already imported here (started {1}).', title, started) : vscode.l10n.t('{0}: this file was already imported here.', title),
      `${vscode.l10n.t('{0} of {1} valid rows were sent.', formatNumber(finished), formatNumber(checked.valid))}${pendingNote}${failing}\n\n${vscode.l10n.t('"Send All Again" sends every row again and creates duplicates of the {0} already sent.', nounText(target.noun, true))}`,
      actions,
    );
    if (choice === again) journal.begin(fileHash, target.key, checked.rows.length);
    else if (choice !== resume) return result;
  } else {
    const action = checked.valid === 1 ? vscode.l10n.t('Import 1 {0}', nounText(target.noun)) : vscode.l10n.t('Import {0} {1}', formatNumber(checked.valid), nounText(target.noun, true));
    const validText =
      checked.valid === 1 ? vscode.l10n.t('1 valid row of {0}.', formatNumber(checked.rows.length)) : vscode.l10n.t('{0} valid rows of {1}.', formatNumber(checked.valid), formatNumber(checked.rows.length));
    choice = await services.prompter.confirm(vscode.l10n.t('{0}?', title), `${validText}${failing}\n\n${how}`, [action]);
    if (choice !== action) return result;
    journal.begin(fileHash, target.key, checked.rows.length);
  }

  const startedAt = Date.now();
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
            progress.report({ message: vscode.l10n.t('{0} of {1} sent', formatNumber(sent), formatNumber(toSend)), increment: toSend ? (100 * (sent - shown)) / toSend : undefined });
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
  const seconds = (Date.now() - startedAt) / 1000;
  result.seconds = seconds;
  services.logger.info(
    `Import into ${destination.label}: ${outcome.created} created, ${outcome.skippedByServer} skipped by the server, ${outcome.alreadySent} already sent, ${outcome.foundOnServer} found on the server, ${outcome.failed.length} refused, ${outcome.remaining} remaining, ${seconds.toFixed(1)} s${outcome.stopped ? ` — stopped: ${outcome.stopped}` : ''}${outcome.cancelled ? ' — cancelled' : ''}`,
  );
  for (const f of outcome.failed.slice(0, 100)) services.logger.warn(`Import: line ${f.line} refused by the server: ${f.message}`);
  // A list of counts (each item a whole phrase), then whole sentences.
  const parts = [vscode.l10n.t('{0} created', formatNumber(outcome.created))];
  if (outcome.skippedByServer) parts.push(vscode.l10n.t('{0} already present', formatNumber(outcome.skippedByServer)));
  if (outcome.alreadySent) parts.push(vscode.l10n.t('{0} sent earlier', formatNumber(outcome.alreadySent)));
  if (outcome.foundOnServer) parts.push(vscode.l10n.t('{0} found on the server', formatNumber(outcome.foundOnServer)));
  if (outcome.failed.length) parts.push(vscode.l10n.t('{0} refused by the server (see the log)', formatNumber(outcome.failed.length)));
  const sentences = [vscode.l10n.t('{0}: {1}.', title, parts.join(', '))];
  if (outcome.cancelled) sentences.push(vscode.l10n.t('Cancelled.'));
  if (outcome.stopped) sentences.push(vscode.l10n.t('Stopped: {0}.', outcome.stopped));
  if (outcome.remaining) sentences.push(vscode.l10n.t('{0} not sent yet: run the import again on the same file to resume.', formatNumber(outcome.remaining)));
  const message = sentences.join(' ');
  const showLog = vscode.l10n.t('Show Log');
  if (outcome.stopped || outcome.failed.length) void vscode.window.showWarningMessage(message, showLog).then((c) => c && services.output.show(true));
  else void vscode.window.showInformationMessage(message);
  return result;
}

async function destinationOf(services: Services, node: unknown): Promise<Destination | undefined> {
  if (node instanceof PagedFolderNode && (node.spec.key === 'contacts' || node.spec.key === 'companies')) {
    const connection = services.registry.get(node.connectionId);
    if (connection?.provider !== 'minotaur') return undefined;
    const client = await services.clients.minotaur(connection);
    const target = node.spec.key === 'contacts' ? contactsTarget(client, connection.id) : companiesTarget(client, connection.id);
    return { connectionId: connection.id, label: vscode.l10n.t('{0} of "{1}"', node.spec.label, displayText(connection.name, 60)), node, target: target as ImportTarget<unknown> };
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
        label: vscode.l10n.t('blacklist "{0}"', displayText(row.view!.label, 60)),
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
        label: vscode.l10n.t('Use this mapping'),
        detail: missing.length
          ? vscode.l10n.t('{0} — no column found for {1}', describeMapping(headers, target.fields, guess), missing.join(', '))
          : describeMapping(headers, target.fields, guess),
        value: 'use' as const,
      },
      { label: vscode.l10n.t('Change the mapping…'), detail: vscode.l10n.t('Pick the column of each field'), value: 'change' as const },
    ],
    { title: vscode.l10n.t('{0}: columns', title), placeholder: vscode.l10n.t('CSV columns → fields (guessed from the header)') },
  );
  if (!choice) return undefined;
  if (choice === 'use') return guess;
  const mapping: ColumnMapping = {};
  const none = { label: vscode.l10n.t('(none)'), description: vscode.l10n.t('leave this field empty'), value: -1 };
  for (const field of target.fields) {
    const guessed = guess[field.name];
    const columns = headers.map((h, i) => ({ label: h || vscode.l10n.t('column {0}', i + 1), description: i === guessed ? vscode.l10n.t('guessed') : undefined, value: i }));
    const ordered = guessed !== undefined ? [columns[guessed]!, none, ...columns.filter((c) => c.value !== guessed)] : [none, ...columns];
    const picked = await services.prompter.pick(ordered, {
      title: field.required ? vscode.l10n.t('{0}: {1} (required)', title, field.label) : vscode.l10n.t('{0}: {1}', title, field.label),
      placeholder: vscode.l10n.t('Column for {0}', field.name),
    });
    if (picked === undefined) return undefined;
    mapping[field.name] = picked >= 0 ? picked : undefined;
  }
  return mapping;
}

async function askFile(title: string): Promise<string | undefined> {
  const [uri] = (await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { CSV: ['csv', 'txt'] }, openLabel: vscode.l10n.t('Import') })) ?? [];
  if (!uri) return undefined;
  if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('Import reads files on the extension host\'s disk; "{0}:" locations are not supported.', uri.scheme));
  return uri.fsPath;
}

function refresh(services: Services, node: ExplorerNode): void {
  (node as ExplorerNode & { reset?: () => void }).reset?.();
  services.explorer.refresh(node);
}
