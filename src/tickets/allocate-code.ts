import type { TicketKind } from '../domain.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { formatTicketCode } from './code.ts';

/**
 * Takes the next number of the kind's yearly sequence inside the caller's transaction. The counter row
 * is locked by the upsert until the transaction ends, so concurrent creations queue up instead of
 * colliding; a rolled-back transaction gives its number back unused.
 */
export async function allocateTicketCode(
  tx: Prisma.TransactionClient,
  kind: TicketKind,
  year: number,
): Promise<string> {
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "TicketCounter" ("kind", "year", "last") VALUES (${kind}::"TicketKind", ${year}, 1)
    ON CONFLICT ("kind", "year") DO UPDATE SET "last" = "TicketCounter"."last" + 1
    RETURNING "last"`;
  const last = rows[0]?.last;
  if (last === undefined) throw new Error('ticket counter returned no row');
  return formatTicketCode(kind, year, last);
}
