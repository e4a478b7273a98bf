/**
 * Minotaur pages by number (`paginate: {page, limit}`, page ≥ 1). The generic folder counts by offset, and
 * always asks for whole pages, so the page number is offset / limit + 1.
 */
import type { Page } from '../../../api/paging';
import type { FetchedPage, PageRequest } from '../folderSpec';

export async function minotaurPage<T>(
  request: PageRequest,
  fetch: (page: number, limit: number) => Promise<Page<T>>,
): Promise<FetchedPage<T>> {
  const page = Math.floor(request.offset / request.limit) + 1;
  const result = await fetch(page, request.limit);
  return { items: result.items, rejected: result.rejected, total: result.total, received: result.items.length + result.rejected.length };
}

/** The sort of a page request in Minotaur's `order_by` form. */
export function orderBy(request: PageRequest): Record<string, 'ASC' | 'DESC'> | undefined {
  return request.sort ? { [request.sort.field]: request.sort.direction } : undefined;
}
