import { describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

// The Pengelola Layanan (helpdesk officers): first-level help on requests, the first response, and
// passing a ticket to the Pengelola Teknis (002:277, 333, 463, 488). The tests run in order: the first
// one before any helpdesk group exists.
const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const DESK = 'grup-helpdesk';
const admin = { group: true, from: 'admin', name: 'Admin' };
const sari = { group: true, from: 'sari', name: 'Sari' };
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };

const outs = async (chat: string) => (await h.messages(chat)).filter((m) => m.direction === 'out');
const lastOut = async (chat: string) => (await outs(chat)).at(-1)?.text ?? '';
const first = async (chat: string, text: string, who: Record<string, unknown> = {}) =>
  (await h.say(chat, text, who))[0]?.text ?? '';

/** Asks for hosting as a citizen would; returns the request's code. */
const requestHosting = (reporter: string, need: string) =>
  h.requestService(reporter, { service: 'hosting', need });

const ticket = (code: string) =>
  h.db.prisma.ticket.findUniqueOrThrow({ where: { code }, include: { events: { orderBy: { id: 'asc' } } } });

describe('without a helpdesk group', () => {
  it('sends a request straight to its technical team, as before', async () => {
    const code = await requestHosting('6285100000001', 'hosting aplikasi antrian puskesmas');
    expect(await lastOut('pt-hosting')).toContain(`Permintaan layanan ${code}`);
    expect((await ticket(code)).atHelpdesk).toBe(false);
    expect(await first('pt-hosting', `/ambil ${code}`, teknisi1)).toMatch(/diambil oleh Teknisi 1/);
  });
});

describe('the helpdesk group (Pengelola Layanan, 002:277)', () => {
  it('is registered by an admin, and its officers are approved as staff are', async () => {
    expect(await first(DESK, '/daftar-grup helpdesk', sari)).toMatch(/hanya untuk admin/);
    expect(await first(DESK, '/daftar-grup helpdesk', admin)).toMatch(/grup helpdesk/);
    expect(await first(DESK, '/daftar-grup helpdesk', admin)).toMatch(/sudah menjadi grup helpdesk/);
    const group = await h.db.prisma.teamGroup.findMany({ where: { helpdesk: true } });
    expect(group).toMatchObject([{ chatId: DESK, name: 'Pengelola Layanan (Helpdesk)' }]);

    // Officers ask in the helpdesk group, not elsewhere.
    expect(await first('pt-simpeg', '/daftar-staf pengelola-layanan', sari)).toMatch(/di grup helpdesk/);
    const asked = await first(DESK, '/daftar-staf pengelola-layanan', sari);
    const id = /nomor (\d+)/.exec(asked)?.[1];
    expect(id).toBeDefined();
    expect(await lastOut('admin')).toMatch(/Sari.* sebagai Pengelola Layanan/);
    expect(await first('admin', `/setujui-staf ${id}`)).toMatch(/disetujui/);
    expect(await lastOut('sari')).toMatch(/terdaftar sebagai Pengelola Layanan/);

    // /bantuan in the helpdesk group lists the officers' commands.
    const help = await first(DESK, '/bantuan', sari);
    expect(help).toMatch(/Perintah Pengelola Layanan/);
    expect(help).toContain('/teruskan <kode> [catatan]');
    expect(help).not.toContain('/prioritas');
  });

  it('receives every new request first, the technical team does not (002:463)', async () => {
    const teamBefore = (await outs('pt-hosting')).length;
    const code = await requestHosting('6285100000002', 'hosting website kecamatan');
    const posted = await lastOut(DESK);
    expect(posted).toContain(`Permintaan layanan ${code}`);
    expect(posted).toContain(`/teruskan ${code}`);
    expect(await outs('pt-hosting')).toHaveLength(teamBefore);
    expect((await ticket(code)).atHelpdesk).toBe(true);

    // A Pengelola Teknis waits for it to be passed on; nothing changes.
    expect(await first('pt-hosting', `/ambil ${code}`, teknisi1)).toMatch(/masih di helpdesk/);
    expect(await first('pt-hosting', `/update ${code} kami cek`, teknisi1)).toMatch(/masih di helpdesk/);
    expect((await ticket(code)).status).toBe('OPEN');
    expect((await ticket(code)).firstResponseAt).toBeNull();
  });

  it("ends the response clock at an officer's first /update, once (002:333), and relays it", async () => {
    const reporter = '6285100000003';
    const code = await requestHosting(reporter, 'hosting aplikasi absensi');
    expect(await first(DESK, `/update ${code} baik, kami cek kapasitas server dulu`, sari)).toMatch(
      /sudah dikirim ke pelapor/,
    );
    expect(await lastOut(reporter)).toContain('kami cek kapasitas server dulu');
    const answered = await ticket(code);
    expect(answered.firstResponseAt).not.toBeNull();
    expect(answered.status).toBe('OPEN');

    await h.say(DESK, `/ambil ${code}`, sari);
    expect(await lastOut(reporter)).toMatch(new RegExp(`${code}.* sedang ditangani petugas helpdesk`));
    const claimed = await ticket(code);
    expect(claimed.status).toBe('ASSIGNED');
    expect(claimed.firstResponseAt).toEqual(answered.firstResponseAt);
  });

  it('lets an officer resolve a simple request at the first level; the reporter is asked to confirm', async () => {
    const reporter = '6285100000004';
    const code = await requestHosting(reporter, 'hosting aplikasi buku tamu kantor camat');
    expect(await first(DESK, `/ambil ${code}`, sari)).toMatch(/diambil oleh Sari/);
    await first(DESK, `/selesai ${code} akun hosting sudah kami buatkan`, sari);
    const ask = await lastOut(reporter);
    expect(ask).toContain('Apakah masalah sudah selesai?');
    expect(ask).toContain('akun hosting sudah kami buatkan');
    const teamBefore = (await outs('pt-hosting')).length;

    await h.say(reporter, '1');
    // The confirmation reaches the officers who resolved it, not the technical team.
    expect(await lastOut(DESK)).toMatch(/dikonfirmasi selesai oleh pelapor/);
    expect(await outs('pt-hosting')).toHaveLength(teamBefore);
    const closed = await ticket(code);
    expect(closed).toMatchObject({ status: 'CLOSED', atHelpdesk: true, forwardedAt: null });
    expect(closed.events.map((e) => e.type)).toEqual(['created', 'claim', 'resolve', 'confirm']);
  });

  it('passes a request to the technical team with /teruskan, who can then take it (002:488)', async () => {
    const reporter = '6285100000005';
    const code = await requestHosting(reporter, 'hosting aplikasi e-retribusi');
    await h.say(DESK, `/ambil ${code}`, sari);
    const forwarded = await first(DESK, `/teruskan ${code} perlu VM baru 4 GB`, sari);
    expect(forwarded).toMatch(new RegExp(`${code} diteruskan ke tim teknis`));

    const escalation = await lastOut('pt-hosting');
    expect(escalation).toContain(`Permintaan layanan ${code}`);
    expect(escalation).toContain('Diteruskan oleh Pengelola Layanan Sari: perlu VM baru 4 GB');
    expect(escalation).not.toContain('/teruskan');
    expect(await lastOut(reporter)).toMatch(new RegExp(`${code}.* diteruskan ke tim teknis`));
    const passed = await ticket(code);
    expect(passed).toMatchObject({ status: 'OPEN', atHelpdesk: false, assigneeId: null });
    expect(passed.forwardedAt).not.toBeNull();
    const event = passed.events.find((e) => e.type === 'forwarded');
    expect(event?.data).toMatchObject({ from: 'ASSIGNED', to: 'OPEN', note: 'perlu VM baru 4 GB' });

    // Once only; and now it is the team's.
    expect(await first(DESK, `/teruskan ${code}`, sari)).toMatch(/sudah di tim teknis/);
    expect(await first(DESK, `/ambil ${code}`, sari)).toMatch(/bukan tanggungan/);
    expect(await first('pt-hosting', `/ambil ${code}`, teknisi1)).toMatch(/diambil oleh Teknisi 1/);
    expect(await lastOut(reporter)).toMatch(/sedang ditangani oleh tim/);
    const taken = await ticket(code);
    expect(taken.status).toBe('ASSIGNED');
    expect(taken.firstResponseAt).toEqual(passed.firstResponseAt);
    expect(taken.events.filter((e) => e.type === 'forwarded')).toHaveLength(1);
  });

  it('refuses /teruskan to a citizen, who learns nothing of the ticket', async () => {
    const code = await requestHosting('6285100000006', 'hosting aplikasi pengaduan');
    const deskBefore = (await outs(DESK)).length;
    const reply = await first('6285100000007', `/teruskan ${code} tolong`);
    expect(reply).toMatch(/hanya untuk staf/);
    expect(reply).not.toContain(code);
    expect(reply).not.toMatch(/hosting/i);
    const t = await ticket(code);
    expect(t).toMatchObject({ status: 'OPEN', atHelpdesk: true, forwardedAt: null });
    expect(await outs(DESK)).toHaveLength(deskBefore);
  });

  it('sends incidents straight to their team and gives the helpdesk a one-line notice (002:488)', async () => {
    const reporter = '6285100000008';
    const code = await h.reportIncident(reporter, {
      service: 'simpeg',
      symptom: 'tidak bisa login, muncul error 500',
      since: 'sejak jam 8 pagi',
      impact: 'semua pegawai kena',
    });
    expect(await lastOut('pt-simpeg')).toContain(`Gangguan baru ${code}`);
    const notice = await lastOut(DESK);
    expect(notice).toMatch(new RegExp(`^🚨 Gangguan baru ${code} — SIMPEG \\(P\\d\\), langsung ke tim`));
    expect(notice.split('\n')).toHaveLength(1);
    expect((await ticket(code)).atHelpdesk).toBe(false);

    // The officer answers the reporter first: that ends the response clock (002:333).
    await first(DESK, `/update ${code} laporan diterima, tim SIMPEG sedang memeriksa`, sari);
    expect(await lastOut(reporter)).toContain('tim SIMPEG sedang memeriksa');
    const answered = await ticket(code);
    expect(answered).toMatchObject({ status: 'OPEN', responseMet: true });
    expect(answered.firstResponseAt).not.toBeNull();
    // The technical work stays the team's.
    expect(await first(DESK, `/ambil ${code}`, sari)).toMatch(/bukan tanggungan/);
    expect(await first(DESK, `/teruskan ${code}`, sari)).toMatch(/sudah di tim teknis/);
    expect(await first('pt-simpeg', `/ambil ${code}`, teknisi1)).toMatch(/memenuhi target/);
    expect((await ticket(code)).firstResponseAt).toEqual(answered.firstResponseAt);
    await first(DESK, `/umumkan ${code} server sedang dipulihkan`, sari);
    expect(await lastOut(reporter)).toContain('server sedang dipulihkan');
    expect((await ticket(code)).status).toBe('ASSIGNED');
  });

  it('lets a coordinator act on a helpdesk-level ticket', async () => {
    const code = await requestHosting('6285100000009', 'hosting aplikasi data stunting');
    expect(await first('koordinator1', `/ambil ${code}`)).toMatch(/diambil oleh Koordinator 1/);
    expect(await first('koordinator1', `/teruskan ${code}`)).toMatch(/diteruskan ke tim teknis/);
    expect((await ticket(code)).atHelpdesk).toBe(false);
  });

  it('moves to another group registered as the helpdesk; the old officers lose the role', async () => {
    const moved = await first('grup-helpdesk-baru', '/daftar-grup helpdesk', admin);
    expect(moved).toMatch(/Grup helpdesk sebelumnya \(simulator grup-helpdesk\) tidak lagi menerimanya/);
    const code = await requestHosting('6285100000010', 'hosting aplikasi perpustakaan daerah');
    expect(await lastOut('grup-helpdesk-baru')).toContain(`Permintaan layanan ${code}`);
    expect(await lastOut(DESK)).not.toContain(code);
    expect(await first(DESK, `/update ${code} kami cek`, sari)).toMatch(/hanya untuk staf/);
    expect((await ticket(code)).firstResponseAt).toBeNull();
  });
});
