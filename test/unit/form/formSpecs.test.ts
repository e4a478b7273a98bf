import * as assert from 'node:assert/strict';
import { initialValues, validate } from '../../../src/views/form/formModel';
import { describeFields, FORM_SPECS, RULE_OPERATORS, schemaFor, supports, type FormSpec } from '../../../src/views/form/formSpecs';
import { RECORD_KINDS, type FormValues } from '../../../src/views/form/protocol';

describe('form specs', () => {
  it('describe every editable kind, each with its own folder', () => {
    assert.deepEqual(Object.keys(FORM_SPECS).sort(), [...RECORD_KINDS].sort());
    assert.deepEqual(
      RECORD_KINDS.map((k) => FORM_SPECS[k].folderKey),
      ['contacts', 'companies', 'lists', 'products', 'opportunities', 'opOrders', 'opSearches'],
    );
    for (const kind of RECORD_KINDS) assert.equal(FORM_SPECS[kind].kind, kind);
  });

  for (const kind of RECORD_KINDS) {
    describe(kind, () => {
      const spec = FORM_SPECS[kind];

      it('has unique field names that its create schema knows', () => {
        const names = spec.fields.map((f) => f.name);
        assert.equal(new Set(names).size, names.length);
        for (const field of spec.fields) {
          if (field.formOnly) continue;
          // A field shown only for some values of another (an order's kind) is in the schema of those values.
          const values: FormValues = field.showWhen ? { [field.showWhen.field]: field.showWhen.values[0]! } : {};
          let shape = (schemaFor(spec, 'create', values) as unknown as { shape: Record<string, unknown> }).shape;
          const parts = field.name.split('.');
          for (const part of parts.slice(0, -1)) shape = unwrapShape(shape[part]);
          assert.ok(parts.at(-1)! in shape, `${kind}.${field.name} is not in the create schema`);
        }
        for (const f of spec.titleFields) assert.ok(names.includes(f));
      });

      for (const variant of variants(spec)) {
        const mode = supports(spec, 'create') ? 'create' : 'edit';
        it(`marks exactly the fields the ${mode} schema requires${variant.label} (a blank form flags them, and only them)`, () => {
          // An edit-only form starts from a record whose every field holds something; blanking it is the change.
          const baseline = mode === 'create' ? initialValues(spec) : filledValues(spec);
          const errors = validate(spec, mode, baseline, { ...blankValues(spec), ...variant.values });
          const flagged = errors.map((e) => e.field).sort();
          const shown = { ...blankValues(spec), ...variant.values };
          const required = spec.fields
            .filter((f) => f.required && !f.formOnly && (!f.showWhen || f.showWhen.values.includes(String(shown[f.showWhen.field]))))
            .map((f) => f.name)
            .sort();
          assert.ok(required.length > 0, `${kind} has no required field`);
          assert.deepEqual(flagged, required);
          for (const error of errors) {
            const type = spec.fields.find((f) => f.name === error.field)?.type;
            // Text inputs say "X is required"; a checkbox group or a company list says what to add.
            if (type !== 'checkboxes' && type !== 'rows') assert.match(error.message, /is required/);
          }
        });
      }

      // Only kinds with an edit form (an order is created, never edited).
      if (supports(spec, 'edit')) {
        it('accepts an edit that changes nothing (the update schema takes any subset)', () => {
          const values = initialValues(spec);
          assert.deepEqual(validate(spec, 'edit', values, values), []);
        });
      }

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

/** A new form with every text blanked (initial values such as a company's type cleared too), lists emptied. */
function blankValues(spec: FormSpec) {
  const values = initialValues(spec);
  for (const key of Object.keys(values)) values[key] = typeof values[key] === 'string' ? '' : [];
  return values;
}

/** Every field holding a valid-looking value: the first option of a select, "x" for text, one line for a list. */
function filledValues(spec: FormSpec): FormValues {
  const values: FormValues = {};
  for (const f of spec.fields) values[f.name] = f.options?.length ? f.options[0]!.value : f.type === 'list' ? ['x'] : 'x';
  return values;
}

/** One run per value of a form-only field that steers which fields show (an order's kind); one run otherwise. */
function variants(spec: FormSpec): Array<{ label: string; values: FormValues }> {
  const steering = spec.fields.find((f) => f.formOnly && f.options?.length);
  if (!steering) return [{ label: '', values: {} }];
  return steering.options!.map((o) => ({ label: ` (${steering.name} ${o.value})`, values: { [steering.name]: o.value } }));
}

/** The shape of a nested object schema (an optional one unwrapped). */
function unwrapShape(schema: unknown): Record<string, unknown> {
  let s = schema as { shape?: Record<string, unknown>; unwrap?: () => unknown };
  while (!s.shape && s.unwrap) s = s.unwrap() as typeof s;
  return s.shape ?? {};
}
