/** The ticket a dashboard viewer names, when they oversee it (commands/oversight-scope.ts); else null. */
import { oversees } from '../commands/oversight-scope.ts';
import { findTicketCode } from '../tickets/code.ts';
import type { PageCtx } from './context.ts';

export async function visibleTicket(c: Pick<PageCtx, 'db' | 'who'>, typed: string) {
  const code = findTicketCode(typed)?.code;
  if (!code) return null;
  const t = await c.db.ticket.findUnique({ where: { code }, include: { service: true } });
  return t && oversees(c.who, t) ? t : null;
}
