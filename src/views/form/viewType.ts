/** The record form's webview panel type (package.json activation event `onWebviewPanel:crm.recordForm`). */
export const FORM_VIEW_TYPE = 'crm.recordForm';
