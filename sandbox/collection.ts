/**
 * An ordered, id-indexed set of records with a version counter. List endpoints of both vendors page over it; the
 * version lets a query cache (filter + sort → matching records) stay valid until something changes, which keeps
 * paging through 100,000 contacts cheap (export streams every page).
 */
import type { Rec } from './records';

export class Collection<T extends Rec = Rec> {
  private items: T[];
  private readonly byId = new Map<string, T>();
  private version = 0;
  private readonly cache = new Map<string, { version: number; result: T[] }>();

  constructor(items: T[] = []) {
    this.items = items;
    for (const item of items) this.byId.set(item.id, item);
  }

  /** Changes whenever a record is added, changed or removed. */
  get revision(): number {
    return this.version;
  }

  get size(): number {
    return this.items.length;
  }

  all(): readonly T[] {
    return this.items;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  add(item: T): T {
    this.items.push(item);
    this.byId.set(item.id, item);
    this.version++;
    return item;
  }

  /** Merge fields into a record in place (keeps unknown fields), bumping the version. */
  update(id: string, fields: Record<string, unknown>): T | undefined {
    const item = this.byId.get(id);
    if (!item) return undefined;
    Object.assign(item, fields);
    this.version++;
    return item;
  }

  remove(id: string): boolean {
    if (!this.byId.delete(id)) return false;
    this.items = this.items.filter((item) => item.id !== id);
    this.version++;
    return true;
  }

  /** Mark a change made directly to a record (e.g. a job's effect), so cached queries are recomputed. */
  touch(): void {
    this.version++;
  }

  /** Matching records for a query, cached per query key until the collection changes. */
  query(key: string, compute: (items: readonly T[]) => T[]): T[] {
    if (key === '') return this.items;
    const hit = this.cache.get(key);
    if (hit && hit.version === this.version) return hit.result;
    const result = compute(this.items);
    if (this.cache.size >= 16) this.cache.clear();
    this.cache.set(key, { version: this.version, result });
    return result;
  }
}
