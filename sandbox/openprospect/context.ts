/** What an OpenProspect handler gets, and how its routes declare the scopes they need. */
import { UUID_RE, type ApiRequest, type ApiResponse } from '../http';
import { notFound, validationError } from './errors';
import type { KeyProfile } from '../keys';
import type { OpenProspectStore } from './store';
import type { Collection } from '../collection';
import type { Rec } from '../records';

export interface OpContext {
  store: OpenProspectStore;
  key: string;
  profile: KeyProfile;
}

export interface OpRoute {
  /** Every listed scope is required; empty = any active key. */
  scopes: string[];
  handle: (req: ApiRequest, ctx: OpContext) => ApiResponse;
}

/** A path id must be a UUID (FastAPI answers 422 for a malformed one) and name an existing record (else 404). */
export function pathId(req: ApiRequest, name = 'id'): string {
  const id = req.params[name] ?? '';
  if (!UUID_RE.test(id)) throw validationError([{ field: name, message: 'Input should be a valid UUID' }]);
  return id;
}

export function findOr404(collection: Collection, req: ApiRequest, resource: string, name = 'id'): Rec {
  const id = pathId(req, name);
  const rec = collection.get(id);
  if (!rec) throw notFound(resource, id);
  return rec;
}
