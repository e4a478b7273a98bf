/**
 * Reading OpenProspect error bodies. Current docs: `{code, message, details?}` with `details.required_scopes` on a
 * 403 and (assumed) `details.errors: [{field | index, message}]` on 400/422. Older generations: `{error, message}`
 * (and `retry_after` on 429, read by the HTTP layer). FastAPI-style `{detail}` is read too, defensively.
 */
import type { ApiErrorDetails, FieldError } from '../http/errors';
import type { ErrorBodyReader } from '../http/httpClient';

const MISSING_SCOPES = /missing (?:required )?scopes?:?\s*([a-z_:,\s]+)/i;
const KEY_REJECTED = /\b(invalid|revoked|expired|unknown)\b[^.]*\b(api[\s_-]?key|key|token)\b|\b(api[\s_-]?key|key|token)\b[^.]*\b(invalid|revoked|expired)\b/i;

export const readOpenProspectError: ErrorBodyReader = (status, body) => {
  const out: Partial<ApiErrorDetails> = {};
  const record = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!record) return out;

  const code = str(record.code) ?? str(record.error);
  if (code) out.code = code;
  const message = str(record.message) ?? (typeof record.detail === 'string' ? record.detail : undefined) ?? (str(record.code) ? undefined : str(record.error));
  if (message) out.message = message;

  const details = record.details && typeof record.details === 'object' && !Array.isArray(record.details) ? (record.details as Record<string, unknown>) : undefined;

  if (status === 403) {
    const scopes = Array.isArray(details?.required_scopes) ? details.required_scopes.filter((s): s is string => typeof s === 'string') : [];
    if (scopes.length) out.requirement = scopes.join(', ');
    else {
      const fromMessage = message ? MISSING_SCOPES.exec(message)?.[1] : undefined;
      const parsed = fromMessage
        ?.split(/[,\s]+/)
        .map((s) => s.trim())
        .filter((s) => /^[a-z_]+:[a-z_]+$/.test(s));
      if (parsed?.length) out.requirement = parsed.join(', ');
      else if (isKeyRejection(code, message)) out.kind = 'unauthorized';
    }
  }

  const fieldErrors = [...fieldErrorsOf(details?.errors), ...fieldErrorsOf(record.errors), ...fastApiErrors(record.detail)];
  if (fieldErrors.length) out.fieldErrors = fieldErrors;
  if (!out.message && fieldErrors.length) out.message = fieldErrors.map((e) => `${e.field}: ${e.message}`).slice(0, 3).join('; ');
  return out;
};

function isKeyRejection(code: string | undefined, message: string | undefined): boolean {
  if (code && /^(UNAUTHORI[SZ]ED|AUTHENTICATION_ERROR|INVALID_API_KEY|INVALID_KEY)$/i.test(code)) return true;
  return message ? KEY_REJECTED.test(message) : false;
}

/** `[{field, message}]`, `[{index, message}]` or both (`{index: 3, field: 'website_url'}` → `3.website_url`). */
function fieldErrorsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const out: FieldError[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const entry = item as Record<string, unknown>;
    const text = str(entry.message) ?? str(entry.msg) ?? str(entry.error);
    if (!text) continue;
    const index = typeof entry.index === 'number' || typeof entry.index === 'string' ? String(entry.index) : undefined;
    const field = str(entry.field) ?? str(entry.path) ?? (Array.isArray(entry.loc) ? entry.loc.map(String).join('.') : undefined);
    const where = [index, field].filter(Boolean).join('.');
    out.push({ field: where || '(body)', message: text });
  }
  return out;
}

/** FastAPI: `{detail: [{loc: ['body', 'companies', 0, 'company_name'], msg}]}` → `companies.0.company_name`. */
function fastApiErrors(detail: unknown): FieldError[] {
  if (!Array.isArray(detail)) return [];
  return detail.flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    const entry = item as Record<string, unknown>;
    const text = str(entry.msg) ?? str(entry.message);
    if (!text || !Array.isArray(entry.loc)) return [];
    const loc = entry.loc.map(String);
    if (loc[0] === 'body' || loc[0] === 'query' || loc[0] === 'path') loc.shift();
    return [{ field: loc.join('.') || '(body)', message: text }];
  });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
