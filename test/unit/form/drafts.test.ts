import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { DraftStore, draftKey } from '../../../src/views/form/drafts';

class MemoryMemento implements vscode.Memento {
  readonly data = new Map<string, unknown>();
  writes = 0;
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return (this.data.has(key) ? this.data.get(key) : defaultValue) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
  }
}

const fail = (error: unknown): never => assert.fail(String(error));
const identity = { connectionId: 'conn 1', kind: 'contact' as const, recordId: 'r/1' };
const draft = { identity, title: 'Ana Ruiz', values: { first_name: 'Anna' }, baseline: { first_name: 'Ana' } };

describe('record form drafts', () => {
  it('are keyed by connection, kind and record (or "new"), safely encoded', () => {
    assert.equal(draftKey(identity), 'crm.formDraft/conn%201/contact/r%2F1');
    assert.equal(draftKey({ connectionId: 'c', kind: 'list' }), 'crm.formDraft/c/list/new');
  });

  it('debounce writes, but reads see the latest draft at once; flush writes it', async () => {
    const memento = new MemoryMemento();
    const store = new DraftStore(memento, fail, 60_000);
    store.save(draft);
    store.save({ ...draft, values: { first_name: 'Annabel' } });
    assert.equal(memento.writes, 0);
    assert.equal(store.get(identity)?.values.first_name, 'Annabel');
    await store.flush(identity);
    assert.equal(memento.writes, 1);
    assert.equal(new DraftStore(memento, fail).get(identity)?.values.first_name, 'Annabel');
  });

  it('discard drops a pending and a stored draft', async () => {
    const memento = new MemoryMemento();
    const store = new DraftStore(memento, fail, 60_000);
    store.save(draft);
    await store.flush(identity);
    store.save({ ...draft, values: { first_name: 'X' } });
    await store.discard(identity);
    assert.equal(store.get(identity), undefined);
    await store.flushAll();
    assert.equal(memento.data.size, 0);
  });

  it('ignore stored values that are not drafts (old versions, corruption)', () => {
    const memento = new MemoryMemento();
    memento.data.set(draftKey(identity), { values: 'garbage' });
    const store = new DraftStore(memento, fail);
    assert.equal(store.get(identity), undefined);
    assert.deepEqual(store.all(), []);
  });
});
