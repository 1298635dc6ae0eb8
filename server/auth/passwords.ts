/** Password hashing with scrypt (Node's crypto): `scrypt$N$r$p$salt$hash`, all base64url. */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { YttraError } from '../errors';

/** Refused while the account's password is a one-time password (HTTP writes, new sockets). */
export class PasswordChangeRequiredError extends YttraError {
  constructor() {
    super('Du loggade in med ett engångslösenord. Välj ett eget lösenord innan du gör något annat.', 403, 'password_change_required');
  }
}

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export const MIN_PASSWORD_LENGTH = 8;

/**
 * A password a person chooses for themself: length is what makes it strong (no required mix of
 * character classes, which only pushes people towards "Sommar2026!"), so a passphrase of a few
 * ordinary words passes.
 */
export const MIN_CHOSEN_PASSWORD_LENGTH = 12;

/** Why a chosen password is refused, in Swedish, or null when it is good enough. */
export function passwordWeakness(password: string, email: string): string | null {
  const characters = [...password];
  if (characters.length < MIN_CHOSEN_PASSWORD_LENGTH) {
    return `Lösenordet måste ha minst ${MIN_CHOSEN_PASSWORD_LENGTH} tecken. En lösenfras av några vanliga ord går bra, t.ex. ”blå cykel vid ån”.`;
  }
  if (new Set(characters.map((character) => character.toLowerCase())).size < 5) {
    return 'Lösenordet består av för få olika tecken. Välj en lösenfras av några ord.';
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'Lösenordet får inte vara din e-postadress.';
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A one-time password (the first administrator, a reset): 96 random bits, 16 characters. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
