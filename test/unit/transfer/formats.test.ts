import * as assert from 'node:assert/strict';
import { parseCsv } from '../../../src/transfer/csv/read';
import { OTHER_FIELDS_COLUMN, columnsOf, createFormatter } from '../../../src/transfer/export/formats';

const csv = { protectFormulas: true };

describe('Export formats', () => {
  it('CSV: columns from the first page in first-seen order, later fields in other_fields, nested values as JSON', () => {
    const f = createFormatter({ format: 'csv', bom: false, csv });
    const first = [{ id: '1', name: 'Ana', tags: ['a'] }, { id: '2', name: 'Bo', score: 7 }];
    const text = f.start(first) + f.page(first) + f.page([{ id: '3', name: '=evil()', late: { x: 1 } }]) + f.end();
    const rows = parseCsv(text).map((r) => r.cells);
    assert.deepEqual(rows[0], ['id', 'name', 'tags', 'score', OTHER_FIELDS_COLUMN]);
    assert.deepEqual(rows[1], ['1', 'Ana', '["a"]', '', '']);
    assert.deepEqual(rows[2], ['2', 'Bo', '', '7', '']);
    assert.deepEqual(rows[3], ['3', "'=evil()", '', '', '{"late":{"x":1}}']);
    assert.ok(rows.every((r) => r.length === 5), 'every row has the header width');
  });

  it('CSV BOM only when asked, and never for JSON', () => {
    assert.ok(createFormatter({ format: 'csv', bom: true, csv }).start([{ a: 1 }]).startsWith('\uFEFFa,'));
    assert.ok(!createFormatter({ format: 'csv', bom: false, csv }).start([{ a: 1 }]).startsWith('\uFEFF'));
    assert.equal(createFormatter({ format: 'json', bom: true, csv }).start([{ a: 1 }]), '[');
  });

  it('JSON: a valid array however the pages fall, including no records at all', () => {
    const f = createFormatter({ format: 'json', bom: false, csv });
    const text = f.start([]) + f.page([{ a: 1 }, { b: '"q"' }]) + f.page([]) + f.page([{ c: [1] }]) + f.end();
    assert.deepEqual(JSON.parse(text), [{ a: 1 }, { b: '"q"' }, { c: [1] }]);
    const empty = createFormatter({ format: 'json', bom: false, csv });
    assert.deepEqual(JSON.parse(empty.start([]) + empty.page([]) + empty.end()), []);
  });

  it('JSON Lines: one record per line', () => {
    const f = createFormatter({ format: 'jsonl', bom: false, csv });
    const text = f.start([]) + f.page([{ a: 'x\ny' }, { b: 2 }]) + f.end();
    assert.deepEqual(text.trimEnd().split('\n').map((l) => JSON.parse(l)), [{ a: 'x\ny' }, { b: 2 }]);
  });

  it('columnsOf never makes a column of other_fields itself', () => {
    assert.deepEqual(columnsOf([{ [OTHER_FIELDS_COLUMN]: 1, a: 2 }]), ['a']);
  });
});
