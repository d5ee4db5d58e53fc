/**
 * Dashboard accounts: created by an admin (or `helpdesk admin create`), logged in with a password, locked
 * after repeated failures (lockout.ts). Linked to a chat contact, an account has that contact's staff roles.
 */
import type { Db } from '../db/client.ts';
import type { ChannelName } from '../domain.ts';
import { HelpdeskError } from '../errors.ts';
import { afterFailure, afterSuccess, isLocked } from './lockout.ts';
import { checkPassword, hashPassword, PASSWORD_MIN } from './password.ts';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
const CHANNELS: readonly ChannelName[] = ['whatsapp', 'telegram', 'slack', 'simulator'];

export const accountText = {
  badUsername: 'Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.',
  shortPassword: `Kata sandi minimal ${PASSWORD_MIN} karakter.`,
  taken: (u: string) => `Nama pengguna "${u}" sudah dipakai.`,
  badLink: 'Tautan kontak ditulis <kanal>:<id>, mis. whatsapp:6281234567890 atau telegram:12345.',
  unknownContact: (link: string) =>
    `Kontak ${link} belum dikenal helpdesk: orangnya perlu mengirim pesan ke bot lebih dulu.`,
};

export interface NewAccount {
  username: string;
  password: string;
  admin?: boolean;
  /** "<channel>:<id>" of a chat identity the helpdesk knows. */
  link?: string;
}

/** Creates the account; a bad input throws a HelpdeskError with the Indonesian reason, creating nothing. */
export async function createAccount(
  db: Db,
  a: NewAccount,
): Promise<{ id: number; contactId: number | null }> {
  const username = a.username.trim().toLowerCase();
  if (!USERNAME.test(username)) throw new HelpdeskError('BAD_ACCOUNT', accountText.badUsername);
  if (a.password.length < PASSWORD_MIN) throw new HelpdeskError('BAD_ACCOUNT', accountText.shortPassword);
  let contactId: number | null = null;
  if (a.link !== undefined) {
    const i = a.link.indexOf(':');
    const channel = a.link.slice(0, i) as ChannelName;
    const externalId = a.link.slice(i + 1).trim();
    if (i <= 0 || !CHANNELS.includes(channel) || !externalId)
      throw new HelpdeskError('BAD_ACCOUNT', accountText.badLink);
    const identity = await db.contactIdentity.findUnique({
      where: { channel_externalId: { channel, externalId } },
    });
    if (!identity) throw new HelpdeskError('BAD_ACCOUNT', accountText.unknownContact(a.link));
    contactId = identity.contactId;
  }
  if (await db.dashboardAccount.findUnique({ where: { username } }))
    throw new HelpdeskError('BAD_ACCOUNT', accountText.taken(username));
  const row = await db.dashboardAccount.create({
    data: { username, passwordHash: await hashPassword(a.password), admin: a.admin ?? false, contactId },
  });
  return { id: row.id, contactId };
}

/**
 * A login attempt: the account's id, or null — the same null for an unknown user, a wrong password and a
 * locked account, so the page says one thing and tells nobody which usernames exist.
 */
export async function attemptLogin(
  db: Db,
  username: string,
  password: string,
  now: Date,
): Promise<number | null> {
  const name = username.trim().toLowerCase();
  const found = USERNAME.test(name)
    ? await db.dashboardAccount.findUnique({ where: { username: name } })
    : null;
  if (!found) {
    await checkPassword(password, null);
    return null;
  }
  // One attempt at a time per account: concurrent wrong passwords all count.
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "DashboardAccount" WHERE id = ${found.id} FOR UPDATE`;
    const account = await tx.dashboardAccount.findUniqueOrThrow({ where: { id: found.id } });
    if (isLocked(account, now)) return null;
    const ok = await checkPassword(password, account.passwordHash);
    await tx.dashboardAccount.update({
      where: { id: account.id },
      data: ok ? afterSuccess() : afterFailure(account, now),
    });
    return ok ? account.id : null;
  });
}
