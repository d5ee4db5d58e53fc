import { describe, expect, it } from 'vitest';
import { planTimers } from '../../src/sla/timers.ts';
import { scheduleTicketTimers } from '../../src/step/after-commit.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';
import { until } from '../support/until.ts';

const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile(), NOTICE_WINDOW_SECONDS: '0' });
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

/** As if the ticket had been claimed `minutes` ago; its timers are planned again. */
async function claimedAgo(code: string, minutes: number) {
  const t = await h.db.prisma.ticket.update({
    where: { code },
    data: { firstResponseAt: new Date(Date.now() - minutes * 60_000) },
  });
  await scheduleTicketTimers(h.app.conversation, [t.id]);
  return t;
}

describe('the estimate of the Pengelola Teknis (002:489-490)', () => {
  it('reminds the team once when no estimate follows /ambil, and not when one was given (002:489)', async () => {
    const silent = await openIncident('6287200000001', 'simpeg');
    const estimated = await openIncident('6287200000002', 'lpse');
    await h.say('pt-simpeg', `/ambil ${silent}`, teknisi1);
    await h.say('pt-lpse', `/ambil ${estimated}`, teknisi1);
    await h.say('pt-lpse', `/estimasi ${estimated} 2 jam`, teknisi1);
    // ESTIMATE_REMINDER_MINUTES (30 by default) have passed since both claims.
    await claimedAgo(estimated, 31);
    await claimedAgo(silent, 31);

    const reminder = await until('the reminder in the group', async () =>
      (await outs('pt-simpeg')).find((t) => t.includes('belum ada estimasi')),
    );
    expect(reminder).toBe(
      `⏰ ${silent} belum ada estimasi waktu penanganan. Kirim /estimasi ${silent} 2 jam`,
    );
    const reminded = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code: silent } });
    expect(reminded.estimateRemindedAt).not.toBeNull();

    // Once: planning again adds no second reminder.
    expect(
      planTimers({ ...reminded, service: { clock24: false } }, h.app.conversation.calendar).map(
        (p) => p.kind,
      ),
    ).not.toContain('estimate_reminder');
    await scheduleTicketTimers(h.app.conversation, [reminded.id]);
    await h.say('pt-simpeg', `/update ${silent} sedang dicek`, teknisi1);
    expect((await outs('pt-simpeg')).filter((t) => t.includes('belum ada estimasi'))).toHaveLength(1);
    // The ticket with an estimate was never reminded.
    expect((await outs('pt-lpse')).some((t) => t.includes('belum ada estimasi'))).toBe(false);
    expect(
      (await h.db.prisma.ticket.findUniqueOrThrow({ where: { code: estimated } })).estimateRemindedAt,
    ).toBeNull();
  });

  it('takes an exceeded estimate and every later change up to the service’s Penyedia (002:490)', async () => {
    const code = await openIncident('6287200000003', 'ekinerja');
    await h.say('pt-ekinerja', `/ambil ${code}`, teknisi1);
    await h.say('pt-ekinerja', `/estimasi ${code} 2 jam`, teknisi1);
    await h.say('pt-ekinerja', `/update ${code} sedang cek basis data`, teknisi1);
    // Within the estimate the Penyedia is not bothered.
    expect((await outs('penyedia1')).some((t) => t.includes(code))).toBe(false);

    const t = await h.db.prisma.ticket.update({
      where: { code },
      data: { estimateDueAt: new Date(Date.now() + 500) },
    });
    await scheduleTicketTimers(h.app.conversation, [t.id]);
    const told = await until('the Penyedia to hear of it', async () =>
      (await outs('penyedia1')).find((x) => x.includes(code) && x.includes('terlampaui')),
    );
    expect(told).toMatch(/Untuk Penyedia Layanan: estimasi penanganan .* \(e-Kinerja\) terlampaui/);
    expect(told).not.toMatch(/belum terdaftar/);
    await until('the team to hear of it', async () =>
      (await outs('pt-ekinerja')).find((x) => x.includes(code) && x.includes('terlampaui')),
    );

    const forwarded = async (command: string) => {
      const before = (await outs('penyedia1')).length;
      await h.say('pt-ekinerja', command, teknisi1);
      return (await outs('penyedia1')).slice(before);
    };
    expect(await forwarded(`/update ${code} server basis data dipulihkan dari cadangan`)).toEqual([
      `ℹ️ ${code} (e-Kinerja): kabar perkembangan — server basis data dipulihkan dari cadangan`,
    ]);
    expect(await forwarded(`/umumkan ${code} layanan pulih bertahap`)).toEqual([
      `ℹ️ ${code} (e-Kinerja): kabar perkembangan — layanan pulih bertahap`,
    ]);
    expect(await forwarded(`/prioritas ${code} P2 dampak lebih kecil`)).toEqual([
      `ℹ️ ${code} (e-Kinerja): prioritas menjadi P2 (dampak lebih kecil)`,
    ]);
    // A new estimate, and everything after it, still goes up.
    expect((await forwarded(`/estimasi ${code} 1 jam`))[0]).toMatch(/estimasi baru: selesai/);
    expect(await forwarded(`/update ${code} tinggal verifikasi`)).toHaveLength(1);
    expect(await forwarded(`/selesai ${code} basis data dipulihkan penyebab: disk penuh`)).toEqual([
      `ℹ️ ${code} (e-Kinerja): dinyatakan selesai oleh tim teknis — basis data dipulihkan (penyebab: disk penuh). Menunggu konfirmasi pelapor.`,
    ]);
  });

  it('takes an exceeded estimate to the coordinators when the service has no Penyedia (002:490)', async () => {
    await h.db.prisma.staff.updateMany({
      where: { role: 'PENYEDIA', provider: 'Bagian Hukum' },
      data: { active: false },
    });
    const code = await openIncident('6287200000004', 'jdih');
    await h.say('pt-jdih', `/ambil ${code}`, teknisi1);
    await h.say('pt-jdih', `/estimasi ${code} 2 jam`, teknisi1);
    const t = await h.db.prisma.ticket.update({
      where: { code },
      data: { estimateDueAt: new Date(Date.now() + 500) },
    });
    await scheduleTicketTimers(h.app.conversation, [t.id]);
    const told = await until('the coordinator to hear of it', async () =>
      (await outs('koordinator1')).find((x) => x.includes(code) && x.includes('terlampaui')),
    );
    expect(told).toMatch(/Penyedia Layanan Bagian Hukum belum terdaftar.*Koordinator Layanan/);
    const before = (await outs('koordinator1')).length;
    await h.say('pt-jdih', `/update ${code} indeks pencarian dibangun ulang`, teknisi1);
    expect((await outs('koordinator1')).slice(before)).toEqual([
      `ℹ️ ${code} (JDIH): kabar perkembangan — indeks pencarian dibangun ulang`,
    ]);
    expect((await outs('penyedia1')).some((x) => x.includes(code))).toBe(false);
  });
});
