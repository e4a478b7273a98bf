/**
 * The ONE flow every credit-consuming command goes through (credits are money):
 *   single-flight guard (per connection + action, held from the first prompt to the answer: a second click does
 *   nothing) → permission known to be missing? refuse → prepare (the command's own prompts) → balance from the
 *   account summary → refuse when it is known to be too low → MODAL with what, how many, cost and balance →
 *   send ONCE under a progress notification (the endpoints are `safeToRetry: false`; nothing here retries) →
 *   record the job in Jobs, refresh the balance and the affected folders.
 * A failure that leaves the outcome unknown (network, timeout, 5xx, unreadable answer) is NOT resent: it is listed in
 * Jobs as "outcome unknown" and the user is told to check Jobs and the balance before trying again.
 * Errors are thrown to the command wrapper (registerCommand), which shows them once.
 */
import * as vscode from 'vscode';
import { ApiError } from '../../api/http/errors';
import type { MinotaurClient, StartedJob } from '../../api/minotaur/client';
import type { PermissionMemory } from '../../connections/permissionMemory';
import type { Connection } from '../../connections/model';
import {
  CREDIT_ACTIONS,
  confirmationText,
  estimatedCredits,
  insufficientBalance,
  permissionFor,
  type BalanceInfo,
  type CreditAction,
} from '../../jobs/creditActions';
import { UNKNOWN_OUTCOME, type JobRecord, type JobStore } from '../../jobs/jobStore';
import { flightKey, type SingleFlight } from '../../jobs/singleFlight';
import type { Services } from '../../services';

export interface CreditDeps {
  services: Services;
  jobs: JobStore;
  permissions: PermissionMemory;
  flights: SingleFlight;
  /** Re-reads the status bar's balance when the connection is the active one. */
  refreshBalance(connectionId: string): Promise<void>;
}

/** What a command found to send, after its own prompts. */
export interface SpendPlan {
  /** One sentence for the modal: what will happen. */
  summary: string;
  /** Short words for Jobs ("3 prospects", "list Leads"). */
  subject: string;
  /** Records the job covers; undefined when only the server knows. */
  records: number | undefined;
  /** Whether `records` is what will be charged (false: an upper bound). */
  exact: boolean;
  notes?: string[];
  /** Sends the request. Called exactly once, only after the user confirmed. */
  send(client: MinotaurClient): Promise<StartedJob>;
  /** Folder keys to reload afterwards (e.g. `contacts`). */
  refreshFolders: string[];
}

export type SpendOutcome =
  | { status: 'started'; job: JobRecord }
  | { status: 'busy' }
  | { status: 'cancelled' }
  | { status: 'refused'; reason: string }
  | { status: 'nothing'; reason: string };

/** `prepare` may answer a plan, undefined (the user stopped at a prompt) or a reason there is nothing to do. */
export type Prepared = SpendPlan | undefined | { nothing: string };

export async function spendCredits(
  deps: CreditDeps,
  action: CreditAction,
  connection: Connection,
  prepare: (client: MinotaurClient) => Promise<Prepared>,
): Promise<SpendOutcome> {
  const flight = await deps.flights.run(flightKey(connection.id, action), () => flow(deps, action, connection, prepare));
  if (flight.ran) return flight.value;
  vscode.window.setStatusBarMessage(`$(sync~spin) ${vscode.l10n.t('{0} is already in progress for "{1}".', CREDIT_ACTIONS[action].label, connection.name)}`, 5000);
  return { status: 'busy' };
}

async function flow(
  deps: CreditDeps,
  action: CreditAction,
  connection: Connection,
  prepare: (client: MinotaurClient) => Promise<Prepared>,
): Promise<SpendOutcome> {
  const { services } = deps;
  const info = CREDIT_ACTIONS[action];
  if (connection.provider !== 'minotaur') return refuse(vscode.l10n.t('{0} is a Minotaur Sales action; "{1}" is not a Minotaur connection.', info.label, connection.name));
  const client = await services.clients.minotaur(connection);
  const permission = permissionFor(action);
  if (permission && deps.permissions.isDenied(connection.id, client, permission)) {
    return refuse(
      vscode.l10n.t(
        'The API key of "{0}" lacks the "{1}" permission (the server refused it earlier), so nothing was sent. Keys are immutable: create or rotate a key that includes "{1}", then use "Replace API Key".',
        connection.name,
        permission,
      ),
    );
  }

  const plan = await prepare(client);
  if (!plan) return { status: 'cancelled' };
  if ('nothing' in plan) {
    void vscode.window.showInformationMessage(plan.nothing);
    return { status: 'nothing', reason: plan.nothing };
  }

  const quote = {
    action,
    connectionName: connection.name,
    summary: plan.summary,
    records: plan.records,
    exact: plan.exact,
    notes: plan.notes,
    balance: await readBalance(client),
  };
  const tooLow = insufficientBalance(quote);
  if (tooLow) return refuse(tooLow);

  const text = confirmationText(quote);
  const answer = await services.prompter.confirm(text.message, text.detail, [text.button]);
  if (answer !== text.button) return { status: 'cancelled' };

  const startedAt = new Date().toISOString();
  const base = { connectionId: connection.id, kind: action, records: plan.records, creditsEstimated: estimatedCredits(quote), subject: plan.subject };
  let started: StartedJob;
  try {
    started = await vscode.window.withProgress(
      // Not cancellable: aborting a sent request would not undo the job, only hide its answer.
      { location: vscode.ProgressLocation.Notification, title: info.progress(plan.subject), cancellable: false },
      () => plan.send(client),
    );
  } catch (error) {
    throw await failed(deps, connection, client, permission, plan, { ...base, startedAt }, error);
  }

  const job: JobRecord = { ...base, id: started.id ?? `local-${Date.parse(startedAt)}`, status: started.status ?? 'STARTED', startedAt };
  await deps.jobs.add(job);
  await afterwards(deps, connection, plan);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('{0}: job {1} started for {2} — {3}. It is listed under Jobs.', info.label, started.id ?? vscode.l10n.t('(no id returned)'), plan.subject, job.status),
  );
  return { status: 'started', job };
}

function refuse(reason: string): SpendOutcome {
  void vscode.window.showWarningMessage(reason);
  return { status: 'refused', reason };
}

/** The balance from the account summary, or why it is unknown (a key without customer:read, a failed call). */
async function readBalance(client: MinotaurClient): Promise<BalanceInfo> {
  try {
    const balance = (await client.customerSummary()).subscription?.balance;
    return typeof balance === 'number' ? { known: true, credits: balance } : { known: false, reason: vscode.l10n.t('the account summary has no balance') };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.kind === 'unauthorized') throw error; // the job would be refused the same way
    if (error.kind === 'forbidden') return { known: false, reason: vscode.l10n.t('this key lacks {0}', error.requirement ?? 'customer:read') };
    return { known: false, reason: vscode.l10n.t('the account summary could not be read: {0}', error.message) };
  }
}

/** Failures whose outcome is unknown: the server may have started the job (and charged) before the failure. */
export function outcomeIsUnknown(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server' || error.kind === 'badResponse' || error.kind === 'cancelled';
}

async function failed(
  deps: CreditDeps,
  connection: Connection,
  client: MinotaurClient,
  permission: string,
  plan: SpendPlan,
  base: Omit<JobRecord, 'id' | 'status'>,
  error: unknown,
): Promise<unknown> {
  const info = CREDIT_ACTIONS[base.kind];
  const reason = error instanceof Error ? error.message : String(error);
  if (outcomeIsUnknown(error)) {
    await deps.jobs.add({ ...base, id: `local-${Date.parse(base.startedAt)}`, status: UNKNOWN_OUTCOME, note: reason.slice(0, 300) });
    // Credits may have been spent: show the real balance and records, whatever happened.
    await afterwards(deps, connection, plan);
    const details = error instanceof ApiError ? error.toDetails() : { kind: 'network' as const, message: reason };
    return new ApiError(
      {
        ...details,
        connectionId: connection.id,
        message: vscode.l10n.t(
          '{0} ({1}): the request failed and it is not known whether the job started or credits were spent ({2}). It was NOT resent. Check Jobs and the credit balance before trying again.',
          info.label,
          plan.subject,
          reason,
        ),
      },
      { cause: error },
    );
  }
  if (error instanceof ApiError && error.kind === 'forbidden') {
    deps.permissions.remember(connection.id, client, error.requirement ?? permission);
    return error; // its message names the permission and how to get a key that has it
  }
  if (error instanceof ApiError && error.kind === 'validation') {
    return new ApiError({ ...error.toDetails(), connectionId: connection.id, message: `${error.message} ${vscode.l10n.t('No job was started.')}` }, { cause: error });
  }
  return error;
}

async function afterwards(deps: CreditDeps, connection: Connection, plan: SpendPlan): Promise<void> {
  const node = deps.services.explorer.connectionNode(connection.id);
  for (const key of plan.refreshFolders) node?.folder(key)?.reset();
  await deps.refreshBalance(connection.id);
}
