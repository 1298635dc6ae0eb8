/**
 * First start with YTTRA_DEMO (the default): demo people and groups, and documents built from
 * the seed documents (real Malmö stad ASN documents) so a new user sees something real.
 */
import type { AccountService } from '../auth/accountService';
import type { DocumentService } from '../documents/documentService';
import type { Logger } from '../log';
import type { AccountStore } from '../storage/storage';
import type { Bilagor } from '../workflow/bilagor';
import type { ArendeService } from '../arenden/arendeService';
import fs from 'node:fs';
import path from 'node:path';
import { importText } from '../import';
import { projectRoot } from '../projectRoot';
import { DEMO_PASSWORD, ensureDemoAccounts } from './demoAccounts';
import { withDemoSuggestions } from './demoSuggestions';

const SEED_DIR = path.join(projectRoot, 'server', 'demo', 'seeds');

export interface SeedDeps {
  documents: DocumentService;
  accounts: AccountService;
  accountStore: AccountStore;
  bilagor: Bilagor;
  arenden: ArendeService;
  log: Logger;
}

export async function seedDemoDocuments(deps: SeedDeps): Promise<void> {
  const { users: people, created } = await ensureDemoAccounts(deps.accounts, deps.accountStore);
  if ((await deps.documents.list()).length === 0) {
    // The documents go through the same importer a user's file would.
    const files = fs
      .readdirSync(SEED_DIR)
      .filter((name) => name.endsWith('.txt'))
      .sort();
    for (const [index, file] of files.entries()) {
      const parsed = importText(fs.readFileSync(path.join(SEED_DIR, file), 'utf8'));
      // In the first document the reviewer (role suggester there) has proposed changes, open to accept or reject.
      const reviewed = index === 0;
      const sections = reviewed ? withDemoSuggestions(parsed.sections, people.granskare!) : parsed.sections;
      const { id } = await deps.documents.create(
        { type: parsed.type, title: parsed.title, fields: parsed.fields, sections },
        people.handlaggare,
      );
      // Each seed is its own ärende, named by its diarienummer. The meetings its Beslutsplanering
      // lists become the ärende's, which the document shows from then on.
      const diarienummer = String(parsed.fields.diarienummer ?? '');
      if (diarienummer) {
        const arende = await deps.arenden.create({
          diarienummer,
          arendemening: parsed.title,
          namnd: String(parsed.fields.namnd ?? 'Arbetsmarknads- och socialnämnden'),
          handlaggare: people.handlaggare!.id,
        });
        const { kept } = await deps.arenden.attachAsSystem(id, arende.id);
        if (kept.length > 0) deps.log.warn({ diarienummer, kept }, 'beslutsplanering lines that name no meeting were kept as text');
      }
      const entries = await deps.documents.accessEntries(id);
      await deps.documents.replaceAccess(id, [
        ...entries,
        { principalType: 'user', principalId: people.granskare!.id, role: reviewed ? 'suggester' : 'commenter' },
        { principalType: 'user', principalId: people.chef!.id, role: 'editor' },
      ]);
      // The seed yttrande announces a särskilt yttrande and a reservation: make them real,
      // linked bilagor written by the demo politicians named in it.
      for (const announced of parsed.announcedBilagor) {
        const members = announced.persons
          .map((person) => Object.values(people).find((user) => user.name === person.name))
          .filter((user) => user !== undefined);
        const [author, ...cosigners] = members;
        if (!author) continue;
        const bilaga = await deps.bilagor.create(author, id, { type: announced.type, cosigners: cosigners.map((user) => user.id) });
        await deps.bilagor.setSigners(bilaga.id, announced.persons);
      }
    }
    deps.log.info('created the demo documents from the seed documents');
  }
  // Told once, when the people are created; a restart has nothing new to tell.
  if (created.length > 0) {
    const listed = created.map((person) => `${person.email} (${person.name}, ${person.title}${person.party ? `, ${person.party}` : ''})`);
    deps.log.info({ demoAccounts: created.map((person) => person.email) }, `Demokonton, lösenord "${DEMO_PASSWORD}": ${listed.join('; ')}`);
  }
}
