import * as assert from 'node:assert/strict';
import { SingleFlight, flightKey } from '../../../src/jobs/singleFlight';

/** A promise the test settles by hand (no timers). */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('SingleFlight (credit actions)', () => {
  it('runs a second call for the same key not at all while the first is in flight', async () => {
    const flights = new SingleFlight();
    const key = flightKey('conn-1', 'unlock');
    const first = gate<string>();
    let calls = 0;
    const a = flights.run(key, () => {
      calls += 1;
      return first.promise;
    });
    // The claim is synchronous: the second call in the same tick is already refused.
    const b = flights.run(key, async () => {
      calls += 1;
      return 'second';
    });
    assert.equal(flights.isBusy(key), true);
    assert.deepEqual(await b, { ran: false });
    first.open('first');
    assert.deepEqual(await a, { ran: true, value: 'first' });
    assert.equal(calls, 1);
    assert.equal(flights.isBusy(key), false);
  });

  it('keys by connection and action: other keys run concurrently', async () => {
    const flights = new SingleFlight();
    const held = gate();
    const a = flights.run(flightKey('conn-1', 'unlock'), () => held.promise);
    const other = await flights.run(flightKey('conn-2', 'unlock'), async () => 'other connection');
    const otherAction = await flights.run(flightKey('conn-1', 'verify'), async () => 'other action');
    assert.deepEqual(other, { ran: true, value: 'other connection' });
    assert.deepEqual(otherAction, { ran: true, value: 'other action' });
    held.open();
    await a;
  });

  it('releases the key when the task fails, so the next click runs', async () => {
    const flights = new SingleFlight();
    const key = flightKey('c', 'verify');
    const failing = gate();
    const a = flights.run(key, () => failing.promise);
    failing.fail(new Error('boom'));
    await assert.rejects(a, /boom/);
    assert.equal(flights.isBusy(key), false);
    assert.deepEqual(await flights.run(key, async () => 1), { ran: true, value: 1 });
  });

  it('does not confuse keys whose parts run together', () => {
    assert.notEqual(flightKey('a', 'bunlock'), flightKey('ab', 'unlock'));
  });
});
