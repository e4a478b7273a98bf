import * as assert from 'node:assert/strict';
import { parseExtensionMessage, parseWebviewMessage, PersistedStateSchema } from '../../../src/views/form/protocol';

describe('record form protocol', () => {
  describe('webview → extension', () => {
    it('accepts every declared message', () => {
      for (const message of [
        { type: 'ready' },
        { type: 'changed', values: { first_name: 'Ana', phone_numbers: ['+34 600 000 000'] } },
        { type: 'submit', values: { name: 'VIPs', rules: [{ field: 'job_title', operator: 'contains', value: 'CTO' }] } },
        { type: 'cancel' },
        { type: 'discardDraft' },
      ]) {
        const parsed = parseWebviewMessage(message);
        assert.ok(parsed.ok, `refused ${JSON.stringify(message)}`);
        assert.deepEqual(parsed.message, message);
      }
    });

    it('rejects unknown, malformed and non-object messages with a reason', () => {
      for (const raw of [
        { type: 'deleteEverything' },
        { type: 'submit' },
        { type: 'submit', values: { first_name: 42 } },
        { type: 'changed', values: { rules: [{ field: 'a', operator: 'b' }] } },
        { type: 'changed', values: 'first_name=Ana' },
        { values: {} },
        'ready',
        null,
        undefined,
        [{ type: 'ready' }],
      ]) {
        const parsed = parseWebviewMessage(raw);
        assert.equal(parsed.ok, false, `accepted ${JSON.stringify(raw)}`);
        if (!parsed.ok) assert.ok(parsed.reason.length > 0);
      }
    });

    it('refuses absurdly large values instead of storing them as a draft', () => {
      assert.equal(parseWebviewMessage({ type: 'changed', values: { notes: 'x'.repeat(200_000) } }).ok, false);
    });

    it('drops keys it does not declare (nothing unvalidated gets through)', () => {
      const parsed = parseWebviewMessage({ type: 'cancel', command: 'workbench.action.closeAll' });
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.message, { type: 'cancel' });
    });
  });

  describe('extension → webview', () => {
    const init = {
      type: 'init',
      identity: { connectionId: 'c1', kind: 'contact' },
      kind: 'contact',
      mode: 'create',
      title: 'New contact',
      noun: 'contact',
      fields: [{ name: 'first_name', label: 'First name', type: 'text', required: true }],
      values: { first_name: '' },
    };

    it('accepts init, saving, saved, fieldErrors, formError and validation', () => {
      for (const message of [
        init,
        { ...init, draft: { values: { first_name: 'An' }, savedAt: '2026-01-01T00:00:00Z', restored: true }, loadError: 'offline' },
        { type: 'saving' },
        { type: 'saved', values: { first_name: 'Ana' }, message: 'Saved 1 change.' },
        { type: 'fieldErrors', errors: [{ field: 'work_email', message: 'work_email must be an email' }], formErrors: [] },
        { type: 'formError', message: 'Network down' },
        { type: 'validation', errors: [{ field: 'first_name', message: 'First name is required.' }] },
      ]) {
        assert.ok(parseExtensionMessage(message).ok, `refused ${JSON.stringify(message).slice(0, 100)}`);
      }
    });

    it('rejects unknown kinds, modes, field types and message types', () => {
      for (const raw of [
        { ...init, kind: 'invoice' },
        { ...init, mode: 'delete' },
        { ...init, fields: [{ name: 'x', label: 'X', type: 'html', required: false }] },
        { ...init, identity: { connectionId: '', kind: 'contact' } },
        { type: 'eval', code: 'alert(1)' },
        { type: 'fieldErrors', errors: [{ field: 'a' }], formErrors: [] },
      ]) {
        assert.equal(parseExtensionMessage(raw).ok, false, `accepted ${JSON.stringify(raw).slice(0, 100)}`);
      }
    });
  });

  it('validates the state the webview keeps for a window reload', () => {
    assert.ok(PersistedStateSchema.safeParse({ identity: { connectionId: 'c1', kind: 'list', recordId: 'r1' }, values: { name: 'x' } }).success);
    assert.equal(PersistedStateSchema.safeParse({ identity: { connectionId: 'c1', kind: 'pipeline' } }).success, false);
    assert.equal(PersistedStateSchema.safeParse(undefined).success, false);
  });
});
