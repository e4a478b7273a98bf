import * as assert from 'node:assert/strict';
import { displayText } from '../../src/views/tree/displayText';

describe('displayText', () => {
  it('strips bidi overrides and zero-width characters that could disguise a label', () => {
    assert.equal(displayText('admin\u202Egnp.exe'), 'admingnp.exe');
    assert.equal(displayText('Pa\u200Byp\u200Dal'), 'Paypal');
  });

  it('folds control characters and whitespace to single spaces', () => {
    assert.equal(displayText('a\n\tb\u0000c'), 'a b c');
  });

  it('truncates long values with an ellipsis, without reading all of a 100 KB string', () => {
    const result = displayText('x'.repeat(100_000), 50);
    assert.equal(result.length, 50);
    assert.ok(result.endsWith('…'));
  });

  it('renders null and numbers', () => {
    assert.equal(displayText(null), '');
    assert.equal(displayText(undefined), '');
    assert.equal(displayText(42), '42');
  });
});
