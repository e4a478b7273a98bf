import * as assert from 'node:assert/strict';
import {
  CREDITS_PER_RECORD,
  confirmationText,
  countProblem,
  estimatedCredits,
  insufficientBalance,
  permissionFor,
  type SpendQuote,
} from '../../../src/jobs/creditActions';

const quote = (over: Partial<SpendQuote> = {}): SpendQuote => ({
  action: 'unlock',
  connectionName: 'Sandbox',
  summary: 'The 3 prospects selected in the Prospect Catalog will be unlocked and become contacts.',
  records: 3,
  exact: true,
  balance: { known: true, credits: 5000 },
  ...over,
});

describe('credit actions: price, confirmation text, balance refusal', () => {
  it('charges 1 credit per record for every action (docs/sandbox.md) and reads permissions from the endpoint table', () => {
    assert.deepEqual(CREDITS_PER_RECORD, { unlock: 1, unlockMatching: 1, verify: 1, verifyList: 1 });
    assert.equal(permissionFor('unlock'), 'payment_prospect:create');
    assert.equal(permissionFor('unlockMatching'), 'payment_prospect:create');
    assert.equal(permissionFor('verify'), 'verify_email:create');
    assert.equal(estimatedCredits({ action: 'verify', records: 7 }), 7);
    assert.equal(estimatedCredits({ action: 'verifyList', records: undefined }), undefined);
  });

  it('states what happens, how many records, the cost and the balance after', () => {
    const text = confirmationText(quote());
    assert.equal(text.message, 'Unlock 3 prospects for 3 credits?');
    assert.equal(text.button, 'Unlock 3 Prospects');
    assert.match(text.detail, /will be unlocked and become contacts/);
    assert.match(text.detail, /^Connection: Sandbox$/m);
    assert.match(text.detail, /^Records: 3 prospects$/m);
    assert.match(text.detail, /^Cost: 3 credits \(1 credit per prospect unlocked\)$/m);
    assert.match(text.detail, /^Balance: 5,000 credits → 4,997 credits after$/m);
    assert.match(text.detail, /sent once and never retried automatically/);
  });

  it('says the balance is unknown, and why, when the key cannot read the summary', () => {
    const text = confirmationText(quote({ action: 'verify', records: 1, balance: { known: false, reason: 'this key lacks customer:read' } }));
    assert.equal(text.message, 'Verify 1 email for 1 credit?');
    assert.match(text.detail, /^Balance: unknown \(this key lacks customer:read\)$/m);
    assert.equal(insufficientBalance(quote({ balance: { known: false, reason: 'x' } })), undefined);
  });

  it('words an upper bound and an unknown count honestly', () => {
    const bound = confirmationText(quote({ action: 'verifyList', records: 12, exact: false, balance: { known: true, credits: 20 } }));
    assert.match(bound.message, /for up to 12 credits\?$/);
    assert.match(bound.detail, /at least 8 credits after/);
    const unknown = confirmationText(quote({ action: 'verifyList', records: undefined, exact: false }));
    assert.match(unknown.detail, /^Records: known to the server only$/m);
    assert.match(unknown.message, /1 credit per list contact with an email verified/);
  });

  it('refuses up front when the balance is known to be too low, and only then', () => {
    assert.equal(insufficientBalance(quote({ balance: { known: true, credits: 3 } })), undefined);
    const refusal = insufficientBalance(quote({ balance: { known: true, credits: 2 } }));
    assert.match(refusal ?? '', /Not enough credits on "Sandbox": unlocking 3 prospects needs 3 credits and the balance is 2 credits\. Nothing was sent\./);
    // An upper bound refuses only when not even one record could be paid.
    assert.equal(insufficientBalance(quote({ action: 'verifyList', records: 50, exact: false, balance: { known: true, credits: 1 } })), undefined);
    assert.match(insufficientBalance(quote({ action: 'verifyList', records: 50, exact: false, balance: { known: true, credits: 0 } })) ?? '', /up to 50 credits/);
    assert.match(insufficientBalance(quote({ action: 'verifyList', records: undefined, exact: false, balance: { known: true, credits: 0 } })) ?? '', /at least 1 credit\b/);
  });

  it('accepts a count only as a whole number from 1 to the maximum', () => {
    assert.equal(countProblem('5', 10), undefined);
    assert.equal(countProblem(' 10 ', 10), undefined);
    assert.match(countProblem('11', 10) ?? '', /At most 10/);
    assert.match(countProblem('0', 10) ?? '', /at least 1/);
    for (const bad of ['', '2.5', '-3', 'abc', '1e3']) assert.ok(countProblem(bad, 10000), `accepted ${JSON.stringify(bad)}`);
  });
});
