/** Dashboard passwords: argon2id (@node-rs/argon2, prebuilt; OWASP's minimum parameters are its defaults). */
import { hash, verify } from '@node-rs/argon2';

/** The shortest password an account may have. */
export const PASSWORD_MIN = 10;

export const hashPassword = (password: string): Promise<string> => hash(password);

/** A hash to verify against when the username is unknown, so both failures take the same time. */
let decoy: Promise<string> | null = null;

/** Whether `password` is the one `passwordHash` was made from; null hash: checked against a decoy, false. */
export async function checkPassword(password: string, passwordHash: string | null): Promise<boolean> {
  if (passwordHash === null) {
    decoy ??= hash('decoy-password-never-used');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
