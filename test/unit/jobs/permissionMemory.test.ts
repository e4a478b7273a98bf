import * as assert from 'node:assert/strict';
import { PermissionMemory } from '../../../src/connections/permissionMemory';

describe('PermissionMemory', () => {
  it('remembers a refused permission per connection and key (client token)', () => {
    const memory = new PermissionMemory();
    const client = {};
    const changes: string[] = [];
    memory.onDidChange((id) => changes.push(id));
    memory.remember('c1', client, 'payment_prospect:create');
    assert.equal(memory.isDenied('c1', client, 'payment_prospect:create'), true);
    assert.equal(memory.isDenied('c1', client, 'verify_email:create'), false);
    assert.equal(memory.isDenied('c2', client, 'payment_prospect:create'), false);
    memory.remember('c1', client, 'payment_prospect:create'); // no news, no event
    assert.deepEqual(changes, ['c1']);
  });

  it('forgets everything when the key (and so the client) changes', () => {
    const memory = new PermissionMemory();
    const oldClient = {};
    memory.remember('c1', oldClient, 'verify_email:create, payment_prospect:create');
    assert.deepEqual(memory.denied('c1', oldClient), ['payment_prospect:create', 'verify_email:create']);
    const newClient = {};
    assert.equal(memory.isDenied('c1', newClient, 'verify_email:create'), false);
    memory.remember('c1', newClient, 'contacts:create');
    assert.deepEqual(memory.denied('c1', newClient), ['contacts:create']);
    assert.deepEqual(memory.denied('c1', oldClient), []);
  });
});
