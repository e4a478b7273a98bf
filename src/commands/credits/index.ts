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
import { CREDIT_ACTIONS, MAX_RECORDS_PER_JOB, countProblem, formatNumber, permissionFor, pluralise } from '../../jobs/creditActions';
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
    vscode.window.setStatusBarMessage(removed ? `Cleared ${removed} finished job${removed === 1 ? '' : 's'} from the list.` : 'No finished jobs to clear.', 4000);
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

function oneConnection(services: Services, rows: AnyRecord[], noun: string): Connection {
  const ids = new Set(rows.map((r) => r.connectionId));
  if (ids.size > 1) throw new Error(`Select ${noun} of one connection at a time.`);
  const connection = services.registry.get(rows[0]!.connectionId);
  if (!connection) throw new Error('That connection no longer exists.');
  return connection;
}

// --- Unlock Selected ----------------------------------------------------------------------------------------------

async function unlockSelected(deps: CreditDeps, rows: AnyRecord[]): Promise<SpendOutcome> {
  const prospects = rows.filter((r) => isContext(r, 'crm.record.prospect'));
  if (!prospects.length) return nothing('Select one or more prospects in the Prospect Catalog first.');
  const connection = oneConnection(deps.services, prospects, 'prospects');
  return spendCredits(deps, 'unlock', connection, async () => {
    const unique = uniqueBy(prospects, (p) => p.view.id);
    const locked = unique.filter((p) => !isUnlocked(p.record));
    const already = unique.filter((p) => isUnlocked(p.record));
    if (!locked.length) return { nothing: `The selected prospect${unique.length === 1 ? ' is' : 's are'} already unlocked: nothing to spend.` };
    if (locked.length > MAX_RECORDS_PER_JOB) return { nothing: `Select at most ${formatNumber(MAX_RECORDS_PER_JOB)} prospects per unlock.` };
    const noun = CREDIT_ACTIONS.unlock.noun;
    const notes = [`Prospects: ${listNames(locked.map((p) => p.view.label))}`];
    if (already.length) notes.push(`Skipped (already unlocked, free): ${listNames(already.map((p) => p.view.label))}`);
    return {
      summary: `The ${pluralise(locked.length, noun)} selected in the Prospect Catalog will be unlocked and become contacts.`,
      subject: pluralise(locked.length, noun),
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
  if (!connection) return nothing('There is no CRM connection yet. Use "CRM: Add Connection…" first.');
  const folder = target instanceof PagedFolderNode && target.spec.key === PROSPECTS_FOLDER_KEY ? target : services.explorer.connectionNode(connection.id)?.folder(PROSPECTS_FOLDER_KEY);
  const filter: RecordFilter = folder?.activeFilter ?? {};
  return spendCredits(deps, 'unlockMatching', connection, async (client) => {
    const filterText = describeFilter(filter);
    const lockedTotal = await lockedMatching(client, filter);
    if (lockedTotal === 0) return { nothing: `No locked prospects match ${filterText ? `the filter ${filterText}` : 'in the catalog'}: nothing to unlock.` };
    const max = Math.min(lockedTotal ?? MAX_RECORDS_PER_JOB, MAX_RECORDS_PER_JOB);
    const matching = lockedTotal === undefined ? 'the locked prospects' : `the ${formatNumber(lockedTotal)} locked prospects`;
    const answer = await services.prompter.input({
      title: `Unlock Matching Prospects: ${connection.name}`,
      prompt: `How many of ${matching} matching ${filterText ? `the filter ${filterText}` : 'no filter (the whole catalog)'} to unlock, best score first? (1–${formatNumber(max)})`,
      value: String(Math.min(max, 10)),
      validate: (value) => countProblem(value, max),
    });
    if (answer === undefined) return undefined;
    const count = Number(answer.trim());
    if (countProblem(answer, max)) return undefined;
    const noun = CREDIT_ACTIONS.unlockMatching.noun;
    return {
      summary: `The ${pluralise(count, noun)} with the best score among ${matching} matching ${filterText ? `the filter ${filterText}` : 'no filter (the whole catalog)'} will be unlocked and become contacts.`,
      subject: `${pluralise(count, noun)}${filterText ? ` (${filterText})` : ''}`,
      records: count,
      exact: true,
      notes: [`Filter: ${filterText || 'none'}`, 'Order: score, best first'],
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
  if (!contacts.length) return nothing('Select one or more contacts first.');
  const connection = oneConnection(deps.services, contacts, 'contacts');
  return spendCredits(deps, 'verify', connection, async () => {
    const { withEmail, without } = partitionByEmail(uniqueBy(contacts, (c) => c.view.id), (c) => c.record);
    const skipped = without.length ? `Skipped (no email): ${listNames(without.map((c) => c.view.label))}` : undefined;
    if (!withEmail.length) return { nothing: `None of the selected contacts has an email address to verify. ${skipped ?? ''}`.trim() };
    if (withEmail.length > MAX_RECORDS_PER_JOB) return { nothing: `Select at most ${formatNumber(MAX_RECORDS_PER_JOB)} contacts per verification.` };
    const noun = CREDIT_ACTIONS.verify.noun;
    const notes = [`Contacts: ${listNames(withEmail.map((c) => c.item.view.label))}`];
    if (skipped) notes.push(skipped);
    return {
      summary: `The email addresses of ${pluralise(withEmail.length, ['selected contact', 'selected contacts'])} will be verified; their verification status is updated when the job is done.`,
      subject: pluralise(withEmail.length, noun),
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
  if (!row || !isContext(row, 'crm.record.list')) return nothing('Choose a contact list in the Lists folder first.');
  const connection = oneConnection(deps.services, [row], 'lists');
  const name = displayText(row.view.label, 60);
  return spendCredits(deps, 'verifyList', connection, async (client) => {
    const members = await memberCount(client, row);
    if (members === 0) return { nothing: `The list "${name}" has no contacts: nothing to verify.` };
    return {
      summary: `Every contact of the list "${name}" that has an email address will be verified (charged per contact with an email).`,
      subject: `list ${name}`,
      records: members,
      exact: false,
      notes: members === undefined ? ['The number of contacts in the list is not known in advance.'] : [`The list has ${pluralise(members, ['contact', 'contacts'])}.`],
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
