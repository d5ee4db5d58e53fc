/** What a ticket search matches: its code, description, requester, OPD, reporter's name and service. Pure. */
import type { Prisma } from '../generated/prisma/client.ts';

export function ticketSearchWhere(text: string): Prisma.TicketWhereInput {
  const like = { contains: text.trim(), mode: 'insensitive' as const };
  return {
    OR: [
      { code: like },
      { description: like },
      { requesterName: like },
      { requesterOpd: like },
      { reporter: { name: like } },
      { service: { name: like } },
      { service: { code: like } },
    ],
  };
}
