import { describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../support/calendar.ts';
import { REQUESTER, useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const codeIn = (text: string | undefined, kind = 'GGN') =>
  new RegExp(`${kind}-\\d{4}-\\d{4}`).exec(text ?? '')?.[0] ?? '';
const lastOut = async (chat: string) =>
  (await h.messages(chat)).filter((m) => m.direction === 'out').at(-1)?.text ?? '';

const reportSimpegOutage = (chat: string) =>
  h.reportIncident(chat, {
    service: 'simpeg',
    symptom: 'tidak bisa login, muncul error 500',
    since: 'sejak jam 8 pagi',
    impact: 'semua pegawai kena',
  });

describe('the incident lifecycle across reporter and Pengelola Teknis group', () => {
  it('escalates, is claimed, updated, paused for a question, resolved, confirmed and rated', async () => {
    const reporter = '6285000000001';
    const code = await reportSimpegOutage(reporter);
    expect(code).not.toBe('');

    // The escalation reached the right group at once, with the reporter masked.
    const escalation = await lastOut('pt-simpeg');
    expect(escalation).toContain(code);
    expect(escalation).toContain('SIMPEG');
    expect(escalation).toContain('Prioritas: *P3*');
    expect(escalation).toMatch(/Batas tanggap: .* WIB/);
    expect(escalation).toContain('tidak bisa login, muncul error 500');
    expect(escalation).toContain('0850****001');
    expect(escalation).not.toContain(reporter);

    // Claimed by replying to the escalation message, without typing the code.
    const escalationId = (await h.messages('pt-simpeg')).filter((m) => m.direction === 'out').at(-1)?.id;
    const [claimed] = await h.say('pt-simpeg', '/ambil', { ...teknisi1, replyTo: escalationId });
    expect(claimed?.text).toContain('diambil oleh Teknisi 1');
    expect(await lastOut(reporter)).toMatch(/sedang ditangani oleh tim/);

    await h.say('pt-simpeg', `/update ${code} sedang cek server aplikasi`, teknisi1);
    expect(await lastOut(reporter)).toContain('sedang cek server aplikasi');

    const before = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    await h.say('pt-simpeg', `/tanya ${code} NIP Anda berapa?`, teknisi1);
    expect(await lastOut(reporter)).toContain('NIP Anda berapa?');
    const paused = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(paused.status).toBe('WAITING_REPORTER');
    expect(paused.pausedAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 300));

    const [relayed] = await h.say(reporter, 'NIP saya 198701012010011001');
    expect(relayed?.text).toMatch(/diteruskan ke tim teknis/);
    // Relayed as a quotation, the NIP masked; the ticket's event keeps it whole.
    expect(await lastOut('pt-simpeg')).toContain('┃ NIP saya 1987****001');
    const resumed = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(resumed.status).toBe('IN_PROGRESS');
    expect(resumed.pausedAt).toBeNull();
    // The clock stood still while waiting: the resolution due time moved by the time paused.
    const shift = Number(resumed.resolutionDueAt) - Number(before.resolutionDueAt);
    expect(shift).toBeGreaterThanOrEqual(300);
    expect(shift).toBeLessThan(10_000);

    await h.say(
      'pt-simpeg',
      `/selesai ${code} layanan login di-restart. penyebab: sesi login menumpuk`,
      teknisi1,
    );
    const ask = (await h.messages(reporter)).filter((m) => m.direction === 'out').at(-1);
    expect(ask?.text).toContain('Apakah masalah sudah selesai?');
    expect(ask?.text).toContain('layanan login di-restart');

    await h.say(reporter, '1');
    await h.say(reporter, '4');
    await h.say(reporter, 'cepat ditangani, terima kasih');
    expect(await lastOut('pt-simpeg')).toMatch(/dikonfirmasi selesai oleh pelapor \(target terpenuhi\)/);

    const closed = await h.db.prisma.ticket.findUniqueOrThrow({
      where: { code },
      include: { events: { orderBy: { id: 'asc' } } },
    });
    expect(closed).toMatchObject({
      status: 'CLOSED',
      rating: 4,
      feedback: 'cepat ditangani, terima kasih',
      responseMet: true,
      resolutionMet: true,
      resolution: 'layanan login di-restart.',
    });
    expect(closed.firstResponseAt).not.toBeNull();
    expect(closed.reporterConfirmedAt).not.toBeNull();
    expect(closed.events.map((e) => e.type)).toEqual([
      'created',
      'claim',
      'start',
      'ask_reporter',
      'reporter_answered',
      'resolve',
      'cause_recorded',
      'confirm',
      'rated',
      'feedback',
    ]);
    expect(closed.events.find((e) => e.type === 'claim')?.channel).toBe('simulator');
    expect(closed.events.find((e) => e.type === 'claim')?.actor).toMatch(/^staff:\d+$/);
  });

  it('gives linked reporters of a known outage the same progress', async () => {
    const first = '6285000000002';
    const code = await reportSimpegOutage(first);
    const second = '6285000000003';
    await h.say(second, '3');
    const [known] = await h.say(second, 'simpeg');
    expect(known?.text).toContain(code);
    await h.say('pt-simpeg', `/ambil ${code}`, teknisi1);
    expect(await lastOut(second)).toMatch(new RegExp(`${code}.*sedang ditangani`));

    // /update is for the ticket's own reporter; /umumkan for everyone linked to the outage.
    const [updated] = await h.say('pt-simpeg', `/update ${code} akun Bapak sudah kami reset`, teknisi1);
    expect(updated?.text).toMatch(/1 pelapor lain .* tidak menerimanya; pakai \/umumkan/);
    expect(await lastOut(first)).toContain('akun Bapak sudah kami reset');
    expect(await lastOut(second)).not.toContain('akun Bapak');
    const [announced] = await h.say('pt-simpeg', `/umumkan ${code} server sedang dipulihkan`, teknisi1);
    expect(announced?.text).toMatch(/dikirim ke pelapor dan 1 pelapor lain/);
    expect(await lastOut(first)).toContain('server sedang dipulihkan');
    expect(await lastOut(second)).toContain('server sedang dipulihkan');
    const audiences = (
      await h.db.prisma.ticketEvent.findMany({
        where: { ticket: { code }, type: { in: ['update', 'start'] } },
      })
    ).map((e) => (e.data as { audience?: string }).audience);
    expect(audiences).toEqual(['reporter', 'all']);

    const [help] = await h.say('pt-simpeg', '/bantuan', teknisi1);
    expect(help?.text).toMatch(/\/umumkan <kode> <teks> — kabar untuk pelapor dan semua pelapor lain/);

    await h.say('pt-simpeg', `/selesai ${code} server dipulihkan. penyebab: disk server penuh`, teknisi1);
    expect(await lastOut(second)).toMatch(/sudah ditangani\. Solusi: server dipulihkan/);
    expect(await lastOut(first)).toContain('Apakah masalah sudah selesai?');
  });

  it('fulfils a service request against its fulfilment target, with an estimate', async () => {
    const reporter = '6285000000004';
    await h.say(reporter, '2');
    await h.say(reporter, 'hosting');
    await h.say(reporter, 'hosting aplikasi e-perizinan dinas PMPTSP');
    await h.say(reporter, REQUESTER);
    const [opened] = await h.say(reporter, '1');
    const code = codeIn(opened?.text, 'LYN');
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    // Hosting Aplikasi: < 14 hari, on the 24/7 calendar of this test.
    expect(Number(ticket.resolutionDueAt) - Number(ticket.createdAt)).toBe(14 * 24 * 3600 * 1000);
    expect(await lastOut('pt-hosting')).toMatch(
      new RegExp(`Permintaan layanan ${code}.*\\n(.*\\n)*Target pemenuhan:`),
    );

    await h.say('pt-hosting', `/ambil ${code}`, teknisi1);
    const [estimated] = await h.say('pt-hosting', `/estimasi ${code} 2 hari`, teknisi1);
    expect(estimated?.text).toMatch(/Estimasi .* selesai/);
    expect(await lastOut(reporter)).toMatch(/Estimasi penyelesaian tiket/);
    await h.say('pt-hosting', `/selesai ${code} VM dan domain sudah siap`, teknisi1);
    await h.say(reporter, 'sudah');
    await h.say(reporter, '5');
    await h.say(reporter, 'lewati');
    const closed = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(closed).toMatchObject({ status: 'CLOSED', rating: 5, resolutionMet: true, kind: 'REQUEST' });
  });
});

describe('staff commands refuse what they should not do, changing nothing', () => {
  it('answers every bad command clearly', async () => {
    const code = await reportSimpegOutage('6285000000005');
    const send = async (text: string, who = teknisi1, chat = 'pt-simpeg') =>
      (await h.say(chat, text, who))[0]?.text ?? '';
    expect(await send('/ambil GGN-2026-9999')).toMatch(/tidak ditemukan/);
    expect(await send('/ambil')).toMatch(/Pemakaian: \/ambil/);
    expect(await send(`/prioritas ${code} P9 salah ketik`)).toMatch(/P1, P2, P3, P4, P5 atau P6/);
    expect(await send(`/ambil ${code}`, { group: true, from: 'warga77', name: 'Warga' })).toMatch(
      /hanya untuk staf/,
    );
    expect(await send(`/estimasi ${code} 2 jam`)).toMatch(/ambil dulu/);
    expect(await send('/hapus semua')).toMatch(/tidak dikenal/);
    expect(await send(`/ambil ${code}`)).toMatch(/diambil oleh/);
    // The same command again: a clear answer, no second claim.
    expect(await send(`/ambil ${code}`)).toMatch(/status tiket saat ini "Ditangani petugas"/);
    expect(await send(`/estimasi ${code} sebentar lagi`)).toMatch(/tidak dapat dibaca/);
    expect(await h.db.prisma.ticketEvent.count({ where: { ticket: { code }, type: 'claim' } })).toBe(1);

    // Another team's ticket.
    const srikandi = await h.reportIncident('6285000000006', {
      service: 'srikandi',
      symptom: 'surat keluar tidak terkirim',
      since: 'kemarin',
      impact: '2',
    });
    expect(await send(`/ambil ${srikandi}`)).toMatch(/bukan tanggungan grup ini/);
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { code: srikandi } })).status).toBe('OPEN');

    // A closed ticket.
    await send(`/selesai ${code} beres. penyebab: cache penuh`);
    await h.say('6285000000005', '1');
    expect(await send(`/update ${code} masih dicek`)).toMatch(/sudah selesai, ditutup atau dibatalkan/);
  });

  it('lets an admin register a group and approve a staff member who asked', async () => {
    const admin = { group: true, from: 'admin', name: 'Admin' };
    expect((await h.say('grup-baru', '/daftar-grup jdih', admin))[0]?.text).toMatch(
      /menerima tiket layanan JDIH/,
    );
    const budi = { group: true, from: 'budi', name: 'Budi' };
    expect((await h.say('grup-baru', '/daftar-grup jdih', budi))[0]?.text).toMatch(/hanya untuk admin/);
    const [asked] = await h.say('grup-baru', '/daftar-staf pengelola-teknis', budi);
    const id = /nomor (\d+)/.exec(asked?.text ?? '')?.[1];
    expect(id).toBeDefined();
    expect(await lastOut('admin')).toContain(`/setujui-staf ${id}`);
    expect((await h.say('admin', `/setujui-staf ${id}`))[0]?.text).toMatch(/disetujui/);
    expect(await lastOut('budi')).toMatch(/terdaftar sebagai Pengelola Teknis/);

    const code = await h.reportIncident('6285000000007', {
      service: 'jdih',
      symptom: 'dokumen perda tidak bisa diunduh',
      since: 'hari ini',
      impact: '2',
    });
    expect(await lastOut('grup-baru')).toContain(code);
    expect((await h.say('grup-baru', `/ambil ${code}`, budi))[0]?.text).toMatch(/diambil oleh Budi/);

    // Budi is Pengelola Teknis of JDIH only: not of SIMPEG, wherever he types.
    const simpeg = await reportSimpegOutage('6285000000008');
    expect((await h.say('budi', `/prioritas ${simpeg} P1 coba`))[0]?.text).toMatch(/bukan tanggungan/);
    expect((await h.say('pt-simpeg', `/alihkan ${simpeg} jdih`, budi))[0]?.text).toMatch(/bukan tanggungan/);
    expect(
      (await h.db.prisma.ticket.findUniqueOrThrow({ where: { code: simpeg }, include: { service: true } }))
        .service.code,
    ).toBe('simpeg');
  });
});
