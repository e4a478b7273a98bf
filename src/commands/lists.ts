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
      title: 'Duplicate List',
      prompt: `Name of the copy of "${displayText(row.view.label, 60)}"`,
      value: `${displayText(row.view.label, 80)} (copy)`,
      validate: (value) => (value.trim() ? undefined : 'Enter a name.'),
    });
    if (!name) return undefined;
    const result = await client.duplicateList(row.view.id, name.trim());
    refreshFolder(services, row.parent);
    vscode.window.setStatusBarMessage(`Created list "${displayText(name, 60)}"`, 4000);
    return result;
  });

  registerCommand(ctx, 'crm.addToList', async (clicked?: unknown, selected?: unknown[]) => {
    const contacts = selectedRecords(clicked, selected);
    if (contacts.length === 0) return undefined;
    const client = await minotaurFor(services, contacts[0]!.connectionId);
    const lists = await client.listLists({ filters: {}, page: 1, limit: 100 });
    if (lists.items.length === 0) {
      void vscode.window.showInformationMessage('There is no contact list yet. Create one in the Lists folder first.');
      return undefined;
    }
    const list = await services.prompter.pick(
      lists.items.map((l) => ({ label: displayText(l.name) || '(unnamed list)', description: displayText(l.description, 60), value: l })),
      { title: `Add ${contacts.length} contact(s) to a list`, placeholder: 'Which list?' },
    );
    if (!list) return undefined;
    const result = await client.addContactsToList(String(list.id), contacts.map((c) => c.view.id));
    vscode.window.setStatusBarMessage(`Added ${contacts.length} contact(s) to "${displayText(list.name, 60)}"`, 4000);
    return result;
  });
}

async function minotaurFor(services: Services, connectionId: string): Promise<MinotaurClient> {
  const connection = services.registry.get(connectionId);
  if (!connection || connection.provider !== 'minotaur') throw new Error('This command works on Minotaur Sales records.');
  return services.clients.minotaur(connection);
}

function refreshFolder(services: Services, folder: unknown): void {
  if (!(folder instanceof PagedFolderNode)) return;
  folder.reset();
  services.explorer.refresh(folder);
}
