#!/usr/bin/env node
// Localisation completeness, without @vscode/l10n-dev (not a dependency):
//   * every runtime message — the first argument of `vscode.l10n.t(...)`, `l10n.t(...)` or, in files importing it
//     from src/util/l10n, `t(...)` — must be a plain string literal (a template literal or a variable cannot be
//     looked up in a bundle) and must have a translation in l10n/bundle.l10n.<lang>.json;
//   * every key of package.nls.json must have a value in package.nls.<lang>.json;
//   * a translation must keep the placeholders of its message ({0}, {1}, …), and no translation may be left over
//     for a message the code no longer uses.
// usage: node scripts/l10n-check.mjs [--lang=es] [--write-english] [--json]
//   --write-english regenerates l10n/bundle.l10n.json (the English messages, for translators); --json prints
//   {messages, problems} for the unit test
// exit 0 when complete, 1 with the list of problems otherwise. The unit test test/unit/l10n.test.ts runs the same checks.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
export const ROOT = path.resolve(path.dirname(SELF), '..');

function sourceFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

/** Reads the JS string literal starting at text[i] (a quote); returns [value, end] or undefined. */
function readStringLiteral(text, i) {
  const quote = text[i];
  if (quote !== "'" && quote !== '"') return undefined;
  let value = '';
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      const next = text[j + 1];
      const escapes = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
      if (next === 'u') {
        value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
        j += 5;
      } else {
        value += escapes[next] ?? next;
        j += 1;
      }
    } else if (c === quote) {
      return [value, j + 1];
    } else if (c === '\n') {
      return undefined;
    } else value += c;
  }
  return undefined;
}

/**
 * Every translatable message in src/: { messages: Map<message, [file:line]>, problems: [string] }.
 * `problems` lists calls whose message is not a string literal.
 */
export function extractMessages(root = ROOT) {
  const messages = new Map();
  const problems = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    if (rel === path.join('src', 'util', 'l10n.ts')) continue;
    const usesT = /import\s*\{[^}]*\bt\b[^}]*\}\s*from\s*'[./]*util\/l10n'/.test(text);
    // msg('…') marks a message translated later with tr() (schema errors, form labels): extracted the same way
    const usesMsg = /import\s*\{[^}]*\bmsg\b[^}]*\}\s*from\s*'[./]*util\/l10n'/.test(text);
    const names = ['\\bl10n\\.t', ...(usesT ? ['(?<![\\w$.])t'] : []), ...(usesMsg ? ['(?<![\\w$.])msg'] : [])];
    const call = new RegExp(`(?:${names.join('|')})\\(\\s*`, 'g');
    for (const match of text.matchAll(call)) {
      const start = match.index + match[0].length;
      const line = text.slice(0, match.index).split('\n').length;
      const where = `${rel}:${line}`;
      // skip the declaration `function t(` and type positions
      if (/(?:function|const)\s+$/.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
      const literal = readStringLiteral(text, start);
      if (!literal) {
        problems.push(`${where}: the message is not a plain string literal: ${text.slice(start, start + 60).split('\n')[0]}`);
        continue;
      }
      const [value] = literal;
      if (!messages.has(value)) messages.set(value, []);
      messages.get(value).push(where);
    }
  }
  return { messages, problems };
}

const placeholders = (text) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort().join(' ');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** All problems for `lang` (empty when the translation is complete). */
export function checkLanguage(lang = 'es', root = ROOT) {
  const problems = [];
  const { messages, problems: extraction } = extractMessages(root);
  problems.push(...extraction);
  const bundleFile = path.join(root, 'l10n', `bundle.l10n.${lang}.json`);
  const bundle = fs.existsSync(bundleFile) ? readJson(bundleFile) : {};
  for (const [message, where] of messages) {
    const translated = bundle[message];
    if (typeof translated !== 'string' || !translated.trim()) problems.push(`l10n/bundle.l10n.${lang}.json: no translation for ${JSON.stringify(message)} (${where[0]})`);
    else if (placeholders(translated) !== placeholders(message)) problems.push(`l10n/bundle.l10n.${lang}.json: placeholders differ for ${JSON.stringify(message)}`);
  }
  for (const key of Object.keys(bundle)) if (!messages.has(key)) problems.push(`l10n/bundle.l10n.${lang}.json: unused translation ${JSON.stringify(key)}`);

  const nls = readJson(path.join(root, 'package.nls.json'));
  const nlsFile = path.join(root, `package.nls.${lang}.json`);
  const nlsLang = fs.existsSync(nlsFile) ? readJson(nlsFile) : {};
  for (const [key, english] of Object.entries(nls)) {
    const translated = nlsLang[key];
    if (typeof translated !== 'string' || !translated.trim()) problems.push(`package.nls.${lang}.json: no value for "${key}"`);
    else if (typeof english === 'string' && placeholders(translated) !== placeholders(english)) problems.push(`package.nls.${lang}.json: placeholders differ for "${key}"`);
  }
  for (const key of Object.keys(nlsLang)) if (!(key in nls)) problems.push(`package.nls.${lang}.json: "${key}" is not in package.nls.json`);

  // Every %key% used in package.json must exist in package.nls.json.
  const manifest = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  for (const [, key] of manifest.matchAll(/"%([^"%]+)%"/g)) if (!(key in nls)) problems.push(`package.json: %${key}% is not in package.nls.json`);
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const langArg = process.argv.find((a) => a.startsWith('--lang='));
  const lang = langArg ? langArg.slice(7) : 'es';
  if (process.argv.includes('--write-english')) {
    const { messages } = extractMessages();
    const english = Object.fromEntries([...messages.keys()].sort().map((m) => [m, m]));
    fs.mkdirSync(path.join(ROOT, 'l10n'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), JSON.stringify(english, null, 2) + '\n');
    console.log(`l10n/bundle.l10n.json: ${messages.size} messages`);
  }
  const problems = checkLanguage(lang);
  if (process.argv.includes('--json')) {
    // for test/unit/l10n.test.ts: the messages found and the problems, as one JSON document
    console.log(JSON.stringify({ messages: [...extractMessages().messages.keys()], problems }));
    process.exit(problems.length ? 1 : 0);
  }
  for (const p of problems) console.log(p);
  console.log(problems.length ? `${problems.length} localisation problem(s) for "${lang}"` : `"${lang}" is complete`);
  process.exit(problems.length ? 1 : 0);
}
