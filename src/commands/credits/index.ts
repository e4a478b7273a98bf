/**
 * Credit-consuming commands — Unlock Selected, Unlock Matching, Verify Emails, Verify List Contacts — all through
 * spendCredits (confirmation with count, cost and balance; single-flight; sent once), plus the Jobs housekeeping
 * (Forget Job, Clear Finished Jobs) and the context keys that hide the palette entries for an active connection
 * whose key is known to lack the permission:
 *   crm.activeLacksUnlock  — the active connection's key was refused `payment_prospect:create`
 *   crm.activeLacksVerify  — … refused `verify_email:create`
 * Tree menus stay visible (a row does not tell a `when` clause its connection); for a connection known to lack the
 * permission the command refuses at once, naming it, and sends nothing.
 */
import * as vscode from 'vscode';
import type { MinotaurClient } from '../../api/minotaur/client';
import type { Connection } from '../../connections/model';
import { CREDIT_ACTIONS, MAX_RECORDS_PER_JOB, countProblem, permissionFor } from '../../jobs/creditActions';
import { formatNumber } from '../../util/l10n';
import { listNames as joinNames, partitionByEmail, uniqueBy } from '../../jobs/selection';
import type { Services } from '../../services';
import { displayText } from '../../views/tree/displayText';
import type { RecordFilter } from '../../views/tree/folderSpec';
import { JobNode, JobsNode } from '../../views/tree/minotaur/jobsNode';
import { PROSPECTS_FOLDER_KEY, isUnlocked } from '../../views/tree/minotaur/prospectCatalogFolder';
import { PagedFolderNode, describeFilter } from '../../views/tree/pagedFolderNode';
import { RecordNode } from '../../views/tree/recordNode';
import { connectionOf } from '../connections';
import { registerCommand, type CommandContext } from '../registerCommand';
import { spendCredits, type CreditDeps, type SpendOutcome } from './spendCredits';

type AnyRecord = RecordNode<Record<string, unknown>>;

export function registerCreditCommands(ctx: CommandContext, deps: CreditDeps): void {
  const { services } = deps;
  registerCommand(ctx, 'crm.unlockSelected', (clicked?: unknown, selected?: unknown[]) => unlockSelected(deps, rowsOf(services, clicked, selected)));
  registerCommand(ctx, 'crm.unlockMatching', (target?: unknown) => unlockMatching(deps, target));
  registerCommand(ctx, 'crm.verifyEmails', (clicked?: unknown, selected?: unknown[]) => verifyEmails(deps, rowsOf(services, clicked, selected)));
  registerCommand(ctx, 'crm.verifyList', (clicked?: unknown) => verifyList(deps, rowsOf(services, clicked, undefined)[0]));
  registerCommand(ctx, 'crm.forgetJob', async (clicked?: unknown, selected?: unknown[]) => {
    const jobs = (Array.isArray(selected) && selected.includes(clicked) ? selected : [clicked]).filter((n): n is JobNode => n instanceof JobNode);
    let forgotten = 0;
    for (const node of jobs) if (await deps.jobs.forget(node.connectionId, node.job.id)) forgotten += 1;
    return forgotten;
  });
  registerCommand(ctx, 'crm.clearFinishedJobs', async (target?: unknown) => {
    const connection = target instanceof JobsNode ? services.registry.get(target.connectionId) : connectionOf(services, target) ?? services.registry.active();
    if (!connection) return 0;
    const removed = await deps.jobs.clearFinished(connection.id);
    vscode.window.setStatusBarMessage(
      removed === 0
        ? vscode.l10n.t('No finished jobs to clear.')
        : removed === 1
          ? vscode.l10n.t('Cleared 1 finished job from the list.')
          : vscode.l10n.t('Cleared {0} finished jobs from the list.', removed),
      4000,
    );
    return removed;
  });
  syncContextKeys(ctx, deps);
  // A removed connection's jobs go with it.
  ctx.subscriptions.push(
    services.registry.onDidChange(() => void deps.jobs.retainConnections(new Set(services.registry.list().map((c) => c.id)))),
  );
}

/** The rows a command acts on: the selection when the clicked row is part of it, else the row; the palette: the tree's selection. */
function rowsOf(services: Services, clicked: unknown, selected: unknown[] | undefined): AnyRecord[] {
  const rows: unknown[] =
    clicked === undefined ? [...services.treeView.selection] : Array.isArray(selected) && selected.includes(clicked) ? selected : [clicked];
  return rows.filter((node): node is AnyRecord => node instanceof RecordNode);
}

function isContext(row: AnyRecord, context: string): boolean {
  return row.view.contextValue === context || row.view.contextValue.startsWith(`${context}.`);
}

/** All rows must come from one connection: the modal names one balance and one account. */
function listNames(names: string[]): string {
  return joinNames(names.map((n) => displayText(n, 60)));
}

/** `oneAtATime` is the whole sentence to show when the rows come from several connections. */
function oneConnection(services: Services, rows: AnyRecord[], oneAtATime: string): Connection {
  const ids = new Set(rows.map((r) => r.connectionId));
  if (ids.size > 1) throw new Error(oneAtATime);
  const connection = services.registry.get(rows[0]!.connectionId);
  if (!connection) throw new Error(vscode.l10n.t('That connection no longer exists.'));
  return connection;
}

// --- Unlock Selected ----------------------------------------------------------------------------------------------

async function unlockSelected(deps: CreditDeps, rows: AnyRecord[]): Promise<SpendOutcome> {
  const prospects = rows.filter((r) => isContext(r, 'crm.record.prospect'));
  if (!prospects.length) return nothing(vscode.l10n.t('Select one or more prospects in the Prospect Catalog first.'));
  const connection = oneConnection(deps.services, prospects, vscode.l10n.t('Select prospects of one connection at a time.'));
  return spendCredits(deps, 'unlock', connection, async () => {
    const unique = uniqueBy(prospects, (p) => p.view.id);
    const locked = unique.filter((p) => !isUnlocked(p.record));
    const already = unique.filter((p) => isUnlocked(p.record));
    if (!locked.length) {
      return { nothing: unique.length === 1 ? vscode.l10n.t('The selected prospect is already unlocked: nothing to spend.') : vscode.l10n.t('The selected prospects are already unlocked: nothing to spend.') };
    }
    if (locked.length > MAX_RECORDS_PER_JOB) return { nothing: vscode.l10n.t('Select at most {0} prospects per unlock.', formatNumber(MAX_RECORDS_PER_JOB)) };
    const notes = [vscode.l10n.t('Prospects: {0}', listNames(locked.map((p) => p.view.label)))];
    if (already.length) notes.push(vscode.l10n.t('Skipped (already unlocked, free): {0}', listNames(already.map((p) => p.view.label))));
    const count = CREDIT_ACTIONS.unlock.count(locked.length);
    return {
      summary:
        locked.length === 1
          ? vscode.l10n.t('The prospect selected in the Prospect Catalog will be unlocked and become a contact.')
          : vscode.l10n.t('The {0} selected in the Prospect Catalog will be unlocked and become contacts.', count),
      subject: count,
      records: locked.length,
      exact: true,
      notes,
      send: (client) => client.unlockSelectedContacts(locked.map((p) => p.view.id), false),
      refreshFolders: ['contacts', PROSPECTS_FOLDER_KEY],
    };
  });
}

// --- Unlock Matching ----------------------------------------------------------------------------------------------

async function unlockMatching(deps: CreditDeps, target: unknown): Promise<SpendOutcome> {
  const { services } = deps;
  const connection = connectionOf(services, target) ?? services.registry.active();
  if (!connection) return nothing(vscode.l10n.t('There is no CRM connection yet. Use "CRM: Add Connection…" first.'));
  const folder = target instanceof PagedFolderNode && target.spec.key === PROSPECTS_FOLDER_KEY ? target : services.explorer.connectionNode(connection.id)?.folder(PROSPECTS_FOLDER_KEY);
  const filter: RecordFilter = folder?.activeFilter ?? {};
  return spendCredits(deps, 'unlockMatching', connection, async (client) => {
    const filterText = describeFilter(filter);
    const lockedTotal = await lockedMatching(client, filter);
    if (lockedTotal === 0) {
      return { nothing: filterText ? vscode.l10n.t('No locked prospects match the filter {0}: nothing to unlock.', filterText) : vscode.l10n.t('No locked prospects match in the catalog: nothing to unlock.') };
    }
    const max = Math.min(lockedTotal ?? MAX_RECORDS_PER_JOB, MAX_RECORDS_PER_JOB);
    // "the 120 locked prospects matching the filter industry = Software" — one phrase, so word order can change.
    const matching =
      lockedTotal === undefined
        ? filterText
          ? vscode.l10n.t('the locked prospects matching the filter {0}', filterText)
          : vscode.l10n.t('the locked prospects matching no filter (the whole catalog)')
        : filterText
          ? vscode.l10n.t('the {0} locked prospects matching the filter {1}', formatNumber(lockedTotal), filterText)
          : vscode.l10n.t('the {0} locked prospects matching no filter (the whole catalog)', formatNumber(lockedTotal));
    const answer = await services.prompter.input({
      title: vscode.l10n.t('Unlock Matching Prospects: {0}', connection.name),
      prompt: vscode.l10n.t('How many of {0} to unlock, best score first? (1–{1})', matching, formatNumber(max)),
      value: String(Math.min(max, 10)),
      validate: (value) => countProblem(value, max),
    });
    if (answer === undefined) return undefined;
    const count = Number(answer.trim());
    if (countProblem(answer, max)) return undefined;
    const countText = CREDIT_ACTIONS.unlockMatching.count(count);
    return {
      summary: vscode.l10n.t('The {0} with the best score among {1} will be unlocked and become contacts.', countText, matching),
      subject: `${countText}${filterText ? ` (${filterText})` : ''}`,
      records: count,
      exact: true,
      notes: [vscode.l10n.t('Filter: {0}', filterText || vscode.l10n.t('none')), vscode.l10n.t('Order: score, best first')],
      send: (c) => c.unlockContacts({ filters: filter, orderBy: { score: 'DESC' }, totalRecords: count, syncHubspot: false }),
      refreshFolders: ['contacts', PROSPECTS_FOLDER_KEY],
    };
  });
}

/** Locked prospects matching the filter (what unlock-contacts picks from), from the first page's total. */
async function lockedMatching(client: MinotaurClient, filter: RecordFilter): Promise<number | undefined> {
  const page = await client.listProspects({ filters: filter, page: 1, limit: 1, allContacts: false });
  return page.total ?? (page.items.length + page.rejected.length === 0 ? 0 : undefined);
}

// --- Verify Emails --------------------------------------------------------------------------------------------------

async function verifyEmails(deps: CreditDeps, rows: AnyRecord[]): Promise<SpendOutcome> {
  const contacts = rows.filter((r) => isContext(r, 'crm.record.contact'));
  if (!contacts.length) return nothing(vscode.l10n.t('Select one or more contacts first.'));
  const connection = oneConnection(deps.services, contacts, vscode.l10n.t('Select contacts of one connection at a time.'));
  return spendCredits(deps, 'verify', connection, async () => {
    const { withEmail, without } = partitionByEmail(uniqueBy(contacts, (c) => c.view.id), (c) => c.record);
    const skipped = without.length ? vscode.l10n.t('Skipped (no email): {0}', listNames(without.map((c) => c.view.label))) : undefined;
    if (!withEmail.length) return { nothing: `${vscode.l10n.t('None of the selected contacts has an email address to verify.')} ${skipped ?? ''}`.trim() };
    if (withEmail.length > MAX_RECORDS_PER_JOB) return { nothing: vscode.l10n.t('Select at most {0} contacts per verification.', formatNumber(MAX_RECORDS_PER_JOB)) };
    const notes = [vscode.l10n.t('Contacts: {0}', listNames(withEmail.map((c) => c.item.view.label)))];
    if (skipped) notes.push(skipped);
    return {
      summary:
        withEmail.length === 1
          ? vscode.l10n.t('The email address of 1 selected contact will be verified; its verification status is updated when the job is done.')
          : vscode.l10n.t('The email addresses of {0} selected contacts will be verified; their verification status is updated when the job is done.', formatNumber(withEmail.length)),
      subject: CREDIT_ACTIONS.verify.count(withEmail.length),
      records: withEmail.length,
      exact: true,
      notes,
      send: (client) => client.verifyEmails(withEmail.map((c) => ({ email: c.email, contactId: c.item.view.id })), false),
      refreshFolders: ['contacts'],
    };
  });
}

// --- Verify List Contacts ---------------------------------------------------------------------------------------------

async function verifyList(deps: CreditDeps, row: AnyRecord | undefined): Promise<SpendOutcome> {
  if (!row || !isContext(row, 'crm.record.list')) return nothing(vscode.l10n.t('Choose a contact list in the Lists folder first.'));
  const connection = oneConnection(deps.services, [row], vscode.l10n.t('Select lists of one connection at a time.'));
  const name = displayText(row.view.label, 60);
  return spendCredits(deps, 'verifyList', connection, async (client) => {
    const members = await memberCount(client, row);
    if (members === 0) return { nothing: vscode.l10n.t('The list "{0}" has no contacts: nothing to verify.', name) };
    return {
      summary: vscode.l10n.t('Every contact of the list "{0}" that has an email address will be verified (charged per contact with an email).', name),
      subject: vscode.l10n.t('list {0}', name),
      records: members,
      exact: false,
      notes: [
        members === undefined
          ? vscode.l10n.t('The number of contacts in the list is not known in advance.')
          : members === 1
            ? vscode.l10n.t('The list has 1 contact.')
            : vscode.l10n.t('The list has {0} contacts.', formatNumber(members)),
      ],
      send: (c) => c.verifyListContacts(row.view.id),
      refreshFolders: ['contacts'],
    };
  });
}

/** The list's size: `contacts_count` (sandbox) from a fresh read, else from the row; undefined when nobody says. */
async function memberCount(client: MinotaurClient, row: AnyRecord): Promise<number | undefined> {
  const count = (record: unknown) => {
    const value = (record as { contacts_count?: unknown } | undefined)?.contacts_count;
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
  };
  try {
    return count(await client.getList(row.view.id)) ?? count(row.record);
  } catch {
    return count(row.record);
  }
}

function nothing(reason: string): SpendOutcome {
  void vscode.window.showInformationMessage(reason);
  return { status: 'nothing', reason };
}

// --- context keys -----------------------------------------------------------------------------------------------------

function syncContextKeys(ctx: CommandContext, deps: CreditDeps): void {
  const { services } = deps;
  let generation = 0;
  const sync = async () => {
    const mine = ++generation;
    const active = services.registry.active();
    let lacksUnlock = false;
    let lacksVerify = false;
    if (active?.provider === 'minotaur') {
      try {
        const client = await services.clients.minotaur(active);
        lacksUnlock = deps.permissions.isDenied(active.id, client, permissionFor('unlock'));
        lacksVerify = deps.permissions.isDenied(active.id, client, permissionFor('verify'));
      } catch {
        // No key stored: nothing is known.
      }
    }
    if (mine !== generation) return;
    await vscode.commands.executeCommand('setContext', 'crm.activeLacksUnlock', lacksUnlock);
    await vscode.commands.executeCommand('setContext', 'crm.activeLacksVerify', lacksVerify);
  };
  const run = () => void sync().catch((error) => services.logger.warn(`Could not update credit context keys: ${String(error)}`));
  ctx.subscriptions.push(deps.permissions.onDidChange(run), services.registry.onDidChange(run));
  run();
}
