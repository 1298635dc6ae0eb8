/** Accounts and groups: sign-in, administration, and the first administrator. */
import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError, YttraError } from '../errors';
import type { Logger } from '../log';
import type { AccountStore, GroupKind, GroupRecord, UserChanges, UserRecord } from '../storage/storage';
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword, passwordWeakness, verifyPassword } from './passwords';
import { SessionService } from './sessions';
import { SignInThrottle } from './signInThrottle';

export class TooManyAttemptsError extends YttraError {
  readonly retryAfterSeconds: number;

  constructor(waitMs: number) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const minutes = Math.ceil(seconds / 60);
    const wait = seconds < 60 ? `${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'}` : `${minutes} ${minutes === 1 ? 'minut' : 'minuter'}`;
    super(`För många misslyckade inloggningar. Försök igen om ${wait}.`, 429, 'throttled');
    this.retryAfterSeconds = seconds;
  }
}

export interface NewUser {
  email: string;
  name: string;
  title?: string;
  party?: string | null;
  password: string;
  isAdmin?: boolean;
  /**
   * Nämndsekreterare (issue 16): registers and changes ärenden, plans their meetings and moves
   * documents through the status workflow. An account flag rather than a group kind: it is a
   * trust given to one person, granted and taken back on the admin page like administrator
   * rights and audited the same way; a group kind would tie it to a nämnd's group although
   * ärenden name their nämnd as text, and would need the group table rebuilt for its CHECK.
   */
  isNamndsekreterare?: boolean;
  /** The password is a one-time password: its holder must choose their own at sign-in. */
  mustChangePassword?: boolean;
}

export const NO_ADMIN_LEFT_MESSAGE = 'Det måste finnas minst en aktiv administratör. Ge någon annan administratörsrätt först.';

// Domain labels hold no dot, so there is one way to split an address: linear on any input.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Compared against when the e-mail is unknown, so timing does not reveal which accounts exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export class AccountService {
  readonly sessions: SessionService;
  private readonly throttle = new SignInThrottle();

  constructor(
    private readonly accounts: AccountStore,
    private readonly log: Logger,
    options: { sessionTtlMs?: number; sessionIdleMs?: number } = {},
  ) {
    this.sessions = new SessionService(accounts, options.sessionTtlMs, options.sessionIdleMs);
  }

  async signIn(email: string, password: string, remoteAddress: string): Promise<{ user: UserRecord; token: string; expiresAt: Date }> {
    const account = email.trim().toLowerCase();
    const wait = this.throttle.waitFor(account, remoteAddress);
    if (wait > 0) throw new TooManyAttemptsError(wait);
    const found = await this.accounts.findByEmail(email);
    const valid = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !valid || found.user.disabled) {
      this.throttle.recordFailure(account, remoteAddress);
      throw new UnauthenticatedError('Fel e-postadress eller lösenord.');
    }
    this.throttle.recordSuccess(account, remoteAddress);
    const session = await this.sessions.create(found.user.id);
    return { user: found.user, ...session };
  }

  /**
   * The signed-in user changes their own password. Every session of theirs ends (a stolen one
   * among them) and their sockets close; the caller gets a fresh session in return.
   */
  async changePassword(
    user: UserRecord,
    currentPassword: string,
    newPassword: string,
    remoteAddress: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    // A stolen session must not become a way to guess the password unthrottled.
    const account = user.email.trim().toLowerCase();
    const wait = this.throttle.waitFor(account, remoteAddress);
    if (wait > 0) throw new TooManyAttemptsError(wait);
    const found = await this.accounts.findByEmail(user.email);
    if (!found || !(await verifyPassword(currentPassword, found.passwordHash))) {
      this.throttle.recordFailure(account, remoteAddress);
      throw new ForbiddenError('Det nuvarande lösenordet stämmer inte.');
    }
    const weakness = passwordWeakness(newPassword, user.email);
    if (weakness) throw new ValidationError(weakness);
    if (newPassword === currentPassword) throw new ValidationError('Välj ett annat lösenord än det nuvarande.');
    await this.accounts.setPassword(user.id, await hashPassword(newPassword), false);
    await this.sessions.revokeAllOf(user.id, 'Lösenordet har bytts. Logga in igen med det nya lösenordet.');
    this.log.info({ userId: user.id }, 'password changed; every session of the user ended');
    return this.sessions.create(user.id);
  }

  async createUser(input: NewUser): Promise<UserRecord> {
    const email = input.email.trim();
    if (!EMAIL.test(email)) throw new ValidationError('Ange en giltig e-postadress.');
    if (!input.name.trim()) throw new ValidationError('Ange personens namn.');
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new ValidationError(`Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`);
    }
    if (await this.accounts.findByEmail(email)) throw new ConflictError('Det finns redan ett konto med den e-postadressen.');
    const user: UserRecord = {
      id: randomUUID(),
      email,
      name: input.name.trim(),
      title: input.title?.trim() ?? '',
      party: input.party?.trim() || null,
      isAdmin: input.isAdmin ?? false,
      isNamndsekreterare: input.isNamndsekreterare ?? false,
      disabled: false,
      mustChangePassword: input.mustChangePassword ?? false,
      createdAt: new Date().toISOString(),
    };
    await this.accounts.createUser(user, await hashPassword(input.password));
    return user;
  }

  /**
   * An administrator changes a person. Nobody may disable themself, and no change may leave the
   * organisation without an enabled administrator (checked in the same transaction as the change).
   */
  async updateUser(actor: UserRecord, userId: string, changes: UserChanges): Promise<{ before: UserRecord; after: UserRecord }> {
    const before = await this.accounts.getUser(userId);
    if (!before) throw new NotFoundError('Det finns ingen sådan användare.');
    const cleaned: UserChanges = { ...changes };
    if (cleaned.name !== undefined) {
      cleaned.name = cleaned.name.trim();
      if (!cleaned.name) throw new ValidationError('Ange personens namn.');
    }
    if (cleaned.title !== undefined) cleaned.title = cleaned.title.trim();
    if (cleaned.party !== undefined) cleaned.party = cleaned.party?.trim() || null;
    if (cleaned.email !== undefined) {
      cleaned.email = cleaned.email.trim();
      if (!EMAIL.test(cleaned.email)) throw new ValidationError('Ange en giltig e-postadress.');
      const holder = await this.accounts.findByEmail(cleaned.email);
      if (holder && holder.user.id !== userId) throw new ConflictError('Det finns redan ett konto med den e-postadressen.');
    }
    if (cleaned.disabled === true && userId === actor.id) {
      throw new ConflictError('Du kan inte stänga av ditt eget konto. Be en annan administratör om det behövs.');
    }
    if ((await this.accounts.updateUser(userId, cleaned)) === 'noAdminLeft') throw new ConflictError(NO_ADMIN_LEFT_MESSAGE);
    if (cleaned.disabled === true) await this.sessions.revokeAllOf(userId, 'Ditt konto har stängts av. Kontakta en administratör.');
    return { before, after: (await this.accounts.getUser(userId))! };
  }

  /**
   * An administrator gives a person a one-time password (to be passed on by the administrator,
   * shown once): every session of the person ends, and they must choose their own at sign-in.
   */
  async resetPassword(userId: string): Promise<{ user: UserRecord; password: string }> {
    const user = await this.accounts.getUser(userId);
    if (!user) throw new NotFoundError('Det finns ingen sådan användare.');
    const password = generatePassword();
    await this.accounts.setPassword(userId, await hashPassword(password), true);
    await this.sessions.revokeAllOf(userId, 'En administratör har återställt ditt lösenord. Logga in med engångslösenordet.');
    return { user, password };
  }

  async createGroup(input: { name: string; kind: GroupKind; party?: string | null }): Promise<GroupRecord> {
    if (!input.name.trim()) throw new ValidationError('Ange gruppens namn.');
    if (input.kind === 'parti' && !input.party?.trim()) throw new ValidationError('En partigrupp behöver en partibeteckning, t.ex. M.');
    const existing = (await this.accounts.listGroups()).find((group) => group.name === input.name.trim());
    if (existing) throw new ConflictError('Det finns redan en grupp med det namnet.');
    const group: GroupRecord = { id: randomUUID(), name: input.name.trim(), kind: input.kind, party: input.party?.trim() || null };
    await this.accounts.createGroup(group);
    return group;
  }

  /**
   * On first start, an administrator: from YTTRA_ADMIN_EMAIL / YTTRA_ADMIN_PASSWORD, or with a
   * one-time password logged once.
   */
  async ensureAdministrator(email: string | undefined, password: string | undefined): Promise<UserRecord | null> {
    // A disabled administrator does not count: data where the last one was disabled recovers here.
    if (await this.hasActiveAdministrator()) return null;
    const adminEmail = email ?? 'admin@yttra.local';
    const adminPassword = password ?? generatePassword();
    const admin = await this.installAdministrator(adminEmail, adminPassword, !password);
    if (!password) {
      // In the message, not a field: the one time it is meant to be read (a field named password is redacted).
      this.log.warn(
        { email: adminEmail },
        `Första administratören: ${adminEmail}, engångslösenord: ${adminPassword} (byt lösenord efter inloggning; det visas inte igen)`,
      );
    }
    this.log.info({ email: adminEmail }, 'made sure there is an administrator');
    return admin;
  }

  /**
   * The operator's way back in (`npm run admin -- reset-password`): a one-time password for the
   * account of `email`, which becomes an enabled administrator if none is left (created if it
   * does not exist).
   */
  async recoverAccess(email: string): Promise<{ user: UserRecord; password: string; madeAdministrator: boolean }> {
    const password = generatePassword();
    if (!(await this.hasActiveAdministrator())) {
      const user = await this.installAdministrator(email, password, true);
      return { user, password, madeAdministrator: true };
    }
    const found = await this.accounts.findByEmail(email);
    if (!found) throw new NotFoundError(`Det finns inget konto med e-postadressen ${email.trim()}.`);
    return { ...(await this.resetPassword(found.user.id)), madeAdministrator: false };
  }

  private async hasActiveAdministrator(): Promise<boolean> {
    return (await this.accounts.listUsers()).some((user) => user.isAdmin && !user.disabled);
  }

  /** The account of `email` as an enabled administrator with `password`, created if need be. */
  private async installAdministrator(email: string, password: string, oneTime: boolean): Promise<UserRecord> {
    const found = await this.accounts.findByEmail(email);
    if (!found) {
      return this.createUser({
        email,
        name: 'Administratör',
        title: 'Systemförvaltare',
        password,
        isAdmin: true,
        mustChangePassword: oneTime,
      });
    }
    await this.accounts.updateUser(found.user.id, { isAdmin: true, disabled: false });
    await this.accounts.setPassword(found.user.id, await hashPassword(password), oneTime);
    await this.sessions.revokeAllOf(found.user.id);
    return (await this.accounts.getUser(found.user.id))!;
  }
}
