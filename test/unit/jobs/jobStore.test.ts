import * as assert from 'node:assert/strict';
import { ASSUME_FINISHED_AFTER_MS, JOBS_STATE_KEY, JobStore, MAX_JOBS_PER_CONNECTION, UNKNOWN_OUTCOME, type JobRecord } from '../../../src/jobs/jobStore';

class MemoryMemento {
  readonly data = new Map<string, unknown>();
  get(key: string): unknown {
    return this.data.get(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

const job = (id: string, startedAt: string, over: Partial<JobRecord> = {}): JobRecord => ({
  id,
  connectionId: 'c1',
  kind: 'unlock',
  records: 1,
  creditsEstimated: 1,
  status: 'PENDING',
  startedAt,
  ...over,
});

describe('JobStore', () => {
  it('lists a connection’s jobs newest first, ties in the order they were recorded (latest first)', async () => {
    const store = new JobStore(new MemoryMemento());
    await store.add(job('old', '2026-01-01T10:00:00.000Z'));
    await store.add(job('newest', '2026-01-03T10:00:00.000Z'));
    await store.add(job('middle', '2026-01-02T10:00:00.000Z'));
    await store.add(job('tie-a', '2026-01-02T10:00:00.000Z'));
    await store.add(job('other-conn', '2026-01-09T10:00:00.000Z', { connectionId: 'c2' }));
    assert.deepEqual(
      store.list('c1').map((j) => j.id),
      ['newest', 'tie-a', 'middle', 'old'],
    );
    assert.deepEqual(
      store.list('c2').map((j) => j.id),
      ['other-conn'],
    );
  });

  it('persists in global state and reads it back in a new session, skipping malformed entries', async () => {
    const memento = new MemoryMemento();
    const store = new JobStore(memento);
    await store.add(job('j1', '2026-01-01T10:00:00.000Z'));
    (memento.data.get(JOBS_STATE_KEY) as unknown[]).push({ id: 42 }, null);
    const again = new JobStore(memento);
    assert.deepEqual(
      again.list('c1').map((j) => j.id),
      ['j1'],
    );
  });

  it('forgets one job and clears finished ones (terminal, unknown outcome, or older than the assumption)', async () => {
    const now = Date.parse('2026-01-10T12:00:00.000Z');
    const store = new JobStore(new MemoryMemento());
    const changes: string[] = [];
    store.onDidChange((id) => changes.push(id));
    await store.add(job('pending-fresh', new Date(now - 60_000).toISOString()));
    await store.add(job('pending-stale', new Date(now - ASSUME_FINISHED_AFTER_MS - 1).toISOString()));
    await store.add(job('done', new Date(now - 1000).toISOString(), { status: 'COMPLETED' }));
    await store.add(job('unknown', new Date(now - 1000).toISOString(), { status: UNKNOWN_OUTCOME, id: 'local-1' }));
    await store.add(job('c2-done', new Date(now - 1000).toISOString(), { status: 'COMPLETED', connectionId: 'c2' }));
    assert.equal(await store.clearFinished('c1', now), 3);
    assert.deepEqual(
      store.list('c1').map((j) => j.id),
      ['pending-fresh'],
    );
    assert.equal(store.list('c2').length, 1, 'another connection’s jobs were cleared');
    assert.equal(await store.forget('c1', 'pending-fresh'), true);
    assert.equal(await store.forget('c1', 'pending-fresh'), false);
    assert.equal(store.list('c1').length, 0);
    assert.ok(changes.filter((c) => c === 'c1').length >= 6);
  });

  it('keeps at most MAX_JOBS_PER_CONNECTION per connection, dropping the oldest', async () => {
    const store = new JobStore(new MemoryMemento());
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < MAX_JOBS_PER_CONNECTION + 5; i++) await store.add(job(`j${i}`, new Date(base + i * 1000).toISOString()));
    const ids = store.list('c1').map((j) => j.id);
    assert.equal(ids.length, MAX_JOBS_PER_CONNECTION);
    assert.equal(ids[0], `j${MAX_JOBS_PER_CONNECTION + 4}`);
    assert.ok(!ids.includes('j0') && !ids.includes('j4') && ids.includes('j5'));
  });

  it('drops the jobs of removed connections', async () => {
    const store = new JobStore(new MemoryMemento());
    await store.add(job('a', '2026-01-01T00:00:00.000Z'));
    await store.add(job('b', '2026-01-01T00:00:00.000Z', { connectionId: 'gone' }));
    await store.retainConnections(new Set(['c1']));
    assert.equal(store.list('gone').length, 0);
    assert.equal(store.list('c1').length, 1);
  });
});
