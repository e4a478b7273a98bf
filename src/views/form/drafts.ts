/**
 * Unsaved form values, kept in extension storage (global state: it survives closing the panel, a failed save and a
 * window reload, in any workspace) under one key per connection + kind + record id (`new` for a create form).
 * Writes are debounced; `flush` writes at once (panel closed, save started). A draft is dropped only after a
 * successful save or an explicit Discard.
 */
import type * as vscode from 'vscode';
import { z } from 'zod';
import { FormIdentitySchema, FormValuesSchema, type FormIdentity } from './protocol';

const PREFIX = 'crm.formDraft/';

const DraftSchema = z.object({
  identity: FormIdentitySchema,
  /** Plain-text name of the record ("Ana Ruiz", "new contact") for notifications. */
  title: z.string(),
  values: FormValuesSchema,
  /** The record's values when the draft was started: the draft's changes are replayed on a fresh copy against it. */
  baseline: FormValuesSchema,
  savedAt: z.string(),
  /**
   * The Idempotency-Key of a create that was sent and got no definite answer, with the body it was sent with: a
   * retried Save of the same body reuses it (also after a window reload), so the server makes the record once.
   */
  idempotency: z.object({ key: z.string().min(1).max(200), fingerprint: z.string() }).optional(),
});
export type Draft = z.infer<typeof DraftSchema>;

export function draftKey(identity: FormIdentity): string {
  return `${PREFIX}${encodeURIComponent(identity.connectionId)}/${identity.kind}/${identity.recordId ? encodeURIComponent(identity.recordId) : 'new'}`;
}

export class DraftStore {
  private readonly pending = new Map<string, { draft: Draft; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly memento: vscode.Memento,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 400,
  ) {}

  get(identity: FormIdentity): Draft | undefined {
    const key = draftKey(identity);
    const pending = this.pending.get(key);
    if (pending) return pending.draft;
    const parsed = DraftSchema.safeParse(this.memento.get(key));
    return parsed.success ? parsed.data : undefined;
  }

  /** Keep a draft (written after a short pause in typing). */
  save(draft: Omit<Draft, 'savedAt'>): void {
    const key = draftKey(draft.identity);
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous.timer);
    const full: Draft = { ...draft, savedAt: new Date().toISOString() };
    this.pending.set(key, { draft: full, timer: setTimeout(() => void this.write(key), this.delayMs) });
  }

  /** Write a pending draft now. */
  flush(identity: FormIdentity): Promise<void> {
    return this.write(draftKey(identity));
  }

  async discard(identity: FormIdentity): Promise<void> {
    const key = draftKey(identity);
    const pending = this.pending.get(key);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(key);
    await this.update(key, undefined);
  }

  /** Every kept draft (for diagnostics and tests). */
  all(): Draft[] {
    const drafts = new Map<string, Draft>();
    for (const key of this.memento.keys()) {
      if (!key.startsWith(PREFIX)) continue;
      const parsed = DraftSchema.safeParse(this.memento.get(key));
      if (parsed.success) drafts.set(key, parsed.data);
    }
    for (const [key, { draft }] of this.pending) drafts.set(key, draft);
    return [...drafts.values()];
  }

  /** Write everything pending (extension deactivating). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((key) => this.write(key)));
  }

  private async write(key: string): Promise<void> {
    const pending = this.pending.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(key);
    await this.update(key, pending.draft);
  }

  private async update(key: string, value: Draft | undefined): Promise<void> {
    try {
      await this.memento.update(key, value);
    } catch (error) {
      this.onError(error);
    }
  }
}
