/**
 * Reads one ticket as its Formulir D/E needs it (tickets/record.ts TicketSource): the row, who recorded and
 * took it, its events, and every actor named as staff know them. Used by `helpdesk ticket show` and the
 * dashboard's ticket page.
 */
import type { Db } from '../db/client.ts';
import type { TicketSource } from './record.ts';

type ContactWithIds = {
  name: string | null;
  identities: { externalId: string; displayName: string | null }[];
};

/** A person as staff know them: their name, else the name or id their chat shows. */
function nameOf(c: ContactWithIds | null | undefined): string | null {
  if (!c) return null;
  return (
    c.name ?? c.identities.find((i) => i.displayName)?.displayName ?? c.identities[0]?.externalId ?? null
  );
}

export async function readTicket(db: Db, code: string): Promise<TicketSource | null> {
  const staffWithContact = { include: { contact: { include: { identities: true } } } } as const;
  const t = await db.ticket.findUnique({
    where: { code },
    include: {
      service: true,
      reporter: { include: { identities: true } },
      recordedBy: staffWithContact,
      assignee: staffWithContact,
      convertedFrom: { select: { code: true } },
      convertedTo: { select: { code: true } },
      events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
    },
  });
  if (!t) return null;

  // Who acted, by name: "staff:3", "reporter:12" as the events and the approval record them.
  const labels = new Set([...t.events.map((e) => e.actor), ...(t.approvedBy ? [t.approvedBy] : [])]);
  const ids = (prefix: string) =>
    [...labels].flatMap((l) => (l.startsWith(prefix) ? [Number(l.slice(prefix.length))] : []));
  const [staff, reporters] = await Promise.all([
    db.staff.findMany({ where: { id: { in: ids('staff:') } }, ...staffWithContact }),
    db.contact.findMany({ where: { id: { in: ids('reporter:') } }, include: { identities: true } }),
  ]);
  const actorNames = new Map<string, string>([['system', 'sistem']]);
  for (const s of staff) actorNames.set(`staff:${s.id}`, nameOf(s.contact) ?? `staf #${s.id}`);
  for (const c of reporters) actorNames.set(`reporter:${c.id}`, nameOf(c) ?? `pelapor #${c.id}`);

  return {
    ...t,
    service: { code: t.service.code, name: t.service.name },
    recordedBy: nameOf(t.recordedBy?.contact),
    assignee: nameOf(t.assignee?.contact),
    convertedFrom: t.convertedFrom?.code ?? null,
    convertedTo: t.convertedTo?.code ?? null,
    actorNames,
  };
}
