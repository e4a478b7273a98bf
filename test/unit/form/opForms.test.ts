/** The OpenProspect forms' model: an order's kind steers its fields, company rows are validated by line, ICP nesting. */
import * as assert from 'node:assert/strict';
import { changedFields, initialValues, isDirty, mapServerErrors, recordToValues, rowsSummary, toCreateInput, validate } from '../../../src/views/form/formModel';
import { FORM_SPECS } from '../../../src/views/form/formSpecs';
import { parseWebviewMessage } from '../../../src/views/form/protocol';

const order = FORM_SPECS.opOrder;
const search = FORM_SPECS.opSearch;
const companiesField = order.fields.find((f) => f.name === 'companies')!;

const lines = (...rows: string[]) => ['company_name,external_id,website_url,city,crm_owner', ...rows];

describe('OpenProspect order form', () => {
  it('a new order is an enrichment with COMPANY_DATA and CONTACTS checked', () => {
    const values = initialValues(order);
    assert.equal(values.kind, 'enrichment');
    assert.deepEqual(values.features, ['COMPANY_DATA', 'CONTACTS']);
  });

  it('enrichment sends title, features, profile name and the valid rows (extra columns kept, bare domains made https), never the kind', () => {
    const values = { ...initialValues(order), title: ' Q3 accounts ', profile_name: 'DACH', companies: lines('Acme GmbH,A-1,acme.de,Berlin,ana', 'Globex,G-2,,,') };
    assert.deepEqual(validate(order, 'create', initialValues(order), values), []);
    assert.deepEqual(toCreateInput(order, values), {
      title: 'Q3 accounts',
      features: ['COMPANY_DATA', 'CONTACTS'],
      profile_name: 'DACH',
      companies: [
        { company_name: 'Acme GmbH', external_id: 'A-1', website_url: 'https://acme.de', city: 'Berlin', crm_owner: 'ana' },
        { company_name: 'Globex', external_id: 'G-2' },
      ],
    });
  });

  it('names each invalid row by its line and reason, and refuses to send', () => {
    const values = { ...initialValues(order), title: 'T', companies: lines('Acme,A-1,,', 'No id,,acme.de,', 'Bad site,B-3,not a site,') };
    const errors = validate(order, 'create', initialValues(order), values);
    assert.deepEqual(errors.map((e) => e.field), ['companies']);
    assert.match(errors[0]!.message, /^Line 3: External id is required\. Line 4: Website must be a full web address/);
    assert.equal(rowsSummary(companiesField, values.companies), '1 valid row, 2 invalid rows.');
  });

  it('more than 10,000 companies is refused with the maximum named', () => {
    const many = lines(...Array.from({ length: 10_001 }, (_, i) => `C${i},id-${i},,`));
    const errors = validate(order, 'create', initialValues(order), { ...initialValues(order), title: 'T', companies: many });
    assert.match(errors.find((e) => e.field === 'companies')!.message, /^At most 10,000 rows: this list has 10,001\./);
  });

  it('discovery sends profile and quantity, hides and drops the companies, and says what is missing', () => {
    const values = { ...initialValues(order), kind: 'discovery', title: 'Find more', companies: lines('Acme,A-1,,') };
    assert.deepEqual(
      validate(order, 'create', initialValues(order), values).map((e) => [e.field, e.message]),
      [['profile_id', 'Search profile is required.']],
    );
    const input = toCreateInput(order, { ...values, profile_id: 'p-1', briefing_quantity: '25' });
    assert.deepEqual(input, { title: 'Find more', features: ['COMPANY_DATA', 'CONTACTS'], profile_id: 'p-1', briefing_quantity: 25 });
  });

  it('a server error on companies.<index> names the input line of that row', () => {
    const values = { ...initialValues(order), title: 'T', companies: lines('Acme,A-1,,', 'Globex,G-2,,') };
    const mapped = mapServerErrors(order, values, [{ field: 'companies.1.website_url', message: 'Not reachable.' }]);
    assert.deepEqual(mapped.errors, [{ field: 'companies', message: 'Line 3: Not reachable.' }]);
  });

  it('the kind alone makes the form dirty (so a draft keeps it)', () => {
    assert.equal(isDirty(order, initialValues(order), { ...initialValues(order), kind: 'discovery' }), true);
    assert.equal(isDirty(order, initialValues(order), initialValues(order)), false);
  });

  it('company rows travel as lines: 10,000 rows pass the protocol, a 200,000-character single value does not', () => {
    const rows = lines(...Array.from({ length: 10_000 }, (_, i) => `Company ${i},id-${i},c${i}.example.com,City`));
    assert.ok(parseWebviewMessage({ type: 'changed', values: { companies: rows } }).ok);
    assert.equal(parseWebviewMessage({ type: 'changed', values: { companies: 'x'.repeat(200_000) } }).ok, false);
    assert.ok(parseWebviewMessage({ type: 'pickFile', field: 'companies' }).ok);
  });
});

describe('OpenProspect prospect search form', () => {
  const record = { id: 's-1', name: 'DACH SaaS', description: null, status: 'ACTIVE', icp: { industries: ['Software'], countries: ['DE', 'AT'] } };

  it('reads the nested ICP lists and PATCHes only what changed, nested again', () => {
    const baseline = recordToValues(search, record);
    assert.deepEqual(baseline['icp.countries'], ['DE', 'AT']);
    assert.deepEqual(baseline['icp.keywords'], []);
    const values = { ...baseline, status: 'PAUSED', 'icp.countries': ['DE', 'AT', 'CH'] };
    assert.deepEqual(changedFields(search, baseline, values), { status: 'PAUSED', icp: { countries: ['DE', 'AT', 'CH'] } });
    assert.deepEqual(validate(search, 'edit', baseline, values), []);
  });

  it('refuses a blank name and an unknown status on the field', () => {
    const baseline = recordToValues(search, record);
    const errors = validate(search, 'edit', baseline, { ...baseline, name: ' ', status: 'DELETED' });
    assert.deepEqual(errors.map((e) => [e.field, e.message]), [['name', 'Name is required.'], ['status', 'Status must be ACTIVE, PAUSED or ARCHIVED.']]);
  });
});

describe('OpenProspect order form without a kind', () => {
  it('asks for the kind and nothing else hidden', () => {
    const values = { ...initialValues(FORM_SPECS.opOrder), kind: '', title: 'T' };
    assert.deepEqual(validate(FORM_SPECS.opOrder, 'create', initialValues(FORM_SPECS.opOrder), values), [{ field: 'kind', message: 'Kind is required.' }]);
  });
});
