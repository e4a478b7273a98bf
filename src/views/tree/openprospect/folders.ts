/**
 * The OpenProspect explorer as FolderSpecs (SPEC §4): Prospect Searches (→ Delivered Companies → prospects),
 * Companies, Prospects, Orders, Blacklists (→ Entries). Lists page by limit/offset and carry their total.
 * Each folder first checks the key's scopes (auth/validate, once per key): a folder the key cannot read shows one
 * "needs <scope>" row instead of sending a request that would be refused.
 */
import * as vscode from 'vscode';
import type { OpenProspectClient } from '../../../api/openprospect/client';
import type { Page } from '../../../api/paging';
import type { Blacklist, BlacklistEntry, DeliveredCompany, OpCompany, OpProspect, Order, ProspectSearch } from '../../../api/openprospect/schemas';
import { OPENPROSPECT_ENDPOINTS, type OpenProspectEndpointName } from '../../../api/openprospect/endpoints';
import { displayText } from '../displayText';
import type { FetchedPage, FolderSpec, PageRequest, RecordView } from '../folderSpec';
import { formatNumber } from '../../../util/l10n';
import { recordTooltip } from '../tooltip';
import type { ScopeStore } from './scopes';

export interface OpenProspectFolderDeps {
  connectionId: string;
  scopes: ScopeStore;
}

type OpFolder<T> = FolderSpec<OpenProspectClient, T>;

/** Folder keys (menus match `crm.folder.<key>`); prefixed so Minotaur's folder menus never match. */
export const OP_FOLDER = {
  searches: 'opSearches',
  deliveries: 'opDeliveries',
  companies: 'opCompanies',
  prospects: 'opProspects',
  orders: 'opOrders',
  blacklists: 'opBlacklists',
  entries: 'opEntries',
} as const;

const requirementOf = (name: OpenProspectEndpointName) => OPENPROSPECT_ENDPOINTS[name].requirement;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each folder has its own record type
export function openProspectFolders(deps: OpenProspectFolderDeps): FolderSpec<OpenProspectClient, any>[] {
  const can = (scope: string) => deps.scopes.missing(deps.connectionId, scope).length === 0 && deps.scopes.get(deps.connectionId) !== undefined;

  /** Wraps a fetch with the scope check, so a folder the key cannot read says which scope it needs. */
  function gated<T>(spec: OpFolder<T>): OpFolder<T> {
    return {
      ...spec,
      fetchPage: async (client, request) => {
        if (spec.requirement) await deps.scopes.require(deps.connectionId, client, spec.requirement, spec.label, request.signal);
        return spec.fetchPage(client, request);
      },
      subfolders: spec.subfolders ? (record) => spec.subfolders!(record).map((child: OpFolder<unknown>) => gated(child)) : undefined,
    };
  }

  const deliveredCompanies = (search: ProspectSearch): OpFolder<DeliveredCompany> => ({
    key: OP_FOLDER.deliveries,
    label: vscode.l10n.t('Delivered Companies'),
    icon: 'package',
    requirement: requirementOf('deliveries.companies'),
    noun: 'company',
    fetchPage: async (client, request) => opPage(await client.deliveredCompanies(String(search.id), pageQuery(request), request.signal)),
    present: (company) => presentCompany(company),
    expand: async (_client, company) => (company.prospects ?? []).map((p) => presentProspect(p)),
  });

  const entries = (blacklist: Blacklist): OpFolder<BlacklistEntry> => ({
    key: OP_FOLDER.entries,
    label: vscode.l10n.t('Entries'),
    icon: 'list-flat',
    requirement: requirementOf('blacklistEntries.list'),
    noun: 'entry',
    fetchPage: async (client, request) => opPage(await client.listBlacklistEntries(String(blacklist.id), pageQuery(request), request.signal)),
    present: (entry) => presentEntry(entry, String(blacklist.id), can('blacklists:write')),
  });

  const folders: OpFolder<any>[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    {
      key: OP_FOLDER.searches,
      label: vscode.l10n.t('Prospect Searches'),
      icon: 'search',
      requirement: requirementOf('prospectSearches.list'),
      noun: 'prospect search',
      fetchPage: async (client, request) => opPage(await client.listProspectSearches(pageQuery(request), request.signal)),
      present: (search: ProspectSearch) => presentSearch(search, can('blacklists:read') && can('blacklists:write'), can('prospect_searches:write')),
      subfolders: (search: ProspectSearch) => [deliveredCompanies(search)],
    } satisfies OpFolder<ProspectSearch>,
    {
      key: OP_FOLDER.companies,
      label: vscode.l10n.t('Companies'),
      icon: 'organization',
      requirement: requirementOf('companies.list'),
      noun: 'company',
      fetchPage: async (client, request) => opPage(await client.listCompanies(pageQuery(request), request.signal)),
      present: (company: OpCompany) => presentCompany(company),
    } satisfies OpFolder<OpCompany>,
    {
      key: OP_FOLDER.prospects,
      label: vscode.l10n.t('Prospects'),
      icon: 'person',
      requirement: requirementOf('prospects.list'),
      noun: 'prospect',
      fetchPage: async (client, request) => opPage(await client.listProspects(pageQuery(request), request.signal)),
      present: (prospect: OpProspect) => presentProspect(prospect),
    } satisfies OpFolder<OpProspect>,
    {
      key: OP_FOLDER.orders,
      label: vscode.l10n.t('Orders'),
      icon: 'checklist',
      requirement: requirementOf('orders.list'),
      noun: 'order',
      fetchPage: async (client, request) => opPage(await client.listOrders(pageQuery(request), request.signal)),
      present: (order: Order) => presentOrder(order),
    } satisfies OpFolder<Order>,
    {
      key: OP_FOLDER.blacklists,
      label: vscode.l10n.t('Blacklists'),
      icon: 'circle-slash',
      requirement: requirementOf('blacklists.list'),
      noun: 'blacklist',
      fetchPage: async (client, request) => opPage(await client.listBlacklists(pageQuery(request), request.signal)),
      present: (blacklist: Blacklist) => presentBlacklist(blacklist, can('blacklists:write')),
      remove: (client, id) => client.deleteBlacklist(id),
      subfolders: (blacklist: Blacklist) => [entries(blacklist)],
    } satisfies OpFolder<Blacklist>,
  ];
  return folders.map((spec) => gated(spec));
}

function pageQuery(request: PageRequest): { limit: number; offset: number } {
  return { limit: Math.min(100, Math.max(1, request.limit)), offset: request.offset };
}

function opPage<T>(page: Page<T>): FetchedPage<T> {
  return { items: page.items, rejected: page.rejected, total: page.total, received: page.items.length + page.rejected.length };
}

// --- presentation ----------------------------------------------------------------------------------------------

/** `crm.record.opSearch[.assignable][.editable]`: menus match the suffixes for the scopes the key has. */
function presentSearch(search: ProspectSearch, canAssign: boolean, canEdit: boolean): RecordView {
  const name = displayText(search.name) || vscode.l10n.t('(unnamed search)');
  return {
    id: String(search.id),
    label: name,
    description: displayText(search.status, 20),
    icon: new vscode.ThemeIcon('search'),
    contextValue: `crm.record.opSearch${canAssign ? '.assignable' : ''}${canEdit ? '.editable' : ''}`,
    tooltip: recordTooltip(name, [
      [vscode.l10n.t('Status'), search.status],
      [vscode.l10n.t('Description'), search.description],
      [vscode.l10n.t('Id'), search.id],
    ]),
  };
}

export function presentCompany(company: OpCompany): RecordView {
  const name = displayText(company.name ?? company.company_name) || vscode.l10n.t('(unnamed company)');
  const place = [company.city, company.country].map((v) => displayText(v, 40)).filter(Boolean).join(', ');
  const score = typeof company.match_score === 'number' ? vscode.l10n.t('match {0}', company.match_score) : '';
  const prospects = Array.isArray((company as DeliveredCompany).prospects) ? vscode.l10n.t('{0} prospects', (company as DeliveredCompany).prospects!.length) : '';
  const view: RecordView = {
    id: String(company.id),
    label: name,
    description: [place, score, prospects].filter(Boolean).join(' · '),
    icon: new vscode.ThemeIcon('organization'),
    contextValue: 'crm.record.opCompany',
    tooltip: recordTooltip(name, [
      [vscode.l10n.t('Domain'), company.domain],
      [vscode.l10n.t('Website'), company.website_url],
      [vscode.l10n.t('Industry'), company.industry],
      [vscode.l10n.t('Location'), place],
      [vscode.l10n.t('Match score'), company.match_score],
      [vscode.l10n.t('Id'), company.id],
    ]),
  };
  // Expanded rows carry their view as their record: keep the website for Open Website.
  return Object.assign(view, { website_url: company.website_url ?? company.domain ?? undefined });
}

export function presentProspect(prospect: OpProspect): RecordView {
  const name = displayText(prospect.full_name ?? [prospect.first_name, prospect.last_name].filter(Boolean).join(' ')) || vscode.l10n.t('(unnamed prospect)');
  const view: RecordView = {
    id: String(prospect.id),
    label: name,
    description: [prospect.job_title, prospect.email].map((v) => displayText(v, 60)).filter(Boolean).join(' · '),
    icon: new vscode.ThemeIcon('person'),
    contextValue: 'crm.record.opProspect',
    tooltip: recordTooltip(name, [
      [vscode.l10n.t('Job title'), prospect.job_title],
      [vscode.l10n.t('Email'), prospect.email],
      ['LinkedIn', prospect.linkedin_url],
      [vscode.l10n.t('Company'), prospect.company_id],
      [vscode.l10n.t('Id'), prospect.id],
    ]),
  };
  return Object.assign(view, { linkedin_url: prospect.linkedin_url ?? undefined, email: prospect.email ?? undefined });
}

const STATUS_ICON: Record<string, [icon: string, color?: string]> = {
  RECEIVED: ['inbox', 'charts.blue'],
  ACCEPTED: ['check', 'charts.blue'],
  IN_PROGRESS: ['sync', 'charts.yellow'],
  COMPLETED: ['pass-filled', 'testing.iconPassed'],
  REJECTED: ['circle-slash', 'list.errorForeground'],
  FAILED: ['error', 'list.errorForeground'],
  CANCELLED: ['close', 'disabledForeground'],
};

export function orderStatusIcon(status: string | null | undefined): vscode.ThemeIcon {
  const [icon, color] = STATUS_ICON[String(status ?? '').toUpperCase()] ?? ['question'];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

export function presentOrder(order: Order): RecordView {
  const title = displayText(order.title) || vscode.l10n.t('Order {0}', displayText(order.id, 12));
  const status = displayText(order.status, 20).toUpperCase() || 'UNKNOWN';
  const kind = displayText(order.type ?? order.order_type, 20);
  const count = (order as { companies_count?: unknown }).companies_count;
  const quantity = typeof count === 'number' && count > 0 ? vscode.l10n.t('{0} companies', formatNumber(count)) : order.briefing_quantity ? vscode.l10n.t('{0} wanted', order.briefing_quantity) : '';
  return {
    id: String(order.id),
    label: title,
    description: [status, kind, quantity, displayText(order.created_at, 10)].filter(Boolean).join(' · '),
    icon: orderStatusIcon(status),
    contextValue: `crm.record.opOrder.${status.toLowerCase()}`,
    tooltip: recordTooltip(title, [
      [vscode.l10n.t('Status'), status],
      [vscode.l10n.t('Type'), kind],
      [vscode.l10n.t('Features'), order.features?.join(', ')],
      [vscode.l10n.t('Profile'), order.profile_name ?? order.profile_id],
      [vscode.l10n.t('Prospect search'), order.prospect_search_id],
      [vscode.l10n.t('Quantity'), order.briefing_quantity],
      [vscode.l10n.t('Created'), order.created_at],
      [vscode.l10n.t('Updated'), order.updated_at],
      [vscode.l10n.t('Id'), order.id],
    ]),
  };
}

function presentBlacklist(blacklist: Blacklist, writable: boolean): RecordView {
  const name = displayText(blacklist.name) || vscode.l10n.t('(unnamed blacklist)');
  const count = (blacklist as { entries_count?: unknown }).entries_count;
  return {
    id: String(blacklist.id),
    label: name,
    description: typeof count === 'number' ? vscode.l10n.t('{0} entries', formatNumber(count)) : displayText(blacklist.description, 60),
    icon: new vscode.ThemeIcon('circle-slash'),
    contextValue: `crm.record.opBlacklist${writable ? '.writable' : ''}`,
    tooltip: recordTooltip(name, [
      [vscode.l10n.t('Description'), blacklist.description],
      [vscode.l10n.t('Entries'), typeof count === 'number' ? formatNumber(count) : undefined],
      [vscode.l10n.t('Id'), blacklist.id],
    ]),
  };
}

function presentEntry(entry: BlacklistEntry, blacklistId: string, writable: boolean): RecordView {
  const label = displayText(entry.company_name ?? entry.website_url ?? entry.external_id) || vscode.l10n.t('(empty entry)');
  const view: RecordView = {
    id: String(entry.id),
    label,
    description: [entry.website_url, entry.city, entry.external_id && vscode.l10n.t('ext {0}', entry.external_id)].map((v) => displayText(v, 60)).filter(Boolean).join(' · '),
    icon: new vscode.ThemeIcon('circle-small-filled'),
    contextValue: `crm.record.opBlacklistEntry${writable ? '.writable' : ''}`,
    tooltip: recordTooltip(label, [
      [vscode.l10n.t('Company'), entry.company_name],
      [vscode.l10n.t('Website'), entry.website_url],
      [vscode.l10n.t('External id'), entry.external_id],
      [vscode.l10n.t('City'), entry.city],
      [vscode.l10n.t('Id'), entry.id],
    ]),
  };
  return Object.assign(view, { blacklist_id: blacklistId });
}
