/**
 * Export and import (SPEC §6, issue #5): "Export…" on any paged folder (and in the palette) and "Import from
 * CSV…" on Contacts / Companies (Minotaur) and on a blacklist (OpenProspect). The work lives in src/transfer/ and
 * is loaded on first use, so activation stays registration-only.
 */
import type { Services } from '../services';
import { registerCommand, type CommandContext } from './registerCommand';

export function registerTransferCommands(ctx: CommandContext, services: Services): void {
  // (folder row, selected rows, options for tests and scripts: {target, format})
  registerCommand(ctx, 'crm.export', async (target?: unknown, _selected?: unknown, request?: import('../transfer/export/exportCommand').ExportRequest) => {
    const { exportFolder } = await import('../transfer/export/exportCommand');
    return exportFolder(services, target, request);
  });
  registerCommand(ctx, 'crm.import', async (target?: unknown, _selected?: unknown, request?: import('../transfer/import/importCommand').ImportRequest) => {
    const { importCsv } = await import('../transfer/import/importCommand');
    return importCsv(services, target, request);
  });
}
