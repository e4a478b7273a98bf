// The demo key for "Try the Local Sandbox" is read from the sandbox itself (no key ships in the VSIX). These tests use
// the API tier's real sandbox on a loopback port, so they check the contract between src/connections/sandbox.ts and sandbox/admin.
import * as assert from 'node:assert/strict';
import { fetchSandboxDemoKey, SandboxKeysError } from '../../src/connections/sandbox';

describe('sandbox demo key lookup', () => {
  // the API tier's shared sandbox (test/api/setup.ts)
  const sandbox = { get url(): string { return process.env.CRM_SANDBOX_URL!; } };

  it('picks the full-access key of each provider from GET /__admin/keys', async () => {
    const minotaur = await fetchSandboxDemoKey(sandbox.url, 'minotaur');
    const openProspect = await fetchSandboxDemoKey(sandbox.url, 'openprospect');
    const keys = (await (await fetch(new URL('/__admin/keys', sandbox.url))).json()) as Array<{ key: string; provider: string; grants: string[]; behaviour?: string }>;
    const mostGrants = (provider: string) => Math.max(...keys.filter((k) => k.provider === provider).map((k) => k.grants.length));
    for (const [provider, key] of [['minotaur', minotaur], ['openprospect', openProspect]] as const) {
      const entry = keys.find((k) => k.key === key);
      assert.ok(entry, `${key} is one of the sandbox's keys`);
      assert.equal(entry.provider, provider);
      assert.equal(entry.grants.length, mostGrants(provider), `${key} has the most grants`);
      assert.ok(!entry.behaviour || entry.behaviour === 'normal', `${key} is not a special-behaviour key`);
    }
  });

  it('refuses a non-loopback server before sending anything', async () => {
    let called = false;
    const spy = (async () => {
      called = true;
      throw new Error('must not be called');
    }) as unknown as typeof fetch;
    await assert.rejects(fetchSandboxDemoKey('http://sandbox.example.com:4010', 'minotaur', spy), SandboxKeysError);
    assert.equal(called, false);
  });

  it('says what was wrong with an unreadable answer', async () => {
    const bad = (async () => new Response(JSON.stringify({ keys: 'nope' }), { status: 200 })) as unknown as typeof fetch;
    await assert.rejects(fetchSandboxDemoKey(sandbox.url, 'minotaur', bad), /unreadable list of demo keys/);
  });
});
