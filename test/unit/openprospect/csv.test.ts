import * as assert from 'node:assert/strict';
import { BlacklistEntryInputSchema, EnrichmentCompanySchema } from '../../../src/api/openprospect/schemas';
import { batches, describeRows, detectDelimiter, normaliseWebsite, parseCsv, readCompanyRows } from '../../../src/transfer/csv/read';
import { IdempotencyKeys, outcomeUnknown } from '../../../src/commands/openprospect/idempotency';
import { ApiError } from '../../../src/api/http/errors';
import { pollDelay } from '../../../src/orders/backoff';

describe('OpenProspect CSV rows', () => {
  it('parses quoted cells with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const rows = parseCsv('\uFEFFcompany_name,city\r\n"Acme, Inc.","Köln"\r\n"Say ""hi""","multi\nline"\r\n');
    assert.deepEqual(
      rows.map((r) => r.cells),
      [['company_name', 'city'], ['Acme, Inc.', 'Köln'], ['Say "hi"', 'multi\nline']],
    );
    assert.deepEqual(rows.map((r) => r.line), [1, 2, 3]);
  });

  it('detects semicolon and tab delimiters and skips blank lines', () => {
    assert.equal(detectDelimiter('a;b;c\n1;2;3'), ';');
    assert.equal(detectDelimiter('a\tb\n1\t2'), '\t');
    assert.equal(detectDelimiter('only one column'), ',');
    assert.equal(parseCsv('a;b\n\n1;2\n').length, 2);
  });

  it('maps header aliases, normalises bare domains and validates enrichment rows with the client schema', () => {
    const text = ['Company,External ID,Website,City,Segment', 'Acme,A-1,acme.com,Berlin,SMB', ',A-2,,Paris,', 'Globex,,https://globex.example,,', 'Initech,I-1,not a url,,'].join('\n');
    const parsed = readCompanyRows(text, EnrichmentCompanySchema, { keepExtraColumns: true });
    assert.equal(parsed.header, true);
    assert.deepEqual(parsed.unknownColumns, ['Segment']);
    assert.equal(parsed.valid.length, 1);
    assert.deepEqual(parsed.valid[0], { company_name: 'Acme', external_id: 'A-1', website_url: 'https://acme.com', city: 'Berlin', Segment: 'SMB' });
    assert.deepEqual(parsed.validLines, [2]);
    assert.deepEqual(
      parsed.invalid.map((e) => e.line),
      [3, 4, 5],
    );
    assert.match(parsed.invalid[0]!.messages.join(' '), /Company name is required/);
    assert.match(parsed.invalid[1]!.messages.join(' '), /External id is required/);
    assert.match(parsed.invalid[2]!.messages.join(' '), /Website must be a full web address/);
    const summary = describeRows(parsed);
    assert.match(summary, /^1 valid row, 3 invalid rows/);
    assert.match(summary, /line 3: Company name is required/);
  });

  it('reads a header-less list of domains and names as blacklist entries; an entry needs one identifier', () => {
    const parsed = readCompanyRows('acme.com\nhttps://www.globex.example/about\nInitech GmbH\n', BlacklistEntryInputSchema);
    assert.equal(parsed.header, false);
    assert.deepEqual(parsed.valid, [{ website_url: 'https://acme.com' }, { website_url: 'https://www.globex.example/about' }, { company_name: 'Initech GmbH' }]);
    const empty = readCompanyRows('company_name,city\n,Berlin\n', BlacklistEntryInputSchema);
    assert.equal(empty.valid.length, 0);
    assert.match(empty.invalid[0]!.messages[0]!, /at least one of/);
  });

  it('does not keep unknown columns for blacklist entries', () => {
    const parsed = readCompanyRows('name,notes\nAcme,vip\n', BlacklistEntryInputSchema);
    assert.deepEqual(parsed.valid, [{ company_name: 'Acme' }]);
  });

  it('normalises websites only when they look like one', () => {
    assert.equal(normaliseWebsite('acme.co.uk'), 'https://acme.co.uk');
    assert.equal(normaliseWebsite('http://acme.com'), 'http://acme.com');
    assert.equal(normaliseWebsite('Acme Inc'), 'Acme Inc');
  });

  it('splits 10,001 rows into batches of at most 10,000', () => {
    const groups = batches(Array.from({ length: 10_001 }, (_, i) => i), 10_000);
    assert.deepEqual(groups.map((g) => g.length), [10_000, 1]);
    assert.deepEqual(batches([], 10), []);
    assert.throws(() => batches([1], 0));
  });
});

describe('OpenProspect idempotency keys and polling backoff', () => {
  it('reuses the key for the same action and body until it settles', () => {
    const keys = new IdempotencyKeys();
    const first = keys.keyFor('c/orders', { title: 'a' });
    assert.equal(keys.keyFor('c/orders', { title: 'a' }), first);
    assert.notEqual(keys.keyFor('c/orders', { title: 'b' }), first);
    const again = keys.keyFor('c/orders', { title: 'b' });
    keys.settle('c/orders');
    assert.notEqual(keys.keyFor('c/orders', { title: 'b' }), again);
  });

  it('treats network, timeout and 5xx failures as unknown outcomes, validation as definite', () => {
    assert.equal(outcomeUnknown(new ApiError({ kind: 'network', message: 'x' })), true);
    assert.equal(outcomeUnknown(new ApiError({ kind: 'server', message: 'x' })), true);
    assert.equal(outcomeUnknown(new ApiError({ kind: 'validation', message: 'x' })), false);
    assert.equal(outcomeUnknown(new Error('x')), false);
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map((n) => pollDelay(n)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
