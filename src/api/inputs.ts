/**
 * Building blocks of the input (write) schemas both vendors use. The record form validates with them as the user
 * types, so every message names the field and says what to do.
 */
import { z } from 'zod';
import { t, tr } from '../util/l10n';

// Messages are functions: zod calls them when it makes an issue, so they are in the language of the moment (the
// webview's translator is set only when its form opens), never the one of module load. `label` was marked with msg().

/** A required text field: "First name is required" when missing or blank. */
export function requiredText(label: string, max = 200) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? t('{0} is required.', tr(label)) : t('{0} must be text.', tr(label))) })
    .trim()
    .min(1, { error: () => t('{0} is required.', tr(label)) })
    .max(max, { error: () => t('{0} can be at most {1} characters.', tr(label), max) });
}

/** An optional text field; blank is allowed (the form decides whether blank means "clear" or "leave out"). */
export function optionalText(label: string, max = 500) {
  return z
    .string({ error: () => t('{0} must be text.', tr(label)) })
    .trim()
    .max(max, { error: () => t('{0} can be at most {1} characters.', tr(label), max) })
    .nullish();
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** An optional web address: blank, or a full http(s) URL. */
export function optionalUrl(label: string) {
  return z
    .string({ error: () => t('{0} must be text.', tr(label)) })
    .trim()
    .refine((v) => v === '' || isHttpUrl(v), { error: () => t('{0} must be a full web address starting with https://.', tr(label)) })
    .nullish();
}

export function requiredEmail(label: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? t('{0} is required.', tr(label)) : t('{0} must be text.', tr(label))) })
    .trim()
    .min(1, { error: () => t('{0} is required.', tr(label)) })
    .pipe(z.email({ error: () => t('{0} must be an email address, like ana@example.com.', tr(label)) }));
}

export function optionalEmail(label: string) {
  return z
    .string({ error: () => t('{0} must be text.', tr(label)) })
    .trim()
    .refine((v) => v === '' || z.email().safeParse(v).success, { error: () => t('{0} must be an email address, like ana@example.com.', tr(label)) })
    .nullish();
}
