/**
 * First start with YTTRA_DEMO (the default): demo people and groups, and documents built from
 * the seed documents (real Malmö stad ASN documents) so a new user sees something real.
 */
import type { AccountService } from '../auth/accountService';
import type { DocumentService } from '../documents/documentService';
import type { Logger } from '../log';
import type { AccountStore } from '../storage/storage';
import { DEMO_PASSWORD, DEMO_PEOPLE, ensureDemoAccounts } from './demoAccounts';

export interface SeedDeps {
  documents: DocumentService;
  accounts: AccountService;
  accountStore: AccountStore;
  log: Logger;
}

export async function seedDemoDocuments(deps: SeedDeps): Promise<void> {
  await ensureDemoAccounts(deps.accounts, deps.accountStore);
  console.log(
    `Demokonton (lösenord "${DEMO_PASSWORD}"):\n${DEMO_PEOPLE.map((person) => `  ${person.email}  ${person.name}, ${person.title}${person.party ? ` (${person.party})` : ''}`).join('\n')}`,
  );
}
