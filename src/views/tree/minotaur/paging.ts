/**
 * Minotaur pages by number (`paginate: {page, limit}`, page ≥ 1). The generic folder counts by offset, and
 * always asks for whole pages, so the page number is offset / limit + 1.
 */
import type { ParsedItems } from '../../../api/http/tolerant';
import type { FetchedPage, PageRequest } from '../folderSpec';

export async function minotaurPage<T>(
  request: PageRequest,
  fetch: (page: number, limit: number) => Promise<ParsedItems<T>>,
): Promise<FetchedPage<T>> {
  const page = Math.floor(request.offset / request.limit) + 1;
  const result = await fetch(page, request.limit);
  return { items: result.items, rejected: result.rejected, received: result.items.length + result.rejected.length };
}
