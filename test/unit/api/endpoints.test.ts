import * as assert from 'node:assert/strict';
import { fillPath, type EndpointDef } from '../../../src/api/endpoint';
import { MINOTAUR_ENDPOINTS } from '../../../src/api/minotaur/endpoints';
import { OPENPROSPECT_ENDPOINTS } from '../../../src/api/openprospect/endpoints';

const tables: Array<[string, Record<string, EndpointDef>]> = [
  ['Minotaur', MINOTAUR_ENDPOINTS],
  ['OpenProspect', OPENPROSPECT_ENDPOINTS],
];

/** Operation names whose last part says they write. */
const WRITE_VERBS = /\.(create|update|delete|duplicate|verify\w*|unlock\w*|add\w*|remove|set)$/;

/** Every endpoint of the two API documents, as `METHOD path` (path params renamed to `:p`). */
const DOCUMENTED = {
  Minotaur: [
    'GET /customer/summary',
    'POST /contacts/list',
    'POST /contacts/metadata',
    'POST /contacts',
    'GET /contacts/:p',
    'PATCH /contacts/:p',
    'DELETE /contacts/:p',
    'POST /company/list',
    'POST /company',
    'PATCH /company/:p',
    'DELETE /company/:p',
    'POST /list-contact',
    'PATCH /list-contact/:p',
    'DELETE /list-contact/:p',
    'POST /list-contact/duplicate',
    'POST /list-contact/verify-contacts/:p',
    'POST /prospect/filters',
    'POST /prospect/list',
    'POST /service-handler/unlock-contacts',
    'POST /service-handler/unlock-selected-contacts',
    'POST /service-handler/verify-email',
    'GET /ping',
    'POST /list-contact/list',
    'POST /list-contact/metadata',
    'GET /list-contact/:p',
    'POST /list-contact/:p/contacts',
    'POST /company/metadata',
    'GET /company/:p',
    'POST /pipelines/list',
    'GET /pipelines/:p',
    'GET /pipelines/:p/stages',
  ],
  OpenProspect: [
    'GET /auth/validate',
    'POST /orders',
    'GET /orders',
    'GET /orders/:p',
    'GET /orders/:p/results',
    'POST /search-profile-creations',
    'GET /deliveries/:p/companies',
    'GET /prospect-searches',
    'GET /prospect-searches/:p',
    'PATCH /prospect-searches/:p',
    'GET /companies',
    'GET /companies/:p',
    'GET /companies/:p/jobs',
    'GET /companies/:p/jobs/summary',
    'GET /companies/:p/webtech-intel',
    'GET /companies/:p/webtech-intel/summary',
    'GET /prospects',
    'GET /prospects/:p',
    'POST /blacklists',
    'GET /blacklists',
    'GET /blacklists/:p',
    'PATCH /blacklists/:p',
    'DELETE /blacklists/:p',
    'POST /blacklists/:p/entries',
    'GET /blacklists/:p/entries',
    'DELETE /blacklists/:p/entries',
    'GET /prospect-searches/:p/blacklists',
    'PUT /prospect-searches/:p/blacklists',
  ],
};

describe('endpoint tables', () => {
  for (const [vendor, table] of tables) {
    describe(vendor, () => {
      const entries = Object.entries(table);

      it('cover every endpoint of the API document', () => {
        const have = new Set(entries.map(([, def]) => `${def.method} ${def.path.replace(/:[A-Za-z_]+/g, ':p')}`));
        const missing = DOCUMENTED[vendor as keyof typeof DOCUMENTED].filter((e) => !have.has(e));
        assert.deepEqual(missing, []);
      });

      it('never retry a write or a credit spend; always retry GETs', () => {
        for (const [name, def] of entries) {
          if (def.method !== 'GET' && def.method !== 'POST') assert.equal(def.safeToRetry, false, `${name} (${def.method}) must not be retried`);
          if (def.spendsCredits) assert.equal(def.safeToRetry, false, `${name} spends credits`);
          if (WRITE_VERBS.test(name)) assert.equal(def.safeToRetry, false, `${name} writes`);
          if (def.method === 'GET') assert.equal(def.safeToRetry, true, `${name} is a read`);
        }
      });

      it('retry only read-only POSTs (list, metadata, filters)', () => {
        const safePosts = entries.filter(([, d]) => d.method === 'POST' && d.safeToRetry).map(([, d]) => d.path);
        for (const path of safePosts) assert.match(path, /\/(list|metadata|filters)$/);
      });

      it('name a requirement for every endpoint except the key checks', () => {
        const without = entries.filter(([, d]) => !d.requirement).map(([name]) => name);
        assert.deepEqual(without, vendor === 'Minotaur' ? ['ping'] : ['auth.validate']);
      });

      it('have paths that start with a slash and names that are unique per method+path', () => {
        const keys = entries.map(([, d]) => `${d.method} ${d.path}`);
        assert.equal(new Set(keys).size, keys.length);
        for (const [, def] of entries) assert.match(def.path, /^\/[a-z]/);
      });
    });
  }

  it('mark the credit-spending Minotaur calls, including verify-contacts on a list', () => {
    const spending = Object.entries(MINOTAUR_ENDPOINTS)
      .filter(([, d]) => 'spendsCredits' in d && d.spendsCredits)
      .map(([, d]) => d.path)
      .sort();
    assert.deepEqual(spending, [
      '/list-contact/verify-contacts/:id',
      '/service-handler/unlock-contacts',
      '/service-handler/unlock-selected-contacts',
      '/service-handler/verify-email',
    ]);
  });

  it('mark the convention-following Minotaur paths as unverified, and no documented one', () => {
    const unverified = new Set(
      Object.values(MINOTAUR_ENDPOINTS)
        .filter((d: EndpointDef) => d.unverified)
        .map((d) => `${d.method} ${d.path}`),
    );
    for (const path of ['GET /ping', 'POST /list-contact/list', 'POST /company/metadata', 'GET /pipelines/:id/stages', 'POST /products']) {
      assert.ok(unverified.has(path), `${path} should be unverified`);
    }
    for (const path of ['POST /contacts/list', 'POST /company/list', 'POST /list-contact', 'POST /service-handler/unlock-contacts']) {
      assert.ok(!unverified.has(path), `${path} is documented`);
    }
  });

  it('use the documented permissions', () => {
    assert.equal(MINOTAUR_ENDPOINTS['lists.addContacts'].requirement, 'list_contact_details:update');
    assert.equal(MINOTAUR_ENDPOINTS['prospect.unlock'].requirement, 'payment_prospect:create');
    assert.equal(MINOTAUR_ENDPOINTS['emails.verify'].requirement, 'verify_email:create');
    assert.equal(MINOTAUR_ENDPOINTS['pipelines.stages'].requirement, 'stages:read');
    assert.equal(OPENPROSPECT_ENDPOINTS['deliveries.companies'].requirement, 'companies:read, prospects:read');
    assert.equal(OPENPROSPECT_ENDPOINTS['orders.create'].requirement, 'orders:write');
  });
});

describe('fillPath', () => {
  it('encodes each value so an id cannot change the path', () => {
    assert.equal(fillPath('/contacts/:id', { id: '../admin?x=1#y' }), '/contacts/..%2Fadmin%3Fx%3D1%23y');
    assert.equal(fillPath('/companies/:companyId/jobs', { companyId: 'a b/ç' }), '/companies/a%20b%2F%C3%A7/jobs');
    assert.equal(fillPath('/orders/:orderId', { orderId: 42 }), '/orders/42');
  });

  it('fails loudly on a missing or empty parameter', () => {
    assert.throws(() => fillPath('/contacts/:id', {}), /Missing path parameter "id"/);
    assert.throws(() => fillPath('/contacts/:id', { id: '' }), /Missing path parameter "id"/);
  });
});
