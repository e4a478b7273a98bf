/**
 * Minotaur contact lists. Listing all lists is named by the Permissions page (list_contacts:read) but has no
 * documented path: it uses `POST /list-contact/list` (unverified, see src/api/minotaur/endpoints.ts); a 404 shows
 * as "not available on this server".
 */
import * as vscode from 'vscode';
import type { MinotaurClient } from '../../../api/minotaur/client';
import type { ContactList } from '../../../api/minotaur/schemas';
import { displayText } from '../displayText';
import type { FolderSpec } from '../folderSpec';
import { recordTooltip } from '../tooltip';
import { minotaurPage } from './paging';
import { t } from '../../../util/l10n';

export const listsFolder: FolderSpec<MinotaurClient, ContactList> = {
  key: 'lists',
  get label() {
    return t('Lists');
  },
  icon: 'list-unordered',
  requirement: 'list_contacts:read',
  filterFields: ['name', 'description'],
  searchField: 'name',
  fetchPage: (client, request) =>
    minotaurPage(request, (page, limit) => client.listLists({ filters: request.filter, page, limit }, request.signal)),
  fetchTotal: async (client, request) => (await client.listsMetadata({ filters: request.filter }, request.signal)).totalRecords,
  noun: 'list',
  removeRequirement: 'list_contacts:delete',
  remove: (client, id) => client.deleteList(id),
  present: (list) => {
    const name = displayText(list.name) || t('(unnamed list)');
    const rules = list.rules ?? [];
    return {
      id: String(list.id),
      label: name,
      description: rules.length ? `${rules.length} rule${rules.length === 1 ? '' : 's'}` : displayText(list.description, 60),
      icon: new vscode.ThemeIcon('list-unordered'),
      contextValue: 'crm.record.list',
      tooltip: recordTooltip(name, [
        [t('Description'), list.description],
        ...rules.slice(0, 10).map((rule, i): [string, unknown] => [t('Rule {0}', i + 1), `${rule.field ?? '?'} ${rule.operator ?? '?'} ${JSON.stringify(rule.value ?? '')}`]),
      ]),
    };
  },
};
