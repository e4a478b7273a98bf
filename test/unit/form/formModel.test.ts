import * as assert from 'node:assert/strict';
import {
  changedFields,
  initialValues,
  isDirty,
  mapServerErrors,
  rebaseDraft,
  recordToValues,
  titleOf,
  toCreateInput,
  validate,
} from '../../../src/views/form/formModel';
import { FORM_SPECS } from '../../../src/views/form/formSpecs';

const contact = FORM_SPECS.contact;
const list = FORM_SPECS.list;

const record = {
  id: 'c-1',
  first_name: 'Ana',
  last_name: 'Ruiz',
  work_email: 'ana@example.com',
  phone_numbers: ['+34 600 111 222'],
  score: 40,
  job_title: null,
  company: '<img src=x onerror=alert(1)>',
  custom_fields: { shoe: 42 },
};

describe('record form model', () => {
  describe('changedFields (the PATCH of an edit)', () => {
    const baseline = recordToValues(contact, record);

    it('is empty when nothing changed, whatever the whitespace', () => {
      assert.deepEqual(changedFields(contact, baseline, { ...baseline, first_name: '  Ana ' }), {});
      assert.equal(isDirty(contact, baseline, baseline), false);
    });

    it('holds only the changed fields, typed for the API', () => {
      const values = { ...baseline, job_title: 'CTO', score: '75', phone_numbers: ['+34 600 111 222', '', '+34 600 333 444'] };
      assert.deepEqual(changedFields(contact, baseline, values), {
        job_title: 'CTO',
        score: 75,
        phone_numbers: ['+34 600 111 222', '+34 600 333 444'],
      });
    });

    it('sends null for a cleared field, and "" for fields that must stay text', () => {
      assert.deepEqual(changedFields(contact, baseline, { ...baseline, score: '' }), { score: null });
      const listBaseline = recordToValues(list, { id: 'l', name: 'VIP', description: 'Top', rules: [] });
      assert.deepEqual(changedFields(list, listBaseline, { ...listBaseline, description: ' ' }), { description: '' });
    });

    it('never sends fields the form does not show (custom fields stay untouched)', () => {
      assert.ok(!('custom_fields' in changedFields(contact, baseline, { ...baseline, first_name: 'Anna' })));
    });

    it('leaves rules out unless a rule changed; a number-valued rule survives untouched', () => {
      const lb = recordToValues(list, { id: 'l', name: 'VIP', rules: [{ field: 'score', operator: 'gt', value: 50 }] });
      assert.deepEqual(lb.rules, [{ field: 'score', operator: 'gt', value: '50' }]);
      assert.deepEqual(changedFields(list, lb, { ...lb, name: 'VIPs' }), { name: 'VIPs' });
      const edited = { ...lb, rules: [{ field: 'score', operator: 'gt', value: '60' }] };
      assert.deepEqual(changedFields(list, lb, edited), { rules: [{ field: 'score', operator: 'gt', value: '60' }] });
    });
  });

  describe('toCreateInput', () => {
    it('leaves blank optional fields out, always sends lists, and parses numbers', () => {
      const values = { ...initialValues(contact), first_name: ' Ana ', last_name: 'Ruiz', work_email: 'ana@example.com', score: '7' };
      assert.deepEqual(toCreateInput(contact, values), { first_name: 'Ana', last_name: 'Ruiz', work_email: 'ana@example.com', phone_numbers: [], score: 7 });
    });

    it('passes text that is not a number to the schema, which says so', () => {
      const values = { ...initialValues(contact), first_name: 'A', last_name: 'B', work_email: 'a@example.com', score: 'lots' };
      assert.deepEqual(validate(contact, 'create', initialValues(contact), values), [{ field: 'score', message: 'Score must be a number.' }]);
    });

    it('sends a list with an empty description and no rules as the create schema wants', () => {
      assert.deepEqual(toCreateInput(list, { ...initialValues(list), name: 'VIP' }), { name: 'VIP', description: '', rules: [] });
      assert.deepEqual(validate(list, 'create', initialValues(list), { ...initialValues(list), name: 'VIP' }), []);
    });
  });

  describe('validation errors onto inputs', () => {
    it('puts a rule row error on that row\'s input and a list item error on the list', () => {
      const values = { ...initialValues(list), name: 'VIP', rules: [{ field: 'job_title', operator: 'contains', value: '' }] };
      assert.deepEqual(validate(list, 'create', initialValues(list), values), [{ field: 'rules.0.value', message: 'Rule value is required.' }]);
      const c = { ...initialValues(contact), first_name: 'A', last_name: 'B', work_email: 'a@example.com', phone_numbers: ['123'] };
      assert.deepEqual(validate(contact, 'create', initialValues(contact), c), [{ field: 'phone_numbers', message: 'A phone number needs at least 5 digits.' }]);
    });

    it('validates an edit by its patch only (an old bad value that is not touched does not block)', () => {
      const baseline = recordToValues(contact, { ...record, linkedin_url: 'not a url' });
      assert.deepEqual(validate(contact, 'edit', baseline, { ...baseline, first_name: 'Anna' }), []);
      assert.deepEqual(validate(contact, 'edit', baseline, { ...baseline, first_name: '' }), [{ field: 'first_name', message: 'First name is required.' }]);
    });
  });

  describe('mapServerErrors', () => {
    it('maps fields it knows, nested paths to the closest input, and the rest to the form', () => {
      const values = { ...initialValues(list), rules: [{ field: 'a', operator: 'contains', value: 'b' }] };
      const mapped = mapServerErrors(list, values, [
        { field: 'name', message: 'name should not be empty' },
        { field: 'rules.0.operator', message: 'rules.0.operator should not be empty' },
        { field: 'rules.7.value', message: 'rules.7.value must be a string' },
        { field: 'shoe_size', message: 'shoe_size should not exist' },
      ]);
      assert.deepEqual(mapped.errors, [
        { field: 'name', message: 'name should not be empty' },
        { field: 'rules.0.operator', message: 'rules.0.operator should not be empty' },
        { field: 'rules', message: 'rules.7.value must be a string' },
      ]);
      assert.deepEqual(mapped.formErrors, ['shoe_size should not exist']);
    });

    it('joins distinct messages about one field', () => {
      const mapped = mapServerErrors(contact, initialValues(contact), [
        { field: 'score', message: 'score must not be greater than 100' },
        { field: 'score', message: 'score must be an integer number' },
        { field: 'score', message: 'score must be an integer number' },
      ]);
      assert.deepEqual(mapped.errors, [{ field: 'score', message: 'score must not be greater than 100 score must be an integer number' }]);
    });
  });

  describe('drafts', () => {
    it('replays only the fields changed in the draft onto a fresh copy of the record', () => {
      const old = recordToValues(contact, record);
      const draft = { ...old, job_title: 'CTO' };
      const fresh = recordToValues(contact, { ...record, last_name: 'Ruiz-García' });
      const rebased = rebaseDraft(contact, old, draft, fresh);
      assert.equal(rebased.job_title, 'CTO');
      assert.equal(rebased.last_name, 'Ruiz-García', 'the draft reverted a change made on the server');
      assert.deepEqual(changedFields(contact, fresh, rebased), { job_title: 'CTO' });
    });
  });

  it('names records in plain, single-line text', () => {
    assert.equal(titleOf(contact, recordToValues(contact, { ...record, first_name: 'Ana\u202E', last_name: 'Ruiz\n' })), 'Ana Ruiz');
  });
});
