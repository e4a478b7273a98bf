/** Helpers shared by the export and import suites: a folder by label, plain-HTTP reads of the sandbox, waiting. */
import * as assert from 'node:assert/strict';
import type { TestApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/views/tree/node';
import { children, label, sandboxUrl } from './extension';

export async function folderOf(api: TestApi, connectionId: string, name: string): Promise<ExplorerNode> {
  await children(api);
  const root = api.services.explorer.connectionNode(connectionId);
  assert.ok(root, `no tree node for connection ${connectionId}`);
  const folder = (await children(api, root)).find((f) => label(f) === name);
  assert.ok(folder, `no ${name} folder`);
  return folder;
}

/** Every contact (optionally filtered) straight from the sandbox with plain fetch, in the API's order. */
export async function sandboxContacts(filters: Record<string, string[]> = {}): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const response = await fetch(`${sandboxUrl()}/api/ext/contacts/list`, {
      method: 'POST',
      headers: { Authorization: 'X-API-Key mnt_sandbox_full', 'content-type': 'application/json' },
      body: JSON.stringify({ filters, paginate: { page, limit: 100 } }),
    });
    assert.equal(response.status, 200, `contacts/list page ${page}`);
    const items = (await response.json()) as Record<string, unknown>[];
    out.push(...items);
    if (items.length < 100) return out;
  }
}

/** Waits for a condition the code under test makes true (polled every 10 ms, 10 s max by default). */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10)); // a poll of the condition, not a wait for time to pass
  }
}
