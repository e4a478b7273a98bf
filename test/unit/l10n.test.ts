/**
 * Localisation: every runtime message has a Spanish translation and every package.nls key a Spanish value (the same
 * checks as `node scripts/l10n-check.mjs`), and pure modules translate whole sentences through the injectable t().
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { confirmationText, countProblem, insufficientBalance } from '../../src/jobs/creditActions';
import { checkBaseUrl } from '../../src/connections/urlPolicy';
import { bundleTranslator as sharedBundleTranslator, english, formatDate, formatDateTime, formatNumber, formatTime, setLocale, setTranslator, t } from '../../src/util/l10n';
import { rowsSummary, validate } from '../../src/views/form/formModel';
import { describeFields, formSpec } from '../../src/views/form/formSpecs';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;

/** What vscode.l10n.t does with a bundle: look the English message up, then fill in {0}, {1}, … */
const bundleTranslator = (bundle: Record<string, string>) => (message: string, ...args: Array<string | number | boolean>) =>
  english(bundle[message] ?? message, ...args);

/** scripts/l10n-check.mjs --json: the messages it extracted from src/ and the problems it found for Spanish. */
function runCheck(): { messages: string[]; problems: string[] } {
  const run = spawnSync(process.execPath, [path.join(root, 'scripts/l10n-check.mjs'), '--lang=es', '--json'], { encoding: 'utf8' });
  assert.ok(run.stdout, `l10n-check printed nothing: ${run.stderr}`);
  return JSON.parse(run.stdout) as { messages: string[]; problems: string[] };
}

describe('localisation', () => {
  const check = runCheck();

  it('every runtime string has a Spanish translation and every package.nls key a Spanish value', () => {
    assert.deepEqual(check.problems, [], check.problems.join('\n'));
  });

  it('finds the messages of vscode.l10n.t and of t() calls (a sanity check of the extractor)', () => {
    assert.ok(check.messages.length > 100, `only ${check.messages.length} messages found`);
    assert.ok(check.messages.includes('Add CRM Connection'), 'vscode.l10n.t in src/commands/connections.ts');
    assert.ok(check.messages.includes('Unlock {0} for {1}?'), 't() in src/jobs/creditActions.ts');
  });

  it('keeps product names, command ids and setting names in English in the Spanish texts', () => {
    const es = readJson('package.nls.es.json');
    assert.match(es['walkthrough.connect.description'] ?? '', /\(command:crm\.addConnection\)/);
    assert.match(es['welcome.connections'] ?? '', /\(command:crm\.trySandbox\)/);
    assert.match(es.description ?? '', /Minotaur Sales/);
    const bundle = readJson('l10n/bundle.l10n.es.json');
    assert.match(bundle['{0} timed out after {1} s. The server may be slow; try again or raise crm.requestTimeoutSeconds.'] ?? '', /crm\.requestTimeoutSeconds/);
  });

  it('formats English with {0}-style placeholders when no translator is set (plain Node)', () => {
    assert.equal(t('Filter {0}', 'Contacts'), 'Filter Contacts');
    assert.equal(english('{0} of {1}', 3, 10), '3 of 10');
    assert.equal(english('{0} and {2}', 'a'), 'a and {2}');
  });

  it('pure modules speak Spanish, in whole sentences, once a translator is set', () => {
    const restore = setTranslator(bundleTranslator(readJson('l10n/bundle.l10n.es.json')));
    try {
      const text = confirmationText({
        action: 'unlock',
        connectionName: 'Sandbox',
        summary: 'x',
        records: 3,
        exact: true,
        balance: { known: true, credits: 5000 },
      });
      assert.equal(text.message, '¿Desbloquear 3 prospectos por 3 créditos?');
      assert.equal(text.button, 'Desbloquear 3 prospectos');
      assert.match(text.detail, /^Saldo: 5,000 créditos → 4,997 créditos después$/m);
      assert.equal(countProblem('abc', 10), 'Escribe un número entero.');
      const refusal = insufficientBalance({ action: 'verify', connectionName: 'S', summary: '', records: 1, exact: true, balance: { known: true, credits: 0 } });
      assert.match(refusal ?? '', /^No hay créditos suficientes en "S": verificar 1 correo requiere 1 crédito/);
      const url = checkBaseUrl('http://example.com/api');
      assert.ok(!url.ok && /^No se enviará una clave de API por http/.test(url.reason));
    } finally {
      restore();
    }
    assert.equal(confirmationText({ action: 'verify', connectionName: 'S', summary: '', records: 1, exact: true, balance: { known: false, reason: 'r' } }).message, 'Verify 1 email for 1 credit?');
  });

  it('writes numbers and dates the way the display language does, not en-US everywhere', () => {
    // Without VS Code (plain Node) the display language is English.
    assert.equal(formatNumber(12345), '12,345');
    const restore = setLocale('es');
    try {
      // Spanish groups thousands with a dot (and, per CLDR, not at all below 10,000); "12,345" would read as a decimal.
      assert.equal(formatNumber(12345), '12.345');
      assert.equal(formatNumber(2000), '2000');
      assert.equal(formatNumber(1_234_567), '1.234.567');
      const date = new Date(2026, 10, 23, 21, 5);
      assert.equal(formatTime(date), '21:05');
      assert.match(formatDate(date), /^23 nov 2026$/);
      assert.match(formatDateTime(date), /^23 nov 2026, 21:05$/);
      // A bad stored date shows as Date itself would say, instead of throwing (Intl throws a RangeError).
      assert.equal(formatDateTime(new Date('not a date')), 'Invalid Date');
    } finally {
      restore();
    }
    assert.equal(formatNumber(12345), '12,345', 'setLocale restores the previous language');
    const restoreBad = setLocale('not a language tag!');
    try {
      assert.equal(formatNumber(12345), '12,345', 'an unusable tag falls back to English');
    } finally {
      restoreBad();
    }
  });

  it('the record form speaks Spanish with the bundle the webview gets: labels, help, zod messages, row errors', () => {
    // The same translator and language the webview installs from the init message's `texts` and `locale`
    // (src/webview/form/main.ts); the help texts are described in the extension host, in the same language.
    const restore = setTranslator(sharedBundleTranslator(readJson('l10n/bundle.l10n.es.json')));
    const restoreLocale = setLocale('es');
    try {
      const contact = formSpec('contact');
      const labels = describeFields(contact).map((f) => f.label);
      assert.ok(labels.includes('Nombre') || labels.includes('Nombre de pila'), labels.join(', '));
      assert.ok(!labels.includes('Work email'), labels.join(', '));
      const errors = validate(contact, 'create', {}, { first_name: '', last_name: 'Ruiz', work_email: 'ana@example.com', phone_numbers: [], score: '300' });
      const messages = errors.map((e) => e.message).join(' | ');
      assert.match(messages, /es obligatorio\./);
      assert.match(messages, /La puntuación debe estar entre 0 y 100\./);
      assert.doesNotMatch(messages, /is required|must be/);
      const order = formSpec('opOrder');
      const companies = order.fields.find((f) => f.name === 'companies')!;
      const describedOrder = describeFields(order);
      assert.match(describedOrder.find((f) => f.name === 'companies')!.help ?? '', /^CSV con fila de encabezado: .* Hasta 10\.000 filas\.$/);
      assert.equal(rowsSummary(companies, ['company_name,external_id', 'Acme,1', 'Beta,']), '1 fila válida, 1 fila no válida.');
      const orderErrors = validate(order, 'create', {}, { kind: 'enrichment', title: 'T', features: ['CONTACTS'], companies: ['company_name,external_id', 'Beta,'] });
      assert.match(orderErrors.map((e) => e.message).join(' | '), /^Línea 2: /m);
    } finally {
      restoreLocale();
      restore();
    }
    // without a translator: English, as the tests elsewhere assert
    assert.equal(rowsSummary(formSpec('opOrder').fields.find((f) => f.name === 'companies')!, ['company_name,external_id', 'Acme,1']), '1 valid row, 0 invalid rows.');
  });
});
