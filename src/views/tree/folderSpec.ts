/**
 * A folder of records is described as data (what to call it, how to fetch a page, how to show a record),
 * and one generic PagedFolderNode does the rest. Adding a resource kind is one FolderSpec, not a new provider.
 */
import type * as vscode from 'vscode';
import type { RejectedRecord } from '../../api/http/tolerant';

/** Field → values; a field matches any of its values, fields combine with AND (the vendors' filter format). */
export type RecordFilter = Record<string, string[]>;

/** Sort by one field; only fields the folder declares sortable are offered (score, for Minotaur). */
export type RecordSort = { field: string; direction: 'ASC' | 'DESC' };

export interface PageRequest {
  offset: number;
  limit: number;
  filter: RecordFilter;
  sort?: RecordSort;
  signal: AbortSignal;
}

export interface FetchedPage<T> {
  items: T[];
  rejected: RejectedRecord[];
  /** Total matching records when the page itself says so (OpenProspect); otherwise see fetchTotal. */
  total?: number;
  /** Number of raw entries the server sent (items + rejected), to detect the last page without a total. */
  received: number;
}

export interface RecordView {
  /** The record's own id (unique within the folder). */
  id: string;
  label: string;
  description?: string;
  tooltip?: vscode.MarkdownString | string;
  icon?: vscode.ThemeIcon;
  /** e.g. `crm.record.contact`; menus match on it. */
  contextValue: string;
  collapsible?: boolean;
}

export interface FolderSpec<C, T> {
  /** Stable key within a connection: `contacts`. */
  key: string;
  label: string;
  icon: string;
  /** Permission or scope needed to list; the folder says so instead of failing when the key lacks it. */
  requirement?: string;
  fetchPage(client: C, request: PageRequest): Promise<FetchedPage<T>>;
  /** Total number of matching records, from a metadata endpoint, when the page does not carry it. */
  fetchTotal?(client: C, request: Omit<PageRequest, 'offset' | 'limit' | 'sort'>): Promise<number | undefined>;
  present(record: T): RecordView;
  /** Singular noun for messages: "contact". */
  noun?: string;
  /** Deletes one record (never retried); the Delete command is offered only when present. */
  remove?(client: C, id: string): Promise<unknown>;
  /** The permission `remove` needs: Delete refuses at once when the key is known to lack it. */
  removeRequirement?: string;
  /** Children of a record row (a pipeline's stages); the row is collapsible when present. */
  expand?(client: C, record: T, signal: AbortSignal): Promise<RecordView[]>;
  /**
   * Paged folders below a record row (a blacklist's entries, a search's delivered companies), each with its own
   * paging and "Load more"; the row is collapsible when present.
   */
  subfolders?(record: T): FolderSpec<C, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- folders of different record types
  /** Fields the folder can filter on (offered by the filter QuickPick); none = no filter action. */
  filterFields?: string[];
  /** The field "Search…" filters on (a name-like field); none = no search action. */
  searchField?: string;
  /** Fields whose values the prospect filter-suggestion endpoint can suggest. */
  suggestedFields?: string[];
  /** Fields the folder can sort by. */
  sortFields?: string[];
}
