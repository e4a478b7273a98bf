import * as assert from 'node:assert/strict';
import { Semaphore } from '../../src/api/http/semaphore';

describe('Semaphore', () => {
  it('never lets more than the limit run at once, and runs everything', async () => {
    const gate = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const task = async () => {
      const release = await gate.acquire();
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => setImmediate(resolve));
      running -= 1;
      release();
    };
    await Promise.all(Array.from({ length: 20 }, task));
    assert.equal(peak, 3);
    assert.equal(gate.inFlight, 0);
  });

  it('rejects a waiter whose signal aborts and keeps the slot count right', async () => {
    const gate = new Semaphore(1);
    const release = await gate.acquire();
    const abort = new AbortController();
    const waiting = gate.acquire(abort.signal);
    abort.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    release();
    const again = await gate.acquire();
    assert.equal(gate.inFlight, 1);
    again();
    again(); // releasing twice must not free a second slot
    assert.equal(gate.inFlight, 0);
  });
});
