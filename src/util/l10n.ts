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

/** The `vscode` module inside the extension host; undefined in unit tests and the webview. */
function hostVscode(): typeof import('vscode') | undefined {
  try {
    // Resolved at run time: `vscode` exists only inside the extension host. esbuild leaves a require() that it cannot
    // resolve inside try/catch as it is, so the unit-test bundles get the English fallback.
    return require('vscode') as typeof import('vscode');
  } catch {
    return undefined;
  }
}

function hostTranslate(): Translate {
  const vscode = hostVscode();
  return vscode ? (message, ...args) => vscode.l10n.t(message, ...args) : english;
}

let active: Translate | undefined;

export function t(message: string, ...args: Array<string | number | boolean>): string {
  active ??= hostTranslate();
  return active(message, ...args);
}

/**
 * Numbers, dates and times are written the way the display language writes them (VS Code's `env.language`, not the
 * machine's locale), like the words around them: "12,345" in English is "12.345" in Spanish, where "12,345" would
 * read as twelve point three four five. The webview gets the language in its init message (`setLocale`).
 */
let locale: string | undefined;
let formats: { number: Intl.NumberFormat; date: Intl.DateTimeFormat; time: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat } | undefined;

function localeFormats() {
  if (formats) return formats;
  locale ??= hostVscode()?.env.language ?? 'en';
  const make = (tag: string) => ({
    number: new Intl.NumberFormat(tag),
    date: new Intl.DateTimeFormat(tag, { dateStyle: 'medium' }),
    time: new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' }),
    dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }),
  });
  try {
    formats = make(locale);
  } catch {
    formats = make('en'); // a language tag Intl does not accept (RangeError)
  }
  return formats;
}

/** A count or amount: 12,345 (English), 12.345 (Spanish). */
export const formatNumber = (n: number): string => localeFormats().number.format(n);
// Intl throws on an invalid date; Date's own methods say "Invalid Date", which is what a bad stored value shows.
const dateText = (date: Date, format: Intl.DateTimeFormat) => (Number.isNaN(date.getTime()) ? String(date) : format.format(date));
/** A day: "Nov 23, 2026" / "23 nov 2026". */
export const formatDate = (date: Date): string => dateText(date, localeFormats().date);
/** An hour and minute: "09:05 PM" / "21:05". */
export const formatTime = (date: Date): string => dateText(date, localeFormats().time);
/** A day and time. */
export const formatDateTime = (date: Date): string => dateText(date, localeFormats().dateTime);

/** Format for `tag` from now on (the webview: the language the extension sent; tests); returns the restore function. */
export function setLocale(tag: string): () => void {
  const previous = { locale, formats };
  locale = tag;
  formats = undefined;
  return () => {
    ({ locale, formats } = previous);
  };
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
