/**
 * Entry of the lazily loaded core chunk (dist/core.js, loaded by src/lazy.ts): everything the entry reaches
 * through loadCore(). Nothing here runs at activation. Add an export when a new lazily registered group needs it.
 */
export { ClientFactory } from './api/clientFactory';
export { registerAccountCommands } from './commands/account';
export { registerConnectionCommands, trySandbox } from './commands/connections';
export { registerCreditCommands } from './commands/credits';
export { registerExplorerCommands } from './commands/explorer';
export { registerFilterCommands } from './commands/filters';
export { registerFormCommands } from './commands/form';
export { registerListCommands } from './commands/lists';
export { registerOpenAsJsonCommand } from './commands/openAsJson';
export { registerRecordCommands } from './commands/records';
export { registerTransferCommands } from './commands/transfer';
export { RecordFileSystem } from './documents/recordFileSystem';
export { minotaurFolders } from './views/tree/minotaur';
export { PagedFolderNode } from './views/tree/pagedFolderNode';
export { JobsNodes } from './views/tree/minotaur/jobsNode';
