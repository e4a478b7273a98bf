/**
 * Every OpenProspect endpoint CRM Explorer calls (`/api/v1`), in ONE table: method, path, scope, retry safety.
 * GETs are safe to retry; POST/PATCH/PUT/DELETE never are (orders and profile creations would duplicate).
 * Scopes the docs leave open are marked in the summary: `prospect_searches:write` for PATCH (by analogy), and
 * the search-profile creations, which the docs tie to orders (orders:write / orders:read assumed).
 */
import { defineEndpoints, readEndpoint, writeEndpoint, type EndpointDef } from '../endpoint';

const get = (path: string, requirement: string | undefined, summary: string, extra?: Partial<EndpointDef>) =>
  readEndpoint('GET', path, requirement, summary, extra);
const write = writeEndpoint;

export const OPENPROSPECT_ENDPOINTS = defineEndpoints({
  'auth.validate': get('/auth/validate', undefined, 'Validate the API key and list its scopes'),

  'orders.create': write('POST', '/orders', 'orders:write', 'Create an enrichment or discovery order'),
  'orders.list': get('/orders', 'orders:read', 'List orders'),
  'orders.get': get('/orders/:orderId', 'orders:read', 'Get an order and its status'),
  'orders.results': get('/orders/:orderId/results', 'orders:read', 'Enriched results of an order'),

  'searchProfiles.create': write('POST', '/search-profile-creations', 'orders:write', 'Start creating a search profile (scope assumed)'),
  'searchProfiles.get': get('/search-profile-creations/:creationId', 'orders:read', 'Status of a search profile creation (scope assumed)', {
    unverified: true,
  }),

  'deliveries.companies': get(
    '/deliveries/:prospectSearchId/companies',
    'companies:read, prospects:read',
    'Delivered companies with their prospects',
  ),

  'prospectSearches.list': get('/prospect-searches', 'prospect_searches:read', 'List prospect searches'),
  'prospectSearches.get': get('/prospect-searches/:id', 'prospect_searches:read', 'Get a prospect search'),
  'prospectSearches.update': write('PATCH', '/prospect-searches/:id', 'prospect_searches:write', 'Update a prospect search (scope assumed)'),

  'companies.list': get('/companies', 'companies:read', 'List companies of a prospect search'),
  'companies.get': get('/companies/:companyId', 'companies:read', 'Get a company'),
  'companies.jobs': get('/companies/:companyId/jobs', 'companies:read', "A company's job listings"),
  'companies.jobsSummary': get('/companies/:companyId/jobs/summary', 'companies:read', "Summary of a company's job listings"),
  'companies.webtech': get('/companies/:companyId/webtech-intel', 'companies:read', "A company's technology stack"),
  'companies.webtechSummary': get('/companies/:companyId/webtech-intel/summary', 'companies:read', "Summary of a company's technologies"),

  'prospects.list': get('/prospects', 'prospects:read', 'List prospects'),
  'prospects.get': get('/prospects/:prospectId', 'prospects:read', 'Get a prospect'),

  'blacklists.create': write('POST', '/blacklists', 'blacklists:write', 'Create a blacklist'),
  'blacklists.list': get('/blacklists', 'blacklists:read', 'List blacklists'),
  'blacklists.get': get('/blacklists/:id', 'blacklists:read', 'Get a blacklist'),
  'blacklists.update': write('PATCH', '/blacklists/:id', 'blacklists:write', 'Update a blacklist'),
  'blacklists.delete': write('DELETE', '/blacklists/:id', 'blacklists:write', 'Delete a blacklist'),

  'blacklistEntries.add': write('POST', '/blacklists/:id/entries', 'blacklists:write', 'Add blacklist entries (at most 10,000 per request)'),
  'blacklistEntries.list': get('/blacklists/:id/entries', 'blacklists:read', 'List blacklist entries'),
  'blacklistEntries.remove': write('DELETE', '/blacklists/:id/entries', 'blacklists:write', 'Remove blacklist entries'),

  'searchBlacklists.get': get('/prospect-searches/:id/blacklists', 'blacklists:read', 'Blacklists assigned to a prospect search'),
  'searchBlacklists.set': write('PUT', '/prospect-searches/:id/blacklists', 'blacklists:write', 'Set the blacklists of a prospect search'),
});

export type OpenProspectEndpointName = keyof typeof OPENPROSPECT_ENDPOINTS;
