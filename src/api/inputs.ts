/**
 * Building blocks of the input (write) schemas both vendors use. The record form validates with them as the user
 * types, so every message names the field and says what to do.
 */
import { z } from 'zod';

/** A required text field: "First name is required" when missing or blank. */
export function requiredText(label: string, max = 200) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `${label} is required.` : `${label} must be text.`) })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(max, { error: `${label} can be at most ${max} characters.` });
}

/** An optional text field; blank is allowed (the form decides whether blank means "clear" or "leave out"). */
export function optionalText(label: string, max = 500) {
  return z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, { error: `${label} can be at most ${max} characters.` })
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
    .string({ error: `${label} must be text.` })
    .trim()
    .refine((v) => v === '' || isHttpUrl(v), { error: `${label} must be a full web address starting with https://.` })
    .nullish();
}

export function requiredEmail(label: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `${label} is required.` : `${label} must be text.`) })
    .trim()
    .min(1, { error: `${label} is required.` })
    .pipe(z.email({ error: `${label} must be an email address, like ana@example.com.` }));
}

export function optionalEmail(label: string) {
  return z
    .string({ error: `${label} must be text.` })
    .trim()
    .refine((v) => v === '' || z.email().safeParse(v).success, { error: `${label} must be an email address, like ana@example.com.` })
    .nullish();
}
