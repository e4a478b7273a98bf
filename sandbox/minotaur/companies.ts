/** Companies: documented list/create/update/delete under the singular `/company`; get-one and metadata by analogy. */
import { registerCrud } from './crud';
import type { Router } from '../router';
import type { MinotaurRoute } from './context';

const str = { type: 'string', nullable: true, maxLength: 500 } as const;

export function registerCompanies(router: Router<MinotaurRoute>): void {
  registerCrud(router, {
    path: '/company',
    subject: 'companies',
    noun: 'Company',
    collection: (s) => s.companies,
    listShape: 'array',
    filterFields: ['company_name', 'size', 'industry', 'location_locality', 'location_country', 'verification_status', 'type', 'domain'],
    fields: {
      type: { type: 'string', notEmpty: true, maxLength: 50 },
      company_name: { type: 'string', notEmpty: true, maxLength: 300 },
      size: str,
      industry: str,
      location_locality: str,
      location_country: str,
      website: { type: 'url', nullable: true },
      domain: str,
      score: { type: 'int', min: 0, max: 100 },
      custom_fields: { type: 'object' },
    },
    required: ['type', 'company_name'],
    defaults: () => ({
      type: 'company', company_name: '', size: null, industry: null, location_locality: null, location_country: null,
      verification_status: 'unverified', score: 0, website: null, domain: null, custom_fields: {},
    }),
  });
}
