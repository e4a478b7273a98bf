/**
 * Minotaur Prospect Catalog: `POST /prospect/list` pages (`PaginateResponse`, so the total comes with each page).
 * `all_contacts: true` is always sent explicitly (docs: a boolean; the sandbox's default `false` lists only locked
 * prospects): the folder shows the whole catalog, locked prospects with a lock icon and contextValue
 * `crm.record.prospect` (Unlock Selected applies), unlocked ones with `crm.record.prospect.unlocked`.
 */
import * as vscode from 'vscode';
import type { MinotaurClient } from '../../../api/minotaur/client';
import type { Prospect } from '../../../api/minotaur/schemas';
import { displayText } from '../displayText';
import type { FolderSpec } from '../folderSpec';
import { recordTooltip } from '../tooltip';
import { minotaurPage, orderBy } from './paging';
import { t } from '../../../util/l10n';

export const PROSPECTS_FOLDER_KEY = 'prospects';
export const PROSPECT_CONTEXT = 'crm.record.prospect';
export const UNLOCKED_PROSPECT_CONTEXT = 'crm.record.prospect.unlocked';

/** Filter fields of the catalog (the vendor's n8n node's keys, plus names); values suggested by `/prospect/filters`. */
const FILTER_FIELDS = ['job_title', 'company', 'industry', 'location_country', 'location_region', 'location_locality', 'location_postal_code'];

export function isUnlocked(prospect: Pick<Prospect, 'is_unlocked'> | Record<string, unknown>): boolean {
  return (prospect as { is_unlocked?: unknown }).is_unlocked === true;
}

export const prospectCatalogFolder: FolderSpec<MinotaurClient, Prospect> = {
  key: PROSPECTS_FOLDER_KEY,
  get label() {
    return t('Prospect Catalog');
  },
  icon: 'telescope',
  requirement: 'prospect:read',
  filterFields: [...FILTER_FIELDS, 'first_name', 'last_name'],
  searchField: 'last_name',
  suggestedFields: FILTER_FIELDS,
  sortFields: ['score'],
  noun: 'prospect',
  fetchPage: (client, request) =>
    minotaurPage(request, (page, limit) =>
      client.listProspects({ filters: request.filter, page, limit, orderBy: orderBy(request), allContacts: true }, request.signal),
    ),
  present: (prospect) => {
    const unlocked = isUnlocked(prospect);
    const name = displayText([prospect.first_name, prospect.last_name].filter(Boolean).join(' ')) || t('(no name)');
    const description = [prospect.job_title, prospect.company].map((v) => displayText(v, 60)).filter(Boolean);
    if (unlocked) description.push(t('unlocked'));
    const contactId = (prospect as { contact_id?: unknown }).contact_id;
    return {
      id: String(prospect.id),
      label: name,
      description: description.join(' · '),
      icon: unlocked ? new vscode.ThemeIcon('unlock', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('lock'),
      contextValue: unlocked ? UNLOCKED_PROSPECT_CONTEXT : PROSPECT_CONTEXT,
      tooltip: recordTooltip(name, [
        [t('Status'), unlocked ? t('Unlocked') : t('Locked (unlocking costs credits)')],
        [t('Email'), prospect.work_email],
        [t('Score'), prospect.score],
        [t('Industry'), prospect.industry],
        [t('Location'), [prospect.location_locality, prospect.location_region, prospect.location_country].filter(Boolean).join(', ')],
        [t('Contact'), unlocked ? contactId : undefined],
      ]),
    };
  },
};
