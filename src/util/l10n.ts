/**
 * Translation for modules that must not import `vscode` (they are unit-tested in plain Node): `t('Hello {0}', name)`
 * has exactly the contract of `vscode.l10n.t` — the English message is the key of l10n/bundle.l10n.<lang>.json and
 * `{0}`, `{1}` are replaced by the arguments. Modules that import `vscode` anyway call `vscode.l10n.t` directly.
 *
 * In the extension host `vscode.l10n.t` is used; where there is no `vscode` (unit tests) the English message is
 * formatted. Tests may inject their own translator with `setTranslator` (and restore it with the function it returns).
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** `{0}`-style formatting of the English message, as vscode.l10n.t does when no bundle applies. */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });

// Declared here because this module is also type-checked for the webview (tsc -p src/webview), which has no Node
// types; at run time it is the extension host's (or the unit tests') CommonJS require.
declare const require: (id: string) => unknown;

function hostTranslate(): Translate {
  try {
    // Resolved at run time: `vscode` exists only inside the extension host. esbuild leaves a require() that it cannot
    // resolve inside try/catch as it is, so the unit-test bundles get the English fallback.
    const vscode = require('vscode') as typeof import('vscode');
    return (message, ...args) => vscode.l10n.t(message, ...args);
  } catch {
    return english;
  }
}

let active: Translate | undefined;

export function t(message: string, ...args: Array<string | number | boolean>): string {
  active ??= hostTranslate();
  return active(message, ...args);
}

/** Replace the translator (tests); returns a function that restores the previous one. */
export function setTranslator(translate: Translate): () => void {
  const previous = active;
  active = translate;
  return () => {
    active = previous;
  };
}

/**
 * Marks a message for extraction where it is defined but cannot be translated yet — a module-level constant, a zod
 * schema's `error` (schemas are built when their module loads, which must not depend on the display language) or a
 * form field's label that the webview shows — and returns it unchanged. `tr()` translates it where it is shown.
 * scripts/l10n-check.mjs extracts `msg('…')` like `t('…')`, so such messages need a translation too.
 */
export const msg = (message: string): string => message;

/**
 * Translates a message that is not a literal at the call site: one marked with `msg()` (a schema's issue message, a
 * form label) or an English message that may not be in the bundle at all (then it is shown as it is).
 */
export function tr(message: string, ...args: Array<string | number | boolean>): string {
  return t(message, ...args);
}

/** A translator that looks messages up in a bundle (English message → translation), e.g. the one sent to a webview. */
export function bundleTranslator(bundle: Readonly<Record<string, string>> | undefined): Translate {
  return (message, ...args) => english(bundle && Object.hasOwn(bundle, message) ? bundle[message]! : message, ...args);
}
