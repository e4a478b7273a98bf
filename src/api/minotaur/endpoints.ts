/**
 * Every Minotaur endpoint CRM Explorer calls, in ONE table: method, path, permission, retry safety, credit use.
 * Paths marked `unverified` are not in the vendor's reference; they follow its conventions (`POST /<r>/list`,
 * `POST /<r>/metadata`, `POST /<r>`, `GET|PATCH|DELETE /<r>/:id`) and are corrected here if the live API differs.
 *
 * Retry rule: GETs and read-only POSTs (list, metadata, filters, prospect list) are safe to retry; anything that
 * creates, changes, deletes, duplicates, verifies or unlocks is not (duplicates or double credit spend).
 */
import { defineEndpoints, readEndpoint, writeEndpoint, type EndpointDef } from '../endpoint';

const read = (path: string, requirement: string, summary: string, extra?: Partial<EndpointDef>) => readEndpoint('GET', path, requirement, summary, extra);
/** A read done with POST and a JSON body (list, metadata, filters): safe to retry. */
const search = (path: string, requirement: string, summary: string, extra?: Partial<EndpointDef>) => readEndpoint('POST', path, requirement, summary, extra);
const write = writeEndpoint;

const unverified = { unverified: true } as const;
const credits = { spendsCredits: true } as const;

export const MINOTAUR_ENDPOINTS = defineEndpoints({
  // Key check: used by the vendor's own n8n node, not in the reference. Any valid key; 404 → use customer.summary.
  ping: { method: 'GET', path: '/ping', safeToRetry: true, unverified: true, summary: 'Check the API key' },
  'customer.summary': read('/customer/summary', 'customer:read', 'Account, subscription and credit balance'),

  'contacts.list': search('/contacts/list', 'contacts:read', 'List contacts (bare array)'),
  'contacts.metadata': search('/contacts/metadata', 'contacts:read', 'Count contacts matching filters'),
  'contacts.get': read('/contacts/:id', 'contacts:read', 'Get a contact'),
  'contacts.create': write('POST', '/contacts', 'contacts:create', 'Create a contact'),
  'contacts.update': write('PATCH', '/contacts/:id', 'contacts:update', 'Update a contact'),
  'contacts.delete': write('DELETE', '/contacts/:id', 'contacts:delete', 'Delete a contact'),

  'companies.list': search('/company/list', 'companies:read', 'List companies'),
  'companies.metadata': search('/company/metadata', 'companies:read', 'Count companies matching filters', unverified),
  'companies.get': read('/company/:id', 'companies:read', 'Get a company', unverified),
  'companies.create': write('POST', '/company', 'companies:create', 'Create a company'),
  'companies.update': write('PATCH', '/company/:id', 'companies:update', 'Update a company'),
  'companies.delete': write('DELETE', '/company/:id', 'companies:delete', 'Delete a company'),

  'lists.list': search('/list-contact/list', 'list_contacts:read', 'List contact lists', unverified),
  'lists.metadata': search('/list-contact/metadata', 'list_contacts:read', 'Count contact lists', unverified),
  'lists.get': read('/list-contact/:id', 'list_contacts:read', 'Get a contact list', unverified),
  'lists.create': write('POST', '/list-contact', 'list_contacts:create', 'Create a contact list'),
  'lists.update': write('PATCH', '/list-contact/:id', 'list_contacts:update', 'Update a contact list'),
  'lists.delete': write('DELETE', '/list-contact/:id', 'list_contacts:delete', 'Delete a contact list'),
  // The reference gives list_contacts:read for duplicate and verify-contacts; they still write, so no retry.
  'lists.duplicate': write('POST', '/list-contact/duplicate', 'list_contacts:read', 'Duplicate a contact list'),
  'lists.verifyContacts': write('POST', '/list-contact/verify-contacts/:id', 'list_contacts:read', "Verify a list's contacts", credits),
  'lists.addContacts': write('POST', '/list-contact/:id/contacts', 'list_contact_details:update', 'Add contacts to a list', unverified),

  'prospect.filters': search('/prospect/filters', 'prospect:read', 'Filter value suggestions'),
  'prospect.list': search('/prospect/list', 'prospect:read', 'Search the prospect catalog'),
  'prospect.unlock': write('POST', '/service-handler/unlock-contacts', 'payment_prospect:create', 'Unlock prospects matching filters', credits),
  'prospect.unlockSelected': write(
    'POST',
    '/service-handler/unlock-selected-contacts',
    'payment_prospect:create',
    'Unlock selected prospects',
    credits,
  ),
  'emails.verify': write('POST', '/service-handler/verify-email', 'verify_email:create', 'Verify email addresses', credits),

  'products.list': search('/products/list', 'products:read', 'List products', unverified),
  'products.metadata': search('/products/metadata', 'products:read', 'Count products', unverified),
  'products.get': read('/products/:id', 'products:read', 'Get a product', unverified),
  'products.create': write('POST', '/products', 'products:create', 'Create a product', unverified),
  'products.update': write('PATCH', '/products/:id', 'products:update', 'Update a product', unverified),
  'products.delete': write('DELETE', '/products/:id', 'products:delete', 'Delete a product', unverified),

  'opportunities.list': search('/opportunities/list', 'opportunities:read', 'List opportunities', unverified),
  'opportunities.metadata': search('/opportunities/metadata', 'opportunities:read', 'Count opportunities', unverified),
  'opportunities.get': read('/opportunities/:id', 'opportunities:read', 'Get an opportunity', unverified),
  'opportunities.create': write('POST', '/opportunities', 'opportunities:create', 'Create an opportunity', unverified),
  'opportunities.update': write('PATCH', '/opportunities/:id', 'opportunities:update', 'Update an opportunity', unverified),
  'opportunities.delete': write('DELETE', '/opportunities/:id', 'opportunities:delete', 'Delete an opportunity', unverified),

  'pipelines.list': search('/pipelines/list', 'pipelines:read', 'List pipelines', unverified),
  'pipelines.get': read('/pipelines/:id', 'pipelines:read', 'Get a pipeline with its stages', unverified),
  'pipelines.stages': read('/pipelines/:id/stages', 'stages:read', "List a pipeline's stages", unverified),
});

export type MinotaurEndpointName = keyof typeof MINOTAUR_ENDPOINTS;
