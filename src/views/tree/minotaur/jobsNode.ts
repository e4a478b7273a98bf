/**
 * "Jobs" under a Minotaur connection: the credit jobs started from this machine (JobStore), newest first, with a
 * status icon. No job-status endpoint is documented, so a job shows the status the server returned when it was
 * started, and the tooltip says so. Not a paged folder: it follows the folders through ConnectionNode.extraChildren.
 */
import * as vscode from 'vscode';
import { CREDIT_ACTIONS } from '../../../jobs/creditActions';
import { formatDate, formatDateTime, formatNumber, formatTime } from '../../../util/l10n';
import { UNKNOWN_OUTCOME, isFinished, type JobRecord, type JobStore } from '../../../jobs/jobStore';
import { MessageNode } from '../messageNodes';
import type { ExplorerNode } from '../node';
import { displayText, escapeMarkdown } from '../displayText';

export const JOBS_CONTEXT = 'crm.jobs';
export const JOB_CONTEXT = 'crm.job';

export class JobsNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: ExplorerNode,
    readonly connectionId: string,
    private readonly store: JobStore,
  ) {
    this.id = `${parent.id}/jobs`;
  }

  getTreeItem(): vscode.TreeItem {
    const jobs = this.store.list(this.connectionId);
    const item = new vscode.TreeItem(vscode.l10n.t('Jobs'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('history');
    item.description = jobs.length ? formatNumber(jobs.length) : '';
    const finished = jobs.some((job) => isFinished(job, Date.now()));
    item.contextValue = `${JOBS_CONTEXT}${jobs.length ? '.any' : ''}${finished ? '.finished' : ''}`;
    item.tooltip = vscode.l10n.t('Unlock and verification jobs started from this machine for this connection (newest first).');
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const jobs = this.store.list(this.connectionId);
    if (!jobs.length) return [new MessageNode(`${this.id}/empty`, this, vscode.l10n.t('No credit jobs started from this machine yet'))];
    return jobs.map((job) => new JobNode(this, job));
  }
}

export class JobNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: JobsNode,
    readonly job: JobRecord,
  ) {
    this.id = `${parent.id}/${job.id}`;
  }

  get connectionId(): string {
    return this.job.connectionId;
  }

  getTreeItem(): vscode.TreeItem {
    const { job } = this;
    const info = CREDIT_ACTIONS[job.kind];
    const item = new vscode.TreeItem(`${info?.label ?? job.kind}${job.subject ? ` · ${displayText(job.subject, 60)}` : ''}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const unknown = job.status === UNKNOWN_OUTCOME;
    item.description = `${unknown ? vscode.l10n.t('outcome unknown') : displayText(job.status, 30)} · ${startedText(job.startedAt)}`;
    item.iconPath = statusIcon(job.status);
    item.contextValue = JOB_CONTEXT;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    const lines = [
      vscode.l10n.t('Job {0}', job.id.startsWith('local-') ? vscode.l10n.t('(no id: the server did not answer)') : job.id),
      vscode.l10n.t('Kind: {0}', info?.label ?? job.kind),
      vscode.l10n.t('Records: {0}', job.records === undefined ? vscode.l10n.t('known to the server only') : formatNumber(job.records)),
      vscode.l10n.t('Credits estimated: {0}', job.creditsEstimated === undefined ? vscode.l10n.t('unknown') : formatNumber(job.creditsEstimated)),
      unknown
        ? vscode.l10n.t('Status: outcome unknown — the request failed without a clear answer; check the balance before trying again.')
        : vscode.l10n.t('Status: {0} (status as returned when started: no job-status endpoint is documented)', job.status),
      vscode.l10n.t('Started: {0}', formatDateTime(new Date(job.startedAt))),
    ];
    if (job.note) lines.push(vscode.l10n.t('Error: {0}', job.note));
    for (const line of lines) md.appendMarkdown(`${escapeMarkdown(displayText(line, 400))}  \n`);
    item.tooltip = md;
    return item;
  }
}

export function statusIcon(status: string): vscode.ThemeIcon {
  const s = status.toUpperCase();
  if (s === UNKNOWN_OUTCOME) return new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'));
  if (/^(COMPLETED?|DONE|SUCCESS|SUCCEEDED|FINISHED)$/.test(s)) return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (/^(FAILED|FAILURE|ERROR|REJECTED|CANCELL?ED)$/.test(s)) return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  if (/^(PENDING|QUEUED|STARTED|RUNNING|IN_PROGRESS|PROCESSING)$/.test(s)) return new vscode.ThemeIcon('clock');
  return new vscode.ThemeIcon('circle-outline');
}

function startedText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return displayText(iso, 30);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? formatTime(date) : formatDate(date);
}

/**
 * One JobsNode per connection node, so a change in the store refreshes exactly that row. Nodes are re-created
 * when a connection node is rebuilt; the latest one per connection is the one refreshed.
 */
export class JobsNodes {
  private readonly nodes = new Map<string, JobsNode>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly store: JobStore,
    refresh: (node: ExplorerNode) => void,
  ) {
    this.subscription = store.onDidChange((connectionId) => {
      const node = this.nodes.get(connectionId);
      if (node) refresh(node);
    });
  }

  create(parent: ExplorerNode, connectionId: string): JobsNode {
    const node = new JobsNode(parent, connectionId, this.store);
    this.nodes.set(connectionId, node);
    return node;
  }

  get(connectionId: string): JobsNode | undefined {
    return this.nodes.get(connectionId);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
