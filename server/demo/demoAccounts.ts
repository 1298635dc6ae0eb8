/**
 * Demo people and groups, so that a new user can try every role: an official who drafts, a
 * förvaltningschef, the nämndsekreterare who runs ärenden and the workflow, a chair, politicians
 * of three parties, and a reviewer. All share one password,
 * printed when they are created and in the README; a real deployment runs with YTTRA_DEMO=false.
 */
import type { AccountService } from '../auth/accountService';
import type { AccountStore, GroupKind, UserRecord } from '../storage/storage';

export const DEMO_PASSWORD = 'yttra-demo';

export interface DemoPerson {
  key: string;
  email: string;
  name: string;
  title: string;
  party?: string;
  groups: string[];
  isNamndsekreterare?: boolean;
}

const GROUPS: Array<{ key: string; name: string; kind: GroupKind; party?: string }> = [
  { key: 'forvaltning', name: 'Arbetsmarknads- och socialförvaltningen', kind: 'forvaltning' },
  { key: 'namnd', name: 'Arbetsmarknads- och socialnämnden', kind: 'namnd' },
  { key: 'M', name: 'Moderaterna i ASN', kind: 'parti', party: 'M' },
  { key: 'S', name: 'Socialdemokraterna i ASN', kind: 'parti', party: 'S' },
  { key: 'V', name: 'Vänsterpartiet i ASN', kind: 'parti', party: 'V' },
];

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { key: 'handlaggare', email: 'mimmi.olsson@yttra.demo', name: 'Mimmi Olsson', title: 'Utvecklingssekreterare', groups: ['forvaltning'] },
  {
    key: 'chef',
    email: 'britt-marie.pettersson@yttra.demo',
    name: 'Britt-Marie Pettersson',
    title: 'Förvaltningschef',
    groups: ['forvaltning'],
  },
  {
    key: 'namndsekreterare',
    email: 'lena.ek@yttra.demo',
    name: 'Lena Ek',
    title: 'Nämndsekreterare',
    groups: ['forvaltning'],
    isNamndsekreterare: true,
  },
  { key: 'ordforande', email: 'sedat.arif@yttra.demo', name: 'Sedat Arif', title: 'Ordförande', party: 'S', groups: ['namnd', 'S'] },
  {
    key: 'ledamotM',
    email: 'kerstin.hakansson@yttra.demo',
    name: 'Kerstin Håkansson',
    title: 'Ledamot',
    party: 'M',
    groups: ['namnd', 'M'],
  },
  {
    key: 'ledamotM2',
    email: 'farishta.sulaiman@yttra.demo',
    name: 'Farishta Sulaiman',
    title: 'Ledamot',
    party: 'M',
    groups: ['namnd', 'M'],
  },
  { key: 'ledamotV', email: 'marek.lakatos@yttra.demo', name: 'Marek Lakatos', title: 'Ledamot', party: 'V', groups: ['namnd', 'V'] },
  { key: 'granskare', email: 'jonas.magnusson@yttra.demo', name: 'Jonas Magnusson', title: 'Enhetschef', groups: [] },
];

export type DemoUsers = Record<string, UserRecord>;

/**
 * Creates the demo people and groups unless they exist; returns the people by key and those of
 * them created now (the only ones worth telling about).
 */
export async function ensureDemoAccounts(
  accounts: AccountService,
  store: AccountStore,
): Promise<{ users: DemoUsers; created: DemoPerson[] }> {
  const existingGroups = await store.listGroups();
  const groupIds: Record<string, string> = {};
  for (const spec of GROUPS) {
    const found = existingGroups.find((group) => group.name === spec.name);
    groupIds[spec.key] = found?.id ?? (await accounts.createGroup(spec)).id;
  }
  const users: DemoUsers = {};
  const created: DemoPerson[] = [];
  for (const person of DEMO_PEOPLE) {
    const found = await store.findByEmail(person.email);
    if (!found) created.push(person);
    const user = found?.user ?? (await accounts.createUser({ ...person, password: DEMO_PASSWORD }));
    for (const group of person.groups) await store.addMember(groupIds[group]!, user.id);
    users[person.key] = user;
  }
  return { users, created };
}
