/**
 * Entry of the lazily loaded OpenProspect chunk (dist/openprospect.js, loaded by src/lazy.ts): its client, commands
 * and order watcher, loaded only when an OpenProspect connection is used.
 */
export { OpenProspectClient, readOpenProspectError } from './api/openprospect/client';
export { registerOpenProspectCommands } from './commands/openprospect';
export { OrderWatcher } from './orders/orderWatcher';
export { OP_FOLDER, openProspectFolders } from './views/tree/openprospect/folders';
