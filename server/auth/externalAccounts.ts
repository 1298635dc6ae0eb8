/**
 * The Yttra account of a person who signed in through the organisation's identity provider
 * (OpenID Connect or SAML). The person is their provider's issuer and subject: an e-mail address
 * can be reassigned to someone else, so it never finds an account. The first sign-in creates
 * the account; each sign-in takes name, e-mail and title from the provider and re-applies the
 * group map (memberships of mapped groups and, if mapped, the administrator flag).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { auditSubject, type AuditLog } from '../audit/auditLog';
import { YttraError } from '../errors';
import type { Logger } from '../log';
import type { AccountStore, GroupRecord, IdentityStore, UserChanges, UserRecord } from '../storage/storage';
import type { GroupMap } from './externalSignInConfig';
import { hashPassword } from './passwords';

/** Why an external sign-in was refused; the sign-in page words each reason for the person. */
export type ExternalRefusal = 'refused' | 'expired' | 'unavailable' | 'emailTaken' | 'noEmail' | 'disabled' | 'linkedElsewhere';

export class ExternalSignInError extends YttraError {
  /** Refused while linking a signed-in person's account (they stay signed in as before). */
  linking = false;

  constructor(
    readonly reason: ExternalRefusal,
    message: string,
  ) {
    super(message, reason === 'unavailable' ? 502 : 401, `external_${reason}`);
  }
}

/** What the provider says about the person, after its answer has been verified. */
export interface ExternalProfile {
  issuer: string;
  subject: string;
  name?: string;
  email?: string;
  title?: string;
  /** Values of the group map's claim (group ids or names). */
  groups: readonly string[];
}

// As in accountService.ts: one way to split an address.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export interface ExternalAccountsDeps {
  accounts: AccountStore;
  identities: IdentityStore;
  /** What the provider changed (accounts, groups, administrator rights), recorded as an administrator's changes are. */
  audit: Pick<AuditLog, 'recordAbout'>;
  log: Logger;
  onUserAccessChanged?(userId: string): void;
}

export class ExternalAccounts {
  private readonly accounts: AccountStore;
  private readonly identities: IdentityStore;
  private readonly log: Logger;

  constructor(private readonly deps: ExternalAccountsDeps) {
    this.accounts = deps.accounts;
    this.identities = deps.identities;
    this.log = deps.log;
  }

  /** An audit event of the provider's doing: no Yttra user acted, the provider's issuer is named. */
  private record(subject: string, action: string, detail: Record<string, unknown>, provider: string): Promise<void> {
    return this.deps.audit.recordAbout(subject, { userId: null, action, detail: { ...detail, provider } });
  }

  /** The enabled account of the person, created or brought up to date from the profile. */
  /**
   * `linkTo`: the signed-in person who asked to link their existing account to the provider (the
   * one way an account made before, with the same e-mail address, becomes theirs there).
   */
  async accountFor(profile: ExternalProfile, groupMap: GroupMap | undefined, linkTo?: string): Promise<UserRecord> {
    const now = new Date().toISOString();
    const email = profile.email?.trim();
    const linked = await this.identities.userOf(profile.issuer, profile.subject);
    if (linkTo && linked && linked !== linkTo)
      throw new ExternalSignInError(
        'linkedElsewhere',
        'Ditt konto hos inloggningstjänsten är redan kopplat till ett annat konto i Yttra. Kontakta en administratör.',
      );
    if (linkTo && !linked) {
      await this.record(auditSubject.user(linkTo), 'identity_linked', { user: linkTo }, profile.issuer);
      await this.identities.link({ issuer: profile.issuer, subject: profile.subject, userId: linkTo }, now);
    }
    const userId = linkTo ?? linked;
    let user = userId ? await this.accounts.getUser(userId) : undefined;
    if (!user) {
      user = await this.create(profile, email);
      await this.record(auditSubject.user(user.id), 'user_created', { user: user.id, name: user.name, isAdmin: false }, profile.issuer);
      await this.identities.link({ issuer: profile.issuer, subject: profile.subject, userId: user.id }, now);
      this.log.info({ userId: user.id, issuer: profile.issuer }, 'first external sign-in: account created');
    } else {
      if (user.disabled) throw new ExternalSignInError('disabled', 'Ditt konto i Yttra är avstängt. Kontakta en administratör.');
      await this.refresh(user, profile, email);
      await this.identities.touch(profile.issuer, profile.subject, now);
    }
    if (groupMap) await this.applyGroupMap(user.id, profile.groups, groupMap, profile.issuer);
    return (await this.accounts.getUser(user.id))!;
  }

  private async create(profile: ExternalProfile, email: string | undefined): Promise<UserRecord> {
    if (!email || !EMAIL.test(email))
      throw new ExternalSignInError(
        'noEmail',
        'Inloggningstjänsten skickade ingen e-postadress för dig, och Yttra behöver en. Kontakta IT-avdelningen.',
      );
    if (await this.accounts.findByEmail(email))
      throw new ExternalSignInError(
        'emailTaken',
        `Det finns redan ett konto i Yttra med e-postadressen ${email}. Logga in med lösenordet och välj Koppla under Byt lösenord, eller be en administratör om hjälp.`,
      );
    const user: UserRecord = {
      id: randomUUID(),
      email,
      name: profile.name?.trim() || email,
      title: profile.title?.trim() ?? '',
      party: null,
      isAdmin: false,
      disabled: false,
      mustChangePassword: false,
      createdAt: new Date().toISOString(),
    };
    // A password nobody knows: the account signs in through the provider only (until an
    // administrator or the recovery command hands out one).
    await this.accounts.createUser(user, await hashPassword(randomBytes(32).toString('base64url')));
    return user;
  }

  private async refresh(user: UserRecord, profile: ExternalProfile, email: string | undefined): Promise<void> {
    const changes: UserChanges = {};
    const name = profile.name?.trim();
    if (name && name !== user.name) changes.name = name;
    const title = profile.title?.trim();
    if (title !== undefined && title !== user.title) changes.title = title;
    if (email && EMAIL.test(email) && email !== user.email) {
      const holder = await this.accounts.findByEmail(email);
      if (!holder) changes.email = email;
      else if (holder.user.id !== user.id)
        this.log.warn(
          { userId: user.id, other: holder.user.id },
          'the provider gave an e-mail address another account holds; kept the old one',
        );
    }
    if (Object.keys(changes).length > 0) {
      await this.recordChange(user, changes, profile.issuer);
      await this.accounts.updateUser(user.id, changes);
    }
  }

  private recordChange(before: UserRecord, changes: UserChanges, provider: string): Promise<void> {
    const keys = Object.keys(changes) as Array<keyof UserChanges>;
    return this.record(
      'isAdmin' in changes ? auditSubject.admins : auditSubject.user(before.id),
      'user_changed',
      {
        user: before.id,
        name: before.name,
        before: Object.fromEntries(keys.map((key) => [key, before[key]])),
        after: Object.fromEntries(keys.map((key) => [key, changes[key]])),
      },
      provider,
    );
  }

  private async applyGroupMap(userId: string, claimed: readonly string[], map: GroupMap, provider: string): Promise<void> {
    const member = (await this.accounts.getUser(userId))!;
    const membership = (group: GroupRecord) => ({ group: group.id, groupName: group.name, member: userId, memberName: member.name });
    const held = new Set(claimed);
    const current = new Set((await this.accounts.groupsOf(userId)).map((group) => group.id));
    let changed = false;
    let party: string | null | undefined;
    for (const [value, target] of Object.entries(map.groups)) {
      const group = await this.groupNamed(target.name, target.kind, target.kind === 'parti' ? target.party : null, provider);
      if (held.has(value)) {
        if (group.kind === 'parti') party = group.party;
        if (!current.has(group.id)) {
          await this.record(auditSubject.group(group.id), 'member_added', membership(group), provider);
          await this.accounts.addMember(group.id, userId);
          current.add(group.id);
          changed = true;
        }
      } else if (current.has(group.id) && !Object.entries(map.groups).some(([other, t]) => held.has(other) && t.name === target.name)) {
        await this.record(auditSubject.group(group.id), 'member_removed', membership(group), provider);
        await this.accounts.removeMember(group.id, userId);
        current.delete(group.id);
        changed = true;
      }
    }
    const user = (await this.accounts.getUser(userId))!;
    const changes: UserChanges = {};
    if (party !== undefined && party !== user.party) changes.party = party;
    if (map.admin) {
      const isAdmin = map.admin.some((value) => held.has(value));
      if (isAdmin !== user.isAdmin) changes.isAdmin = isAdmin;
    }
    if (Object.keys(changes).length > 0) {
      if ((await this.accounts.updateUser(userId, changes)) === 'noAdminLeft')
        this.log.warn({ userId }, 'the group map would leave no administrator; the person stays one');
      else await this.recordChange(user, changes, provider);
      changed = true;
    }
    if (changed) this.deps.onUserAccessChanged?.(userId);
  }

  /** The Yttra group of that name, made the first time the map names it. */
  private async groupNamed(name: string, kind: GroupRecord['kind'], party: string | null, provider: string): Promise<GroupRecord> {
    const existing = (await this.accounts.listGroups()).find((group) => group.name === name);
    if (existing) return existing;
    const group: GroupRecord = { id: randomUUID(), name, kind, party };
    await this.accounts.createGroup(group);
    await this.record(auditSubject.group(group.id), 'group_created', { group: group.id, groupName: name, kind }, provider);
    this.log.info({ group: name, kind }, 'group from the group map created');
    return group;
  }
}
