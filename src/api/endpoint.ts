/**
 * Endpoints are described as data: method, path template, the permission/scope they need, and whether a retry
 * is safe. Vendor clients look their calls up in one table each, so a path that turns out wrong on the live API
 * is corrected in one place, and the UI can ask "does this key allow X" without calling anything.
 */
import type { HttpMethod } from './http/httpClient';

export interface EndpointDef {
  method: HttpMethod;
  /** Path relative to the connection's base URL, with `:name` placeholders: `/contacts/:id`. */
  path: string;
  /** Minotaur permission (`contacts:read`) or OpenProspect scope (`orders:write`); undefined = any valid key. */
  requirement?: string;
  /** True only for reads. Creates, updates, deletes and credit-consuming calls are never retried. */
  safeToRetry: boolean;
  /** Spends credits: needs the confirmation modal and single-flight. */
  spendsCredits?: boolean;
  /** Not in the vendor's reference: a path that follows its conventions, to be checked against the live API. */
  unverified?: boolean;
  /** One line for docs and tooltips. */
  summary: string;
}

export function defineEndpoints<const T extends Record<string, EndpointDef>>(table: T): T {
  return table;
}

/** A read: safe to retry. `method` is POST for Minotaur's reads with a JSON body (list, metadata, filters). */
export function readEndpoint(
  method: 'GET' | 'POST',
  path: string,
  requirement: string | undefined,
  summary: string,
  extra: Partial<EndpointDef> = {},
): EndpointDef {
  return { method, path, requirement, safeToRetry: true, summary, ...extra };
}

/** Anything that creates, changes, deletes or spends credits: never retried. */
export function writeEndpoint(
  method: HttpMethod,
  path: string,
  requirement: string,
  summary: string,
  extra: Partial<EndpointDef> = {},
): EndpointDef {
  return { method, path, requirement, safeToRetry: false, summary, ...extra };
}

/** Fill `:name` placeholders, encoding each value, and fail loudly if one is missing. */
export function fillPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(String(value));
  });
}
