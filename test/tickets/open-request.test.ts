/** A request's fulfilment target counts on its service's clock: office hours, or round the clock. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { loadCalendar } from '../../src/sla/calendar-file.ts';
import { openRequest } from '../../src/tickets/store.ts';
import { useTestDatabase } from '../support/db.ts';
import { createTestService } from '../support/service.ts';

const db = useTestDatabase();
const office = loadCalendar(path.join(ROOT_DIR, 'prisma/seed/calendar.yaml'));
// Friday 4 December 2026, 15.30 WIB: half an hour before the office closes for the weekend.
const friday = new Date('2026-12-04T08:30:00Z');

async function requestOn(code: string, clock24: boolean) {
  const service = await createTestService(db.prisma, { code, clock24 });
  const contact = await db.prisma.contact.create({ data: { name: 'Pelapor' } });
  return db.prisma.$transaction((tx) =>
    openRequest(
      tx,
      { service, description: 'mohon dibantu', attachments: [] },
      { value: 1, unit: 'hours' },
      false,
      { channel: 'simulator', chatId: `chat-${code}`, contactId: contact.id },
      friday,
      office,
    ),
  );
}

describe('opening a service request', () => {
  it('counts the fulfilment target on the office clock: the hour runs on into Monday', async () => {
    const ticket = await requestOn('kantor', false);
    // 30 minutes on Friday until 16.00, the other 30 from 08.00 on Monday 7 December (WIB).
    expect(ticket.resolutionDueAt?.toISOString()).toBe('2026-12-07T01:30:00.000Z');
  });

  it('counts it round the clock on a 24/7 service: due the same Friday evening', async () => {
    const ticket = await requestOn('nonstop', true);
    expect(ticket.resolutionDueAt?.toISOString()).toBe('2026-12-04T09:30:00.000Z');
  });
});
