// OpenProspect blacklists: Create Blacklist… from the Blacklists folder, Add Entries… from a 2,502-line CSV file in
// the workspace (2,500 valid rows + 2 invalid ones) picked with "From a CSV file…" in VS Code's own open dialog, the
// preview with its counts and per-row errors, the progress and summary, the entries count in the tree (= the
// sandbox's total), the Entries folder paging, then Assign Blacklists… on a prospect search (pick-many pre-selected
// with the current assignment) and the assignment on the server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { around, docShot, fmt, resetSandbox, sandboxSettings, watchDialogs } from './_support.mjs';
import { OP_KEY, addOpenProspectConnection, expand, opGet, pickLabels, pickManyState, moveMouseAway, pickRow, pollSandbox } from './_op-support.mjs';

export const name = 'openprospect blacklists';
export const settings = sandboxSettings;
export const timeout = 180;

const CONNECTION = 'E2E OpenProspect';
const BLACKLIST = 'E2E blocked companies';
const DESCRIPTION = 'Imported by the UI flow';
const SEARCH = 'DACH SaaS CTOs';
const VALID_ROWS = 2500;
const CSV_NAME = 'blacklist-2500.csv';

/** 2,500 valid rows (name, website, external id, city) and two rows with only a city (refused per row). */
function csvText() {
  const lines = ['company_name,website_url,external_id,city'];
  for (let i = 1; i <= VALID_ROWS; i++) {
    const n = String(i).padStart(4, '0');
    lines.push(`Blocked Company ${n},blocked-${n}.example,BL-${n},${['Berlin', 'Paris', 'Madrid', 'Leeds'][i % 4]}`);
    if (i === 1000) lines.push(',,,Nowhere'); // line 1002
  }
  lines.push(',,,Lost City'); // line 2503
  return lines.join('\n') + '\n';
}

export async function run({ page, vsc, check, shot, open, sandboxUrl, workspace, log, record }) {
  const dialogs = watchDialogs(page);
  await resetSandbox(sandboxUrl);
  fs.writeFileSync(path.join(workspace, CSV_NAME), csvText());
  const connection = vsc.treeRowByLabel(page, CONNECTION, { level: 1 });
  const folder = (label) => vsc.treeRowByLabel(page, label, { level: 2 });
  const blacklistRow = vsc.treeRowByLabel(page, BLACKLIST, { level: 3 });
  const quick = page.locator(vsc.SEL.quickInputBox);
  const seeded = (await opGet(sandboxUrl, '/blacklists?limit=100')).items;
  let blacklistId;

  await check('connect the OpenProspect sandbox and expand Blacklists', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 560);
    await addOpenProspectConnection(page, vsc, {
      sandboxUrl,
      name: CONNECTION,
      onKeyPrompt: async (input) => assert.equal(await input.inputValue(), OP_KEY),
    });
    await expand(connection);
    await expand(folder('Blacklists'));
    for (const b of seeded.filter((x) => /^[\w ]+$/.test(x.name))) {
      const row = vsc.treeRowByLabel(page, b.name, { level: 3 });
      await row.waitFor({ state: 'visible', timeout: 15000 });
      assert.equal((await row.locator('.label-description').textContent()).trim(), `${fmt(b.entries_count)} entries`);
    }
    await shot('blacklists-folder');
  });

  await check('Create Blacklist…: name and description; the new blacklist shows "0 entries"', async () => {
    await vsc.clickTreeRowAction(page, folder('Blacklists'), 'Create Blacklist…');
    await vsc.answerInputBox(page, BLACKLIST, { prompt: 'Name', expectClose: false });
    await vsc.answerInputBox(page, DESCRIPTION, { prompt: 'Description (optional)' });
    await blacklistRow.waitFor({ state: 'visible', timeout: 15000 });
    await blacklistRow.locator('.label-description', { hasText: /^\s*0 entries\s*$/ }).waitFor({ state: 'visible', timeout: 10000 });
    const mine = (await opGet(sandboxUrl, '/blacklists?limit=100')).items.filter((b) => b.name === BLACKLIST);
    assert.equal(mine.length, 1, `expected one "${BLACKLIST}" on the server, found ${mine.length}`);
    assert.equal(mine[0].description, DESCRIPTION);
    blacklistId = mine[0].id;
    assert.equal(await blacklistRow.getAttribute('aria-setsize'), String(seeded.length + 1));
    await shot('blacklist-created');
  });

  await check(`Add Entries… from ${CSV_NAME} (VS Code's open dialog): the preview counts ${fmt(VALID_ROWS)} valid and 2 invalid rows`, async () => {
    assert.ok(blacklistId, 'no blacklist was created');
    await vsc.treeRowContextMenu(page, blacklistRow, 'Add Entries…');
    await vsc.waitForPrompt(page, { placeholder: 'Where are the entries?', timeout: 15000 });
    const sources = await pickLabels(page, vsc);
    assert.ok(sources.includes('From a CSV file…') && sources.includes('Type or paste a list…'), `sources: ${JSON.stringify(sources)}`);
    await vsc.answerQuickPick(page, 'From a CSV file…', { placeholder: 'Where are the entries?', expectClose: false });
    // VS Code's own (simple) open dialog in the web workbench: a quick input holding a path
    const file = path.join(workspace, CSV_NAME);
    await page.waitForFunction(() => {
      const i = document.querySelector('.quick-input-widget .quick-input-box input');
      return i && i.offsetParent && i.value.startsWith('/');
    }, null, { timeout: 15000 });
    await shot('open-dialog');
    await quick.fill(file);
    await pickRow(page, vsc, CSV_NAME).waitFor({ state: 'visible', timeout: 10000 });
    await shot('open-dialog-file');
    await quick.press('Enter');
    const dialog = await vsc.waitForDialog(page, `Add Entries to "${BLACKLIST}": ${fmt(VALID_ROWS)} entries?`, { timeout: 20000 });
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    log('preview:', text);
    assert.ok(text.includes(`${fmt(VALID_ROWS)} valid rows, 2 invalid rows`), `preview: ${text}`);
    assert.match(text, /line 1002: Give at least one of: external id, website or company name\./, 'names the first invalid line');
    assert.match(text, /line 2503: /, 'names the second invalid line');
    assert.ok(text.includes('Sent in 1 request of at most 10,000'), `preview: ${text}`);
    await dialog.getByRole('button', { name: `Add the ${fmt(VALID_ROWS)} Valid Rows`, exact: true }).waitFor({ state: 'visible', timeout: 5000 });
    await shot('add-entries-preview');
    await docShot(shot, 'op-blacklists-preview', await around(dialog, 40));
  });

  await check(`confirming adds them: summary, "${fmt(VALID_ROWS)} entries" in the tree = the sandbox's entries total`, async () => {
    assert.ok(blacklistId, 'no blacklist was created');
    await vsc.clickDialogButton(page, `Add the ${fmt(VALID_ROWS)} Valid Rows`);
    const summary = await vsc.waitForNotification(page, `Blacklist "${BLACKLIST}":`, { timeout: 30000 });
    assert.equal(summary, `Blacklist "${BLACKLIST}": ${fmt(VALID_ROWS)} added, 0 already listed, 2 invalid rows left out.`);
    const { total } = await opGet(sandboxUrl, `/blacklists/${blacklistId}/entries?limit=1`);
    assert.equal(total, VALID_ROWS, 'the sandbox holds every valid row');
    await blacklistRow.locator('.label-description', { hasText: new RegExp(`^\\s*${fmt(total)} entries\\s*$`) }).waitFor({ state: 'visible', timeout: 15000 });
    record('blacklistEntries', total);
    await shot('entries-added');
  });

  await check('the blacklist\'s Entries folder pages the entries ("Load more")', async () => {
    assert.ok(blacklistId, 'no blacklist was created');
    await expand(blacklistRow);
    const entries = vsc.treeRowByLabel(page, 'Entries', { level: 4 });
    await expand(entries);
    const first = (await opGet(sandboxUrl, `/blacklists/${blacklistId}/entries?limit=1`)).items[0];
    const firstRow = vsc.treeRowByLabel(page, first.company_name, { level: 5 });
    await firstRow.waitFor({ state: 'visible', timeout: 15000 });
    const setsize = Number(await firstRow.getAttribute('aria-setsize'));
    assert.ok(setsize > 1 && setsize < VALID_ROWS, `the first page has ${setsize} children, not all ${VALID_ROWS}`);
    const more = await vsc.scrollTreeTo(page, page.locator(`${vsc.SEL.treeRow}[aria-level="5"]`).filter({ hasText: `of ${fmt(VALID_ROWS)}` }));
    assert.match((await more.innerText()).replace(/\s+/g, ' '), new RegExp(`Load more — ${setsize - 1} of ${fmt(VALID_ROWS)}`));
    await shot('entries-folder-load-more');
    // collapse the blacklist again so the Prospect Searches folder stays in view
    await vsc.scrollTreeTo(page, blacklistRow, { direction: 'up' });
    await blacklistRow.locator('.monaco-tl-twistie').click();
    await blacklistRow.and(page.locator('[aria-expanded="false"]')).waitFor({ state: 'visible', timeout: 10000 });
  });

  await check(`Assign Blacklists… on "${SEARCH}": the pick-many is pre-selected with the current assignment`, async () => {
    assert.ok(blacklistId, 'no blacklist was created');
    const searches = (await opGet(sandboxUrl, '/prospect-searches?limit=100')).items;
    const search = searches.find((s) => s.name === SEARCH);
    assert.ok(search, `no prospect search "${SEARCH}" in the sandbox`);
    const before = (await opGet(sandboxUrl, `/prospect-searches/${search.id}/blacklists?limit=100`)).items.map((b) => b.name);
    log(`"${SEARCH}" uses ${JSON.stringify(before)} before`);
    await expand(folder('Prospect Searches'));
    const searchRow = vsc.treeRowByLabel(page, SEARCH, { level: 3 });
    await vsc.treeRowContextMenu(page, searchRow, 'Assign Blacklists…');
    await vsc.waitForPrompt(page, { placeholder: 'Companies on the checked blacklists are never delivered for this search', timeout: 15000 });
    await moveMouseAway(page, vsc); // the mouse rests on the tree after the context menu: its tooltip would cover the pick
    const state = await pickManyState(page, vsc);
    const all = (await opGet(sandboxUrl, '/blacklists?limit=100')).items.map((b) => b.name);
    assert.deepEqual(state.map((s) => s.label).sort(), [...all].sort(), `pick lists ${JSON.stringify(state)}`);
    for (const s of state) assert.equal(s.checked, before.includes(s.label), `"${s.label}" pre-selection ${s.checked}, assigned ${before.includes(s.label)}`);
    const mine = pickRow(page, vsc, BLACKLIST);
    assert.match(await mine.innerText(), new RegExp(`${fmt(VALID_ROWS)} entries`), 'the row shows the entries count');
    await mine.getByRole('checkbox').check();
    await shot('assign-blacklists-pick-many');
    await docShot(shot, 'op-blacklists', { x: 0, y: 0, width: 1110, height: 440 }); // the tree with the counts and the pick-many
    await quick.press('Enter');
    await page.locator(vsc.SEL.quickInput).waitFor({ state: 'hidden', timeout: 10000 });
    // the PUT replaces the assignment: poll the sandbox (bounded) until it shows
    const assigned = async () => (await opGet(sandboxUrl, `/prospect-searches/${search.id}/blacklists?limit=100`)).items;
    await pollSandbox(async () => (await assigned()).some((b) => b.id === blacklistId), { timeout: 10000, what: `${BLACKLIST} assigned to ${SEARCH}` });
    const after = await assigned();
    assert.deepEqual(after.map((b) => b.name).sort(), [...before, BLACKLIST].sort(), 'the earlier assignment is kept');
    await page.locator('.part.statusbar', { hasText: `"${SEARCH}" now uses ${before.length + 1} blacklist(s)` }).waitFor({ state: 'visible', timeout: 10000 });
    await shot('blacklists-assigned');
    assert.deepEqual(dialogs, [], 'no alert()/confirm() ran');
  });
}
