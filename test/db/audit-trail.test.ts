import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import { syncCatalogue } from '../../src/catalogue/sync.ts';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

describe('ticket events (real PostgreSQL)', () => {
  it('are append-only: an update or delete of the audit trail is refused', async () => {
    await syncCatalogue(db.prisma, loadCatalogue(`${ROOT_DIR}/prisma/seed/catalogue.yaml`));
    const service = await db.prisma.service.findUniqueOrThrow({ where: { code: 'simpeg' } });
    const contact = await db.prisma.contact.create({ data: { name: 'Budi' } });
    const ticket = await db.prisma.ticket.create({
      data: {
        code: 'GGN-2026-0001',
        kind: 'INCIDENT',
        serviceId: service.id,
        reporterId: contact.id,
        channel: 'simulator',
        chatId: 'c1',
        description: 'SIMPEG tidak bisa login',
        events: { create: { type: 'created', actor: `reporter:${contact.id}`, channel: 'simulator' } },
      },
      include: { events: true },
    });
    const eventId = ticket.events[0]?.id ?? -1;
    await expect(
      db.prisma.ticketEvent.update({ where: { id: eventId }, data: { type: 'x' } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.prisma.ticketEvent.delete({ where: { id: eventId } })).rejects.toThrow(/append-only/);
    expect(await db.prisma.ticketEvent.count({ where: { ticketId: ticket.id } })).toBe(1);
  });
});
