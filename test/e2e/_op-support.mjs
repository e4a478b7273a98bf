// Shared helpers for the OpenProspect UI flows (06, 07; not a flow: run-e2e.mjs only loads *.flow.mjs).
// Expectations come from the loopback sandbox the runner started (ctx.sandboxUrl), never from hard-coded numbers.
import assert from 'node:assert/strict';
import { clickWelcomeButton } from './_support.mjs';

export const OP_KEY = 'op_sandbox_full';
export const OP_FOLDERS = ['Prospect Searches', 'Companies', 'Prospects', 'Orders', 'Blacklists'];
export const ORDER_STATUSES = ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED'];

/** Call the sandbox's OpenProspect API (`/api/v1`) with a demo key. Resolves {status, body}. */
export async function opApi(sandboxUrl, method, path, { key = OP_KEY, body } = {}) {
  const res = await fetch(`${sandboxUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  return { status: res.status, body: json };
}

/** GET that must answer 200; resolves the body. */
export async function opGet(sandboxUrl, path) {
  const r = await opApi(sandboxUrl, 'GET', path);
  assert.equal(r.status, 200, `GET /api/v1${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** `POST /__admin/orders/:id/advance`: one status step now. */
export async function advanceOrder(sandboxUrl, orderId) {
  const r = await fetch(`${sandboxUrl}/__admin/orders/${orderId}/advance`, { method: 'POST', signal: AbortSignal.timeout(10000) });
  assert.ok(r.ok, `POST /__admin/orders/${orderId}/advance answered ${r.status}`);
}

/** Poll the sandbox (bounded) until `fn()` resolves a truthy value; resolves that value. */
export async function pollSandbox(fn, { timeout = 15000, interval = 250, what = 'sandbox condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Add an OpenProspect connection through the real Add Connection wizard, started by `start()` (by default the welcome
 * content's "Add Connection"): the one URL pick
 * grouped by provider → the "Local sandbox" entry of the OpenProspect group (its description is the sandbox's
 * `/api/v1` URL) → name InputBox → key InputBox (password, prefilled with the sandbox's demo key).
 * `onUrlPick()` runs while the URL choices show, `onKeyPrompt(input)` while the key prompt is open.
 */
export async function addOpenProspectConnection(page, vsc, { start = () => clickWelcomeButton(page, 'Add Connection'), name, sandboxUrl, onUrlPick, onKeyPrompt }) {
  await start();
  await vsc.waitForPrompt(page, { placeholder: 'Base URL of the API', timeout: 15000 });
  if (onUrlPick) await onUrlPick();
  await page.locator(vsc.SEL.quickInputBox).fill('Local sandbox');
  const row = page
    .locator(vsc.SEL.quickInputRows)
    .filter({ has: page.locator('.label-name', { hasText: /^\s*Local sandbox\s*$/ }) })
    .filter({ has: page.locator('.label-description', { hasText: `${sandboxUrl}/api/v1` }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await row.click();
  await vsc.waitForPrompt(page, { prompt: 'A name for this connection' });
  const input = page.locator(vsc.SEL.quickInputBox);
  assert.equal(await input.inputValue(), 'Local sandbox (OpenProspect)', 'the default name names the provider');
  await input.fill(name);
  await input.press('Enter');
  await vsc.waitForPrompt(page, { prompt: 'API key' });
  // the name box and the key box are the same widget: wait until it is the password box
  await page.locator(`${vsc.SEL.quickInputBox}[type="password"]`).waitFor({ state: 'visible', timeout: 10000 });
  if (onKeyPrompt) await onKeyPrompt(input);
  await input.press('Enter');
  await page.locator(vsc.SEL.quickInput).waitFor({ state: 'hidden', timeout: 15000 });
}

/**
 * Move the mouse off the sidebar so no tree-row tooltip (a workbench hover) covers an open quick pick's checkboxes.
 * No Escape: that would close the quick pick.
 */
export async function moveMouseAway(page, vsc) {
  await page.mouse.move(1300, 900);
  await page.locator(vsc.SEL.hover).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
}

/** A quick-pick row whose label is exactly `label`. */
export function pickRow(page, vsc, label) {
  return page.locator(vsc.SEL.quickInputRows).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${vsc.reEscape(label)}\\s*$`) }) }).first();
}

/** Labels of the open QuickPick's rows (the first `.label-name` of a row; a `detail` line has one too). */
export async function pickLabels(page, vsc) {
  return page.locator(vsc.SEL.quickInputRows).evaluateAll((rows) => rows.map((r) => (r.querySelector('.label-name')?.textContent || '').trim()));
}

/** Checked state of every row of an open pick-many: [{label, checked}]. */
export async function pickManyState(page, vsc) {
  const out = [];
  const rows = page.locator(vsc.SEL.quickInputRows);
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push({ label: ((await row.locator('.label-name').first().textContent()) || '').trim(), checked: await row.getByRole('checkbox').isChecked() });
  }
  return out;
}

/** Expand a collapsed tree row (a Locator) and wait until VS Code says it is expanded. */
export async function expand(row) {
  await row.first().waitFor({ state: 'visible', timeout: 20000 });
  if ((await row.first().getAttribute('aria-expanded')) !== 'true') await row.first().locator('.monaco-tl-twistie').click();
  await row.first().and(row.page().locator('[aria-expanded="true"]')).waitFor({ state: 'visible', timeout: 10000 });
}

/**
 * The whole text of the active editor (Monaco renders only the lines in view): select all, copy, read the clipboard
 * (the runner's browser context has the clipboard permissions). Leaves the selection collapsed again.
 */
export async function activeEditorText(page) {
  const textarea = page.locator('.editor-group-container.active .editor-container .monaco-editor textarea').first();
  await textarea.waitFor({ state: 'attached', timeout: 10000 });
  await textarea.focus();
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  const text = await page.waitForFunction(async () => (await navigator.clipboard.readText()) || false, null, { timeout: 5000, polling: 100 });
  await page.keyboard.press('Control+Home');
  return (await text.jsonValue()).replace(/\r\n/g, '\n');
}
