// Shared helpers for the CRM Explorer UI flows (not a flow: run-e2e.mjs only loads *.flow.mjs).
// Sandbox access goes straight to the loopback sandbox the runner started (ctx.sandboxUrl), so expectations come from
// the sandbox's own data instead of hard-coded numbers.
import assert from 'node:assert/strict';

export const FULL_KEY = 'mnt_sandbox_full';
export const READONLY_KEY = 'mnt_sandbox_readonly';

/** Flow settings: point the extension's "Local sandbox" at the runner's sandbox (no auto-connect: that needs CRM_EXPLORER_SANDBOX_URL). */
export const sandboxSettings = (sandboxUrl) => ({
  'crm.sandboxUrl': sandboxUrl,
  // sticky scroll repeats folder rows at the top of the tree: two DOM rows for one item would make locators ambiguous
  'workbench.tree.enableStickyScroll': false,
});

/** Call the sandbox's Minotaur API (`/api/ext`) with a demo key. Resolves {status, body}. */
export async function api(sandboxUrl, method, path, { key = FULL_KEY, body } = {}) {
  const res = await fetch(`${sandboxUrl}/api/ext${path}`, {
    method,
    headers: { Authorization: `X-API-Key ${key}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  return { status: res.status, body: json };
}

/** Total contacts matching `filters`, from the sandbox's own metadata endpoint. */
export async function contactsTotal(sandboxUrl, filters = {}) {
  const r = await api(sandboxUrl, 'POST', '/contacts/metadata', { body: { filters } });
  assert.equal(r.status, 200, `contacts/metadata answered ${r.status}`);
  const total = r.body?.pagination?.total_records;
  assert.equal(typeof total, 'number', `no pagination.total_records in ${JSON.stringify(r.body)}`);
  return total;
}

/** One page of contacts straight from the sandbox (page is 1-based). */
export async function contactsPage(sandboxUrl, { page = 1, limit = 50, filters = {} } = {}) {
  const r = await api(sandboxUrl, 'POST', '/contacts/list', { body: { filters, paginate: { page, limit } } });
  assert.equal(r.status, 200, `contacts/list answered ${r.status}`);
  assert.ok(Array.isArray(r.body), 'contacts/list did not answer an array');
  return r.body;
}

/** Reseed the sandbox so every flow starts from the same data (clears faults, ledger, balances). */
export async function resetSandbox(sandboxUrl) {
  const r = await fetch(`${sandboxUrl}/__admin/reset`, { method: 'POST', signal: AbortSignal.timeout(10000) });
  assert.ok(r.ok, `POST /__admin/reset answered ${r.status}`);
}

export async function sandboxStats(sandboxUrl) {
  const r = await fetch(`${sandboxUrl}/__admin/stats`, { signal: AbortSignal.timeout(10000) });
  return r.json();
}

/** The tree label the Contacts folder shows for a contact (first + last name, as contactsFolder.present does). */
export const contactLabel = (c) => [c.first_name, c.last_name].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();

export const fmt = (n) => n.toLocaleString('en-US');

/**
 * Add a Minotaur connection through the real wizard, started by `start()` (by default a click on the welcome
 * content's "Add Connection"; or the title-bar "+"): [service QuickPick → "Minotaur Sales", once Add Connection offers more than one provider] →
 * URL QuickPick → "Local sandbox" → name InputBox → key InputBox (password). `key` replaces the prefilled demo key
 * when given. `onUrlPick()` runs while the URL choices show, `onKeyPrompt(input)` while the key prompt is open.
 */
export async function addSandboxConnection(page, vsc, { start = () => clickWelcomeButton(page, 'Add Connection'), name, key, onUrlPick, onKeyPrompt }) {
  await start();
  const servicePick = page.locator(`${vsc.SEL.quickInputBox}[placeholder="Which service?"]`);
  const urlPick = page.locator(`${vsc.SEL.quickInputBox}[placeholder="Base URL of the API"]`);
  await servicePick.or(urlPick).first().waitFor({ state: 'visible', timeout: 15000 });
  if (await servicePick.isVisible()) await vsc.answerQuickPick(page, 'Minotaur Sales', { placeholder: 'Which service?', expectClose: false });
  await vsc.waitForPrompt(page, { placeholder: 'Base URL of the API' });
  if (onUrlPick) await onUrlPick();
  await vsc.answerQuickPick(page, 'Local sandbox', { placeholder: 'Base URL of the API', expectClose: false });
  await vsc.answerInputBox(page, name, { prompt: 'A name for this connection', expectClose: false });
  await vsc.waitForPrompt(page, { prompt: 'API key' });
  const input = page.locator(vsc.SEL.quickInputBox);
  if (onKeyPrompt) await onKeyPrompt(input);
  if (key !== undefined) await input.fill(key);
  await input.press('Enter');
  await page.locator(vsc.SEL.quickInput).waitFor({ state: 'hidden', timeout: 15000 });
}

/** Click a button of the CRM view's welcome content (shown while there is no connection). */
export function clickWelcomeButton(page, name) {
  return page.locator('.part.sidebar .welcome-view-content').getByRole('button', { name, exact: true }).click();
}

/** Fail the check if any JavaScript dialog (alert/confirm from an injected script) opens while the page runs. */
export function watchDialogs(page) {
  const seen = [];
  page.on('dialog', (d) => {
    seen.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return seen;
}

/** A cropped screenshot for the documentation (`doc-<name>.png` in the flow's folder; docs/images gets copies). */
export async function docShot(shot, name, clip) {
  const r = (v) => Math.max(0, Math.round(v));
  return shot(`doc-${name}`, { clip: { x: r(clip.x), y: r(clip.y), width: r(clip.width), height: r(clip.height) } });
}

/** The bounding box of `locator` grown by `pad` px, clamped to the 1600x1000 viewport. */
export async function around(locator, pad = 40, viewport = { width: 1600, height: 1000 }) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element not visible for the screenshot');
  const x = Math.max(0, b.x - pad);
  const y = Math.max(0, b.y - pad);
  return { x, y, width: Math.min(viewport.width - x, b.width + 2 * pad), height: Math.min(viewport.height - y, b.height + 2 * pad) };
}
