import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/api/http/errors';
import { ContactSchema } from '../../../src/api/minotaur/schemas';
import { OrderSchema } from '../../../src/api/openprospect/schemas';
import { readPage } from '../../../src/api/paging';

const contacts = [
  { id: 'c1', first_name: 'Ana' },
  { id: 'c2', first_name: 42, last_name: 'Bad' },
  { id: 'c3', first_name: 'Cleo', unknown: 'kept' },
];

describe('readPage', () => {
  it('keeps the good records and reports the malformed one with its id, position and issue', () => {
    const page = readPage(ContactSchema, contacts, 'contacts.list');
    assert.deepEqual(
      page.items.map((c) => c.id),
      ['c1', 'c3'],
    );
    assert.equal(page.items[1]?.unknown, 'kept');
    assert.equal(page.rejected.length, 1);
    assert.equal(page.rejected[0]?.id, 'c2');
    assert.equal(page.rejected[0]?.index, 1);
    assert.match(page.rejected[0]?.issues[0] ?? '', /^first_name: /);
    assert.equal(page.total, undefined, 'a bare array carries no total');
  });

  it('reports a record with no readable id by position only', () => {
    const page = readPage(ContactSchema, [{ first_name: 'no id' }, 'garbage', null], 'contacts.list');
    assert.equal(page.items.length, 0);
    assert.deepEqual(
      page.rejected.map((r) => [r.index, r.id]),
      [
        [0, undefined],
        [1, undefined],
        [2, undefined],
      ],
    );
  });

  it('reads a Minotaur PaginateResponse with its total', () => {
    const page = readPage(ContactSchema, { data: contacts, pagination: { total_records: 103, current_page: 1, total_pages: 5 } }, 'x', { offset: 0 });
    assert.equal(page.items.length, 2);
    assert.equal(page.total, 103);
    assert.equal(page.hasMore, true);
  });

  it('reads OpenProspect {items, total, limit, offset} and computes hasMore from the total', () => {
    const body = { items: [{ id: 'o1' }, { id: 'o2' }], total: 12, limit: 2, offset: 10 };
    const page = readPage(OrderSchema, body, 'orders.list', { offset: 10 });
    assert.equal(page.total, 12);
    assert.equal(page.hasMore, false);
  });

  it('reads the only array-valued field (GET /orders under `orders`) and has_more', () => {
    const page = readPage(OrderSchema, { orders: [{ id: 'o1' }], has_more: true, count: 1 }, 'orders.list');
    assert.deepEqual(
      page.items.map((o) => o.id),
      ['o1'],
    );
    assert.equal(page.hasMore, true);
  });

  it('fails as badResponse when the body holds no list at all', () => {
    assert.throws(
      () => readPage(OrderSchema, { a: [1], b: [2] }, 'orders.list'),
      (error: unknown) => error instanceof ApiError && error.kind === 'badResponse' && error.operation === 'orders.list',
    );
    assert.throws(() => readPage(OrderSchema, null, 'orders.list'), ApiError);
  });
});
