/** Minotaur Companies: `POST /company/list` pages with the total from `POST /company/metadata`. */
import * as vscode from 'vscode';
import type { MinotaurClient } from '../../../api/minotaur/client';
import type { Company } from '../../../api/minotaur/schemas';
import { displayText } from '../displayText';
import type { FolderSpec } from '../folderSpec';
import { recordTooltip } from '../tooltip';
import { verificationIcon } from './contactsFolder';
import { minotaurPage, orderBy } from './paging';
import { t } from '../../../util/l10n';

export const companiesFolder: FolderSpec<MinotaurClient, Company> = {
  key: 'companies',
  get label() {
    return t('Companies');
  },
  icon: 'organization',
  requirement: 'companies:read',
  filterFields: ['company_name', 'industry', 'size', 'location_country', 'location_locality'],
  searchField: 'company_name',
  suggestedFields: ['industry', 'location_country', 'location_locality'],
  sortFields: ['score'],
  fetchPage: (client, request) =>
    minotaurPage(request, (page, limit) =>
      client.listCompanies({ filters: request.filter, page, limit, orderBy: orderBy(request) }, request.signal),
    ),
  fetchTotal: async (client, request) => (await client.companiesMetadata({ filters: request.filter }, request.signal)).totalRecords,
  noun: 'company',
  removeRequirement: 'companies:delete',
  remove: (client, id) => client.deleteCompany(id),
  present: (company) => {
    const name = displayText(company.company_name) || t('(no name)');
    const description = [company.industry, company.size, company.location_country].map((v) => displayText(v, 40)).filter(Boolean).join(' · ');
    return {
      id: String(company.id),
      label: name,
      description,
      icon: company.verification_status ? verificationIcon(company.verification_status) : new vscode.ThemeIcon('organization'),
      contextValue: 'crm.record.company',
      tooltip: recordTooltip(name, [
        [t('Industry'), company.industry],
        [t('Size'), company.size],
        [t('Location'), [company.location_locality, company.location_country].filter(Boolean).join(', ')],
        [t('Score'), company.score],
        [t('Verification'), company.verification_status],
      ]),
    };
  },
};
