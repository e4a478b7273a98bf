/** The folders under a Minotaur connection, in display order. */
import type { MinotaurClient } from '../../../api/minotaur/client';
import type { FolderSpec } from '../folderSpec';
import { opportunitiesFolder, pipelinesFolder, productsFolder } from './catalogFolders';
import { companiesFolder } from './companiesFolder';
import { contactsFolder } from './contactsFolder';
import { listsFolder } from './listsFolder';
import { prospectCatalogFolder } from './prospectCatalogFolder';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each folder has its own record type
export const minotaurFolders: FolderSpec<MinotaurClient, any>[] = [
  contactsFolder,
  companiesFolder,
  listsFolder,
  productsFolder,
  opportunitiesFolder,
  pipelinesFolder,
  // Last, so the Jobs row (ConnectionNode.extraChildren) follows it directly.
  prospectCatalogFolder,
];
