/**
 * Status bar item: the active connection, its account and credit balance (Minotaur account summary), and a
 * warning look when the key was rejected. Clicking it shows the account details.
 * The summary is fetched lazily (after activation, when a connection exists) and on changes, never in a loop.
 */
import * as vscode from 'vscode';
import { ApiError } from '../../api/http/errors';
import type { CustomerSummary } from '../../api/minotaur/schemas';
import { PROVIDER_LABEL } from '../../connections/model';
import type { Services } from '../../services';
import { displayText, escapeMarkdownLines } from '../tree/displayText';
import { credits } from '../../jobs/creditText';

export class StatusBar implements vscode.Disposable {
  /**
   * Created when there is first something to show (update() with an active connection), not at activation: without
   * a connection the item would only be created hidden, and each createStatusBarItem and property set is a message to
   * the workbench. update() runs right after activation anyway, so a connection's item shows as before.
   */
  private created: vscode.StatusBarItem | undefined;
  private summary: CustomerSummary | undefined;
  private summaryError: ApiError | undefined;
  private generation = 0;

  constructor(private readonly services: Services) {}

  private get item(): vscode.StatusBarItem {
    if (!this.created) {
      this.created = vscode.window.createStatusBarItem('crm.status', vscode.StatusBarAlignment.Left, 50);
      this.created.name = 'CRM Explorer';
      this.created.command = 'crm.showAccount';
    }
    return this.created;
  }

  /** Re-read the active connection and, for Minotaur, its account summary. */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const connection = this.services.registry.active();
    if (!connection) {
      this.created?.hide();
      return;
    }
    this.summary = undefined;
    this.summaryError = undefined;
    this.render();
    this.item.show();
    if (connection.provider !== 'minotaur') return;
    try {
      const client = await this.services.clients.minotaur(connection);
      const summary = await client.customerSummary();
      if (generation !== this.generation) return;
      this.summary = summary;
    } catch (error) {
      if (generation !== this.generation) return;
      this.summaryError = error instanceof ApiError ? error : undefined;
    }
    this.render();
  }

  /**
   * Re-read the balance after credits were spent on `connectionId` (a credit job): the status bar shows the active
   * connection only, so another connection's job changes nothing here.
   */
  async refreshBalance(connectionId: string): Promise<void> {
    if (this.services.registry.active()?.id === connectionId) await this.update();
  }

  /** The balance after a credit-consuming job, without waiting for the next summary call. */
  get currentSummary(): CustomerSummary | undefined {
    return this.summary;
  }

  private render(): void {
    const connection = this.services.registry.active();
    if (!connection) return;
    const rejected = this.services.keyHealth.isRejected(connection.id);
    const name = displayText(connection.name, 40);
    const account = displayText(this.summary?.customer?.business_name ?? '', 40);
    const balance = this.summary?.subscription?.balance;
    const parts = [name];
    if (account) parts.push(account);
    if (typeof balance === 'number') parts.push(credits(balance));
    this.item.text = `$(${rejected ? 'warning' : 'database'}) ${parts.join(' · ')}`;
    this.item.backgroundColor = rejected ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.isTrusted = false;
    tooltip.appendMarkdown(escapeMarkdownLines(`CRM Explorer — ${connection.name} (${PROVIDER_LABEL[connection.provider]})\n\n`));
    if (rejected) tooltip.appendMarkdown(escapeMarkdownLines(vscode.l10n.t('The API key was rejected: use "CRM: Replace API Key…".') + '\n\n'));
    else if (this.summaryError) tooltip.appendMarkdown(escapeMarkdownLines(vscode.l10n.t('Account summary unavailable: {0}', this.summaryError.message) + '\n\n'));
    tooltip.appendMarkdown(escapeMarkdownLines(vscode.l10n.t('Click for account details.')));
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.created?.dispose();
  }
}
