import { autonomousSqlOf, sqlOf } from '../db/sql.ts';
import type { TicketKind } from '../domain.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { formatTicketCode } from './code.ts';

const NEXT_NUMBER = `
INSERT INTO "TicketCounter" ("kind", "year", "last") VALUES ($1::"TicketKind", $2, 1)
ON CONFLICT ("kind", "year") DO UPDATE SET "last" = "TicketCounter"."last" + 1
RETURNING "last"`;

/**
 * Takes the next number of the kind's yearly sequence for a ticket the caller's transaction creates.
 * The number is taken in a statement of its own that commits at once, so the counter row is locked for
 * that statement only: creations of the same kind never queue behind each other's whole transaction
 * (they did, and that queue was the helpdesk's longest wait under load). Codes are unique and rise with
 * time; a creation that fails after taking its number leaves that number unused (a gap in the codes,
 * seen only after a fault). Where there is no connection for that (the embedded PGlite, a transaction
 * not opened by `inTransaction`), the number is taken inside the transaction: gapless, one at a time.
 */
export async function allocateTicketCode(
  tx: Prisma.TransactionClient,
  kind: TicketKind,
  year: number,
): Promise<string> {
  const sql = autonomousSqlOf(tx) ?? sqlOf(tx);
  const rows = await sql.rows<{ last: number }>(NEXT_NUMBER, [kind, year]);
  const last = rows[0]?.last;
  if (last === undefined) throw new Error('ticket counter returned no row');
  return formatTicketCode(kind, year, last);
}
