// One measured VS Code session (code-server + a fresh browser context + a fresh user-data dir):
//   activation  open the CRM and the Bench Control activity-bar containers (alternating which goes first), so both
//               activate on onView; read "Developer: Show Running Extensions" (Activation: N ms) and the
//               "Developer: Startup Performance" activation table (load code / call activate / finish activate)
//   tree        the sandbox connection (auto-connected through CRM_EXPLORER_SANDBOX_URL) → expand it → click
//               "Contacts" until the "Load more — 50 of" row is rendered; click that row until "Load more — 100 of"
// Timings of the tree are taken INSIDE the page: from the mousedown on the row to the first animation frame after
// the awaited row is in the DOM (a MutationObserver sees it), so Playwright's round trips are not counted. The
// Playwright-side wall time is recorded next to it.
/* global document, window, MutationObserver, requestAnimationFrame -- used inside page.evaluate() callbacks, which run in the browser */
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer, prepareUserData, workbenchUrl, log, sleep, stopGroup } from '../harness/lib.mjs';
import * as vsc from '../harness/vscode-page.mjs';
import { CONTROL } from './control.mjs';

export const OURS = { id: 'crm-explorer.crm-explorer', displayName: 'CRM Explorer', container: 'CRM' };
// Tall enough that 100 contact rows + their "Load more" row are all rendered (the tree is virtualised: rows outside
// the viewport are not in the DOM, so a row we wait for must fit).
export const VIEWPORT = { width: 1400, height: 2800 };
// The sandbox connection(s) the extension auto-connects (CRM_EXPLORER_SANDBOX_URL): Minotaur first, then — in newer
// versions — OpenProspect as well.
export const MINOTAUR_ROW = 'Local sandbox (Minotaur';
export const OPENPROSPECT_ROW = 'Local sandbox (OpenProspect';

const exactLabel = (page, text) =>
  page.locator(vsc.SEL.treeRow).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${vsc.reEscape(text)}\\s*$`) }) }).first();

async function withTimeout(promise, ms, what) {
  let t;
  const timer = new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`${what} timed out after ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([promise, timer]);
  } finally {
    clearTimeout(t);
  }
}

/**
 * Click `row` and time, inside the page, until a sidebar tree row whose text contains `until` is rendered.
 * Returns { ms (mousedown → first frame after the row is in the DOM), domMs (→ DOM), clickMs (click event →
 * frame), playwrightMs (Node-side wall time of click + wait) }.
 */
export async function timeRowClick(page, row, startText, until, { timeout = 20000 } = {}) {
  const already = await page.evaluate((u) => [...document.querySelectorAll('.part.sidebar .monaco-list-row')].some((r) => (r.textContent || '').includes(u)), until);
  if (already) throw new Error(`"${until}" is already shown before the click`);
  await page.evaluate(
    ({ start, end }) => {
      const sidebar = document.querySelector('.part.sidebar');
      const rowOf = (t) => (t && t.closest ? t.closest('.monaco-list-row') : null);
      const found = () => [...sidebar.querySelectorAll('.monaco-list-row')].some((r) => (r.textContent || '').includes(end));
      const st = { down: undefined, click: undefined };
      window.__benchTiming = new Promise((resolve) => {
        const onDown = (e) => {
          const r = rowOf(e.target);
          if (st.down === undefined && r && (r.textContent || '').includes(start)) st.down = performance.now();
        };
        const onClick = (e) => {
          const r = rowOf(e.target);
          if (st.click === undefined && r && (r.textContent || '').includes(start)) st.click = performance.now();
        };
        document.addEventListener('mousedown', onDown, true);
        document.addEventListener('click', onClick, true);
        const mo = new MutationObserver(() => {
          if (st.down === undefined || !found()) return;
          const dom = performance.now();
          mo.disconnect();
          document.removeEventListener('mousedown', onDown, true);
          document.removeEventListener('click', onClick, true);
          requestAnimationFrame(() => resolve({ ...st, dom, frame: performance.now() }));
        });
        mo.observe(sidebar, { childList: true, subtree: true, characterData: true, attributes: true });
      });
    },
    { start: startText, end: until },
  );
  const t0 = Date.now();
  await row.click();
  const r = await page.evaluate(
    (ms) => Promise.race([window.__benchTiming, new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]),
    timeout,
  ).catch((e) => {
    throw new Error(`"${until}" did not appear within ${timeout / 1000} s after clicking "${startText}" (${String(e.message).split('\n')[0]})`);
  });
  return {
    ms: r.frame - r.down,
    domMs: r.dom - r.down,
    clickMs: r.click !== undefined ? r.frame - r.click : null,
    playwrightMs: Date.now() - t0,
  };
}

/** Parse the "Extension Activation Stats" table of "Developer: Startup Performance" for the given extension ids. */
export function parseStartupPerf(text, ids) {
  const lines = text.split('\n');
  const out = {};
  let header = null;
  for (const line of lines) {
    if (!line.trim().startsWith('|')) {
      header = null;
      continue;
    }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (/^Extension$/i.test(cells[0]) && cells.some((c) => /Load Code/i.test(c))) {
      header = cells;
      continue;
    }
    if (!header || !ids.includes(cells[0])) continue;
    const col = (re) => cells[header.findIndex((h) => re.test(h))];
    const num = (v) => (v === undefined || v === '' ? null : Number(v));
    out[cells[0]] = {
      eager: col(/Eager/i),
      loadCodeMs: num(col(/Load Code/i)),
      callActivateMs: num(col(/Call Activate/i)),
      finishActivateMs: num(col(/Finish Activate/i)),
      event: col(/Event/i),
    };
  }
  return out;
}

async function readStartupPerformance(page, file) {
  await vsc.runCommand(page, 'Developer: Startup Performance');
  await vsc.waitForTab(page, 'Startup Performance');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ timeout: 15000 });
  let text = '';
  // the document is filled in asynchronously: copy until the activation table is there
  for (let i = 0; i < 10; i++) {
    await sleep(500);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    text = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
    if (/Extension Activation Stats/i.test(text) && text.includes(OURS.id)) break;
  }
  fs.writeFileSync(file, text);
  return text;
}

async function runningExtensionRows(page, names) {
  await vsc.runCommand(page, 'Developer: Show Running Extensions');
  const out = {};
  for (const name of names) {
    const row = page.locator(vsc.SEL.runningExtensionsRow, { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 20000 });
    let text = '';
    for (let i = 0; i < 20; i++) {
      text = (await row.innerText()).replace(/\s+/g, ' ').trim();
      if (vsc.activationMs(text) !== undefined) break;
      await sleep(250);
    }
    out[name] = { row: text, activationMs: vsc.activationMs(text) ?? null };
  }
  return out;
}

/**
 * Wait until the extension host has finished starting: its log says "Eager extensions activated", the
 * onStartupFinished activations follow, then the log stays unchanged for `quietMs`. Activation is then measured on
 * an idle extension host instead of racing VS Code's own startup (built-in git/github load code meanwhile).
 */
export async function waitForExtensionHostIdle(userDataDir, { timeout = 30000, quietMs = 1000 } = {}) {
  const t0 = Date.now();
  const find = () => {
    const logs = path.join(userDataDir, 'logs');
    if (!fs.existsSync(logs)) return null;
    for (const d of fs.readdirSync(logs).sort().reverse()) {
      const f = path.join(logs, d, 'exthost1', 'remoteexthost.log');
      if (fs.existsSync(f)) return f;
    }
    return null;
  };
  let file = null;
  let size = -1;
  let since = Date.now();
  while (Date.now() - t0 < timeout) {
    file ??= find();
    const text = file ? fs.readFileSync(file, 'utf8') : '';
    if (text.length !== size) {
      size = text.length;
      since = Date.now();
    } else if (/Eager extensions activated/.test(text) && Date.now() - since >= quietMs) {
      return Date.now() - t0;
    }
    await sleep(100);
  }
  throw new Error(`the extension host did not settle within ${timeout / 1000} s (${file || 'no remoteexthost.log'})`);
}

/** Open a container and wait until its extension has visibly activated (its view shows content). */
async function openAndWaitActivated(page, which, { sandboxConnected }) {
  if (which === 'control') {
    await vsc.openViewContainer(page, CONTROL.container);
    await vsc.waitForTreeRow(page, CONTROL.itemLabel, { timeout: 20000 });
  } else {
    await vsc.openViewContainer(page, OURS.container);
    if (sandboxConnected) await vsc.waitForTreeRow(page, MINOTAUR_ROW, { timeout: 20000 });
    else await page.locator(`${vsc.SEL.treeRow}, .part.sidebar .welcome-view-content`).first().waitFor({ timeout: 20000 });
  }
}

/**
 * One session. opts: { index, runDir, extensionsDir, sandboxUrl, browser, activation: bool, tree: bool }
 * Resolves { index, order, activation?: {...}, tree?: {...}, errors: [] } (never throws for a failed measurement).
 */
export async function uiSession(opts) {
  const { index, runDir, extensionsDir, sandboxUrl, browser } = opts;
  const dir = path.join(runDir, `ui-${index}`);
  const userDataDir = path.join(dir, 'user-data');
  const configFile = path.join(dir, 'config.yaml');
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  prepareUserData(userDataDir, { 'workbench.tree.enableStickyScroll': false });
  const order = opts.activation ? (index % 2 === 0 ? ['crm', 'control'] : ['control', 'crm']) : ['crm'];
  const result = { index, order, errors: [] };
  let server, context, page;
  const shot = async (name) => page && page.screenshot({ path: path.join(dir, `${name}.png`) }).catch(() => {});
  const attempt = async (what, fn) => {
    try {
      return await fn();
    } catch (e) {
      const msg = String((e && e.message) || e).split('\n')[0];
      result.errors.push(`${what}: ${msg}`);
      log(`  run ${index + 1}: ${what} FAILED: ${msg}`);
      await shot(`FAIL-${what.replace(/\W+/g, '-')}`);
      return undefined;
    }
  };
  try {
    server = await startCodeServer({ userDataDir, extensionsDir, configFile, folder: workspace, logFile: path.join(dir, 'code-server.log'),
      env: { CRM_EXPLORER_SANDBOX_URL: sandboxUrl } });
    context = await browser.newContext({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    const consoleLog = fs.createWriteStream(path.join(dir, 'console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e.message}\n`));
    page.on('close', () => consoleLog.end());
    await page.goto(workbenchUrl(server.url, workspace));
    await vsc.waitForWorkbench(page);
    result.extensionHostSettledMs = await waitForExtensionHostIdle(userDataDir).catch((e) => {
      log(`  run ${index + 1}: ${e.message}; measuring anyway`);
      return null;
    });
    await sleep(300);

    const opened = await attempt('open views', async () => {
      for (const which of order) {
        await openAndWaitActivated(page, which, { sandboxConnected: true });
        await sleep(700); // let the first extension's after-activation work (auto-connect, status bar) settle
      }
      return true;
    });

    if (opts.tree && opened) {
      const firstPage = await attempt('first page', async () => {
        await vsc.openViewContainer(page, OURS.container);
        const conn = await vsc.waitForTreeRow(page, MINOTAUR_ROW, { timeout: 20000 });
        // when the extension also adds the OpenProspect sandbox, let that finish: it refreshes the whole tree
        await vsc.waitForTreeRow(page, OPENPROSPECT_ROW, { timeout: 5000 }).catch(() => {});
        await sleep(300);
        if (!(await vsc.isTreeRowExpanded(page, MINOTAUR_ROW))) await conn.click();
        const contacts = exactLabel(page, 'Contacts');
        await contacts.waitFor({ state: 'visible', timeout: 20000 });
        await sleep(300);
        return timeRowClick(page, contacts, 'Contacts', 'Load more — 50 of');
      });
      if (firstPage) {
        result.tree = { firstPage, loadMore: null };
        result.tree.loadMore = await attempt('load more', async () => {
          // the folder row redraws with the total once the first page is in: let that finish before clicking
          await page
            .waitForFunction(() => [...document.querySelectorAll('.part.sidebar .monaco-list-row')].some((r) =>
              /^\s*Contacts\s*$/.test(r.querySelector('.label-name')?.textContent || '') && /\d/.test(r.querySelector('.label-description')?.textContent || '')), null, { timeout: 5000 })
            .catch(() => {});
          await sleep(500);
          const consoleErrors = [];
          const onConsole = (m) => m.type() === 'error' && /command|loadMore/i.test(m.text()) && consoleErrors.push(m.text().slice(0, 160));
          page.on('console', onConsole);
          try {
            const r = await timeRowClick(page, vsc.treeRow(page, 'Load more — 50 of'), 'Load more — 50 of', 'Load more — 100 of');
            r.row = ((await vsc.treeRow(page, 'Load more — 100 of').textContent()) || '').trim();
            return r;
          } catch (e) {
            throw new Error(`${String(e.message).split('\n')[0]}${consoleErrors.length ? `; the browser console said: ${consoleErrors[0].split('\n')[0]}` : ''}`);
          } finally {
            page.off('console', onConsole);
          }
        }) || null;
        await shot('tree');
      }
    }

    if (opts.activation && opened) {
      result.activation = await attempt('activation', async () => {
        const rows = await runningExtensionRows(page, [OURS.displayName, CONTROL.displayName]);
        await shot('running-extensions');
        const text = await readStartupPerformance(page, path.join(dir, 'startup-performance.md'));
        const perf = parseStartupPerf(text, [OURS.id, CONTROL.id]);
        return {
          ours: { runningExtensionsMs: rows[OURS.displayName].activationMs, row: rows[OURS.displayName].row, startupPerformance: perf[OURS.id] || null },
          control: { runningExtensionsMs: rows[CONTROL.displayName].activationMs, row: rows[CONTROL.displayName].row, startupPerformance: perf[CONTROL.id] || null },
        };
      });
    }
  } catch (e) {
    result.errors.push(`session: ${String((e && e.message) || e).split('\n')[0]}`);
    await shot('FAIL-session');
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) await stopGroup(server.proc, 1500); // no graceful shutdown needed: the profile is thrown away
    keepLogsOnly(userDataDir, dir);
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  result.chunkLoads = readChunkLoads(path.join(dir, 'vscode-logs'));
  return result;
}

/**
 * How long each lazily loaded chunk took to load in this session, from the extension's own log ("loaded
 * dist/core.js in 41.2 ms", written by src/lazy.ts): what the first command or expand pays when the chunk is not
 * loaded yet. { core: ms, openprospect: ms } (chunks this session never loaded are absent).
 */
export function readChunkLoads(logsDir) {
  const loads = {};
  const visit = (d) => {
    let names;
    try {
      names = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of names) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (/CRM Explorer.*\.log$/.test(e.name)) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/loaded dist\/(\w+)\.js in ([\d.]+) ms/g)) loads[m[1]] ??= Number(m[2]);
      }
    }
  };
  visit(logsDir);
  return loads;
}

/** Keep a session's VS Code logs (extension host's included) as `<dir>/vscode-logs`; drop the rest of the profile. */
export function keepLogsOnly(userDataDir, dir) {
  const logs = path.join(userDataDir, 'logs');
  try {
    if (fs.existsSync(logs)) fs.renameSync(logs, path.join(dir, 'vscode-logs'));
  } catch { /* keep going: logs are a convenience */ }
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

export { withTimeout };
