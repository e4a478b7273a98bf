import * as assert from 'node:assert/strict';
import { initialValues, validate } from '../../../src/views/form/formModel';
import { describeFields, FORM_SPECS, RULE_OPERATORS } from '../../../src/views/form/formSpecs';
import { RECORD_KINDS } from '../../../src/views/form/protocol';

describe('form specs', () => {
  it('describe every editable kind, each with its own folder', () => {
    assert.deepEqual(Object.keys(FORM_SPECS).sort(), [...RECORD_KINDS].sort());
    assert.deepEqual(
      RECORD_KINDS.map((k) => FORM_SPECS[k].folderKey),
      ['contacts', 'companies', 'lists', 'products', 'opportunities'],
    );
    for (const kind of RECORD_KINDS) assert.equal(FORM_SPECS[kind].kind, kind);
  });

  for (const kind of RECORD_KINDS) {
    describe(kind, () => {
      const spec = FORM_SPECS[kind];

      it('has unique field names that its create schema knows', () => {
        const names = spec.fields.map((f) => f.name);
        assert.equal(new Set(names).size, names.length);
        const shape = (spec.createSchema as unknown as { shape: Record<string, unknown> }).shape;
        for (const name of names) assert.ok(name in shape, `${kind}.${name} is not in the create schema`);
        for (const f of spec.titleFields) assert.ok(names.includes(f));
      });

      it('marks exactly the fields the create schema requires (a blank new form flags them, and only them)', () => {
        const errors = validate(spec, 'create', initialValues(spec), blankValues(spec));
        const flagged = errors.map((e) => e.field).sort();
        const required = spec.fields.filter((f) => f.required).map((f) => f.name).sort();
        assert.ok(required.length > 0, `${kind} has no required field`);
        assert.deepEqual(flagged, required);
        for (const error of errors) assert.match(error.message, /is required/);
      });

      it('accepts an edit that changes nothing (the update schema takes any subset)', () => {
        const values = initialValues(spec);
        assert.deepEqual(validate(spec, 'edit', values, values), []);
      });

      it('describes its fields for the webview', () => {
        const fields = describeFields(spec);
        assert.deepEqual(fields.map((f) => f.name), spec.fields.map((f) => f.name));
        assert.deepEqual(fields.filter((f) => f.required).map((f) => f.name), spec.fields.filter((f) => f.required).map((f) => f.name));
      });
    });
  }

  it('lists have a rules editor with the four known operators', () => {
    const rules = FORM_SPECS.list.fields.find((f) => f.name === 'rules');
    assert.equal(rules?.type, 'rules');
    assert.deepEqual([...RULE_OPERATORS], ['contains', 'equals', 'not_equals', 'starts_with']);
  });
});

/** A new form with every text blanked (initial values such as a company's type cleared too). */
function blankValues(spec: (typeof FORM_SPECS)[keyof typeof FORM_SPECS]) {
  const values = initialValues(spec);
  for (const key of Object.keys(values)) if (typeof values[key] === 'string') values[key] = '';
  return values;
}
