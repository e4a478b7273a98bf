// The UI in Spanish: code-server started with `--locale es` (the harness adds an empty core language pack so the
// locale takes effect offline: VS Code's own strings stay English, ours must all be Spanish). Checks the CRM view's
// welcome content, the Add Connection prompts, the tree's folder names, a command palette entry, the status bar and
// the walkthrough — each for the Spanish text AND for the absence of the English one. Expected numbers come from the
// sandbox. The English texts are read from package.nls.json / the code's English messages, not retyped here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/harness/lib.mjs';
import { api, clickWelcomeButton, contactsTotal, docShot, resetSandbox, sandboxSettings, watchDialogs } from './_support.mjs';

export const name = 'Spanish UI';
export const locale = 'es';
export const settings = sandboxSettings;
export const timeout = 180;

const nlsEn = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
const nlsEs = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.es.json'), 'utf8'));
const es = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.es.json'), 'utf8'));
/** The Spanish of a runtime message, with {0}… filled in (what vscode.l10n.t returns). */
const t = (message, ...args) => {
  const text = es[message];
  assert.ok(text, `no Spanish for ${JSON.stringify(message)}`);
  return text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
};
/** Markdown command links of a welcome/walkthrough text: [label](command:…) → label. */
const buttons = (md) => [...md.matchAll(/\[([^\]]+)\]\(command:[^)]+\)/g)].map((m) => m[1]);

// Numbers as Spanish writes them ("12.345"; no separator below 10,000): the extension formats with the display language.
const fmt = (n) => new Intl.NumberFormat('es').format(n);

const CONNECTION = 'E2E sandbox es';
const STATUS_ID = 'crm-explorer.crm-explorer.crm.status';
const ENGLISH_FOLDERS = ['Contacts', 'Companies', 'Lists', 'Products', 'Opportunities', 'Pipelines', 'Prospect Catalog', 'Jobs'];

export async function run({ page, vsc, check, shot, open, sandboxUrl, extensionId }) {
  const dialogs = watchDialogs(page);
  await resetSandbox(sandboxUrl);

  await check('the CRM view is Spanish: view title and welcome content with both buttons, no English', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 560);
    const welcome = page.locator('.part.sidebar .welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 20000 });
    for (const label of buttons(nlsEs['welcome.connections'])) {
      await welcome.getByRole('button', { name: label, exact: true }).waitFor({ state: 'visible', timeout: 5000 });
    }
    const text = await welcome.innerText();
    assert.ok(text.includes(nlsEs['welcome.connections'].split('\n')[0]), `welcome text: ${text}`);
    for (const english of [...buttons(nlsEn['welcome.connections']), nlsEn['welcome.connections'].split('\n')[0]]) {
      assert.ok(!text.includes(english), `English left in the welcome content: "${english}"`);
    }
    const sidebar = (await page.locator('.part.sidebar').innerText()).toLowerCase();
    assert.ok(sidebar.includes(nlsEs['view.connections'].toLowerCase()), `the view is titled "${nlsEs['view.connections']}"`);
    assert.ok(!sidebar.includes(nlsEn['view.connections'].toLowerCase()), `English view title "${nlsEn['view.connections']}" left`);
    await shot('welcome-es');
  });

  await check('Add Connection asks in Spanish (URL choices, name, key) and says "Conectado"', async () => {
    const addLabel = buttons(nlsEs['welcome.connections'])[0];
    await clickWelcomeButton(page, addLabel);
    const urlPlaceholder = t('Base URL of the API');
    await vsc.waitForPrompt(page, { placeholder: urlPlaceholder, timeout: 15000 });
    const items = await vsc.quickPickItems(page);
    for (const label of [t('Local sandbox'), t('Other URL…'), t('Production'), t('Staging')]) assert.ok(items.includes(label), `URL choices ${JSON.stringify(items)} lack "${label}"`);
    for (const english of ['Local sandbox', 'Other URL…', 'Production', 'Staging']) assert.ok(!items.includes(english), `English choice "${english}" left`);
    await shot('add-connection-url-es');
    await vsc.answerQuickPick(page, t('Local sandbox'), { placeholder: urlPlaceholder, expectClose: false });
    await vsc.waitForPrompt(page, { prompt: t('A name for this connection') });
    const nameInput = page.locator(vsc.SEL.quickInputBox);
    assert.equal(await nameInput.inputValue(), t('Local sandbox ({0})', 'Minotaur Sales'), 'the default name is Spanish');
    await vsc.answerInputBox(page, CONNECTION, { prompt: t('A name for this connection'), expectClose: false });
    await vsc.waitForPrompt(page, { prompt: t("API key (filled in with the sandbox's full-access demo key)") });
    await shot('add-connection-key-es');
    const keyInput = page.locator(vsc.SEL.quickInputBox);
    assert.equal(await keyInput.getAttribute('type'), 'password');
    await keyInput.press('Enter');
    await page.locator(vsc.SEL.quickInput).waitFor({ state: 'hidden', timeout: 15000 });
    const account = (await api(sandboxUrl, 'GET', '/customer/summary')).body.customer.business_name;
    const text = await vsc.waitForNotification(page, t('Connected "{0}" (account {1}).', CONNECTION, account));
    assert.ok(!/Connected "/.test(text), `English notification: ${text}`);
  });

  await check('the tree shows Spanish folder names and "Cargar más — 50 de N", no English folder names', async () => {
    const connection = vsc.treeRowByLabel(page, CONNECTION, { level: 1 });
    await connection.waitFor({ state: 'visible', timeout: 15000 });
    await connection.locator('.monaco-tl-twistie').click();
    const contacts = t('Contacts');
    await vsc.treeRowByLabel(page, contacts, { level: 2 }).waitFor({ state: 'visible', timeout: 15000 });
    const rows = await vsc.treeRowsInfo(page);
    const folders = rows.filter((r) => r.level === 2).map((r) => r.label);
    for (const f of ENGLISH_FOLDERS) {
      assert.ok(folders.includes(t(f)), `folder "${t(f)}" missing from ${folders.join(', ')}`);
      assert.ok(!folders.includes(f), `English folder name "${f}" left`);
    }
    const description = (await connection.innerText()).replace(/\s+/g, ' ');
    assert.ok(description.includes(t('{0} · active', 'Minotaur Sales')) || description.includes(`Minotaur Sales · ${t('active')}`), `connection row: ${description}`);
    assert.ok(!/· active\b/.test(description), `English "active" left: ${description}`);
    await vsc.treeRowByLabel(page, contacts, { level: 2 }).locator('.monaco-tl-twistie').click();
    // the first page has arrived when the folder's first child row is rendered
    await page.locator(`${vsc.SEL.treeRow}[aria-level="3"]`).first().waitFor({ state: 'visible', timeout: 20000 });
    const total = await contactsTotal(sandboxUrl);
    const loadMore = vsc.treeRowByLabel(page, t('Load more — {0} of {1}', fmt(50), fmt(total)), { level: 3 });
    await vsc.scrollTreeTo(page, loadMore);
    await shot('tree-es');
  });

  await check('the status bar shows "créditos", not "credits"', async () => {
    const summary = await api(sandboxUrl, 'GET', '/customer/summary');
    const balance = summary.body.subscription.balance;
    const item = page.locator(vsc.SEL.statusBarItem(STATUS_ID)).filter({ hasText: t('{0} credits', fmt(balance)) });
    await item.waitFor({ state: 'visible', timeout: 15000 });
    const text = (await item.innerText()).replace(/\s+/g, ' ').trim();
    assert.equal(text, `${CONNECTION} · ${summary.body.customer.business_name} · ${t('{0} credits', fmt(balance))}`);
    assert.ok(!/\bcredits\b/.test(text), `English "credits" left: ${text}`);
    await shot('status-bar-es');
    // for the docs: the folder names and the status bar together (Contactos collapsed again)
    const contacts = vsc.treeRowByLabel(page, t('Contacts'), { level: 2 });
    await vsc.scrollTreeTo(page, contacts, { direction: 'up' });
    await contacts.locator('.monaco-tl-twistie').click();
    await vsc.treeRowByLabel(page, t('Jobs'), { level: 2 }).waitFor({ state: 'visible', timeout: 10000 });
    await docShot(shot, 'spanish-ui', { x: 0, y: 0, width: 760, height: 1000 });
  });

  await check('the command palette lists "CRM: Agregar conexión…"', async () => {
    const spanish = `CRM: ${nlsEs['cmd.addConnection']}`;
    await vsc.openPalette(page);
    await page.locator(vsc.SEL.quickInputBox).fill(`>${spanish}`);
    const row = page.locator(vsc.SEL.quickInputRows).filter({ has: page.locator('.label-name', { hasText: spanish }) }).first();
    await row.waitFor({ state: 'visible', timeout: 10000 });
    // VS Code shows a localized command's English title as a secondary "alias" (so English searches still find it);
    // the command's own label must be Spanish.
    const label = (await row.locator('.label-name').first().innerText()).trim();
    assert.equal(label, spanish);
    await shot('palette-es');
    await page.keyboard.press('Escape');
  });

  await check('the command palette lists "CRM: Exportar…" (the export command merged after the first pass)', async () => {
    const spanish = `CRM: ${nlsEs['cmd.export']}`;
    assert.equal(spanish, 'CRM: Exportar…');
    await vsc.openPalette(page);
    await page.locator(vsc.SEL.quickInputBox).fill(`>${spanish}`);
    const row = page.locator(vsc.SEL.quickInputRows).filter({ has: page.locator('.label-name', { hasText: spanish }) }).first();
    await row.waitFor({ state: 'visible', timeout: 10000 });
    assert.equal((await row.locator('.label-name').first().innerText()).trim(), spanish);
    await page.keyboard.press('Escape');
  });

  await check('Welcome: Open Walkthrough… opens "Introducción a CRM Explorer" with its four Spanish steps', async () => {
    await vsc.runCommand(page, 'Welcome: Open Walkthrough...');
    await vsc.answerQuickPick(page, nlsEs['walkthrough.title'], { timeout: 15000 });
    const container = page.locator('.gettingStartedContainer');
    await container.getByText(nlsEs['walkthrough.connect.title'], { exact: true }).first().waitFor({ state: 'visible', timeout: 20000 });
    const text = await container.innerText();
    for (const key of ['walkthrough.title', 'walkthrough.connect.title', 'walkthrough.browse.title', 'walkthrough.edit.title', 'walkthrough.runJob.title']) {
      assert.ok(text.includes(nlsEs[key]), `walkthrough lacks "${nlsEs[key]}"`);
      assert.ok(!text.includes(nlsEn[key]), `English "${nlsEn[key]}" left in the walkthrough`);
    }
    await shot('walkthrough-es');
  });

  await check('the record form (Crear registro… on Contactos) is Spanish: title, labels, buttons; no English labels', async () => {
    await vsc.clickTreeRowAction(page, vsc.treeRowByLabel(page, t('Contacts'), { level: 2 }), nlsEs['cmd.createRecord']);
    const f = vsc.webviewFrame(page, { extensionId });
    await f.locator('#first_name').waitFor({ state: 'visible', timeout: 20000 });
    const text = await f.locator('body').innerText();
    for (const label of [t('First name'), t('Last name'), t('Cancel')]) assert.ok(text.includes(label), `form lacks "${label}"`);
    assert.match(await f.locator('#save').innerText(), new RegExp(`^\\s*${t('Create {0}', '').trim()}`));
    for (const english of [/\bFirst name\b/, /\bLast name\b/, /\bCancel\b/, /\bSave changes\b/, /\bUnsaved changes\b/]) assert.doesNotMatch(text, english, `English left in the form: ${english}`);
    await shot('record-form-es');
    await f.locator('#cancel').click();
  });

  await check('no page dialogs opened', async () => assert.deepEqual(dialogs, []));
}
