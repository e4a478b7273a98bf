/**
 * The path of a record document: `crm:/<connection>/<kind segment>/<record name> · <id>.json`, e.g.
 * `crm:/Local Sandbox/contacts/Ana García · 5b0c….json`. The tab shows "Ana García · 5b0c….json"; the breadcrumbs
 * show connection › contacts › record. Only the id part is read back (the name is for people; `crm:/Local
 * Sandbox/contacts/<id>.json` opens the same record). Rows that exist only under a parent carry `<parent>+<id>`.
 * The server's current version (the left side of a conflict's Compare) adds ` (server)` before `.json`.
 * No key or secret is ever part of a URI. No `vscode` import (unit-tested in Node).
 */
import { displayText } from '../views/tree/displayText';

export { CRM_SCHEME } from './scheme';

export interface DocumentAddress {
  /** The connection's path segment (see connectionSegment). */
  connection: string;
  segment: string;
  id: string;
  /** The owning record's id for rows addressed through a parent (a pipeline's stage). */
  parentId?: string;
  /** The server's copy shown by Compare (read-only). */
  server?: boolean;
}

const NAME_SEPARATOR = ' · ';
const SERVER_SUFFIX = ' (server)';

/** A name safe inside one path segment and for the JSON schema's fileMatch globs: no separators or glob characters. */
export function pathSafe(value: unknown, max = 60): string {
  return displayText(value, max)
    .replace(/[/\\?#%*:|"<>[\]{}!,]/g, '-')
    .replace(/^\.+/, '')
    .trim();
}

/**
 * A connection's segment: its name, made path-safe; when two connections would share it, the id is added so the
 * document always names one connection.
 */
export function connectionSegment(connection: { id: string; name: string }, all: ReadonlyArray<{ id: string; name: string }>): string {
  const base = pathSafe(connection.name) || pathSafe(connection.id);
  const clash = all.some((other) => other.id !== connection.id && (pathSafe(other.name) || pathSafe(other.id)) === base);
  return clash ? `${base} (${pathSafe(connection.id, 40)})` : base;
}

export function documentPath(address: DocumentAddress, name: string): string {
  const idPart = address.parentId ? `${address.parentId}+${address.id}` : address.id;
  const label = pathSafe(name);
  const file = `${label ? `${label}${NAME_SEPARATOR}` : ''}${pathSafe(idPart, 200)}${address.server ? SERVER_SUFFIX : ''}.json`;
  return `/${address.connection}/${address.segment}/${file}`;
}

/** The address in a document path, or undefined when the path is not a record document. */
export function parseDocumentPath(path: string): DocumentAddress | undefined {
  const parts = path.split('/');
  if (parts.length !== 4 || parts[0] !== '') return undefined;
  const [, connection, segment, file] = parts as [string, string, string, string];
  if (!connection || !segment || !file.endsWith('.json')) return undefined;
  let stem = file.slice(0, -'.json'.length);
  const server = stem.endsWith(SERVER_SUFFIX);
  if (server) stem = stem.slice(0, -SERVER_SUFFIX.length);
  const at = stem.lastIndexOf(NAME_SEPARATOR);
  const idPart = (at >= 0 ? stem.slice(at + NAME_SEPARATOR.length) : stem).trim();
  if (!idPart) return undefined;
  const plus = idPart.indexOf('+');
  const address: DocumentAddress = plus > 0 ? { connection, segment, parentId: idPart.slice(0, plus), id: idPart.slice(plus + 1) } : { connection, segment, id: idPart };
  if (!address.id) return undefined;
  if (server) address.server = true;
  return address;
}

/** One key per record (not per name): the snapshot of a record is shared by every path that names it. */
export function recordKey(address: DocumentAddress): string {
  return `${address.connection}/${address.segment}/${address.parentId ? `${address.parentId}+` : ''}${address.id}`;
}
