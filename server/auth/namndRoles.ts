/**
 * The roles of a nämnd (issue 16), decided here for every route that needs them:
 *   - a nämndsekreterare (an account flag, see NewUser in accountService.ts) registers and
 *     changes ärenden, plans their meetings and takes every step of the status workflow;
 *   - a document's editors and owners take the drafting steps themselves (utkast, granskning,
 *     klar för arbetsutskott and back); what happens at the nämnd's meeting (behandlad, justerad,
 *     and sending a treated document back: isMeetingStep in shared/model/status.ts, which the
 *     client reads too) is the nämndsekreterare's;
 *   - a ledamot or ersättare (a member of a nämnd group and of a party group) files a särskilt
 *     yttrande or a reservation, and only on a document of a nämnd they sit on;
 *   - an administrator may do all of it (reopening a justerat document stays theirs alone).
 */
import type { GroupRecord, UserRecord } from '../storage/storage';

/** Whether the user may do what a nämndsekreterare does (administrators may). */
export function actsAsNamndsekreterare(user: UserRecord): boolean {
  return user.isAdmin || user.isNamndsekreterare === true;
}

/** The ärende's facts only a nämndsekreterare changes; its handläggare keeps the ärendemening. */
export const SECRETARIAT_ARENDE_FIELDS = ['diarienummer', 'namnd', 'handlaggare', 'beslutsplanering'] as const;

export const NOT_NAMNDSEKRETERARE = 'Bara en nämndsekreterare eller en administratör kan göra det.';

export const NOT_NAMND_MEMBER =
  'Bara ledamöter och ersättare i nämnden, med en partigrupp, kan lämna särskilda yttranden och reservationer.';

/** A nämnd's name as people write it in a header: case, spacing and composition aside. */
function namndKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');
}

/** Whether the groups hold both a party group and a nämnd group (a ledamot or ersättare). */
export function isNamndPolitician(groups: readonly GroupRecord[]): boolean {
  return groups.some((group) => group.kind === 'parti') && groups.some((group) => group.kind === 'namnd');
}

/**
 * Why this person may not file a bilaga on a document of `namnd` (null when they may). A document
 * that names no nämnd, neither itself nor through its ärende, cannot be checked against one: any
 * ledamot or ersättare may then file, as before.
 */
export function bilagaRefusal(groups: readonly GroupRecord[], namnd: string): string | null {
  if (!isNamndPolitician(groups)) return NOT_NAMND_MEMBER;
  const wanted = namndKey(namnd);
  if (!wanted) return null;
  if (groups.some((group) => group.kind === 'namnd' && namndKey(group.name) === wanted)) return null;
  return `Dokumentet hör till ${namnd.trim()}. Du kan bara lämna särskilda yttranden och reservationer i en nämnd där du är ledamot eller ersättare.`;
}
