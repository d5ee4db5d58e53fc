/**
 * Two people reporting one outage at the same moment get one incident: the first opens it, the second
 * is linked to it as a follower, even though the second's transaction started before the first's
 * committed.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/sql.ts';
import { openIncident } from '../../src/tickets/store.ts';
import { CALENDAR } from '../support/content.ts';
import { useAppDatabase, useTestDatabase } from '../support/db.ts';
import { createTestService } from '../support/service.ts';

const test = useTestDatabase();
const app = useAppDatabase(test);

describe('an outage reported twice at once', () => {
  it('opens one incident and links the second reporter to it', async () => {
    const service = await createTestService(test.prisma, { code: 'uji-gangguan' });
    const [first, second] = await Promise.all(
      ['Pelapor 1', 'Pelapor 2'].map((name) => test.prisma.contact.create({ data: { name } })),
    );
    if (!first || !second) throw new Error('contacts not created');
    const now = new Date('2026-12-07T03:00:00Z');
    const report = (contactId: number) => (tx: Parameters<typeof openIncident>[0]) =>
      openIncident(
        tx,
        {
          serviceId: service.id,
          description: 'aplikasi mati',
          since: 'barusan',
          impact: 'MAJOR',
          attachments: [],
        },
        service,
        { channel: 'simulator', chatId: `chat-${contactId}`, contactId },
        now,
        CALENDAR,
      );
    let letGo = () => {};
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    let opened = () => {};
    const firstOpened = new Promise<void>((resolve) => {
      opened = resolve;
    });
    // The first report holds its transaction open after opening the incident…
    const one = inTransaction(app.db.prisma, async (tx) => {
      const r = await report(first.id)(tx);
      opened();
      await held;
      return r;
    });
    await firstOpened;
    // … while the second starts and waits for the service's incident lock; then the first commits.
    const two = inTransaction(app.db.prisma, report(second.id));
    await new Promise((r) => setTimeout(r, 200));
    letGo();
    const [a, b] = await Promise.all([one, two]);
    expect(a.kind).toBe('opened');
    expect(b).toMatchObject({ kind: 'known_outage', ticket: { id: a.ticket.id }, alreadyFollowing: false });
    expect(await test.prisma.ticket.count({ where: { kind: 'INCIDENT' } })).toBe(1);
    expect(await test.prisma.ticketFollower.findMany({ where: { ticketId: a.ticket.id } })).toMatchObject([
      { contactId: second.id },
    ]);
    expect(
      (
        await test.prisma.ticketEvent.findMany({ where: { ticketId: a.ticket.id }, orderBy: { id: 'asc' } })
      ).map((e) => [e.type, e.actor]),
    ).toEqual([
      ['created', `reporter:${first.id}`],
      ['follower_linked', `reporter:${second.id}`],
    ]);
  });
});
