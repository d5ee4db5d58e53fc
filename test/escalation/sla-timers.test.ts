import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startHelpdesk } from '../../src/app.ts';
import { scheduleTicketTimers } from '../../src/step/after-commit.ts';
import { silentLog, testConfig } from '../support/app.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { testRedisUrl } from '../support/env.ts';
import { useHelpdesk } from '../support/helpdesk.ts';
import { until } from '../support/until.ts';

const PREFIX = `sla${randomUUID().slice(0, 8)}`;
const CALENDAR = allDayCalendarFile();
const h = useHelpdesk({ CALENDAR_FILE: CALENDAR, QUEUE_PREFIX: PREFIX, NOTICE_WINDOW_SECONDS: '5' });
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const outs = async (chat: string) =>
  (await h.messages(chat)).filter((m) => m.direction === 'out').map((m) => m.text);

const openIncident = (reporter: string, service: string) =>
  h.reportIncident(reporter, {
    service,
    symptom: 'aplikasi tidak bisa dibuka sama sekali',
    since: 'barusan',
    impact: '1',
  });

/** Shortens the ticket's targets to seconds (as if reported `agoMs` ago) and plans its timers again. */
async function shorten(
  code: string,
  fields: { agoMs: number; responseInMs?: number; resolutionInMs?: number },
  schedule = true,
) {
  const now = Date.now();
  const t = await h.db.prisma.ticket.update({
    where: { code },
    data: {
      createdAt: new Date(now - fields.agoMs),
      ...(fields.responseInMs !== undefined ? { responseDueAt: new Date(now + fields.responseInMs) } : {}),
      ...(fields.resolutionInMs !== undefined
        ? { resolutionDueAt: new Date(now + fields.resolutionInMs) }
        : {}),
    },
  });
  if (schedule) await scheduleTicketTimers(h.app.conversation, [t.id]);
  return t;
}

describe('SLA timers (BullMQ delayed jobs, the database decides)', () => {
  it('reminds the group at half the response target and escalates a breach to the coordinator', async () => {
    const code = await openIncident('6286000000001', 'lpse');
    // Half of the response window has passed already; the breach is 1.5 s away.
    await shorten(code, { agoMs: 10_000, responseInMs: 1_500, resolutionInMs: 3_600_000 });
    const reminder = await until('the reminder in the group', async () =>
      (await outs('pt-lpse')).find((t) => t.includes('belum diambil') && t.includes(code)),
    );
    expect(reminder).toContain(`/ambil ${code}`);
    const breach = await until('the breach at the coordinator', async () =>
      (await outs('koordinator1')).find((t) => t.includes(code) && t.includes('TERLEWATI')),
    );
    expect(breach).toMatch(/Target tanggap/);
    const t = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code }, include: { events: true } });
    expect(t.responseMet).toBe(false);
    expect(t.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['sla_response_reminder', 'sla_response_breach']),
    );
    // Claiming late records the missed target.
    const [claimed] = await h.say('pt-lpse', `/ambil ${code}`, teknisi1);
    expect(claimed?.text).toMatch(/MELEWATI target/);
  });

  it('merges several warnings for one group within the window into one message', async () => {
    const a = await openIncident('6286000000002', 'sipd');
    const b = await openIncident('6286000000003', 'ekinerja');
    // Both escalate to different groups; move b into sipd's team to share one group.
    await h.say('pt-ekinerja', `/alihkan ${b} sipd`, {
      group: true,
      from: 'koordinator1',
      name: 'Koordinator 1',
    });
    const before = (await outs('pt-sipd')).length;
    // Half of both response windows has passed: two reminders for pt-sipd at the same moment.
    const ta = await shorten(a, { agoMs: 60_000, responseInMs: 30_000, resolutionInMs: 3_600_000 }, false);
    const tb = await shorten(b, { agoMs: 60_000, responseInMs: 30_000, resolutionInMs: 3_600_000 }, false);
    await scheduleTicketTimers(h.app.conversation, [ta.id, tb.id]);
    const merged = await until('the merged warning', async () =>
      (await outs('pt-sipd'))
        .slice(before)
        .find((t) => /^Ada \d+ peringatan/.test(t) && t.includes(a) && t.includes(b)),
    );
    // One message, not one per warning.
    expect((await outs('pt-sipd')).slice(before).filter((t) => t.includes('belum diambil'))).toEqual([
      merged,
    ]);
  });

  it('tells the Penyedia Layanan when the estimate is exceeded', async () => {
    const code = await openIncident('6286000000004', 'website');
    await h.say('pt-website-pemda', `/ambil ${code}`, teknisi1);
    await h.say('pt-website-pemda', `/estimasi ${code} 2 jam`, teknisi1);
    const t = await h.db.prisma.ticket.update({
      where: { code },
      data: { estimateDueAt: new Date(Date.now() + 800) },
    });
    await scheduleTicketTimers(h.app.conversation, [t.id]);
    const told = await until('the provider to hear of it', async () =>
      (await outs('penyedia1')).find((x) => x.includes(code) && x.includes('terlampaui')),
    );
    expect(told).toMatch(/Penyedia Layanan/);
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).estimateExceeded).toBe(true);
  });

  it('reminds a silent reporter once, then closes without confirmation and asks the rating once', async () => {
    const reporter = '6286000000005';
    const code = await openIncident(reporter, 'jdih');
    await h.say('pt-jdih', `/ambil ${code}`, teknisi1);
    await h.say('pt-jdih', `/selesai ${code} cache dibersihkan. penyebab: cache penuh`, teknisi1);
    // The confirmation window (and the day after it) has passed.
    const t = await h.db.prisma.ticket.update({
      where: { code },
      data: { confirmationDueAt: new Date(Date.now() - 25 * 3600_000) },
    });
    await scheduleTicketTimers(h.app.conversation, [t.id]);
    await until(
      'the ticket to close',
      async () => (await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).status === 'CLOSED',
    );
    const closed = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(closed.closedWithoutConfirm).toBe(true);
    const asked = await until('the rating question', async () =>
      (await outs(reporter)).find((x) => x.includes('Seberapa puas')),
    );
    expect(asked).toBeDefined();
    await h.say(reporter, '3');
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).rating).toBe(3);
  });

  it('recomputes the due times on a priority change, and the old timers do nothing', async () => {
    const code = await openIncident('6286000000006', 'simpeg');
    const before = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(before.priority).toBe('P3');
    const [changed] = await h.say('pt-simpeg', `/prioritas ${code} P1 berdampak ke seluruh OPD`, teknisi1);
    expect(changed?.text).toMatch(/Prioritas .* menjadi P1/);
    const after = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    // P1 on the 24/7 calendar: 15 minutes and 12 hours from the report.
    expect(Number(after.responseDueAt) - Number(after.createdAt)).toBe(15 * 60_000);
    expect(Number(after.resolutionDueAt) - Number(after.createdAt)).toBe(12 * 3600_000);
    const jobs = await h.app.queues.timers.getDelayed();
    const mine = jobs.filter((j) => j.data.type === 'sla' && j.data.ticketId === after.id);
    expect(
      mine.some((j) => j.data.type === 'sla' && j.data.fireAt === after.resolutionDueAt?.toISOString()),
    ).toBe(true);
  });
});

describe('waiting on the reporter', () => {
  it('asks an unanswered question again after a working day, and tells the group', async () => {
    const reporter = '6286000000008';
    const code = await openIncident(reporter, 'vicon');
    await h.say('pt-vicon', `/ambil ${code}`, teknisi1);
    await h.say('pt-vicon', `/tanya ${code} Browser apa yang dipakai?`, teknisi1);
    // The reporter wandered off to the menu; a working day passes (24/7 calendar: 24 hours).
    await h.say(reporter, 'menu');
    const t = await h.db.prisma.ticket.update({
      where: { code },
      data: { pausedAt: new Date(Date.now() - 24 * 3600_000 - 1000) },
    });
    await scheduleTicketTimers(h.app.conversation, [t.id]);
    await until(
      'the question again',
      async () => (await outs(reporter)).filter((x) => x.includes('Browser apa yang dipakai?')).length === 2,
    );
    await until('the group to hear', async () =>
      (await outs('pt-vicon')).find((x) => x.includes(code) && x.includes('belum menjawab')),
    );
    // The reporter's next message is the answer again, not a menu choice.
    const [relayed] = await h.say(reporter, 'Chrome versi terbaru');
    expect(relayed?.text).toMatch(/diteruskan ke tim teknis/);
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).status).toBe('IN_PROGRESS');
  });

  it('does not repeat the 75 % warning after a pause moved its time', async () => {
    const reporter = '6286000000009';
    const code = await openIncident(reporter, 'pusat data');
    await h.say('pt-pusat-data', `/ambil ${code}`, teknisi1);
    // Reported 100 minutes ago with 20 left: the 75 % point (minute 90) has passed.
    await shorten(code, { agoMs: 100 * 60_000, resolutionInMs: 20 * 60_000 });
    const warnings = async () =>
      (await outs('pt-pusat-data')).filter((x) => x.includes(code) && x.includes('75%'));
    await until('the 75 % warning', async () => (await warnings()).length === 1);
    await h.say('pt-pusat-data', `/tanya ${code} Sejak kapan persisnya?`, teknisi1);
    // The question waited 10 minutes: on the answer every due time moves 10 minutes later, and so does
    // the 75 % point (to about now); the warning already given must not come again.
    await h.db.prisma.ticket.update({
      where: { code },
      data: { pausedAt: new Date(Date.now() - 10 * 60_000) },
    });
    await h.say(reporter, 'sejak jam 7');
    await new Promise((r) => setTimeout(r, 6000));
    expect(await warnings()).toHaveLength(1);
  });
});

describe('a restart while a timer is pending', () => {
  it('still fires the timer, once', async () => {
    const code = await openIncident('6286000000007', 'srikandi');
    const ticket = await shorten(code, { agoMs: 1_000, responseInMs: 2_500, resolutionInMs: 3_600_000 });
    // Stop the helpdesk before the breach, and lose Redis' copy of the timers for good measure.
    await h.app.stop();
    const { Redis } = await import('ioredis');
    const redis = new Redis(testRedisUrl());
    const keys = await redis.keys(`${PREFIX}:timers:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await new Promise((r) => setTimeout(r, 3_000));
    // A new process on the same database plans the timers from the tickets it finds, and fires them.
    const again = await startHelpdesk(
      testConfig({
        DATABASE_URL: h.db.url,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: PREFIX,
        CALENDAR_FILE: CALENDAR,
      }),
      silentLog,
    );
    h.app = again;
    await until(
      'the breach after the restart',
      async () =>
        (await h.db.prisma.ticketEvent.count({
          where: { ticketId: ticket.id, type: 'sla_response_breach' },
        })) > 0,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(
      await h.db.prisma.ticketEvent.count({ where: { ticketId: ticket.id, type: 'sla_response_breach' } }),
    ).toBe(1);
  });
});
