import * as assert from 'node:assert/strict';
import { emailOf, listNames, partitionByEmail, uniqueBy } from '../../../src/jobs/selection';

describe('credit job selection helpers', () => {
  it('splits selected contacts into those with an email (sent) and those without (listed as skipped)', () => {
    const rows = [
      { id: 'a', record: { work_email: 'ana@acme.io' } },
      { id: 'b', record: { work_email: '' } },
      { id: 'c', record: { work_email: null } },
      { id: 'd', record: { personal_email: 'only-personal@gmail.com' } },
      { id: 'e', record: { work_email: '  eve@acme.io ' } },
      { id: 'f', record: { work_email: 'not an email' } },
    ];
    const { withEmail, without } = partitionByEmail(rows, (r) => r.record);
    assert.deepEqual(
      withEmail.map((w) => [w.item.id, w.email]),
      [
        ['a', 'ana@acme.io'],
        ['e', 'eve@acme.io'],
      ],
    );
    assert.deepEqual(
      without.map((r) => r.id),
      ['b', 'c', 'd', 'f'],
    );
    assert.equal(emailOf({ work_email: 42 }), undefined);
  });

  it('counts a row passed twice (clicked and selected) once, keeping selection order', () => {
    const rows = [{ id: '1' }, { id: '2' }, { id: '1' }, { id: '3' }];
    assert.deepEqual(
      uniqueBy(rows, (r) => r.id).map((r) => r.id),
      ['1', '2', '3'],
    );
  });

  it('names at most five records, then says how many more', () => {
    assert.equal(listNames(['A', 'B']), 'A, B');
    assert.equal(listNames(['1', '2', '3', '4', '5', '6', '7']), '1, 2, 3, 4, 5 and 2 more');
  });
});
