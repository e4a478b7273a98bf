/**
 * The title a command has in the user's language, for messages such as "{0} failed: {1}". VS Code translates the
 * manifest it hands to the extension host (`package.nls.<lang>.json` is applied when the extension is scanned), so
 * the command's `title` in `packageJSON` is already the localised one — no second copy of the titles is needed.
 */
import * as vscode from 'vscode';

/** `publisher.name` of package.json: the titles are read from our own manifest only (another extension may have `crm.` commands too). */
export const EXTENSION_ID = 'crm-explorer.crm-explorer';

let titles: Map<string, string> | undefined;

function manifestTitles(): Map<string, string> {
  const map = new Map<string, string>();
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes?: { commands?: unknown } } | undefined;
  const commands: unknown = manifest?.contributes?.commands;
  if (!Array.isArray(commands)) return map;
  for (const c of commands as Array<{ command?: unknown; title?: unknown }>) {
    // An untranslated `%key%` would mean the manifest was not localised: use the fallback rather than show the key.
    if (typeof c?.command === 'string' && typeof c.title === 'string' && !/^%.*%$/.test(c.title)) map.set(c.command, c.title);
  }
  return map;
}

/** "Export…" → "Export": the ellipsis promises more input, which an error message does not. */
export function commandTitle(id: string): string {
  titles ??= manifestTitles();
  const title = titles.get(id);
  if (title) return title.replace(/\s*(…|\.\.\.)$/, '');
  // Commands not in the manifest (internal ones): their id in words, as before.
  const words = id.replace(/^crm\./, '').replace(/([A-Z])/g, ' $1');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
