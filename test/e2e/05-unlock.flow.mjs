// Credit job: multi-select two locked prospects in the Prospect Catalog, Unlock Selected Prospects… from the context
// menu, a modal stating the count and the current balance, confirm → the job under Jobs, the sandbox saw exactly one
// unlock call for those two prospects, and the status bar's balance drops by 2.
import assert from 'node:assert/strict';
import { addSandboxConnection, api, around, docShot, fmt, resetSandbox, sandboxSettings, sandboxStats } from './_support.mjs';

export const name = 'unlock selected';
export const settings = sandboxSettings;
export const timeout = 120;

const CONNECTION = 'E2E sandbox';
const STATUS_ID = 'crm-explorer.crm-explorer.crm.status';

export async function run({ page, vsc, check, shot, open, sandboxUrl, log }) {
  await resetSandbox(sandboxUrl);
  const balance = async () => (await api(sandboxUrl, 'GET', '/customer/summary')).body.subscription.balance;
  const before = await balance();
  const catalog = await api(sandboxUrl, 'POST', '/prospect/list', { body: { filters: {}, paginate: { page: 1, limit: 50 }, all_contacts: true } });
  assert.equal(catalog.status, 200, `prospect/list answered ${catalog.status}`);
  const rows = catalog.body.data;
  const label = (p) => [p.first_name, p.last_name].filter(Boolean).join(' ');
  const plain = rows.filter((p) => !p.is_unlocked && /^[A-Za-z' ]+$/.test(label(p)) && rows.filter((q) => label(q) === label(p)).length === 1);
  assert.ok(plain.length >= 2, 'need two locked, plainly named prospects on the first page');
  const [a, b] = plain;
  log(`unlocking ${label(a)} (${a.id}) and ${label(b)} (${b.id}); balance ${before}`);
  const prospects = vsc.treeRowByLabel(page, 'Prospect Catalog', { level: 2 });
  const rowA = vsc.treeRowByLabel(page, label(a), { level: 3 });
  const rowB = vsc.treeRowByLabel(page, label(b), { level: 3 });
  const status = page.locator(vsc.SEL.statusBarItem(STATUS_ID));

  await check('connect the sandbox and expand the Prospect Catalog', async () => {
    const t0 = Date.now();
    await open();
    log(`open ${Date.now() - t0} ms`);
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 480);
    await addSandboxConnection(page, vsc, {
      name: CONNECTION,
    });
    log(`connected ${Date.now() - t0} ms`);
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).locator('.monaco-tl-twistie').click();
    await prospects.locator('.monaco-tl-twistie').click();
    await rowA.waitFor({ state: 'visible', timeout: 20000 });
    await vsc.scrollTreeTo(page, rowB);
    assert.equal(await rowA.locator('.codicon-lock').count(), 1, `${label(a)} shows as locked`);
    assert.equal(await rowB.locator('.codicon-lock').count(), 1, `${label(b)} shows as locked`);
    await status.filter({ hasText: `${fmt(before)} credits` }).waitFor({ state: 'visible', timeout: 15000 });
  });

  await check('select two prospects and Unlock Selected: the modal states the count and the balance', async () => {
    await vsc.scrollTreeTo(page, rowA, { direction: 'up' });
    await rowA.click();
    await vsc.scrollTreeTo(page, rowB);
    await rowB.click({ modifiers: ['Control'] });
    await page.locator(`${vsc.SEL.treeRow}[aria-selected="true"]`).nth(1).waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await page.locator(`${vsc.SEL.treeRow}[aria-selected="true"]`).count(), 2, 'two rows selected');
    await vsc.treeRowContextMenu(page, rowB, 'Unlock Selected Prospects…');
    const dialog = await vsc.waitForDialog(page, 'Unlock 2 prospects');
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    log('modal:', text);
    assert.match(text, /Unlock 2 prospects for 2 credits\?/);
    assert.ok(text.includes(`Balance: ${fmt(before)} credits`), `the modal shows the balance ${fmt(before)}: ${text}`);
    assert.ok(text.includes(label(a)) && text.includes(label(b)), 'the modal names both prospects');
    await shot('unlock-confirmation-modal');
    await docShot(shot, 'unlock-confirmation', await around(dialog, 30));
  });

  await check('confirming starts one job: notification, Jobs row, sandbox saw one unlock of those two', async () => {
    await page.locator(vsc.SEL.dialog).getByRole('button', { name: 'Unlock 2 Prospects', exact: true }).click();
    await page.locator(vsc.SEL.dialog).waitFor({ state: 'hidden', timeout: 10000 });
    const message = await vsc.waitForNotification(page, 'job');
    assert.match(message, /Unlock selected: job \S+ started for 2 prospects/);
    const jobs = vsc.treeRowByLabel(page, 'Jobs', { level: 2 });
    await vsc.scrollTreeTo(page, jobs);
    await jobs.locator('.label-description', { hasText: '1' }).waitFor({ state: 'visible', timeout: 10000 });
    if ((await jobs.getAttribute('aria-expanded')) !== 'true') await jobs.locator('.monaco-tl-twistie').click();
    const job = vsc.treeRowByLabel(page, 'Unlock selected · 2 prospects', { level: 3 });
    await vsc.scrollTreeTo(page, job);
    const jobId = /job (\S+) started/.exec(message)[1];
    const stats = await sandboxStats(sandboxUrl);
    const calls = (stats.ledger || []).filter((l) => /unlock-selected/.test(l.endpoint));
    assert.equal(calls.length, 1, `exactly one unlock-selected call reached the sandbox: ${JSON.stringify(stats.ledger)}`);
    assert.deepEqual({ status: calls[0].status, records: calls[0].records, credits: calls[0].credits, job: calls[0].job_id }, { status: 201, records: 2, credits: 2, job: jobId });
    const adminJobs = JSON.stringify(await (await fetch(`${sandboxUrl}/__admin/jobs`)).json());
    assert.ok(adminJobs.includes(jobId), `the sandbox lists job ${jobId}`);
    await shot('unlock-job-listed');
  });

  await check('the status bar balance drops by 2', async () => {
    assert.equal(await balance(), before - 2, 'the sandbox charged 2 credits');
    const item = status.filter({ hasText: `${fmt(before - 2)} credits` });
    await item.waitFor({ state: 'visible', timeout: 15000 });
    await shot('status-bar-after-unlock');
    // for the picture: fold the catalog so the connection, Jobs and the status bar show together
    await vsc.scrollTreeTo(page, prospects, { direction: 'up' });
    await prospects.locator('.monaco-tl-twistie').click();
    await vsc.treeRowByLabel(page, 'Unlock selected · 2 prospects', { level: 3 }).waitFor({ state: 'visible', timeout: 5000 });
    await docShot(shot, 'unlock-job-and-balance', { x: 0, y: 0, width: 900, height: 1000 });
  });
}
