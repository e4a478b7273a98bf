/** Show Account Details: the Minotaur customer summary in a readable modal, with the raw JSON on request. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { displayText } from '../views/tree/displayText';
import { connectionOf } from './connections';
import { registerCommand, type CommandContext } from './registerCommand';
import { formatNumber } from '../util/l10n';

export function registerAccountCommands(ctx: CommandContext, services: Services): void {
  registerCommand(ctx, 'crm.showAccount', async (target?: unknown) => {
    const connection = connectionOf(services, target) ?? services.registry.active();
    if (!connection) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no CRM connection yet. Use "CRM: Add Connection…" first.'));
      return undefined;
    }
    if (connection.provider !== 'minotaur') {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0}: {1} (OpenProspect keys have no account summary)', connection.name, connection.baseUrl));
      return undefined;
    }
    const client = await services.clients.minotaur(connection);
    const summary = await client.customerSummary();
    const sub = summary.subscription;
    const lines = [
      vscode.l10n.t('Account: {0} ({1})', displayText(summary.customer?.business_name) || '—', displayText(summary.customer?.status) || vscode.l10n.t('unknown status')),
      vscode.l10n.t('Location: {0}', [summary.customer?.city, summary.customer?.country].map((v) => displayText(v)).filter(Boolean).join(', ') || '—'),
      vscode.l10n.t('Users: {0}', summary.users_count ?? '—'),
      vscode.l10n.t('Plan: {0} ({1}, {2})', displayText(sub?.tier?.title) || '—', displayText(sub?.periodicity) || '—', displayText(sub?.status) || '—'),
      vscode.l10n.t('Credit balance: {0}', typeof sub?.balance === 'number' ? formatNumber(sub.balance) : '—'),
    ];
    const openJson = vscode.l10n.t('Open as JSON');
    const choice = await vscode.window.showInformationMessage(`${connection.name}`, { modal: true, detail: lines.join('\n') }, openJson);
    if (choice === openJson) {
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(summary, null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return summary;
  });
}
