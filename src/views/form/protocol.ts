/**
 * The record form's message protocol, declared ONCE for both sides: the extension (formPanel.ts) and the webview
 * (src/webview/form/main.ts) import this file, so a renamed field is a compile error, not a silent bug. Each side
 * validates every message it receives with these schemas and ignores (logs at debug) anything that does not match.
 *
 * Form values travel as the user typed them (strings, lists of strings, rule rows); formModel.ts turns them into
 * API inputs. Nothing here depends on `vscode` or the DOM.
 */
import { z } from 'zod';

// In its own module so the entry can register the panel serializer without loading zod and this protocol.
export { FORM_VIEW_TYPE } from './viewType';

/** Minotaur kinds, then OpenProspect's (named like their tree rows' contextValue: `crm.record.opSearch`). */
export const RECORD_KINDS = ['contact', 'company', 'list', 'product', 'opportunity', 'opOrder', 'opSearch'] as const;
export const RecordKindSchema = z.enum(RECORD_KINDS);
export type RecordKind = z.infer<typeof RecordKindSchema>;

export const FormModeSchema = z.enum(['create', 'edit']);
export type FormMode = z.infer<typeof FormModeSchema>;

/** One row of a contact list's rules editor. */
export const RuleRowSchema = z.object({
  field: z.string().max(500),
  operator: z.string().max(200),
  value: z.string().max(5000),
});
export type RuleRow = z.infer<typeof RuleRowSchema>;

/** Most lines a `rows` field (CSV text, one line per string) carries: the 10,000-row bulk maximum, a header, slack. */
export const MAX_ROW_LINES = 20_000;

/**
 * What one input holds: text (text, email, url, number, textarea, select), a list of strings (list, checkboxes),
 * rule rows, or the lines of a `rows` field (pasted or loaded CSV: many short lines, so its own bound).
 */
export const FormValueSchema = z.union([
  z.string().max(100_000),
  z.array(z.string().max(5000)).max(2000),
  z.array(RuleRowSchema).max(500),
  z.array(z.string().max(2000)).max(MAX_ROW_LINES),
]);
export type FormValue = z.infer<typeof FormValueSchema>;

export const FormValuesSchema = z.record(z.string().max(100), FormValueSchema);
export type FormValues = z.infer<typeof FormValuesSchema>;

/**
 * `checkboxes`: several of `options` (a list of the chosen values). `rows`: CSV text of company rows, validated row by
 * row (formSpecs.ts names the row schema), with a "Load CSV File…" button.
 */
export const FIELD_TYPES = ['text', 'email', 'url', 'number', 'list', 'textarea', 'select', 'rules', 'checkboxes', 'rows'] as const;
export const FieldTypeSchema = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldTypeSchema>;

export const FieldOptionSchema = z.object({
  value: z.string(),
  label: z.string(),
  /** For dependent selects (a stage belongs to a pipeline): the value of the parent field this option needs. */
  parent: z.string().optional(),
});
export type FieldOption = z.infer<typeof FieldOptionSchema>;

/** The serialisable part of a form field (formSpecs.ts), with options filled in at runtime (pipelines, stages). */
export const FieldDescriptorSchema = z.object({
  name: z.string().min(1).max(100),
  label: z.string(),
  type: FieldTypeSchema,
  required: z.boolean(),
  help: z.string().optional(),
  placeholder: z.string().optional(),
  options: z.array(FieldOptionSchema).optional(),
  /** The field whose value filters this select's options (by `FieldOption.parent`). */
  optionsParent: z.string().optional(),
  /** For `text`: suggestions offered in a datalist; for `rules`: suggested rule fields. */
  suggestions: z.array(z.string()).optional(),
  /** Shown (and sent) only while the field `field` holds one of `values` (an order's kind). */
  showWhen: z.object({ field: z.string(), values: z.array(z.string()) }).optional(),
});
export type FieldDescriptor = z.infer<typeof FieldDescriptorSchema>;

export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FormFieldError = z.infer<typeof FieldErrorSchema>;

/** Which record a form edits: what the serializer needs to rebuild a panel after a window reload. */
export const FormIdentitySchema = z.object({
  connectionId: z.string().min(1).max(200),
  kind: RecordKindSchema,
  /** Absent for a create form. */
  recordId: z.string().min(1).max(200).optional(),
});
export type FormIdentity = z.infer<typeof FormIdentitySchema>;

// ---------------------------------------------------------------------------------------------------------------
// webview → extension

export const WebviewMessageSchema = z.discriminatedUnion('type', [
  /** The script loaded and listens: the extension answers with `init`. */
  z.object({ type: z.literal('ready') }),
  /** Any edit: the current values (the extension keeps them as the draft). */
  z.object({ type: z.literal('changed'), values: FormValuesSchema }),
  z.object({ type: z.literal('submit'), values: FormValuesSchema }),
  /** The Cancel button: the extension asks before dropping changes. */
  z.object({ type: z.literal('cancel') }),
  /** "Discard changes" on the restored-draft banner: back to the record as it is on the server. */
  z.object({ type: z.literal('discardDraft') }),
  /** A `rows` field's "Load CSV File…" button: the extension shows the open dialog and answers `fileLoaded`. */
  z.object({ type: z.literal('pickFile'), field: z.string().min(1).max(100) }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

// ---------------------------------------------------------------------------------------------------------------
// extension → webview

export const InitMessageSchema = z.object({
  type: z.literal('init'),
  identity: FormIdentitySchema,
  kind: RecordKindSchema,
  mode: FormModeSchema,
  /** "New contact", "Edit contact: Ana Ruiz" (plain text; the webview sets it with textContent). */
  title: z.string(),
  /** Noun for the Save button and messages: "contact". */
  noun: z.string(),
  fields: z.array(FieldDescriptorSchema),
  /** The values the form was opened with (the baseline changes are computed against). */
  values: FormValuesSchema,
  /**
   * Unsaved values to show instead of `values`. `restored`: they come from a draft kept after the form was closed
   * or the window reloaded (the form says so and offers to discard them).
   */
  draft: z.object({ values: FormValuesSchema, savedAt: z.string().optional(), restored: z.boolean() }).optional(),
  /** A problem loading the record (shown above the form; the draft is still editable). */
  loadError: z.string().optional(),
  /**
   * The texts the webview shows itself (buttons, counts, "Line {0}: …" row errors, validation messages), in the
   * user's language: English message → translation (`vscode.l10n.bundle`; empty in English). The webview formats
   * them with the same `{0}` contract (util/l10n `bundleTranslator`), so nothing it shows is hard-coded English.
   */
  texts: z.record(z.string().max(5000), z.string().max(5000)).default({}),
  /** VS Code's display language (`env.language`): how the webview writes numbers and dates (util/l10n `setLocale`). */
  locale: z.string().max(40).default('en'),
});
export type InitMessage = z.infer<typeof InitMessageSchema>;

export const ExtensionMessageSchema = z.discriminatedUnion('type', [
  InitMessageSchema,
  /** A submit was accepted and is in flight: Save stays disabled. */
  z.object({ type: z.literal('saving') }),
  /** Saved (edit): `values` is the new baseline. */
  z.object({ type: z.literal('saved'), values: FormValuesSchema, message: z.string() }),
  /** The server refused fields (400): mapped onto the fields; `formErrors` are the ones naming no known field. */
  z.object({ type: z.literal('fieldErrors'), errors: z.array(FieldErrorSchema), formErrors: z.array(z.string()) }),
  /** Any other failure, shown above the form. Save is enabled again. */
  z.object({ type: z.literal('formError'), message: z.string() }),
  /** The extension's own validation of a submit failed (the webview's should have caught it): nothing was sent. */
  z.object({ type: z.literal('validation'), errors: z.array(FieldErrorSchema) }),
  /** Nothing was sent and nothing failed (the confirmation was declined): Save is enabled again. */
  z.object({ type: z.literal('notSent'), message: z.string() }),
  /** The CSV file chosen after `pickFile`: its lines go into the field (replacing what was there). */
  z.object({ type: z.literal('fileLoaded'), field: z.string(), name: z.string(), lines: z.array(z.string().max(2000)).max(MAX_ROW_LINES) }),
]);
export type ExtensionMessage = z.infer<typeof ExtensionMessageSchema>;

/** What the webview keeps with `setState` (and the serializer gets back after a window reload). */
export const PersistedStateSchema = z.object({
  identity: FormIdentitySchema,
  values: FormValuesSchema.optional(),
  /** The values the draft was made against: without it a reload could not tell the draft from the record. */
  baseline: FormValuesSchema.optional(),
  savedAt: z.string().optional(),
});
export type PersistedState = z.infer<typeof PersistedStateSchema>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const type = raw && typeof raw === 'object' && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 40) : typeof raw;
  const issue = result.error.issues[0];
  return { ok: false, reason: `${type}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}` };
}

export const parseWebviewMessage = (raw: unknown): Parsed<WebviewMessage> => parseWith(WebviewMessageSchema, raw);
export const parseExtensionMessage = (raw: unknown): Parsed<ExtensionMessage> => parseWith(ExtensionMessageSchema, raw);
