/**
 * Field checks that answer like a Pydantic model: `{field, message}` per problem ("Field required",
 * "Input should be a valid string" …). Unknown properties are ignored, as FastAPI does by default.
 */
import { UUID_RE } from '../http';
import { isRecord } from '../records';
import { validationError, type FieldError } from './errors';

export class Checker {
  readonly errors: FieldError[] = [];

  constructor(readonly body: Record<string, unknown>) {}

  static of(body: unknown): Checker {
    if (!isRecord(body)) throw validationError([{ field: 'body', message: 'Input should be a valid JSON object' }]);
    return new Checker(body);
  }

  add(field: string, message: string, index?: number): void {
    this.errors.push(index === undefined ? { field, message } : { index, field, message });
  }

  string(field: string, opts: { required?: boolean; min?: number; max?: number; nullable?: boolean } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || (value === null && !opts.nullable)) {
      if (opts.required) this.add(field, 'Field required');
      else if (value === null) this.add(field, 'Input should be a valid string');
      return undefined;
    }
    if (value === null) return undefined;
    if (typeof value !== 'string') return void this.add(field, 'Input should be a valid string');
    if (opts.min !== undefined && value.trim().length < opts.min) this.add(field, `String should have at least ${opts.min} character${opts.min === 1 ? '' : 's'}`);
    if (opts.max !== undefined && value.length > opts.max) this.add(field, `String should have at most ${opts.max} characters`);
    return value;
  }

  int(field: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (opts.required) this.add(field, 'Field required');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) return void this.add(field, 'Input should be a valid integer');
    if (opts.min !== undefined && value < opts.min) this.add(field, `Input should be greater than or equal to ${opts.min}`);
    if (opts.max !== undefined && value > opts.max) this.add(field, `Input should be less than or equal to ${opts.max}`);
    return value;
  }

  uuid(field: string, opts: { required?: boolean } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (opts.required) this.add(field, 'Field required');
      return undefined;
    }
    if (typeof value !== 'string' || !UUID_RE.test(value)) return void this.add(field, 'Input should be a valid UUID');
    return value;
  }

  enumOf<T extends string>(field: string, allowed: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (opts.required) this.add(field, 'Field required');
      return undefined;
    }
    if (typeof value !== 'string' || !allowed.includes(value as T)) return void this.add(field, `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`);
    return value as T;
  }

  array(field: string, opts: { required?: boolean; min?: number; max?: number } = {}): unknown[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (opts.required) this.add(field, 'Field required');
      return undefined;
    }
    if (!Array.isArray(value)) return void this.add(field, 'Input should be a valid list');
    if (opts.min !== undefined && value.length < opts.min) this.add(field, `List should have at least ${opts.min} item${opts.min === 1 ? '' : 's'} after validation, not ${value.length}`);
    if (opts.max !== undefined && value.length > opts.max) this.add(field, `List should have at most ${opts.max} items after validation, not ${value.length}`);
    return value;
  }

  stringArray(field: string, opts: { required?: boolean; max?: number } = {}): string[] | undefined {
    const list = this.array(field, opts);
    if (!list) return undefined;
    if (list.some((v) => typeof v !== 'string')) return void this.add(field, 'Input should be a list of strings');
    return list as string[];
  }

  /** Throw 422 when anything failed. */
  done(): void {
    if (this.errors.length) throw validationError(this.errors.slice(0, 100));
  }
}

/** A website given as a URL or a bare domain (`acme.com`). */
export function isWebsite(value: string): boolean {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && /^[^.\s]+(\.[^.\s]+)+$/.test(url.hostname);
  } catch {
    return false;
  }
}

/** `https://www.Acme.com/about` → `acme.com`: entries and orders match on the domain. */
export function domainOf(website: string): string {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `https://${website}`;
  try {
    return new URL(candidate).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return website.toLowerCase();
  }
}
