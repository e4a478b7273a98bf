/**
 * Create / Edit a record in the record form (SPEC §5). Create runs on a folder (title bar, context menu, inline +)
 * or from the palette (connection, then kind); Edit runs on a record row. Both also take a plain
 * `{connectionId, kind, recordId?}` (the form's "Reopen" action, tests).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { FormManager } from '../views/form/formManager';
import type { FormPanel } from '../views/form/formPanel';
import { FORM_SPECS, supports } from '../views/form/formSpecs';
import { FormIdentitySchema, FormValuesSchema, RECORD_KINDS, RecordKindSchema, type FormIdentity, type RecordKind } from '../views/form/protocol';
import { PagedFolderNode } from '../views/tree/pagedFolderNode';
import { RecordNode } from '../views/tree/recordNode';
import { registerCommand, type CommandContext } from './registerCommand';

// Translated when shown (a function, not constants), so the labels follow the display language.
const kindLabel = (kind: RecordKind): string =>
  ({
    contact: vscode.l10n.t('Contact'),
    company: vscode.l10n.t('Company'),
    list: vscode.l10n.t('Contact list'),
    product: vscode.l10n.t('Product'),
    opportunity: vscode.l10n.t('Opportunity'),
    opOrder: vscode.l10n.t('Order'),
    opSearch: vscode.l10n.t('Prospect search'),
  })[kind];

export function registerFormCommands(ctx: CommandContext, services: Services): FormManager {
  const forms = new FormManager(services);
  ctx.subscriptions.push(forms);

  registerCommand(ctx, 'crm.createRecord', async (target?: unknown): Promise<FormPanel | undefined> => {
    const identity = createTarget(target) ?? (await pickCreateTarget(services));
    // `{connectionId, kind, values}`: starting values from the command that opens the form (Create Order…).
    const values = FormValuesSchema.safeParse((target as { values?: unknown } | undefined)?.values);
    return identity ? forms.open(identity, values.success ? { values: values.data } : {}) : undefined;
  });

  registerCommand(ctx, 'crm.editRecord', async (target?: unknown): Promise<FormPanel | undefined> => {
    if (target instanceof RecordNode) {
      const kind = kindOfRecord(String(target.view.contextValue));
      if (!kind) throw new Error(vscode.l10n.t('{0} cannot be edited in a form.', String(target.view.label)));
      const record = target.record && typeof target.record === 'object' ? (target.record as Record<string, unknown>) : undefined;
      return forms.open({ connectionId: target.connectionId, kind, recordId: target.view.id }, { record });
    }
    const identity = FormIdentitySchema.safeParse(target);
    if (identity.success && identity.data.recordId) return forms.open(identity.data);
    void vscode.window.showInformationMessage(vscode.l10n.t('Choose a record in the CRM explorer, then Edit from its context menu.'));
    return undefined;
  });

  return forms;
}

/** `crm.record.contact` → `contact`. */
export function kindOfRecord(contextValue: string): RecordKind | undefined {
  const match = /^crm\.record\.([A-Za-z]+)(?:\.|$)/.exec(contextValue);
  const parsed = RecordKindSchema.safeParse(match?.[1]);
  return parsed.success ? parsed.data : undefined;
}

/** A folder key (`contacts`) → the kind its records are. */
export function kindOfFolder(folderKey: string): RecordKind | undefined {
  return RECORD_KINDS.find((kind) => FORM_SPECS[kind].folderKey === folderKey);
}

function createTarget(target: unknown): FormIdentity | undefined {
  if (target instanceof PagedFolderNode) {
    const kind = kindOfFolder(target.spec.key);
    if (!kind) throw new Error(vscode.l10n.t('Records of {0} cannot be created in a form.', String(target.spec.label)));
    return { connectionId: target.connectionId, kind };
  }
  const identity = FormIdentitySchema.safeParse(target);
  return identity.success ? { connectionId: identity.data.connectionId, kind: identity.data.kind } : undefined;
}

/** From the palette: the connection (asked only when there are several), then the kind. */
async function pickCreateTarget(services: Services): Promise<FormIdentity | undefined> {
  const connections = services.registry.list().filter((c) => c.provider === 'minotaur');
  if (!connections.length) {
    const add = vscode.l10n.t('Add Connection');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Add a Minotaur Sales connection to create records.'), add);
    if (choice === add) await vscode.commands.executeCommand('crm.addConnection');
    return undefined;
  }
  const active = services.registry.active();
  const ordered = [...connections].sort((a, b) => Number(b.id === active?.id) - Number(a.id === active?.id));
  const connection =
    ordered.length === 1
      ? ordered[0]
      : await services.prompter.pick(
          ordered.map((c) => ({ label: c.name, description: c.id === active?.id ? vscode.l10n.t('active') : undefined, value: c })),
          { title: vscode.l10n.t('Create Record'), placeholder: vscode.l10n.t('In which connection?') },
        );
  if (!connection) return undefined;
  // OpenProspect orders have their own command (Create Order…), which checks the key's scopes first.
  const kinds = RECORD_KINDS.filter((k) => FORM_SPECS[k].provider === 'minotaur' && supports(FORM_SPECS[k], 'create'));
  const kind = await services.prompter.pick(
    kinds.map((k) => ({ label: kindLabel(k), value: k })),
    { title: vscode.l10n.t('Create Record in {0}', connection.name), placeholder: vscode.l10n.t('What kind of record?') },
  );
  return kind ? { connectionId: connection.id, kind } : undefined;
}
