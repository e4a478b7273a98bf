/**
 * The conventional resource shape, written once: `POST /<r>/list` + `POST /<r>/metadata` (filters + paginate),
 * `POST /<r>`, `GET|PATCH|DELETE /<r>/:id`. Contacts, companies, lists, products and opportunities are each a
 * descriptor of fields, filters and permissions handed to `registerCrud`.
 */
import { json, UUID_RE, type ApiRequest } from '../http';
import { badRequest, invalidUuidParam, notFound } from './errors';
import { pageOf, paginationOf, parseListBody, select } from './query';
import { validateBody, type Rule, type RuleSet } from './validate';
import { defaultResponse, type MinotaurContext, type MinotaurRoute } from './context';
import type { Router } from '../router';
import type { Collection } from '../collection';
import type { MinotaurStore } from './store';
import type { Rec } from '../records';

export interface CrudSpec {
  /** Path of the resource: `/contacts`, `/company`. */
  path: string;
  /** Permission subject: `contacts` → `contacts:read`, `contacts:create`… */
  subject: string;
  /** For messages: `Contact created successfully`. */
  noun: string;
  collection: (store: MinotaurStore) => Collection;
  /** `array` = bare array (contacts, companies: documented); `paginate` = PaginateResponse (sandbox choice). */
  listShape: 'array' | 'paginate';
  filterFields: readonly string[];
  /** Virtual filter fields (e.g. `list_id`). */
  special?: (store: MinotaurStore) => Record<string, (rec: Rec, values: string[]) => boolean>;
  /** Writable fields; create marks `required` ones. Fields not listed are rejected (`x should not exist`). */
  fields: RuleSet;
  required: readonly string[];
  /** Values of a new record before the input is applied. */
  defaults: (store: MinotaurStore, now: string) => Record<string, unknown>;
  /** Cross-record checks (references), returning messages that start with the field name. */
  check?: (store: MinotaurStore, input: Record<string, unknown>, existing?: Rec) => string[];
  /** Input fields that are instructions, not stored on the record (e.g. `list_ids`). */
  transient?: readonly string[];
  afterWrite?: (store: MinotaurStore, rec: Rec, input: Record<string, unknown>) => void;
  onDelete?: (store: MinotaurStore, id: string) => void;
  /** Decorate a record on the way out (e.g. computed counts); stored records are never changed by it. */
  present?: (store: MinotaurStore, rec: Rec) => Rec;
  /** Create answers DefaultResponse (default) or `{id, name}` (list-contact, as documented). */
  createShape?: 'default' | 'idName';
  /** Which operations exist (pipelines are read-only). */
  only?: ReadonlyArray<'list' | 'metadata' | 'create' | 'get' | 'patch' | 'delete'>;
}

export function requireUuid(req: ApiRequest, name = 'id'): string {
  const id = req.params[name] ?? '';
  if (!UUID_RE.test(id)) throw invalidUuidParam();
  return id;
}

export function findOr404(collection: Collection, id: string, noun: string): Rec {
  const rec = collection.get(id);
  if (!rec) throw notFound(`${noun} not found`);
  return rec;
}

function withRequired(fields: RuleSet, required: readonly string[]): RuleSet {
  const out: RuleSet = {};
  for (const [name, rule] of Object.entries(fields)) out[name] = (required.includes(name) ? { ...rule, required: true } : rule) as Rule;
  return out;
}

export function registerCrud(router: Router<MinotaurRoute>, spec: CrudSpec): void {
  const ops = new Set(spec.only ?? ['list', 'metadata', 'create', 'get', 'patch', 'delete']);
  const present = (ctx: MinotaurContext, rec: Rec) => (spec.present ? spec.present(ctx.store, rec) : rec);
  const selectFor = (req: ApiRequest, ctx: MinotaurContext) => {
    const query = parseListBody(req.body, spec.filterFields);
    const special = spec.special?.(ctx.store);
    const all = select(spec.collection(ctx.store), query, special ? { special } : {});
    return { query, all };
  };

  if (ops.has('list'))
    router.add('POST', `${spec.path}/list`, {
      permission: `${spec.subject}:read`,
      handle: (req, ctx) => {
        const { query, all } = selectFor(req, ctx);
        const data = pageOf(all, query).map((r) => present(ctx, r));
        return json(200, spec.listShape === 'array' ? data : { data, pagination: paginationOf(all.length, query) });
      },
    });

  if (ops.has('metadata'))
    router.add('POST', `${spec.path}/metadata`, {
      permission: `${spec.subject}:read`,
      handle: (req, ctx) => {
        const { query, all } = selectFor(req, ctx);
        return json(200, { pagination: paginationOf(all.length, query) });
      },
    });

  if (ops.has('create'))
    router.add('POST', spec.path, {
      permission: `${spec.subject}:create`,
      handle: (req, ctx) => {
        const errors = validateBody(req.body, withRequired(spec.fields, spec.required));
        const input = req.body as Record<string, unknown>;
        if (!errors.length && spec.check) errors.push(...spec.check(ctx.store, input));
        if (errors.length) throw badRequest(errors);
        const now = new Date(req.now).toISOString();
        const rec: Rec = { id: ctx.store.ids.uuid(), ...spec.defaults(ctx.store, now), ...stored(input, spec), created_at: now, updated_at: now };
        spec.collection(ctx.store).add(rec);
        spec.afterWrite?.(ctx.store, rec, input);
        if (spec.createShape === 'idName') return json(201, { id: rec.id, name: rec.name });
        return defaultResponse(present(ctx, rec), `${spec.noun} created successfully`, 201);
      },
    });

  if (ops.has('get'))
    router.add('GET', `${spec.path}/:id`, {
      permission: `${spec.subject}:read`,
      handle: (req, ctx) => json(200, present(ctx, findOr404(spec.collection(ctx.store), requireUuid(req), spec.noun))),
    });

  if (ops.has('patch'))
    router.add('PATCH', `${spec.path}/:id`, {
      permission: `${spec.subject}:update`,
      handle: (req, ctx) => {
        const id = requireUuid(req);
        const collection = spec.collection(ctx.store);
        const existing = findOr404(collection, id, spec.noun);
        const errors = validateBody(req.body, spec.fields);
        const input = req.body as Record<string, unknown>;
        if (!errors.length && spec.check) errors.push(...spec.check(ctx.store, input, existing));
        if (errors.length) throw badRequest(errors);
        const rec = collection.update(id, { ...stored(input, spec), updated_at: new Date(req.now).toISOString() }) as Rec;
        spec.afterWrite?.(ctx.store, rec, input);
        return defaultResponse(present(ctx, rec), `${spec.noun} updated successfully`);
      },
    });

  if (ops.has('delete'))
    router.add('DELETE', `${spec.path}/:id`, {
      permission: `${spec.subject}:delete`,
      handle: (req, ctx) => {
        const id = requireUuid(req);
        const collection = spec.collection(ctx.store);
        findOr404(collection, id, spec.noun);
        collection.remove(id);
        spec.onDelete?.(ctx.store, id);
        return defaultResponse({ id }, `${spec.noun} deleted successfully`);
      },
    });
}

function stored(input: Record<string, unknown>, spec: CrudSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (!spec.transient?.includes(key)) out[key] = value;
  return out;
}

/** Reference check helper: `field` must name an existing record of `collection`. */
export function refCheck(value: unknown, collection: Collection, field: string, noun: string): string[] {
  if (value === undefined || value === null) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v) => typeof v === 'string' && !collection.get(v)).map((v) => `${field} ${String(v)} does not match any ${noun}`);
}
