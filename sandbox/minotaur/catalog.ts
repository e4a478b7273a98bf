/**
 * Products, opportunities and pipelines: permissions the reference names without documenting endpoints. They
 * follow the documented conventions and answer PaginateResponse for lists (a sandbox choice; see docs/sandbox.md).
 */
import { json } from '../http';
import { findOr404, refCheck, registerCrud, requireUuid } from './crud';
import type { MinotaurRoute } from './context';
import type { Router } from '../router';
import type { Rec } from '../records';

export function registerCatalog(router: Router<MinotaurRoute>): void {
  registerCrud(router, {
    path: '/products',
    subject: 'products',
    noun: 'Product',
    collection: (s) => s.products,
    listShape: 'paginate',
    filterFields: ['name', 'description', 'sku', 'currency'],
    fields: {
      name: { type: 'string', notEmpty: true, maxLength: 200 },
      description: { type: 'string', nullable: true, maxLength: 5000 },
      sku: { type: 'string', nullable: true, maxLength: 100 },
      price: { type: 'number', min: 0 },
      currency: { type: 'string', maxLength: 3 },
      active: { type: 'boolean' },
    },
    required: ['name', 'price'],
    defaults: () => ({ name: '', description: null, sku: null, price: 0, currency: 'USD', active: true }),
  });

  registerCrud(router, {
    path: '/opportunities',
    subject: 'opportunities',
    noun: 'Opportunity',
    collection: (s) => s.opportunities,
    listShape: 'paginate',
    filterFields: ['name', 'status', 'pipeline_id', 'stage_id', 'currency', 'contact_ids', 'product_ids'],
    fields: {
      name: { type: 'string', notEmpty: true, maxLength: 200 },
      amount: { type: 'number', min: 0 },
      currency: { type: 'string', maxLength: 3 },
      pipeline_id: { type: 'uuid' },
      stage_id: { type: 'uuid' },
      status: { type: 'string', in: ['open', 'won', 'lost'] },
      contact_ids: { type: 'array', of: 'uuid' },
      product_ids: { type: 'array', of: 'uuid' },
      assignee_id: { type: 'uuid', nullable: true },
      expected_close_date: { type: 'date', nullable: true },
    },
    required: ['name', 'pipeline_id', 'stage_id'],
    defaults: () => ({ name: '', amount: 0, currency: 'USD', status: 'open', contact_ids: [], product_ids: [], assignee_id: null, expected_close_date: null }),
    check: (store, input, existing) => {
      const errors = [
        ...refCheck(input.pipeline_id, store.pipelines, 'pipeline_id', 'pipeline'),
        ...refCheck(input.contact_ids, store.contacts, 'contact_ids', 'contact'),
        ...refCheck(input.product_ids, store.products, 'product_ids', 'product'),
      ];
      const pipelineId = (input.pipeline_id ?? existing?.pipeline_id) as string | undefined;
      const stages = (pipelineId ? store.pipelines.get(pipelineId)?.stages : undefined) as Rec[] | undefined;
      if (input.stage_id !== undefined && stages && !stages.some((s) => s.id === input.stage_id))
        errors.push(`stage_id ${String(input.stage_id)} is not a stage of pipeline ${pipelineId}`);
      return errors;
    },
  });

  registerCrud(router, {
    path: '/pipelines',
    subject: 'pipelines',
    noun: 'Pipeline',
    collection: (s) => s.pipelines,
    listShape: 'paginate',
    filterFields: ['name'],
    fields: {},
    required: [],
    defaults: () => ({}),
    only: ['list', 'metadata', 'get'],
  });

  router.add('GET', '/pipelines/:id/stages', {
    permission: 'stages:read',
    handle: (req, ctx) => json(200, findOr404(ctx.store.pipelines, requireUuid(req), 'Pipeline').stages),
  });
}
