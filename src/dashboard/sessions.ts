/**
 * Dashboard sessions, kept in PostgreSQL: the cookie holds a random id, the row its account, its CSRF
 * token and its idle expiry (SESSION_IDLE_HOURS, moved on by every request). Logging out deletes the row.
 */
import type { Db } from '../db/client.ts';
import { randomToken } from './csrf.ts';

/** A session unused this long is over. */
export const SESSION_IDLE_HOURS = 8;
const IDLE_MS = SESSION_IDLE_HOURS * 3600_000;
/** Expiry is written again only when it moved by more than this (not on every request). */
const TOUCH_MS = 60_000;

export interface Session {
  id: string;
  csrfToken: string;
  account: { id: number; username: string; admin: boolean; contactId: number | null };
}

export async function createSession(db: Db, accountId: number, now: Date): Promise<string> {
  // Sessions left to expire are cleared as new ones begin.
  await db.dashboardSession.deleteMany({ where: { expiresAt: { lte: now } } });
  const id = randomToken();
  await db.dashboardSession.create({
    data: { id, accountId, csrfToken: randomToken(), expiresAt: new Date(now.getTime() + IDLE_MS) },
  });
  return id;
}

/** The live session with this id, its idle expiry moved on; null when unknown or expired (then deleted). */
export async function readSession(db: Db, id: string | undefined, now: Date): Promise<Session | null> {
  if (!id || id.length > 100) return null;
  const row = await db.dashboardSession.findUnique({
    where: { id },
    include: { account: { select: { id: true, username: true, admin: true, contactId: true } } },
  });
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await db.dashboardSession.deleteMany({ where: { id } });
    return null;
  }
  const expiresAt = new Date(now.getTime() + IDLE_MS);
  if (expiresAt.getTime() - row.expiresAt.getTime() > TOUCH_MS)
    await db.dashboardSession.update({ where: { id }, data: { expiresAt } });
  return { id: row.id, csrfToken: row.csrfToken, account: row.account };
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db.dashboardSession.deleteMany({ where: { id } });
}

/** Keeps one message for the session's next page. */
export async function setFlash(db: Db, id: string, text: string): Promise<void> {
  await db.dashboardSession.updateMany({ where: { id }, data: { flash: text } });
}

/** The message kept for this page, cleared as it is read. */
export async function takeFlash(db: Db, id: string): Promise<string | null> {
  const [row] = await db.$queryRaw<{ flash: string | null }[]>`
    UPDATE "DashboardSession" s SET flash = NULL FROM (SELECT flash FROM "DashboardSession" WHERE id = ${id} FOR UPDATE) old
    WHERE s.id = ${id} RETURNING old.flash`;
  return row?.flash ?? null;
}
