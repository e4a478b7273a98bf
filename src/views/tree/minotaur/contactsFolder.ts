/** Minotaur Contacts: `POST /contacts/list` pages (bare arrays) with the total from `POST /contacts/metadata`. */
import * as vscode from 'vscode';
import type { MinotaurClient } from '../../../api/minotaur/client';
import type { Contact } from '../../../api/minotaur/schemas';
import { displayText } from '../displayText';
import type { FolderSpec } from '../folderSpec';
import { recordTooltip } from '../tooltip';
import { minotaurPage, orderBy } from './paging';
import { t } from '../../../util/l10n';

export const contactsFolder: FolderSpec<MinotaurClient, Contact> = {
  key: 'contacts',
  get label() {
    return t('Contacts');
  },
  icon: 'person',
  requirement: 'contacts:read',
  // The field names the vendor's own client filters on (api-minotaur.md, n8n evidence).
  filterFields: ['job_title', 'company', 'industry', 'location_country', 'location_region', 'location_locality', 'location_postal_code'],
  // Not in the n8n evidence: a name field for Search (filter format beyond those keys is undefined in the docs).
  searchField: 'last_name',
  suggestedFields: ['job_title', 'company', 'industry', 'location_country', 'location_region', 'location_locality'],
  sortFields: ['score'],
  fetchPage: (client, request) =>
    minotaurPage(request, (page, limit) =>
      client.listContacts({ filters: request.filter, page, limit, orderBy: orderBy(request) }, request.signal),
    ),
  fetchTotal: async (client, request) => (await client.contactsMetadata({ filters: request.filter }, request.signal)).totalRecords,
  noun: 'contact',
  removeRequirement: 'contacts:delete',
  remove: (client, id) => client.deleteContact(id),
  present: (contact) => {
    const name = displayText([contact.first_name, contact.last_name].filter(Boolean).join(' ')) || displayText(contact.work_email) || t('(no name)');
    const description = [contact.job_title, contact.company].map((v) => displayText(v, 60)).filter(Boolean).join(' · ');
    return {
      id: String(contact.id),
      label: name,
      description,
      icon: verificationIcon(contact.verification_status),
      contextValue: 'crm.record.contact',
      tooltip: recordTooltip(name, [
        [t('Email'), contact.work_email],
        [t('Score'), contact.score],
        [t('Location'), [contact.location_locality, contact.location_region, contact.location_country].filter(Boolean).join(', ')],
        [t('Verification'), contact.verification_status],
        [t('Last verified'), contact.last_verified],
      ]),
    };
  },
};

export function verificationIcon(status: string | null | undefined): vscode.ThemeIcon {
  switch ((status ?? '').toLowerCase()) {
    case 'verified':
    case 'valid':
      return new vscode.ThemeIcon('verified-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'invalid':
    case 'bounced':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'pending':
    case 'in_progress':
      return new vscode.ThemeIcon('sync');
    default:
      return new vscode.ThemeIcon('account');
  }
}
