// Verify 10,000 emails through the real UI, the way a user does it today with `crm.verifyEmails` ("Verify Emails of
// Selected Contacts…", at most 10,000 contacts per job):
//   crm.pageSize 100 → expand the sandbox connection and Contacts → "Load more" until 10,000 contacts are loaded
//   (Enter on the focused "Load more" row; the tree's row count is read from the list's content height, since rows
//   outside the viewport are not in the DOM) → focus the first contact, Ctrl+A (select all), Shift+F10 (context
//   menu of the focused contact with the selection) → "Verify Emails of Selected Contacts…" → the modal → confirm.
// Measured: wall time from the confirm click to the "job … started" notification, the requests the sandbox received
// in that time (by route, from /__admin/stats), and, separately, the time to get the 10,000 rows into the tree.
// The sandbox key's balance is raised first (10,000 verifications cost more than the demo balance).
/* global document -- used inside page.evaluate() callbacks, which run in the browser */
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer, prepareUserData, workbenchUrl, sleep, stopGroup, log } from '../harness/lib.mjs';
import * as vsc from '../harness/vscode-page.mjs';
import { OURS, VIEWPORT, MINOTAUR_ROW, OPENPROSPECT_ROW, keepLogsOnly } from './ui.mjs';

// CRM_BENCH_VERIFY_RECORDS: a smaller count, only to develop this driver quickly (results then say so)
export const TARGET = Number(process.env.CRM_BENCH_VERIFY_RECORDS || 10000);
const PAGE = 100;
const ROW_PX = 22;
const KEY = 'mnt_sandbox_full';

const adminJson = async (sandboxUrl, p, body) => {
  const r = await fetch(`${sandboxUrl}/__admin/${p}`, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {});
  if (!r.ok) throw new Error(`/__admin/${p}: HTTP ${r.status}`);
  return r.json();
};
const routes = (stats) => ({ ...(stats.requests?.by_route || {}) });
const diffRoutes = (a, b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v - (a[k] || 0)]).filter(([, v]) => v > 0));

/**
 * Right-click `row`, choose `entry` from its context menu and wait for what the command shows first (`expected`).
 * A menu ignores a click that comes too soon after it opened, and a tree refresh closes an open menu (both seen on a
 * loaded machine), so: wait a little before clicking, press Enter on the entry if the menu stays open, and redo the
 * whole thing once when nothing appears. Safe: nothing is sent before the later confirmation. Returns the attempts.
 */
async function contextMenuCommand(page, row, entry, expected, { attempts = 2 } = {}) {
  for (let i = 1; ; i++) {
    await row.click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-item', { hasText: entry }).first();
    const shown = await item.waitFor({ state: 'visible', timeout: 10000 }).then(() => true, () => false);
    if (shown) {
      await sleep(300);
      await item.hover();
      await item.click();
      const menu = page.locator('.context-view .monaco-menu').first();
      if (!(await menu.waitFor({ state: 'hidden', timeout: 1500 }).then(() => true, () => false))) {
        await item.hover();
        await page.keyboard.press('Enter');
      }
      if (await expected.waitFor({ state: 'visible', timeout: 15000 }).then(() => true, () => false)) return i;
    }
    if (i >= attempts) {
      const menu = await page.locator('.monaco-menu .action-item').allTextContents().catch(() => []);
      throw new Error(shown ? `"${entry}" (context menu) showed nothing within 15 s, ${i} attempts` : `no "${entry}" in the context menu (menu: ${JSON.stringify(menu).slice(0, 300)})`);
    }
    await page.keyboard.press('Escape');
    await sleep(500);
  }
}

/** Number of rows in the sidebar tree (virtualised: from the height of the list's content). */
const rowCount = (page) =>
  page.evaluate((px) => {
    const rows = document.querySelector('.part.sidebar .monaco-list-rows');
    return rows ? Math.round(parseFloat(rows.style.height || '0') / px) : 0;
  }, ROW_PX);

async function waitFor(fn, { timeout, every = 25, what }) {
  const t = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t > timeout) throw new Error(`${what}: not reached within ${timeout / 1000} s`);
    await sleep(every);
  }
}

/**
 * One bench session in a fresh profile: code-server with the bench extensions (auto-connecting the sandbox), a
 * Chromium page on the workbench, then `scenario(page)`. A failure leaves FAIL.png (`failClip`); afterwards the
 * profile is removed except its logs.
 */
async function inWorkbench({ dir, userDataDir, workspace, extensionsDir, sandboxUrl, browser, failClip }, scenario) {
  let server, context, page;
  try {
    server = await startCodeServer({ userDataDir, extensionsDir, configFile: path.join(dir, 'config.yaml'), folder: workspace,
      logFile: path.join(dir, 'code-server.log'), env: { CRM_EXPLORER_SANDBOX_URL: sandboxUrl } });
    context = await browser.newContext({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    await page.goto(workbenchUrl(server.url, workspace));
    await vsc.waitForWorkbench(page);
    return await scenario(page);
  } catch (e) {
    if (page) await page.screenshot({ path: path.join(dir, 'FAIL.png'), clip: failClip }).catch(() => {});
    throw e;
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) await stopGroup(server.proc, 1500); // no graceful shutdown needed: the profile is thrown away
    keepLogsOnly(userDataDir, dir);
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** One run in its own code-server session. Resolves {seconds, requests, byRoute, loadSeconds, ...}; throws on failure. */
export async function verifyRun({ index, runDir, extensionsDir, sandboxUrl, browser, loadBudgetMs = 150000 }) {
  const dir = path.join(runDir, `bulk-${index}`);
  const userDataDir = path.join(dir, 'user-data');
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  prepareUserData(userDataDir, { 'workbench.tree.enableStickyScroll': false, 'crm.pageSize': PAGE });
  await adminJson(sandboxUrl, 'balance', { key: KEY, balance: 10_000_000 });
  try {
    return await inWorkbench({ dir, userDataDir, workspace, extensionsDir, sandboxUrl, browser, failClip: { x: 0, y: 0, width: 900, height: 700 } }, async (page) => {
    await vsc.openViewContainer(page, OURS.container);
    const conn = await vsc.waitForTreeRow(page, MINOTAUR_ROW, { timeout: 30000 });
    await vsc.waitForTreeRow(page, OPENPROSPECT_ROW, { timeout: 5000 }).catch(() => {});
    await sleep(500);
    if (!(await vsc.isTreeRowExpanded(page, MINOTAUR_ROW))) await conn.click();
    const contacts = page.locator(vsc.SEL.treeRow).filter({ has: page.locator('.label-name', { hasText: /^\s*Contacts\s*$/ }) }).first();
    await contacts.waitFor({ state: 'visible', timeout: 20000 });

    // ---- 10,000 rows into the tree
    const tLoad = Date.now();
    await contacts.click();
    const more = await vsc.waitForTreeRow(page, `Load more — ${PAGE} of`, { timeout: 30000 });
    const base = (await rowCount(page)) - PAGE; // rows that are not contacts (connection, folders, load more, jobs)
    // Enter on the focused "Load more" row asks for the next page; while a page is in flight the folder ignores
    // more asks (one request per page), so: press Enter until the sandbox has seen the next page's request, then go
    // on. The tree's refreshes coalesce meanwhile; at the end wait until it shows all rows.
    // Time-boxed (loadBudgetMs): each "Load more" makes the extension re-send every loaded row to the tree, so the
    // cost grows with the rows already loaded; past the budget the run ends as "incomplete" with the rows reached.
    const listCalls = async () => routes(await adminJson(sandboxUrl, 'stats'))['POST /api/ext/contacts/list'] || 0;
    const firstCall = await listCalls(); // the first page's request
    const progress = {}; // rows requested → seconds since the first click on Contacts
    const incomplete = async () => {
      const rows = Math.max(0, (await rowCount(page)) - base);
      await page.screenshot({ path: path.join(dir, '01-incomplete.png') }).catch(() => {});
      return { incomplete: true, records: TARGET, rowsLoaded: rows, loadSeconds: (Date.now() - tLoad) / 1000, progress };
    };
    await more.click(); // focus stays on the "Load more" row (same id) as it moves down
    for (let p = 2; p <= TARGET / PAGE; p++) {
      const want = firstCall + p - 1;
      for (let n = 0; (await listCalls()) < want; n++) {
        if (Date.now() - tLoad > loadBudgetMs) return incomplete();
        if (n % 10 === 9) await page.keyboard.press('Enter');
        await sleep(30);
      }
      if ((p * PAGE) % 1000 === 0) progress[p * PAGE] = Math.round((Date.now() - tLoad) / 100) / 10;
      if (p < TARGET / PAGE) await page.keyboard.press('Enter');
    }
    const left = loadBudgetMs - (Date.now() - tLoad);
    if (left <= 0 || !(await waitFor(async () => (await rowCount(page)) >= base + TARGET, { timeout: left, every: 100, what: 'rows' }).catch(() => false))) {
      return incomplete();
    }
    const loadSeconds = (Date.now() - tLoad) / 1000;
    await page.screenshot({ path: path.join(dir, '01-loaded.png') });

    // ---- select every contact, then the context menu of the last one. Ctrl+A in a tree selects the focused row's
    // siblings, which include the "Load more" row; a context menu only offers actions common to every selected row,
    // so "Load more" is Ctrl+clicked out of the selection first.
    // focus is on the "Load more" row (same id as it moved down) but it is scrolled out of view: up and down again
    // reveals it, with the last contact above it
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    const moreRow = vsc.treeRow(page, `Load more — ${TARGET.toLocaleString('en-US')} of`);
    await moreRow.waitFor({ state: 'visible', timeout: 10000 }).catch(async () => {
      const info = await page.evaluate(() => {
        const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row')];
        return { active: document.activeElement?.className, focused: rows.filter((r) => r.classList.contains('focused')).map((r) => r.getAttribute('data-index') + ':' + r.textContent.slice(0, 30)),
          first: rows[0]?.getAttribute('data-index'), last: rows.at(-1)?.getAttribute('data-index') + ':' + rows.at(-1)?.textContent.slice(0, 30) };
      });
      throw new Error(`the "Load more — ${TARGET} of" row is not rendered after ArrowUp, ArrowDown: ${JSON.stringify(info)}`);
    });
    await page.keyboard.press('Control+A');
    await sleep(300);
    const rowsBefore = await rowCount(page);
    await moreRow.click({ modifiers: ['Control'] });
    await sleep(300);
    const sel = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row[aria-level="3"]')];
      const isMore = (r) => (r.textContent || '').startsWith('Load more');
      return {
        contacts: rows.filter((r) => !isMore(r)).length,
        selected: rows.filter((r) => !isMore(r) && r.classList.contains('selected')).length,
        moreSelected: rows.some((r) => isMore(r) && r.classList.contains('selected')),
      };
    });
    if (!sel.contacts || sel.selected < sel.contacts || sel.moreSelected || (await rowCount(page)) !== rowsBefore) {
      throw new Error(`selection not as expected: ${JSON.stringify(sel)}, rows ${rowsBefore} → ${await rowCount(page)}`);
    }
    const last = page.locator(`${vsc.SEL.treeRow}[aria-level="3"].selected`).last();
    const before = routes(await adminJson(sandboxUrl, 'stats'));
    const dialog = page.locator('.monaco-dialog-box').first();
    const menuAttempts = await contextMenuCommand(page, last, 'Verify Emails', dialog);
    const dialogText = ((await dialog.innerText()) || '').replace(/\s+/g, ' ').trim();
    await page.screenshot({ path: path.join(dir, '02-confirm.png') });
    const confirm = dialog.locator('.monaco-button', { hasText: /^Verify/ }).first();
    const buttonText = ((await confirm.textContent()) || '').trim();
    const t0 = Date.now();
    await confirm.click();
    const note = await vsc.waitForNotification(page, /job .* started for/i, { timeout: 120000 });
    const seconds = (Date.now() - t0) / 1000;
    await sleep(500); // let the follow-up requests (balance, folder refresh) land before reading the stats
    const after = routes(await adminJson(sandboxUrl, 'stats'));
    await page.screenshot({ path: path.join(dir, '03-started.png') });
    const byRoute = diffRoutes(before, after);
    const verifyCalls = byRoute['POST /api/ext/service-handler/verify-email'] || 0;
    const records = /(\d[\d,]*) (?:email|contact)/i.exec(buttonText)?.[1];
    if (!records || Number(records.replace(/,/g, '')) !== TARGET) throw new Error(`the confirmation is not for ${TARGET} emails: "${buttonText}" — ${dialogText.slice(0, 200)}`);
    if (!verifyCalls) throw new Error(`no verify-email request reached the sandbox (notification: ${note})`);
    return {
      seconds, loadSeconds, records: TARGET, progress, menuAttempts, requests: Object.values(byRoute).reduce((a, b) => a + b, 0), verifyRequests: verifyCalls, byRoute,
      button: buttonText, notification: note,
    };
    });
  } finally {
    log(`  bulk run ${index + 1} finished`);
  }
}

// ---- add 10,000 blacklist entries (OpenProspect, `crm.op.addBlacklistEntries` "Add Entries…") -----------------------
// The way a user does it: "CRM: Add Connection…" → the OpenProspect local sandbox (demo key) → expand it → Blacklists →
// right-click "Existing customers" → "Add Entries…" → "Use the active editor" (a CSV of 10,000 new companies, opened
// with Quick Open) → the modal → confirm. Measured: confirm click → the "Blacklist …: N added" notification, and the
// requests the sandbox received meanwhile (the command sends batches of at most 10,000 entries).
export const BLACKLIST = 'Existing customers';
const CONNECTION_NAME = 'Bench OpenProspect sandbox';

export async function blacklistRun({ index, runDir, extensionsDir, sandboxUrl, browser }) {
  const dir = path.join(runDir, `blacklist-${index}`);
  const userDataDir = path.join(dir, 'user-data');
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  prepareUserData(userDataDir, { 'workbench.tree.enableStickyScroll': false });
  // new companies every run (entries already on the blacklist would only be skipped)
  const tag = `${path.basename(runDir)}-${index}`.replace(/[^0-9a-z-]/gi, '').toLowerCase();
  const csv = ['company_name,website_url', ...Array.from({ length: TARGET }, (_, i) => `Bench Blacklisted ${tag} ${i + 1},https://bl-${tag}-${i + 1}.example.com`)];
  const csvName = `blacklist-${TARGET}.csv`;
  fs.writeFileSync(path.join(workspace, csvName), csv.join('\n') + '\n');
  return inWorkbench({ dir, userDataDir, workspace, extensionsDir, sandboxUrl, browser, failClip: { x: 0, y: 0, width: 1400, height: 900 } }, async (page) => {
    // the CSV as the active editor (first: the tree is then left alone until the command)
    await vsc.openQuickInput(page, 'Control+P');
    await page.locator(vsc.SEL.quickInputBox).fill(csvName);
    await page.locator(vsc.SEL.quickInputRows, { hasText: csvName }).first().waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.press('Enter');
    await vsc.waitForTab(page, csvName);
    await sleep(500);

    await vsc.openViewContainer(page, OURS.container);
    await vsc.waitForTreeRow(page, MINOTAUR_ROW, { timeout: 30000 }); // auto-connected
    // Add the OpenProspect sandbox like a user, under a name of its own, so this works whether or not the extension
    // also auto-connects it.
    await vsc.waitForTreeRow(page, OPENPROSPECT_ROW, { timeout: 5000 }).catch(() => null); // let the auto-connect finish
    await vsc.runCommand(page, 'CRM: Add Connection…');
    await vsc.waitForPrompt(page, { placeholder: 'Base URL of the API' });
    await page.locator(vsc.SEL.quickInputRows).filter({ hasText: 'Local sandbox' }).filter({ hasText: '/api/v1' }).first().click();
    await vsc.answerInputBox(page, CONNECTION_NAME, { prompt: 'A name for this connection', expectClose: false }); // the key prompt follows in the same widget
    await vsc.waitForPrompt(page, { prompt: 'API key' });
    await page.locator(vsc.SEL.quickInputBox).press('Enter'); // the demo key is prefilled
    const conn = await vsc.waitForTreeRow(page, CONNECTION_NAME, { timeout: 30000 });
    await sleep(1000); // the auto-connect ends with a refresh of the whole tree
    await conn.click();
    const folder = page.locator(vsc.SEL.treeRow).filter({ has: page.locator('.label-name', { hasText: /^\s*Blacklists\s*$/ }) }).first();
    await folder.waitFor({ state: 'visible', timeout: 20000 });
    await folder.click();
    const blacklist = page.locator(vsc.SEL.treeRow).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${vsc.reEscape(BLACKLIST)}\\s*$`) }) }).first();
    await blacklist.waitFor({ state: 'visible', timeout: 20000 });

    // Should the folder's rows vanish (seen once, with a tree redraw racing the first page), do what a user would: the
    // folder's Refresh action. Counted, so the results show it happened.
    let refreshes = 0;
    await sleep(1500);
    for (; refreshes < 3 && !(await blacklist.isVisible()); refreshes++) {
      await folder.hover();
      await folder.locator('.actions a.action-label[aria-label^="Refresh"]').click();
      await blacklist.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {});
      await sleep(1000);
    }
    const before = routes(await adminJson(sandboxUrl, 'stats'));
    const sourcePick = page.locator(`${vsc.SEL.quickInputBox}[placeholder="Where are the entries?"]`);
    const menuAttempts = await contextMenuCommand(page, blacklist, 'Add Entries', sourcePick);
    await vsc.answerQuickPick(page, 'Use the active editor', { placeholder: 'Where are the entries?', expectClose: false });
    const dialog = page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ state: 'visible', timeout: 60000 });
    const dialogText = ((await dialog.innerText()) || '').replace(/\s+/g, ' ').trim();
    await page.screenshot({ path: path.join(dir, '01-confirm.png') });
    const confirm = dialog.locator('.monaco-button', { hasText: /^Add/ }).first();
    const buttonText = ((await confirm.textContent()) || '').trim();
    const records = /(\d[\d,]*) (?:Entries|Valid Rows)/i.exec(buttonText)?.[1];
    if (!records || Number(records.replace(/,/g, '')) !== TARGET) throw new Error(`the confirmation is not for ${TARGET} entries: "${buttonText}" — ${dialogText.slice(0, 200)}`);
    const t0 = Date.now();
    await confirm.click();
    const note = await vsc.waitForNotification(page, new RegExp(`Blacklist "${vsc.reEscape(BLACKLIST)}": .* added`), { timeout: 180000 });
    const seconds = (Date.now() - t0) / 1000;
    await sleep(500);
    const after = routes(await adminJson(sandboxUrl, 'stats'));
    await page.screenshot({ path: path.join(dir, '02-done.png') });
    const byRoute = diffRoutes(before, after);
    const added = Number((/: ([\d,]+) added/.exec(note)?.[1] || '0').replace(/,/g, ''));
    if (added !== TARGET) throw new Error(`the blacklist did not get ${TARGET} entries: "${note}"`);
    const entryCalls = Object.entries(byRoute).filter(([k]) => /entries/.test(k) && k.startsWith('POST')).reduce((a, [, n]) => a + n, 0);
    return { seconds, records: TARGET, added, folderRefreshesNeeded: refreshes, menuAttempts, requests: Object.values(byRoute).reduce((a, b) => a + b, 0), entryRequests: entryCalls, byRoute, button: buttonText, notification: note };
  });
}
