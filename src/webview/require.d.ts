/**
 * src/util/l10n.ts (shared with the extension) names `require('vscode')` inside try/catch to reach vscode.l10n in the
 * extension host. The webview never gets there: main.ts installs the translator from the init message first (and in
 * a browser the call would throw and fall back to English). Declared for the webview's type check only.
 */
declare function require(id: string): unknown;
