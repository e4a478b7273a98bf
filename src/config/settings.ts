/** All `crm.*` settings are read here and nowhere else, so defaults and bounds live in one place. */
import * as vscode from 'vscode';

export interface CrmSettings {
  pageSize: number;
  requestTimeoutMs: number;
  maxConcurrentRequests: number;
  maxRetries: number;
  confirmThreshold: number;
  sandboxUrl: string;
  /** Export: prefix CSV text cells a spreadsheet would run as formulas with `'` (OWASP CSV injection). */
  exportCsvFormulaProtection: boolean;
  /** Export: start CSV files with a UTF-8 byte order mark (for Excel). */
  exportCsvByteOrderMark: boolean;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

export function readSettings(): CrmSettings {
  const config = vscode.workspace.getConfiguration('crm');
  return {
    pageSize: clamp(config.get<number>('pageSize', 50), 1, 100),
    requestTimeoutMs: clamp(config.get<number>('requestTimeoutSeconds', 30), 1, 600) * 1000,
    maxConcurrentRequests: clamp(config.get<number>('maxConcurrentRequests', 4), 1, 16),
    maxRetries: clamp(config.get<number>('maxRetries', 2), 0, 5),
    confirmThreshold: clamp(config.get<number>('confirmThreshold', 1), 1, 1_000_000),
    sandboxUrl: process.env.CRM_EXPLORER_SANDBOX_URL || config.get<string>('sandboxUrl', 'http://127.0.0.1:4010'),
    exportCsvFormulaProtection: config.get<boolean>('export.csvFormulaProtection', true),
    exportCsvByteOrderMark: config.get<boolean>('export.csvByteOrderMark', false),
  };
}

/** Fires when any crm.* setting changes. */
export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('crm')) listener();
  });
}
