/**
 * The URI scheme of record documents (package.json: onFileSystem:crm). Its own module so that registering the file
 * system at activation (register.ts, in dist/extension.js) does not pull documentUri.ts into the entry.
 */
export const CRM_SCHEME = 'crm';
