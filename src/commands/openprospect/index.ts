/**
 * OpenProspect commands (SPEC §4): company details, Watch Order / Open Results, Create Order (opens
 * the record form, src/views/form), Create Search Profile, blacklist create / update / entries (add from pasted text,
 * the active editor or a CSV file; remove selected) and Assign Blacklists. docs/openprospect.md maps every endpoint.
 * Every prompt goes through services.prompter; errors are shown by the registerCommand wrapper (message shown, the
 * vendor's `code` logged). Actions check the key's scopes first and name the one that is missing.
 */
import * as vscode from 'vscode';
import { nounText } from '../../views/tree/nouns';
import type { OpenProspectClient } from '../../api/openprospect/client';
import {
  BlacklistEntryInputSchema,
  MAX_BLACKLIST_ENTRIES_PER_REQUEST,
  type BlacklistEntryInput,
  type Order,
} from '../../api/openprospect/schemas';
import { ApiError } from '../../api/http/errors';
import type { Connection } from '../../connections/model';
import type { OrderWatcher, WatchedOrder } from '../../orders/orderWatcher';
import { interruptibleSleep, pollDelay } from '../../orders/backoff';
import type { Services } from '../../services';
import { displayText } from '../../views/tree/displayText';
import type { ExplorerNode } from '../../views/tree/node';
import { OP_FOLDER } from '../../views/tree/openprospect/folders';
import type { ScopeStore } from '../../views/tree/openprospect/scopes';
import { registerCommand, type CommandContext } from '../registerCommand';
import { batches, describeRows, looksLikeWebsite, normaliseWebsite, readCompanyRows, type ParsedRows } from '../../transfer/csv/read';
import { companyMarkdown, orderResultsMarkdown, type Section } from './documents';
import { IdempotencyKeys, outcomeUnknown } from './idempotency';
import { formatNumber } from '../../util/l10n';

export interface OpenProspectCommandDeps {
  services: Services;
  scopes: ScopeStore;
  watcher: OrderWatcher;
}

/** Where company rows come from when the command is run by a test or another extension. */
export interface RowSource {
  text?: string;
  file?: string;
}

type Row = ExplorerNode & { connectionId?: string; view?: { id: string; label: string; contextValue: string }; record?: unknown };

const MAX_RESULTS_SHOWN = 500;

export function registerOpenProspectCommands(ctx: CommandContext, deps: OpenProspectCommandDeps): void {
  const keys = new IdempotencyKeys();
  const { services } = deps;

  registerCommand(ctx, 'crm.op.showCompanyDetails', (target?: unknown) => showCompanyDetails(deps, target));
  registerCommand(ctx, 'crm.op.watchOrder', (target?: unknown) => watchOrder(deps, target));
  registerCommand(ctx, 'crm.op.openOrderResults', (target?: unknown) => openOrderResults(deps, target));
  registerCommand(ctx, 'crm.op.createOrder', (target?: unknown) => createOrder(deps, target));
  registerCommand(ctx, 'crm.op.createSearchProfile', (target?: unknown) => createSearchProfile(deps, keys, target));
  registerCommand(ctx, 'crm.op.createBlacklist', (target?: unknown) => createBlacklist(deps, keys, target));
  registerCommand(ctx, 'crm.op.editBlacklist', (target?: unknown) => editBlacklist(deps, target));
  registerCommand(ctx, 'crm.op.addBlacklistEntries', (target?: unknown, _selected?: unknown, source?: RowSource) => addEntries(deps, target, source));
  registerCommand(ctx, 'crm.op.removeBlacklistEntries', (clicked?: unknown, selected?: unknown[]) =>
    removeEntries(deps, clicked ?? services.treeView.selection[0], selected ?? [...services.treeView.selection]),
  );
  registerCommand(ctx, 'crm.op.assignBlacklists', (target?: unknown) => assignBlacklists(deps, target));
}

// --- targets -----------------------------------------------------------------------------------------------------

/** The OpenProspect connection a command acts on: a tree row's, an id's, `{connectionId}`'s, else the active one or a pick. */
async function connectionFor(deps: OpenProspectCommandDeps, target: unknown): Promise<Connection | undefined> {
  const { registry, prompter } = deps.services;
  const t = target as { connectionId?: unknown; connection?: Connection } | string | undefined;
  const id = typeof t === 'string' ? t : typeof t?.connectionId === 'string' ? t.connectionId : t?.connection?.id;
  if (id) {
    const connection = registry.get(id);
    if (connection?.provider !== 'openprospect') throw new Error(vscode.l10n.t('This command works on OpenProspect connections.'));
    return connection;
  }
  const active = registry.active();
  if (active?.provider === 'openprospect') return active;
  const all = registry.list().filter((c) => c.provider === 'openprospect');
  if (all.length <= 1) {
    if (!all.length) void vscode.window.showInformationMessage(vscode.l10n.t('There is no OpenProspect connection. Use "CRM: Add Connection…" first.'));
    return all[0];
  }
  return prompter.pick(
    all.map((c) => ({ label: c.name, detail: c.baseUrl, value: c })),
    { title: 'OpenProspect', placeholder: vscode.l10n.t('Which connection?') },
  );
}

async function clientFor(deps: OpenProspectCommandDeps, connection: Connection, requirement: string, what: string): Promise<OpenProspectClient> {
  const client = await deps.services.clients.openProspect(connection);
  await deps.scopes.require(connection.id, client, requirement, what);
  return client;
}

function rowOf(target: unknown, contextPrefix: string): Row | undefined {
  const row = target as Row | undefined;
  return row?.view && typeof row.view.contextValue === 'string' && row.view.contextValue.startsWith(contextPrefix) ? row : undefined;
}

/** An order from a tree row or `{connectionId, orderId, title?}` (the notification, tests). */
function orderTarget(target: unknown): WatchedOrder | undefined {
  const row = rowOf(target, 'crm.record.opOrder');
  if (row?.connectionId) return { connectionId: row.connectionId, orderId: row.view!.id, title: row.view!.label };
  const t = target as Partial<WatchedOrder> | undefined;
  if (t && typeof t.connectionId === 'string' && typeof t.orderId === 'string') return { connectionId: t.connectionId, orderId: t.orderId, title: t.title };
  return undefined;
}

function refreshFolder(deps: OpenProspectCommandDeps, connectionId: string, key: string): void {
  const folder = deps.services.explorer.connectionNode(connectionId)?.folder(key);
  if (!folder) return;
  folder.reset();
  deps.services.explorer.refresh(folder);
}

function refreshNode(deps: OpenProspectCommandDeps, node: ExplorerNode | undefined): void {
  const resettable = node as (ExplorerNode & { reset?: () => void }) | undefined;
  resettable?.reset?.();
  deps.services.explorer.refresh(node);
}

async function openDocument(content: string, language: 'markdown' | 'json', beside = false): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(document, { preview: false, viewColumn: beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active });
  return document;
}

async function settle(promise: Promise<unknown>): Promise<Section> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

// --- companies -----------------------------------------------------------------------------------------------------

async function showCompanyDetails(deps: OpenProspectCommandDeps, target: unknown): Promise<vscode.TextDocument | undefined> {
  const row = rowOf(target, 'crm.record.opCompany');
  if (!row?.connectionId) return undefined;
  const connection = await connectionFor(deps, row.connectionId);
  if (!connection) return undefined;
  const client = await clientFor(deps, connection, 'companies:read', vscode.l10n.t('Company details'));
  const id = row.view!.id;
  const content = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading {0}…', displayText(row.view!.label, 60)), cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const [company, jobs, jobsSummary, webtech, webtechSummary] = await Promise.all([
          client.getCompany(id, abort.signal),
          settle(client.companyJobs(id, { limit: 100 }, abort.signal).then((page) => page.items)),
          settle(client.companyJobsSummary(id, abort.signal)),
          settle(client.companyWebtech(id, abort.signal)),
          settle(client.companyWebtechSummary(id, abort.signal)),
        ]);
        return companyMarkdown({ company: company as Record<string, unknown>, jobs, jobsSummary, webtech, webtechSummary });
      } finally {
        sub.dispose();
      }
    },
  );
  return openDocument(content, 'markdown');
}

// --- orders --------------------------------------------------------------------------------------------------------

async function watchOrder(deps: OpenProspectCommandDeps, target: unknown): Promise<Order | undefined> {
  const order = orderTarget(target);
  if (!order) return undefined;
  const connection = await connectionFor(deps, order.connectionId);
  if (!connection) return undefined;
  await clientFor(deps, connection, 'orders:read', vscode.l10n.t('Watch Order'));
  return deps.watcher.watch(order);
}

/** Opens the results readable (Markdown) and as JSON; returns both documents. */
async function openOrderResults(deps: OpenProspectCommandDeps, target: unknown): Promise<{ markdown: vscode.TextDocument; json: vscode.TextDocument } | undefined> {
  const target_ = orderTarget(target);
  if (!target_) return undefined;
  const connection = await connectionFor(deps, target_.connectionId);
  if (!connection) return undefined;
  const client = await clientFor(deps, connection, 'orders:read', vscode.l10n.t('Open Results'));
  const { order, items, total } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading order results…'), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const order = await client.getOrder(target_.orderId, abort.signal);
        const items: Record<string, unknown>[] = [];
        let total: number | undefined;
        while (items.length < MAX_RESULTS_SHOWN) {
          const page = await client.orderResults(target_.orderId, { limit: 100, offset: items.length }, abort.signal);
          items.push(...(page.items as Record<string, unknown>[]));
          total = page.total ?? total;
          progress.report({ message: total !== undefined ? vscode.l10n.t('{0} of {1}', items.length, total) : `${items.length}` });
          if (!page.items.length || page.hasMore === false || (total !== undefined && items.length >= total)) break;
        }
        return { order, items, total };
      } finally {
        sub.dispose();
      }
    },
  );
  const markdown = await openDocument(orderResultsMarkdown(order as Record<string, unknown>, items, total), 'markdown');
  const json = await openDocument(JSON.stringify({ order_id: order.id, status: order.status, total, items }, null, 2), 'json', true);
  return { markdown, json };
}

/**
 * Sends a create with one idempotency key per action; after a failure with an unknown outcome, offers Retry with the
 * SAME key (the server replays the first answer instead of creating again). Returns undefined when the user stops.
 */
async function createWithRetry<T>(
  deps: OpenProspectCommandDeps,
  keys: IdempotencyKeys,
  scope: string,
  body: unknown,
  what: string,
  send: (key: string) => Promise<T>,
): Promise<T | undefined> {
  for (;;) {
    const key = keys.keyFor(scope, body);
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${what}…` }, () => send(key));
      keys.settle(scope);
      return result;
    } catch (error) {
      if (!outcomeUnknown(error)) {
        keys.settle(scope);
        throw error;
      }
      deps.services.logger.warn(`${what}: outcome unknown (${(error as ApiError).kind}); idempotency key kept for a retry`);
      const choice = await deps.services.prompter.confirm(
        vscode.l10n.t('{0} did not get an answer: {1}', what, (error as Error).message),
        vscode.l10n.t('It may or may not have been created. Retry sends the same idempotency key, so the server makes it at most once.'),
        [vscode.l10n.t('Retry')],
      );
      if (choice !== vscode.l10n.t('Retry')) return undefined;
    }
  }
}

/**
 * Create Order opens the record form (kind discovery or enrichment, the companies pasted or loaded from a CSV file,
 * per-row validation, the confirmation, an idempotency key kept with the draft): see src/views/form. `values` seed
 * the form (a discovery order for a profile just made by Create Search Profile…).
 */
async function createOrder(deps: OpenProspectCommandDeps, target: unknown): Promise<unknown> {
  const connection = await connectionFor(deps, target);
  if (!connection) return undefined;
  await clientFor(deps, connection, 'orders:write', vscode.l10n.t('Create Order'));
  const values = (target as { values?: unknown } | undefined)?.values;
  return vscode.commands.executeCommand('crm.createRecord', { connectionId: connection.id, kind: 'opOrder', ...(values ? { values } : {}) });
}

export interface SearchProfileResult {
  creationId: string;
  profileId: string;
}

/**
 * Create Search Profile (`POST /search-profile-creations`, with an Idempotency-Key), then polls it with backoff until
 * SUCCEEDED (→ the profile id a discovery order needs, offered as "Create Discovery Order") or FAILED (the next
 * attempt is a new creation with a new key, as the docs say).
 */
async function createSearchProfile(deps: OpenProspectCommandDeps, keys: IdempotencyKeys, target: unknown): Promise<SearchProfileResult | undefined> {
  const { prompter } = deps.services;
  const connection = await connectionFor(deps, target);
  if (!connection) return undefined;
  const client = await clientFor(deps, connection, 'orders:write, orders:read', vscode.l10n.t('Create Search Profile'));
  const title = vscode.l10n.t('Create Search Profile');
  const name = await prompter.input({ title, prompt: vscode.l10n.t('Name of the search profile'), validate: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')) });
  if (!name) return undefined;
  const description = await prompter.input({ title, prompt: vscode.l10n.t('Describe the ideal customer (optional)'), value: '' });
  if (description === undefined) return undefined;
  const website = await prompter.input({
    title,
    prompt: vscode.l10n.t('Your company\'s website, so the profile can be built from it (optional)'),
    value: '',
    validate: (v) => (!v.trim() || looksLikeWebsite(v) ? undefined : vscode.l10n.t('Enter a web address such as https://example.com, or leave it blank.')),
  });
  if (website === undefined) return undefined;
  const input = {
    name: name.trim(),
    ...(description.trim() ? { description: description.trim() } : {}),
    ...(website.trim() ? { website_url: normaliseWebsite(website) } : {}),
  };
  const created = await createWithRetry(deps, keys, `${connection.id}/searchProfiles.create`, input, vscode.l10n.t('Create search profile'), (key) => client.createSearchProfile(input, key));
  const creationId = created?.record?.id ?? created?.id;
  if (creationId === undefined) return undefined;
  const profileId = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating the search profile "{0}"…', displayText(name, 60)), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        for (let attempt = 0; !abort.signal.aborted; attempt++) {
          const state = await client.getSearchProfileCreation(creationId, abort.signal);
          const status = String(state.status ?? '').toUpperCase();
          progress.report({ message: status });
          if (status === 'SUCCEEDED' && state.profile_id !== null && state.profile_id !== undefined) return String(state.profile_id);
          if (status === 'FAILED') {
            const error = state.error as { message?: string } | undefined;
            throw new ApiError({ kind: 'server', message: vscode.l10n.t('Creating the search profile failed: {0}. Run Create Search Profile again (a new attempt uses a new idempotency key).', displayText(error?.message ?? vscode.l10n.t('no reason given'), 200)) });
          }
          await interruptibleSleep(pollDelay(attempt), abort.signal).done;
        }
        return undefined;
      } finally {
        sub.dispose();
      }
    },
  );
  if (!profileId) return undefined;
  refreshFolder(deps, connection.id, OP_FOLDER.searches);
  void vscode.window.showInformationMessage(vscode.l10n.t('Search profile "{0}" is ready.', displayText(name, 60)), vscode.l10n.t('Create Discovery Order')).then((choice) => {
    if (choice) void createOrder(deps, { connectionId: connection.id, values: { kind: 'discovery', profile_id: profileId } });
  });
  return { creationId: String(creationId), profileId };
}

// --- company rows (enrichment companies, blacklist entries) ------------------------------------------------------

async function readRows<T>(
  deps: OpenProspectCommandDeps,
  schema: Parameters<typeof readCompanyRows<T>>[1],
  options: { keepExtraColumns: boolean; title: string; noun: string; source?: RowSource },
): Promise<ParsedRows<T> | undefined> {
  const text = await rowText(deps, options.title, options.noun, options.source);
  if (text === undefined) return undefined;
  const parsed = readCompanyRows(text, schema, { keepExtraColumns: options.keepExtraColumns });
  if (!parsed.valid.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No valid rows to send. {0}', describeRows(parsed)));
    return undefined;
  }
  return parsed;
}

async function rowText(deps: OpenProspectCommandDeps, title: string, noun: string, source?: RowSource): Promise<string | undefined> {
  if (source?.text !== undefined) return source.text;
  if (source?.file) return readFile(vscode.Uri.file(source.file));
  const editor = vscode.window.activeTextEditor;
  const how = await deps.services.prompter.pick<'paste' | 'editor' | 'file'>(
    [
      { label: vscode.l10n.t('Type or paste a list…'), detail: vscode.l10n.t('CSV with a header (company_name, website_url, external_id, city), or names/domains separated by commas'), value: 'paste' },
      ...(editor ? [{ label: vscode.l10n.t('Use the active editor'), detail: editor.selection.isEmpty ? vscode.l10n.t('CSV text of the whole document (paste it into a new untitled editor first)') : vscode.l10n.t('CSV text of the selection (paste it into a new untitled editor first)'), value: 'editor' as const }] : []),
      { label: vscode.l10n.t('From a CSV file…'), value: 'file' },
    ],
    { title, placeholder: vscode.l10n.t('Where are the {0}?', nounText(noun, true)) },
  );
  if (!how) return undefined;
  if (how === 'editor' && editor) return editor.document.getText(editor.selection.isEmpty ? undefined : editor.selection);
  if (how === 'file') {
    const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { CSV: ['csv', 'txt'] }, title })) ?? [];
    return uri ? readFile(uri) : undefined;
  }
  const typed = await deps.services.prompter.input({ title, prompt: vscode.l10n.t('The {0}: CSV lines, or names/domains separated by commas', nounText(noun, true)), validate: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter at least one.')) });
  if (typed === undefined) return undefined;
  // A single-line input box flattens pasted lines: then commas/semicolons separate the rows.
  return typed.includes('\n') ? typed : typed.split(/[;,]/).join('\n');
}

async function readFile(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

// --- blacklists ----------------------------------------------------------------------------------------------------

async function createBlacklist(deps: OpenProspectCommandDeps, keys: IdempotencyKeys, target: unknown): Promise<unknown> {
  const { prompter } = deps.services;
  const connection = await connectionFor(deps, target);
  if (!connection) return undefined;
  const client = await clientFor(deps, connection, 'blacklists:write', vscode.l10n.t('Create Blacklist'));
  const name = await prompter.input({ title: vscode.l10n.t('Create Blacklist'), prompt: vscode.l10n.t('Name'), validate: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')) });
  if (!name) return undefined;
  const description = await prompter.input({ title: vscode.l10n.t('Create Blacklist'), prompt: vscode.l10n.t('Description (optional)'), value: '' });
  if (description === undefined) return undefined;
  const body = { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) };
  const created = await createWithRetry(deps, keys, `${connection.id}/blacklists.create`, body, vscode.l10n.t('Create Blacklist'), (key) => client.createBlacklist(body, key));
  if (!created) return undefined;
  refreshFolder(deps, connection.id, OP_FOLDER.blacklists);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Created blacklist "{0}"', displayText(name, 60)), 4000);
  return created.record ?? created.raw;
}

async function editBlacklist(deps: OpenProspectCommandDeps, target: unknown): Promise<unknown> {
  const row = rowOf(target, 'crm.record.opBlacklist');
  if (!row?.connectionId || row.view!.contextValue.startsWith('crm.record.opBlacklistEntry')) return undefined;
  const connection = await connectionFor(deps, row.connectionId);
  if (!connection) return undefined;
  const client = await clientFor(deps, connection, 'blacklists:write', vscode.l10n.t('Update Blacklist'));
  const current = row.record as { name?: string | null; description?: string | null };
  const name = await deps.services.prompter.input({ title: vscode.l10n.t('Rename / Update Blacklist'), prompt: vscode.l10n.t('Name'), value: current.name ?? '', validate: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')) });
  if (!name) return undefined;
  const description = await deps.services.prompter.input({ title: vscode.l10n.t('Rename / Update Blacklist'), prompt: vscode.l10n.t('Description'), value: current.description ?? '' });
  if (description === undefined) return undefined;
  const changes: { name?: string; description?: string } = {};
  if (name.trim() !== (current.name ?? '')) changes.name = name.trim();
  if (description.trim() !== (current.description ?? '')) changes.description = description.trim();
  if (!Object.keys(changes).length) return undefined;
  const result = await client.updateBlacklist(row.view!.id, changes);
  refreshNode(deps, row.parent);
  return result.record ?? result.raw;
}

export interface AddEntriesResult {
  sent: number;
  created: number;
  skipped: number;
  batches: number;
  invalid: number;
  cancelled: boolean;
}

/** The blacklist a row stands for: the blacklist row itself, or its Entries folder, or one of its entries. */
function blacklistOf(target: unknown): { connectionId: string; id: string; label: string; node: ExplorerNode } | undefined {
  let node = target as Row | undefined;
  for (let i = 0; node && i < 3; i++, node = node.parent as Row | undefined) {
    const cv = node.view?.contextValue ?? '';
    if (cv.startsWith('crm.record.opBlacklist') && !cv.startsWith('crm.record.opBlacklistEntry') && node.connectionId) {
      return { connectionId: node.connectionId, id: node.view!.id, label: node.view!.label, node };
    }
  }
  return undefined;
}

async function addEntries(deps: OpenProspectCommandDeps, target: unknown, source?: RowSource): Promise<AddEntriesResult | undefined> {
  const blacklist = blacklistOf(target);
  if (!blacklist) return undefined;
  const connection = await connectionFor(deps, blacklist.connectionId);
  if (!connection) return undefined;
  const client = await clientFor(deps, connection, 'blacklists:write', vscode.l10n.t('Add Entries'));
  const title = vscode.l10n.t('Add Entries to "{0}"', displayText(blacklist.label, 60));
  const parsed = await readRows<BlacklistEntryInput>(deps, BlacklistEntryInputSchema, { keepExtraColumns: false, title, noun: 'entry', source });
  if (!parsed) return undefined;
  const groups = batches(parsed.valid, MAX_BLACKLIST_ENTRIES_PER_REQUEST);
  const count = formatNumber(parsed.valid.length);
  const action = parsed.invalid.length ? vscode.l10n.t('Add the {0} Valid Rows', count) : vscode.l10n.t('Add {0} Entries', count);
  const most = formatNumber(MAX_BLACKLIST_ENTRIES_PER_REQUEST);
  const answer = await deps.services.prompter.confirm(
    parsed.valid.length === 1 ? vscode.l10n.t('{0}: 1 entry?', title) : vscode.l10n.t('{0}: {1} entries?', title, count),
    `${describeRows(parsed)}\n\n${groups.length === 1 ? vscode.l10n.t('Sent in 1 request of at most {0}. Entries already on the blacklist are skipped by the server.', most) : vscode.l10n.t('Sent in {0} requests of at most {1}. Entries already on the blacklist are skipped by the server.', groups.length, most)}`,
    [action],
  );
  if (answer !== action) return undefined;

  const result: AddEntriesResult = { sent: 0, created: 0, skipped: 0, batches: 0, invalid: parsed.invalid.length, cancelled: false };
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        for (const [index, group] of groups.entries()) {
          if (abort.signal.aborted) {
            result.cancelled = true;
            break;
          }
          progress.report({ message: vscode.l10n.t('batch {0} of {1}', index + 1, groups.length), increment: 0 });
          let outcome;
          try {
            outcome = await client.addBlacklistEntries(blacklist.id, group, undefined, abort.signal);
          } catch (error) {
            throw mapBatchError(error, parsed.validLines, index, groups.length, result);
          }
          const raw = (outcome.raw ?? {}) as { created?: unknown; skipped?: unknown };
          result.sent += group.length;
          result.created += typeof raw.created === 'number' ? raw.created : 0;
          result.skipped += typeof raw.skipped === 'number' ? raw.skipped : 0;
          result.batches += 1;
          progress.report({ message: vscode.l10n.t('{0} of {1} sent', formatNumber(result.sent), count), increment: (100 * group.length) / parsed.valid.length });
        }
      } finally {
        sub.dispose();
      }
    });
  } finally {
    refreshNode(deps, blacklist.node.parent);
  }
  if (result.cancelled || result.batches < groups.length) result.cancelled = true;
  const parts = [vscode.l10n.t('{0} added', formatNumber(result.created)), vscode.l10n.t('{0} already listed', formatNumber(result.skipped))];
  if (result.invalid) parts.push(vscode.l10n.t('{0} invalid rows left out', result.invalid));
  const summary = `${parts.join(', ')}${result.cancelled ? vscode.l10n.t(' — cancelled before the rest was sent') : ''}.`;
  void vscode.window.showInformationMessage(vscode.l10n.t('Blacklist "{0}": {1}', displayText(blacklist.label, 60), summary));
  return result;
}

/**
 * A failed batch: say exactly what was added (the earlier batches) and what was not (this one and the rest, by
 * input line), so nothing is lost. A refused batch (422) names the lines its row errors point at (their `index` is
 * within the batch). Running Add Entries again with the same list is safe: the server skips entries it already has.
 */
function mapBatchError(error: unknown, lines: number[], batch: number, batchCount: number, result: AddEntriesResult): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.kind === 'cancelled') return error;
  const offset = batch * MAX_BLACKLIST_ENTRIES_PER_REQUEST;
  const count = (n: number) => (n === 1 ? vscode.l10n.t('1 entry') : vscode.l10n.t('{0} entries', formatNumber(n)));
  const notAdded = lines.length - result.sent;
  const line = (n: number | undefined) => formatNumber(n ?? 0);
  const added = result.sent
    ? vscode.l10n.t('{0} of earlier batches were added (lines {1}–{2}).', count(result.sent), line(lines[0]), line(lines[result.sent - 1]))
    : vscode.l10n.t('Nothing was added.');
  const rest = vscode.l10n.t('The other {0} (from line {1} on) were not added', count(notAdded), line(lines[offset]));
  const again = vscode.l10n.t('Run Add Entries again with the same list to add them: entries already on the blacklist are skipped, so nothing is added twice.');
  if (error.kind === 'validation') {
    const located = error.fieldErrors.slice(0, 3).map((e) => {
      const [index, ...field] = e.field.split('.');
      const line = /^\d+$/.test(index ?? '') ? lines[offset + Number(index)] : undefined;
      return line ? vscode.l10n.t('line {0} ({1}): {2}', line, field.join('.') || vscode.l10n.t('row'), e.message) : `${e.field}: ${e.message}`;
    });
    return new ApiError({
      ...error.toDetails(),
      message: vscode.l10n.t('The server refused batch {0} of {1} (nothing of it was added): {2}. {3} {4}: fix those lines and add them again.', batch + 1, batchCount, located.join('; ') || error.message, added, rest),
    });
  }
  const unconfirmed = outcomeUnknown(error)
    ? batch + 1 < batchCount
      ? vscode.l10n.t('The other {0} (from line {1} on) are not confirmed: batch {2} may or may not have been added, the later batches were not sent', count(notAdded), line(lines[offset]), batch + 1)
      : vscode.l10n.t('The other {0} (from line {1} on) are not confirmed: batch {2} may or may not have been added', count(notAdded), line(lines[offset]), batch + 1)
    : rest;
  return new ApiError({
    ...error.toDetails(),
    message: vscode.l10n.t('Batch {0} of {1} failed: {2} {3} {4}. {5}', batch + 1, batchCount, error.message, added, unconfirmed, again),
  });
}

async function removeEntries(deps: OpenProspectCommandDeps, clicked: unknown, selected: unknown[]): Promise<number> {
  const rows = (Array.isArray(selected) && selected.includes(clicked) ? selected : [clicked])
    .map((node) => rowOf(node, 'crm.record.opBlacklistEntry'))
    .filter((row): row is Row => Boolean(row?.connectionId));
  const first = rows[0];
  if (!first) return 0;
  const blacklist = blacklistOf(first);
  if (!blacklist) return 0;
  // Only entries of the same blacklist go together: the modal names exactly what goes.
  const targets = rows.filter((row) => row.parent === first.parent);
  const connection = await connectionFor(deps, blacklist.connectionId);
  if (!connection) return 0;
  const client = await clientFor(deps, connection, 'blacklists:write', vscode.l10n.t('Remove Entries'));
  const names = targets.map((row) => `• ${displayText(row.view!.label, 80)}`);
  const shown = names.slice(0, 10).join('\n') + (names.length > 10 ? `\n${vscode.l10n.t('… and {0} more', names.length - 10)}` : '');
  const answer = await deps.services.prompter.confirm(
    targets.length === 1
      ? vscode.l10n.t('Remove 1 entry from "{0}"?', displayText(blacklist.label, 60))
      : vscode.l10n.t('Remove {0} entries from "{1}"?', targets.length, displayText(blacklist.label, 60)),
    `${shown}\n\n${vscode.l10n.t('The companies can be prospected again.')}`,
    [vscode.l10n.t('Remove')],
  );
  if (answer !== vscode.l10n.t('Remove')) return 0;
  let removed = 0;
  for (const group of batches(targets.map((row) => row.view!.id), MAX_BLACKLIST_ENTRIES_PER_REQUEST)) {
    const outcome = await client.removeBlacklistEntries(blacklist.id, group);
    const deleted = (outcome.raw as { deleted?: unknown } | undefined)?.deleted;
    removed += typeof deleted === 'number' ? deleted : group.length;
  }
  refreshNode(deps, first.parent);
  refreshNode(deps, blacklist.node.parent);
  vscode.window.setStatusBarMessage(removed === 1 ? vscode.l10n.t('Removed 1 entry') : vscode.l10n.t('Removed {0} entries', removed), 4000);
  return removed;
}

async function assignBlacklists(deps: OpenProspectCommandDeps, target: unknown): Promise<string[] | undefined> {
  const row = rowOf(target, 'crm.record.opSearch');
  if (!row?.connectionId) return undefined;
  const connection = await connectionFor(deps, row.connectionId);
  if (!connection) return undefined;
  const client = await clientFor(deps, connection, 'blacklists:read, blacklists:write', vscode.l10n.t('Assign Blacklists'));
  const [assigned, all] = await Promise.all([client.searchBlacklists(row.view!.id), allBlacklists(client)]);
  const current = new Set(assigned.ids);
  if (!all.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no blacklist yet. Create one in the Blacklists folder first.'));
    return undefined;
  }
  const chosen = await deps.services.prompter.pickMany(
    all.map((b) => {
      const count = (b as { entries_count?: unknown }).entries_count;
      return {
        label: displayText(b.name) || vscode.l10n.t('(unnamed blacklist)'),
        description: typeof count === 'number' ? vscode.l10n.t('{0} entries', formatNumber(count)) : undefined,
        detail: current.has(String(b.id)) ? vscode.l10n.t('assigned now') : undefined,
        picked: current.has(String(b.id)),
        value: String(b.id),
      };
    }),
    { title: vscode.l10n.t('Assign Blacklists to "{0}"', displayText(row.view!.label, 60)), placeholder: vscode.l10n.t('Companies on the checked blacklists are never delivered for this search') },
  );
  if (!chosen) return undefined;
  await client.setSearchBlacklists(row.view!.id, chosen);
  vscode.window.setStatusBarMessage(vscode.l10n.t('"{0}" now uses {1} blacklist(s)', displayText(row.view!.label, 40), chosen.length), 4000);
  return chosen;
}

async function allBlacklists(client: OpenProspectClient) {
  const out = [];
  for (let offset = 0; offset < 1000; ) {
    const page = await client.listBlacklists({ limit: 100, offset });
    out.push(...page.items);
    offset += page.items.length + page.rejected.length;
    if (!page.items.length || page.hasMore === false || (page.total !== undefined && offset >= page.total)) break;
  }
  return out;
}

