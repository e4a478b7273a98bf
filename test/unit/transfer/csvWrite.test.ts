import * as assert from 'node:assert/strict';
import { parseCsv } from '../../../src/transfer/csv/read';
import { csvCell, csvLine, jsonText, looksLikeFormula } from '../../../src/transfer/csv/write';

const on = { protectFormulas: true };
const off = { protectFormulas: false };

describe('CSV writer', () => {
  it('quotes commas, quotes, CR, LF and edge spaces (RFC 4180), and leaves plain cells bare', () => {
    assert.equal(csvCell('plain', on), 'plain');
    assert.equal(csvCell('Acme, Inc.', on), '"Acme, Inc."');
    assert.equal(csvCell('Say "hi"', on), '"Say ""hi"""');
    assert.equal(csvCell('two\nlines', on), '"two\nlines"');
    assert.equal(csvCell('cr\rhere', on), '"cr\rhere"');
    assert.equal(csvCell(' padded ', on), '" padded "');
    assert.equal(csvCell('a;b', { protectFormulas: true, delimiter: ';' }), '"a;b"');
    assert.equal(csvLine(['a', 'b,c', null], on), 'a,"b,c",\r\n');
  });

  it('prefixes text cells a spreadsheet would run as a formula with an apostrophe (OWASP), only when protecting', () => {
    for (const payload of ['=HYPERLINK("http://x","y")', '+1 555 0100', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      assert.ok(looksLikeFormula(payload), payload);
      assert.ok(csvCell(payload, on).replace(/^"/, '').startsWith("'"), `${JSON.stringify(payload)} → ${csvCell(payload, on)}`);
      assert.ok(!csvCell(payload, off).replace(/^"/, '').startsWith("'"));
    }
    // Quoting still applies after the prefix.
    assert.equal(csvCell('=1+2,3', on), `"'=1+2,3"`);
    assert.equal(csvCell('=cmd|"/C calc"!A0', on), `"'=cmd|""/C calc""!A0"`);
    // Safe text and numbers are untouched: -5 from a JSON number is a number, not a formula.
    assert.equal(csvCell('a=b', on), 'a=b');
    assert.equal(csvCell(-5, on), '-5');
    assert.equal(csvCell(false, on), 'false');
  });

  it('writes nested values as JSON text in one cell, null and undefined as empty', () => {
    assert.equal(csvCell(null, on), '');
    assert.equal(csvCell(undefined, on), '');
    assert.equal(csvCell(['+1 555', 'x'], on), '"[""+1 555"",""x""]"');
    assert.equal(csvCell({ a: { b: 1 } }, on), '"{""a"":{""b"":1}}"');
  });

  it('round-trips through the CSV reader: hostile, unicode and multi-line values come back cell for cell', () => {
    const values = ['<script>alert(1)</script>', 'Zoë, "the" ñandú', 'multi\r\nline', '中文 العربية', '\u202Eevil', ' lead', 'x'.repeat(5000), ''];
    const text = csvLine(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'], off) + csvLine(values, off);
    const rows = parseCsv(text);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1]!.cells, values);
  });

  it('writes nested values exactly as JSON.stringify does (the fast path for string lists and flat objects included)', () => {
    const values: unknown[] = [
      [], ['+34 600 615 080'], ['a', 'b'], ['quote "x"'], ['back\\slash'], ['line\nbreak'], ['\u0001'], ['\ud800 lone'], ['😀 pair'],
      ['a', 1], [null], [['nested']], {}, { lead_source: 'webinar', newsletter: false }, { n: 1.5, z: null, t: true },
      { 'key "q"': 1 }, { 'new\nline': 'x' }, { v: 'x"y' }, { deep: { a: 1 } }, { list: [1] }, { n: Number.NaN }, { u: undefined },
      Object.assign(Object.create(null), { a: 1 }), Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
    ];
    for (const value of values) assert.equal(jsonText(value), JSON.stringify(value) ?? '', JSON.stringify(value));
  });
});
