/**
 * A ticket opened on the driver is the ticket the ORM reads back, column for column, with its `created`
 * event in the audit trail — on the transaction's own connection and through the ORM's raw query (the
 * way the embedded database goes).
 */
import { describe, expect, it } from 'vitest';
import { inTransaction, sqlOf } from '../../src/db/sql.ts';
import { openIncident, openRequest, type Tx } from '../../src/tickets/store.ts';
import { TICKET_COLUMNS } from '../../src/tickets/ticket-row.ts';
import { CALENDAR } from '../support/content.ts';
import { useAppDatabase, useTestDatabase } from '../support/db.ts';
import { createTestService } from '../support/service.ts';

const test = useTestDatabase();
const app = useAppDatabase(test);

const now = new Date('2026-12-07T03:00:00Z');

async function openBoth(tx: Tx, serviceCode: string, contactId: number) {
  const service = await createTestService(tx, {
    code: serviceCode,
    name: `Layanan ${serviceCode}`,
    fulfilment: { value: 2, unit: 'hours' },
  });
  const origin = { channel: 'simulator' as const, chatId: `chat-${serviceCode}`, contactId };
  const request = await openRequest(
    tx,
    { service, description: 'mohon reset sandi', attachments: [{ kind: 'image', ref: 'media:1' }] },
    { value: 2, unit: 'hours' },
    true,
    origin,
    now,
    CALENDAR,
    { requesterName: 'Budi', urgency: 'TINGGI', approval: 'PENDING', atHelpdesk: true },
  );
  const incident = await openIncident(
    tx,
    {
      serviceId: service.id,
      description: 'aplikasi tidak bisa dibuka',
      since: 'tadi pagi',
      impact: 'MAJOR',
      attachments: [],
    },
    service,
    origin,
    now,
    CALENDAR,
  );
  return { request, incident: incident.ticket };
}

describe('a ticket opened on the driver', () => {
  it('has every column of the table listed', async () => {
    const rows = await test.prisma.$queryRawUnsafe<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'Ticket'`,
    );
    expect(Object.keys(TICKET_COLUMNS).sort()).toEqual(rows.map((r) => r.column_name).sort());
  });

  for (const way of ['driver', 'prisma'] as const) {
    it(`is what the ORM reads back, with its created event (${way})`, async () => {
      const contact = await test.prisma.contact.create({ data: { name: `Pelapor ${way}` } });
      const run = <T>(fn: (tx: Tx) => Promise<T>) =>
        way === 'driver' ? inTransaction(app.db.prisma, fn) : test.prisma.$transaction(fn);
      const { request, incident } = await run(async (tx) => {
        expect(sqlOf(tx).via).toBe(way);
        return openBoth(tx, `uji-${way}`, contact.id);
      });
      for (const t of [request, incident]) {
        expect(t).toEqual(await test.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } }));
        const events = await test.prisma.ticketEvent.findMany({ where: { ticketId: t.id } });
        expect(events).toMatchObject([
          {
            type: 'created',
            actor: `reporter:${contact.id}`,
            channel: 'simulator',
            at: now,
            data: {
              status: 'OPEN',
              priority: t.priority,
              attachments: t.attachments,
              reportingMethod: 'SIMULATOR',
            },
          },
        ]);
      }
      expect(request).toMatchObject({
        kind: 'REQUEST',
        requesterName: 'Budi',
        approval: 'PENDING',
        atHelpdesk: true,
        attachments: [{ kind: 'image', ref: 'media:1' }],
        slaFired: [],
      });
      expect(incident).toMatchObject({ kind: 'INCIDENT', impact: 'MAJOR', since: 'tadi pagi' });
      expect(incident.priority).not.toBeNull();
    });
  }
});
