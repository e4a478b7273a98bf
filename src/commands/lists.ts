/** Contact-list commands: Duplicate List (asks the new name) and Add Selected Contacts to a List. */
import * as vscode from 'vscode';
import type { MinotaurClient } from '../api/minotaur/client';
import type { Services } from '../services';
import { displayText } from '../views/tree/displayText';
import { PagedFolderNode } from '../views/tree/pagedFolderNode';
import { registerCommand, type CommandContext } from './registerCommand';
import { selectedRecords } from './records';

export function registerListCommands(ctx: CommandContext, services: Services): void {
  registerCommand(ctx, 'crm.duplicateList', async (clicked?: unknown) => {
    const [row] = selectedRecords(clicked, undefined);
    if (!row) return undefined;
    const client = await minotaurFor(services, row.connectionId);
    const name = await services.prompter.input({
      title: vscode.l10n.t('Duplicate List'),
      prompt: vscode.l10n.t('Name of the copy of "{0}"', displayText(row.view.label, 60)),
      value: vscode.l10n.t('{0} (copy)', displayText(row.view.label, 80)),
      validate: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter a name.')),
    });
    if (!name) return undefined;
    const result = await client.duplicateList(row.view.id, name.trim());
    refreshFolder(services, row.parent);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Created list "{0}"', displayText(name, 60)), 4000);
    return result;
  });

  registerCommand(ctx, 'crm.addToList', async (clicked?: unknown, selected?: unknown[]) => {
    const contacts = selectedRecords(clicked, selected);
    if (contacts.length === 0) return undefined;
    const client = await minotaurFor(services, contacts[0]!.connectionId);
    const lists = await client.listLists({ filters: {}, page: 1, limit: 100 });
    if (lists.items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no contact list yet. Create one in the Lists folder first.'));
      return undefined;
    }
    const list = await services.prompter.pick(
      lists.items.map((l) => ({ label: displayText(l.name) || vscode.l10n.t('(unnamed list)'), description: displayText(l.description, 60), value: l })),
      { title: contacts.length === 1 ? vscode.l10n.t('Add 1 contact to a list') : vscode.l10n.t('Add {0} contacts to a list', contacts.length), placeholder: vscode.l10n.t('Which list?') },
    );
    if (!list) return undefined;
    const result = await client.addContactsToList(String(list.id), contacts.map((c) => c.view.id));
    vscode.window.setStatusBarMessage(
      contacts.length === 1
        ? vscode.l10n.t('Added 1 contact to "{0}"', displayText(list.name, 60))
        : vscode.l10n.t('Added {0} contacts to "{1}"', contacts.length, displayText(list.name, 60)),
      4000,
    );
    return result;
  });
}

async function minotaurFor(services: Services, connectionId: string): Promise<MinotaurClient> {
  const connection = services.registry.get(connectionId);
  if (!connection || connection.provider !== 'minotaur') throw new Error(vscode.l10n.t('This command works on Minotaur Sales records.'));
  return services.clients.minotaur(connection);
}

function refreshFolder(services: Services, folder: unknown): void {
  if (!(folder instanceof PagedFolderNode)) return;
  folder.reset();
  services.explorer.refresh(folder);
}
