/**
 * /catat: a helpdesk officer records a report that came by phone, letter, e-mail or in person
 * (metode pelaporan, Formulir E c — 002:501), and relays its progress to the person.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const officer = 'petugas-helpdesk';
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const codeIn = (text: string | undefined, kind = 'GGN') =>
  new RegExp(`${kind}-\\d{4}-\\d{4}`).exec(text ?? '')?.[0] ?? '';
const lastOut = async (chat: string) =>
  (await h.messages(chat)).filter((m) => m.direction === 'out').at(-1)?.text ?? '';
const record = async (text: string, chat = officer) =>
  (await h.say(chat, text)).map((r) => r.text).join('\n');

describe('/catat: reports recorded by a helpdesk officer (002:501)', () => {
  beforeAll(async () => {
    // The officer asks for the Pengelola Layanan role and the (demo) admin approves it, as in a deployment.
    const [asked] = await h.say(officer, '/daftar-staf pengelola-layanan', { name: 'Sari Petugas' });
    const id = /nomor (\d+)/.exec(asked?.text ?? '')?.[1];
    expect(id).toBeDefined();
    const [approved] = await h.say('admin', `/setujui-staf ${id}`);
    expect(approved?.text).toMatch(/disetujui/);
  });

  it('records a phoned-in incident: ticket for the caller, escalated, progress and confirmation to the officer', async () => {
    const reply = await record(
      [
        '/catat telepon gangguan simpeg',
        'nama: Budi Santoso',
        'opd: Dinas Kesehatan',
        'nip: 198701012010011001',
        'kontak: 0812 3456 7890',
        'dampak: besar',
        'uraian: tidak bisa login sejak pagi',
        'sejak: jam 8 pagi',
      ].join('\n'),
    );
    const code = codeIn(reply);
    expect(code).not.toBe('');
    expect(reply).toContain('Budi Santoso (lapor via telepon)');
    expect(reply).toMatch(/Batas tanggap: .* WIB/);

    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({
      where: { code },
      include: { reporter: { include: { identities: true } }, recordedBy: true, events: true },
    });
    expect(ticket).toMatchObject({
      kind: 'INCIDENT',
      reportingMethod: 'TELEPON',
      requesterName: 'Budi Santoso',
      requesterOpd: 'Dinas Kesehatan',
      requesterNip: '198701012010011001',
      description: 'tidak bisa login sejak pagi',
      since: 'jam 8 pagi',
      impact: 'MAJOR',
      chatId: officer,
    });
    expect(ticket.recordedBy?.role).toBe('PENGELOLA_LAYANAN');
    expect(ticket.reporter).toMatchObject({
      name: 'Budi Santoso',
      phone: '081234567890',
      opd: 'Dinas Kesehatan',
    });
    expect(ticket.reporter.identities).toEqual([]);
    expect(ticket.events[0]?.actor).toBe(`staff:${ticket.recordedById}`);

    // Escalated like a chat report; the team sees whom it is for and how it came, not the number.
    const escalation = await lastOut('pt-simpeg');
    expect(escalation).toContain(code);
    expect(escalation).toMatch(/Pelapor: “Budi Santoso” \(lapor via telepon/);
    expect(escalation).not.toContain('3456');

    // Every progress text comes to the officer and says whom it is for.
    await h.say('pt-simpeg', `/ambil ${code}`, teknisi1);
    const claimed = await lastOut(officer);
    expect(claimed).toMatch(/sedang ditangani/);
    expect(claimed).toContain('(untuk Budi Santoso, lapor via telepon)');
    await h.say('pt-simpeg', `/update ${code} server sedang dipulihkan`, teknisi1);
    expect(await lastOut(officer)).toMatch(
      /server sedang dipulihkan\n\(untuk Budi Santoso, lapor via telepon\)/,
    );

    // The confirmation question reaches the officer, who answers for the caller; then the rating.
    await h.say('pt-simpeg', `/selesai ${code} sesi login di-reset penyebab: sesi menumpuk`, teknisi1);
    const ask = await lastOut(officer);
    expect(ask).toContain('Apakah masalah sudah selesai?');
    expect(ask).toContain('(untuk Budi Santoso, lapor via telepon)');
    await h.say(officer, '1');
    expect(await lastOut(officer)).toContain('(untuk Budi Santoso, lapor via telepon)');
    await h.say(officer, '5');
    const closed = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(closed).toMatchObject({ status: 'CLOSED', rating: 5 });
    expect(closed.reporterConfirmedAt).not.toBeNull();
  });

  it('records a request that came by letter, the service by a loose name', async () => {
    const reply = await record(
      [
        '/catat surat permintaan buat email baru',
        'nama: Siti Aminah',
        'opd: Bappeda',
        'uraian: mohon dibuatkan akun e-mail dinas untuk 3 pegawai baru',
      ].join('\n'),
    );
    const code = codeIn(reply, 'LYN');
    expect(code).not.toBe('');
    expect(reply).toContain('Siti Aminah (lapor via surat)');
    expect(reply).toContain('Pembuatan Akun E-Mail');
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({
      where: { code },
      include: { service: true },
    });
    expect(ticket).toMatchObject({ kind: 'REQUEST', reportingMethod: 'SURAT', requesterName: 'Siti Aminah' });
    expect(ticket.service.code).toBe('email-akun');
    expect(await lastOut('pt-email-akun')).toContain(code);
  });

  it('records an e-mail report and reuses the contact recorded before with the same address', async () => {
    const form = (name: string) =>
      [
        '/catat e-mail permintaan email-reset',
        `nama: ${name}`,
        'kontak: Rina.Lestari@serangkab.go.id',
        'uraian: lupa kata sandi e-mail',
      ].join('\n');
    const first = codeIn(await record(form('Rina')), 'LYN');
    const second = codeIn(await record(form('Rina Lestari')), 'LYN');
    expect(first).not.toBe('');
    expect(second).not.toBe('');
    const [a, b] = await Promise.all(
      [first, second].map((code) =>
        h.db.prisma.ticket.findUniqueOrThrow({ where: { code }, include: { reporter: true } }),
      ),
    );
    expect(a?.reportingMethod).toBe('EMAIL');
    expect(a?.reporterId).toBe(b?.reporterId);
    expect(b?.reporter).toMatchObject({ name: 'Rina Lestari', email: 'rina.lestari@serangkab.go.id' });
  });

  it('records a walk-in report; a second one on the same outage follows it (known outage)', async () => {
    const walkIn = await record(
      ['/catat datang gangguan internet', 'nama: Andi', 'uraian: internet kantor mati', 'dampak: besar'].join(
        '\n',
      ),
    );
    const code = codeIn(walkIn);
    expect(walkIn).toContain('Andi (lapor via datang langsung)');
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).reportingMethod).toBe(
      'DATANG_LANGSUNG',
    );

    const before = await h.db.prisma.ticket.count();
    const phoned = await record(
      ['/catat telepon gangguan internet', 'nama: Dewi', 'uraian: wifi putus', 'dampak: kecil'].join('\n'),
    );
    expect(phoned).toContain(code);
    expect(phoned).toMatch(/sudah dilaporkan sebelumnya/);
    expect(await h.db.prisma.ticket.count()).toBe(before);

    // Progress of the outage reaches the officer for both people, each saying for whom.
    await h.say('pt-internet', `/ambil ${code}`, teknisi1);
    const [forAndi, forDewi] = (await h.messages(officer)).filter((m) => m.direction === 'out').slice(-2);
    expect([forAndi?.text, forDewi?.text].join('\n')).toContain('(untuk Andi, lapor via datang langsung)');
    expect([forAndi?.text, forDewi?.text].join('\n')).toContain('(untuk Dewi)');
  });

  it('lists what is missing or wrong, shows the template and records nothing', async () => {
    const before = await h.db.prisma.ticket.count();
    const missing = await record('/catat telepon gangguan simpeg\nopd: Dinas Sosial');
    expect(missing).toMatch(/belum dicatat/);
    expect(missing).toMatch(/Masih kurang: nama, uraian, dampak \(besar atau kecil\)/);
    expect(missing).toContain('/catat telepon gangguan simpeg\nnama: Budi Santoso');

    const bad = await record(
      [
        '/catat faks gangguan simpeg',
        'nama: Budi',
        'uraian: error',
        'dampak: parah',
        'nip: 123',
        'kontak: besok',
      ].join('\n'),
    );
    expect(bad).toContain('Cara melapor "faks" tidak dikenal');
    expect(bad).toContain('Dampak "parah" tidak dikenali');
    expect(bad).toContain('NIP harus 18 angka');
    expect(bad).toContain('Kontak "besok" bukan nomor telepon');

    const noService = await record(
      '/catat telepon gangguan aplikasi zzqx\nnama: Budi\nuraian: error\ndampak: kecil',
    );
    expect(noService).toMatch(/Layanan "aplikasi zzqx" tidak ditemukan/);
    const wrongKind = await record(
      '/catat telepon gangguan email-akun\nnama: Budi\nuraian: x\ndampak: kecil',
    );
    expect(wrongKind).toMatch(/tidak menerima laporan gangguan/);
    expect(await h.db.prisma.ticket.count()).toBe(before);
  });

  it('refuses a citizen, a Pengelola Teknis and a group, and records nothing', async () => {
    const before = [await h.db.prisma.ticket.count(), await h.db.prisma.contact.count()];
    const form = '/catat telepon gangguan simpeg\nnama: Budi\nuraian: error\ndampak: kecil';
    expect(await record(form, '6285000000099')).toMatch(/hanya untuk staf terdaftar/);
    expect(await record(form, 'teknisi1')).toMatch(/hanya untuk petugas helpdesk/);
    const [inGroup] = await h.say('pt-simpeg', form, {
      group: true,
      from: 'koordinator1',
      name: 'Koordinator 1',
    });
    expect(inGroup?.text).toMatch(/lewat chat pribadi/);
    // The citizen's chat made a contact of its own; nothing else was created.
    expect([await h.db.prisma.ticket.count(), await h.db.prisma.contact.count()]).toEqual([
      before[0],
      (before[1] ?? 0) + 1,
    ]);
  });
});
