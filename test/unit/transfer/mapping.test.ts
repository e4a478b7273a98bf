import * as assert from 'node:assert/strict';
import { describeMapping, guessMapping, rowToRecord } from '../../../src/transfer/import/mapping';
import { BLACKLIST_ENTRY_FIELDS, COMPANY_FIELDS, CONTACT_FIELDS } from '../../../src/transfer/import/targets';

describe('Import column mapping', () => {
  it('guesses contact fields from common header spellings, each column used once', () => {
    const headers = ['First Name', 'Last-Name', 'E-mail', 'Phone', 'Title', 'Company', 'Notes'];
    const m = guessMapping(headers, CONTACT_FIELDS);
    assert.equal(m.first_name, 0);
    assert.equal(m.last_name, 1);
    assert.equal(m.work_email, 2);
    assert.equal(m.phone_numbers, 3);
    assert.equal(m.job_title, 4);
    assert.equal(m.company, 5);
    assert.equal(m.industry, undefined);
    const used = Object.values(m).filter((v) => v !== undefined);
    assert.equal(new Set(used).size, used.length);
    assert.match(describeMapping(headers, CONTACT_FIELDS, m), /work_email ← E-mail/);
  });

  it('prefers exact field names over aliases (our own export headers map back one to one)', () => {
    const headers = ['id', 'company_name', 'name', 'website_url', 'city'];
    const m = guessMapping(headers, BLACKLIST_ENTRY_FIELDS);
    assert.equal(m.company_name, 1);
    assert.equal(m.website_url, 3);
    assert.equal(m.external_id, 0);
    assert.equal(guessMapping(['Company'], COMPANY_FIELDS).company_name, 0);
  });

  it('converts cells by kind: lists (JSON or ; separated), numbers, JSON objects; blank cells left out', () => {
    const m = guessMapping(['first_name', 'phone_numbers', 'score', 'custom_fields', 'job_title'], CONTACT_FIELDS);
    assert.deepEqual(rowToRecord(['Ana', '+1 555 0100; +1 555 0101', '42', '{"a":1}', '  '], CONTACT_FIELDS, m), {
      first_name: 'Ana',
      phone_numbers: ['+1 555 0100', '+1 555 0101'],
      score: 42,
      custom_fields: { a: 1 },
    });
    assert.deepEqual(rowToRecord(['Bo', '["+44 20 7946 0000"]', 'high', 'not json', 'CTO'], CONTACT_FIELDS, m), {
      first_name: 'Bo',
      phone_numbers: ['+44 20 7946 0000'],
      score: 'high',
      custom_fields: 'not json',
      job_title: 'CTO',
    });
  });
});
