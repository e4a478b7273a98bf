/**
 * The generic paged folder: loads one page when expanded, appends the next on "Load more", shows the total
 * from the metadata call, reports unreadable records as rows of their own, and turns a failure into one error
 * row that retries on click. Records are de-duplicated by id, because the data can shift between pages
 * (a record created while paging pushes the next page down by one).
 */
import * as vscode from 'vscode';
import { ApiError } from '../../api/http/errors';
import type { RejectedRecord } from '../../api/http/tolerant';
import type { FolderSpec, RecordFilter, RecordSort } from './folderSpec';
import { ErrorNode, LoadMoreNode, RejectedRecordNode } from './messageNodes';
import { formatNumber } from '../../util/l10n';
import type { ExplorerNode, NodeChanged } from './node';
import { RecordNode } from './recordNode';
import type { RowCommands } from './rowCommands';

export interface PagedFolderDeps<C> {
  connectionId: string;
  client(): Promise<C>;
  pageSize(): number;
  onChanged: NodeChanged;
  /** Argument-free ids for the "Load more" and error rows' clicks (see rowCommands.ts). */
  rowCommands: RowCommands;
}

export class PagedFolderNode<C, T> implements ExplorerNode {
  readonly id: string;
  private records: RecordNode<T>[] = [];
  private rejected: RejectedRecord[] = [];
  private seen = new Set<string>();
  private received = 0;
  private total: number | undefined;
  private exhausted = false;
  private loaded = false;
  private error: ApiError | undefined;
  private inFlight: Promise<void> | undefined;
  private abort = new AbortController();
  private filter: RecordFilter = {};
  private sort: RecordSort | undefined;
  /** Page size fixed at the first load, so offsets stay aligned to pages if the setting changes mid-way. */
  private pageSize = 0;

  constructor(
    readonly parent: ExplorerNode,
    readonly spec: FolderSpec<C, T>,
    private readonly deps: PagedFolderDeps<C>,
  ) {
    this.id = `${parent.id}/${spec.key}`;
  }

  get connectionId(): string {
    return this.deps.connectionId;
  }

  get activeFilter(): RecordFilter {
    return this.filter;
  }

  get activeSort(): RecordSort | undefined {
    return this.sort;
  }

  get loadedRecords(): readonly RecordNode<T>[] {
    return this.records;
  }

  get knownTotal(): number | undefined {
    return this.total;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.spec.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.spec.icon);
    const flags = [this.spec.filterFields?.length ? '.filterable' : '', Object.keys(this.filter).length ? '.filtered' : '', this.sort ? '.sorted' : ''];
    item.contextValue = `crm.folder.${this.spec.key}${flags.join('')}`;
    const parts: string[] = [];
    if (this.total !== undefined) parts.push(formatNumber(this.total));
    const filterText = describeFilter(this.filter);
    if (filterText) parts.push(vscode.l10n.t('filter: {0}', filterText));
    if (this.sort) parts.push(`${this.sort.field} ${this.sort.direction === 'DESC' ? '↓' : '↑'}`);
    item.description = parts.join(' · ');
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    // The folder row's total appears on its next redraw, not right after this first load: redrawing the folder
    // now re-creates its rows while the user may be clicking them (lost selection, stale Load more commands).
    if (!this.loaded) await this.loadNextPage();
    if (this.error && this.records.length === 0) {
      return [new ErrorNode(`${this.id}/error`, this, vscode.l10n.t('Could not load {0}', this.spec.label), this.error, this.deps.rowCommands.idFor('crm.retryNode', this))];
    }
    const children: ExplorerNode[] = [...this.records];
    this.rejected.forEach((r, i) => children.push(new RejectedRecordNode(`${this.id}/rejected/${i}`, this, r)));
    if (this.error) children.push(new ErrorNode(`${this.id}/error`, this, vscode.l10n.t('Could not load the next page'), this.error, this.deps.rowCommands.idFor('crm.retryNode', this)));
    else if (!this.exhausted) children.push(new LoadMoreNode(`${this.id}/more`, this, this.received, this.total, this.deps.rowCommands.idFor('crm.loadMore', this)));
    return children;
  }

  /** Fetch the next page (and the total on the first one). Concurrent calls share one request. */
  loadNextPage(): Promise<void> {
    this.inFlight ??= this.fetchNext().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Forget everything and reload on next expansion; optionally with a new filter and/or sort. */
  reset(query?: { filter?: RecordFilter; sort?: RecordSort | null }): void {
    this.abort.abort();
    this.abort = new AbortController();
    if (query?.filter) this.filter = query.filter;
    if (query?.sort !== undefined) this.sort = query.sort ?? undefined;
    this.records = [];
    this.rejected = [];
    this.seen = new Set();
    this.received = 0;
    this.total = undefined;
    this.exhausted = false;
    this.loaded = false;
    this.error = undefined;
    this.inFlight = undefined;
    this.pageSize = 0;
    this.deps.onChanged(this);
  }

  /** Retry after an error row was clicked: re-fetch the page that failed. */
  retry(): Promise<void> {
    this.error = undefined;
    if (!this.loaded) {
      this.deps.onChanged(this);
      return Promise.resolve();
    }
    return this.loadNextPage().then(() => this.deps.onChanged(this));
  }

  private async fetchNext(): Promise<void> {
    const signal = this.abort.signal;
    if (!this.pageSize) this.pageSize = this.deps.pageSize();
    const limit = this.pageSize;
    try {
      const client = await this.deps.client();
      const first = this.received === 0;
      const [page, total] = await Promise.all([
        this.spec.fetchPage(client, { offset: this.received, limit, filter: this.filter, sort: this.sort, signal }),
        first && this.spec.fetchTotal ? this.spec.fetchTotal(client, { filter: this.filter, signal }) : Promise.resolve(undefined),
      ]);
      if (signal.aborted) return;
      for (const record of page.items) {
        const view = this.spec.present(record);
        if (this.seen.has(view.id)) continue;
        this.seen.add(view.id);
        const expand = this.spec.expand;
        const loadChildren = expand ? async () => expand.call(this.spec, await this.deps.client(), record, this.abort.signal) : undefined;
        const subfolders = this.spec.subfolders?.(record);
        const childFolders = subfolders?.length
          ? (row: ExplorerNode) => subfolders.map((spec) => new PagedFolderNode<C, unknown>(row, spec as FolderSpec<C, unknown>, this.deps))
          : undefined;
        this.records.push(new RecordNode(this, record, view, this.deps.connectionId, this.spec.key, loadChildren, childFolders));
      }
      this.rejected.push(...page.rejected.map((r) => ({ ...r, index: r.index + this.received })));
      this.received += page.received;
      this.total = page.total ?? total ?? this.total;
      this.exhausted = page.received < limit || (this.total !== undefined && this.received >= this.total);
      this.error = undefined;
    } catch (error) {
      if (signal.aborted) return;
      this.error =
        error instanceof ApiError ? error : new ApiError({ kind: 'server', message: error instanceof Error ? error.message : String(error) });
    } finally {
      if (!signal.aborted) this.loaded = true;
    }
  }
}

export function describeFilter(filter: RecordFilter): string {
  return Object.entries(filter)
    .filter(([, values]) => values.length)
    .map(([field, values]) => `${field} ∈ ${values.join(' | ')}`)
    .join(', ');
}
