/**
 * A status check, a note or a call for a person reads a ticket for the person asking only if it is
 * theirs to see: they reported it, recorded it for someone (/catat), or follow it (they joined a known
 * outage).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { loadCalendar } from '../../src/sla/calendar-file.ts';
import {
  findVisibleRef,
  findVisibleStatus,
  findVisibleTicket,
  followTicket,
  openRequest,
} from '../../src/tickets/store.ts';
import { useTestDatabase } from '../support/db.ts';
import { createTestService } from '../support/service.ts';

const db = useTestDatabase();
const office = loadCalendar(path.join(ROOT_DIR, 'prisma/seed/calendar.yaml'));

async function world(code: string) {
  const service = await createTestService(db.prisma, {
    code,
    name: 'Layanan Uji Status',
    fulfilment: { value: 1, unit: 'days' },
  });
  const [reporter, follower, officer, stranger] = await Promise.all(
    ['Pelapor', 'Pengikut', 'Petugas', 'Orang lain'].map((name) =>
      db.prisma.contact.create({ data: { name } }),
    ),
  );
  if (!reporter || !follower || !officer || !stranger) throw new Error('contacts not created');
  const staff = await db.prisma.staff.create({ data: { contactId: officer.id, role: 'PENGELOLA_LAYANAN' } });
  const now = new Date('2026-12-07T03:00:00Z');
  const ticket = await db.prisma.$transaction(async (tx) => {
    const t = await openRequest(
      tx,
      { service, description: 'mohon dibantu', attachments: [] },
      { value: 1, unit: 'days' },
      false,
      { channel: 'simulator', chatId: 'chat-pelapor', contactId: reporter.id },
      now,
      office,
      { recordedById: staff.id },
    );
    await followTicket(tx, t, { channel: 'simulator', chatId: 'chat-pengikut', contactId: follower.id }, now);
    return t;
  });
  return { ticket, reporter, follower, officer, stranger };
}

describe("a ticket's status for the person asking", () => {
  it('is read for its reporter, its recorder and its follower, as the full ticket read says, and for nobody else', async () => {
    const { ticket, reporter, follower, officer, stranger } = await world('uji-status');
    for (const who of [reporter, officer, follower]) {
      const status = await findVisibleStatus(db.prisma, ticket.code, who.id);
      const full = await findVisibleTicket(db.prisma, ticket.code, who.id);
      expect(status).not.toBeNull();
      expect(status).toEqual({
        id: full?.id,
        code: full?.code,
        status: full?.status,
        reporterId: full?.reporterId,
        rating: full?.rating,
        resolution: full?.resolution,
        resolutionDueAt: full?.resolutionDueAt,
        updatedAt: full?.updatedAt,
        service: { name: 'Layanan Uji Status' },
        events: full?.events.map((e) => ({ at: e.at })),
      });
    }
    expect(await findVisibleStatus(db.prisma, ticket.code, stranger.id)).toBeNull();
    expect(await findVisibleStatus(db.prisma, 'LYN-2026-9999', reporter.id)).toBeNull();
  });

  it('is found for a note or a call for a person by the same people, and by nobody else', async () => {
    const { ticket, reporter, follower, officer, stranger } = await world('uji-catatan');
    for (const who of [reporter, officer, follower]) {
      const full = await findVisibleTicket(db.prisma, ticket.code, who.id);
      expect(await findVisibleRef(db.prisma, ticket.code, who.id)).toEqual({
        id: full?.id,
        code: full?.code,
        status: full?.status,
        serviceId: full?.serviceId,
        attachments: full?.attachments,
      });
    }
    expect(await findVisibleRef(db.prisma, ticket.code, stranger.id)).toBeNull();
    expect(await findVisibleRef(db.prisma, 'LYN-2026-9999', reporter.id)).toBeNull();
  });
});
