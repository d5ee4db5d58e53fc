/**
 * What every new ticket goes through, however it was reported (a chat, /catat, …): where a request
 * starts, and who hears of a ticket once it is opened.
 */

import type { Ticket } from '../generated/prisma/client.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { MediaSettings } from '../step/deps.ts';
import type { Tx } from '../tickets/store.ts';
import { escalateTicket, noticeHelpdesk } from './notify.ts';
import { askApproval } from './provider.ts';

/**
 * What a new request starts with besides its record: waiting for its Penyedia Layanan when it changes a
 * service (002:275, 465). (Whether it starts at the helpdesk level is openRequest's, 002:463.)
 */
export function requestStart(service: { approvalRequired: boolean }): { approval?: 'PENDING' } {
  return service.approvalRequired ? { approval: 'PENDING' as const } : {};
}

/**
 * A ticket just opened reaches the group that works on it; the helpdesk hears of a new incident; a
 * change's Penyedia Layanan is asked to approve it.
 */
export async function announceNewTicket(
  tx: Tx,
  deps: { calendar: BusinessCalendar; media?: MediaSettings; admins: ReadonlySet<string> },
  ticket: Pick<Ticket, 'id' | 'kind' | 'approval'>,
  after: AfterCommit,
): Promise<void> {
  await escalateTicket(tx, ticket.id, deps.calendar, after, deps.media);
  if (ticket.kind === 'INCIDENT') await noticeHelpdesk(tx, ticket.id, after);
  if (ticket.approval === 'PENDING') await askApproval(tx, deps, ticket.id, after);
}
