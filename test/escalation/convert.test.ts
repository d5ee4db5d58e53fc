/**
 * Kind changes (002:465: "Permintaan Layanan yang bersifat penanganan gangguan ... ditindaklanjuti pada
 * kegiatan Penanganan Gangguan"): staff turn a request into an incident and back, through the simulator.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleSlaTimer } from '../../src/escalation/sla.ts';
import { planTimers } from '../../src/sla/timers.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const MINUTE = 60_000;

const lastOut = async (chat: string) =>
  (await h.messages(chat)).filter((m) => m.direction === 'out').at(-1)?.text ?? '';
const send = async (chat: string, text: string, who: Record<string, unknown> = teknisi1) =>
  (await h.say(chat, text, who)).map((r) => r.text).join('\n');

const request = (chat: string, service: string, need: string) => h.requestService(chat, { service, need });

const ticket = (code: string) =>
  h.db.prisma.ticket.findUniqueOrThrow({
    where: { code },
    include: { events: { orderBy: { id: 'asc' } }, service: true, followers: true },
  });

describe('a request that is really a malfunction continues as an incident (002:465)', () => {
  it('converts with "besar": priority from the matrix, one code history, the reporter told the new code', async () => {
    const reporter = '6285100000001';
    const lyn = await request(reporter, 'srikandi', 'aplikasi srikandi error terus waktu kirim surat');
    // The team had answered the request already: that first response carries over.
    await send('pt-srikandi', `/ambil ${lyn}`);
    const old = await ticket(lyn);

    const reply = await send('pt-srikandi', `/jadikan-gangguan ${lyn} besar`);
    const ggn = /GGN-\d{4}-\d{4}/.exec(reply)?.[0] ?? '';
    // SRIKANDI is Kritis, Layanan Administrasi Pemerintahan: a major impact is P2 (Tabel 4.4).
    expect(reply).toContain(`${lyn} dijadikan gangguan ${ggn} (SRIKANDI, prioritas P2)`);

    const converted = await ticket(lyn);
    const incident = await ticket(ggn);
    expect(converted.status).toBe('CONVERTED');
    expect(converted.events.at(-1)).toMatchObject({ type: 'converted', data: { to: ggn } });
    expect(incident).toMatchObject({
      kind: 'INCIDENT',
      convertedFromId: old.id,
      priority: 'P2',
      impact: 'MAJOR',
      reporterId: old.reporterId,
      description: old.description,
      status: 'ASSIGNED',
    });
    expect(incident.events[0]).toMatchObject({ type: 'created', data: { convertedFrom: lyn } });
    // Counted from the original submission: the reporter reported then.
    expect(incident.createdAt).toEqual(old.createdAt);
    expect(Number(incident.responseDueAt) - Number(old.createdAt)).toBe(30 * MINUTE);
    expect(Number(incident.resolutionDueAt) - Number(old.createdAt)).toBe(24 * 60 * MINUTE);
    expect(incident.firstResponseAt).toEqual(old.firstResponseAt);
    expect(incident.responseMet).toBe(true);
    expect(incident.assigneeId).not.toBeNull();
    // The request's timers stop (one firing now finds nothing to do); the incident's run.
    expect(planTimers(converted, h.app.calendar)).toEqual([]);
    const requestTimer = { ticketId: converted.id, kind: 'resolution_breach' };
    expect(
      await handleSlaTimer(h.app.conversation, {
        ...requestTimer,
        fireAt: String(old.resolutionDueAt?.toISOString()),
      }),
    ).toBe('stale');
    expect(planTimers(incident, h.app.calendar).map((t) => t.kind)).toContain('resolution_breach');

    // The team sees where it came from; the reporter hears the new code once.
    const escalation =
      (await h.messages('pt-srikandi')).find((m) => m.text.includes(`Gangguan baru ${ggn}`))?.text ?? '';
    expect(escalation).toContain(`Lanjutan dari ${lyn}`);
    expect(await lastOut(reporter)).toMatch(
      new RegExp(
        `Laporan \\*${lyn}\\* ternyata gangguan layanan, kami lanjutkan dengan kode \\*${ggn}\\* \\(prioritas P2, target penyelesaian .* WIB\\)`,
      ),
    );

    // Asking about the old code answers with the new one's state.
    const status = await send(reporter, `status ${lyn}`, {});
    expect(status).toContain(`Tiket *${lyn}* dilanjutkan dengan kode *${ggn}*`);
    expect(status).toContain(`Tiket *${ggn}* (SRIKANDI)`);
    expect(status).toContain('Ditangani petugas');

    // Work goes on on the new code; the first response stays the one given on the request.
    expect(await send('pt-srikandi', `/ambil ${ggn}`)).toMatch(/status tiket saat ini "Ditangani petugas"/);
    await send('pt-srikandi', `/update ${ggn} server TTE sedang dicek`);
    expect(await lastOut(reporter)).toContain('server TTE sedang dicek');
  });

  it('asks the impact when neither staff nor the reporter said it, changing nothing', async () => {
    const reporter = '6285100000002';
    const lyn = await request(reporter, 'printer', 'printer di ruang rapat tidak mau mencetak');
    const before = await ticket(lyn);
    const incidents = await h.db.prisma.ticket.count({ where: { kind: 'INCIDENT' } });

    const asked = await send('pt-perangkat-kantor', `/jadikan-gangguan ${lyn}`);
    expect(asked).toBe(
      `Dampaknya besar (layanan berhenti untuk banyak pengguna) atau kecil? Kirim: /jadikan-gangguan ${lyn} besar`,
    );
    expect(await ticket(lyn)).toEqual(before);
    expect(await h.db.prisma.ticket.count({ where: { kind: 'INCIDENT' } })).toBe(incidents);

    const reply = await send('pt-perangkat-kantor', `/jadikan-gangguan ${lyn} kecil`);
    // Perangkat Perkantoran is Normal, Administrasi: a minor impact is P6.
    expect(reply).toMatch(/dijadikan gangguan GGN-\d{4}-\d{4} \(Perangkat Perkantoran, prioritas P6\)/);
    const ggn = /GGN-\d{4}-\d{4}/.exec(reply)?.[0] ?? '';
    const incident = await ticket(ggn);
    expect(incident).toMatchObject({ status: 'OPEN', impact: 'MINOR', firstResponseAt: null });
    expect(Number(incident.responseDueAt) - Number(before.createdAt)).toBe(150 * MINUTE);
    expect(await lastOut(reporter)).toMatch(/\(prioritas P6, target respons .* WIB\)/);
  });

  it('asks for a service when the request’s own takes no incidents, and names likely ones', async () => {
    const reporter = '6285100000003';
    const lyn = await request(
      reporter,
      'akun aplikasi',
      'akun simpeg error terus, semua pegawai di kantor tidak bisa masuk',
    );
    const asked = await send('pt-akun-aplikasi', `/jadikan-gangguan ${lyn} besar`);
    expect(asked).toContain('tidak menerima gangguan');
    expect(asked).toContain('simpeg (SIMPEG)');
    expect((await ticket(lyn)).status).toBe('OPEN');

    // A coordinator, in their own chat; the impact is the one the reporter's words tell ("semua pegawai").
    const reply = await send('koordinator1', `/jadikan-gangguan ${lyn} simpeg`, {});
    const ggn = /GGN-\d{4}-\d{4}/.exec(reply)?.[0] ?? '';
    expect(reply).toContain('(SIMPEG, prioritas P3)');
    expect(await ticket(ggn)).toMatchObject({ impact: 'MAJOR', service: { code: 'simpeg' } });
    // The new team gets the escalation; the request's group hears where it went.
    expect(await lastOut('pt-simpeg')).toContain(`Lanjutan dari ${lyn}`);
    expect(await lastOut('pt-akun-aplikasi')).toBe(
      `↪️ ${lyn} dilanjutkan sebagai ${ggn} (SIMPEG) dan diteruskan ke tim layanan itu.`,
    );
  });

  it('lets the reporter follow an incident already open on the service (a known outage)', async () => {
    const first = '6285100000004';
    const outage = await h.reportIncident(first, {
      service: 'email dinas',
      symptom: 'webmail tidak bisa dibuka, muncul error 502',
      since: 'sejak jam 9',
      impact: 'semua pegawai kena',
    });
    const before = await ticket(outage);
    const reporter = '6285100000005';
    const lyn = await request(reporter, 'reset password email', 'email saya tidak bisa dibuka sama sekali');

    const reply = await send('pt-email-reset', `/jadikan-gangguan ${lyn} email besar`);
    expect(reply).toContain(`pelapornya kini ikut ${outage}`);
    const converted = await ticket(lyn);
    expect(converted.status).toBe('CONVERTED');
    expect(converted.events.at(-1)).toMatchObject({
      type: 'converted',
      data: { to: outage, knownOutage: true },
    });
    const after = await ticket(outage);
    expect(after.priority).toBe(before.priority);
    expect(after.followers.map((f) => f.chatId)).toEqual([reporter]);
    expect(await h.db.prisma.ticket.count({ where: { convertedFromId: converted.id } })).toBe(0);
    expect(await lastOut(reporter)).toContain(`ternyata bagian dari gangguan *${outage}*`);
    expect(await lastOut('pt-email')).toContain(`Pelapor ${lyn}`);

    // Progress of the outage reaches them; the status of their old code is the outage's.
    await send('pt-email', `/ambil ${outage}`);
    expect(await lastOut(reporter)).toMatch(new RegExp(`${outage}.*sedang ditangani`));
    expect(await send(reporter, `status ${lyn}`, {})).toContain(`dilanjutkan dengan kode *${outage}*`);
  });
});

describe('an incident that is really a request continues as a request (002:465)', () => {
  it('takes the fulfilment target of the named service, counted from the report, and its approval', async () => {
    const reporter = '6285100000006';
    const ggn = await h.reportIncident(reporter, {
      service: 'e-kinerja',
      symptom: 'menu cuti tidak ada, mohon ditambahkan menu cuti',
      since: 'dari dulu',
      impact: '2',
    });
    const old = await ticket(ggn);
    expect(await send('pt-ekinerja', `/jadikan-permintaan ${ggn}`)).toContain(
      'tidak menerima permintaan layanan',
    );
    expect((await ticket(ggn)).status).toBe('OPEN');

    const reply = await send('pt-ekinerja', `/jadikan-permintaan ${ggn} perubahan-aplikasi`);
    const lyn = /LYN-\d{4}-\d{4}/.exec(reply)?.[0] ?? '';
    expect(reply).toContain(`${ggn} dijadikan permintaan layanan ${lyn} (Permintaan Perubahan Aplikasi)`);
    expect(reply).toContain('Menunggu persetujuan Penyedia Layanan');
    const req = await ticket(lyn);
    expect(req).toMatchObject({
      kind: 'REQUEST',
      convertedFromId: old.id,
      approvalRequired: true,
      approval: 'PENDING',
      priority: null,
      description: old.description,
    });
    expect(Number(req.resolutionDueAt) - Number(old.createdAt)).toBe(14 * 24 * 60 * MINUTE);
    expect(req.events[0]).toMatchObject({ type: 'created', data: { convertedFrom: ggn } });
    expect((await ticket(ggn)).status).toBe('CONVERTED');
    expect(await lastOut('pt-perubahan-aplikasi')).toMatch(
      new RegExp(
        `Permintaan layanan ${lyn}.*\\nLanjutan dari ${ggn} \\(laporan gangguan yang ternyata permintaan layanan\\)`,
      ),
    );
    expect(await lastOut(reporter)).toMatch(
      new RegExp(
        `Laporan \\*${ggn}\\* ternyata permintaan layanan, kami lanjutkan dengan kode \\*${lyn}\\* \\(target pemenuhan .*\\)\\. Permintaan ini perlu persetujuan`,
      ),
    );
  });
});

describe('kind changes refuse what they should not do, changing nothing', () => {
  it('answers every bad conversion clearly and converts a retried message once', async () => {
    const reporter = '6285100000007';
    const lyn = await request(reporter, 'vicon', 'zoom untuk rapat besok tidak bisa dipakai, error terus');
    const chat = 'pt-vicon';
    const count = () => h.db.prisma.ticket.count();
    const tickets = await count();

    expect(await send(chat, '/jadikan-gangguan')).toMatch(/Pemakaian: \/jadikan-gangguan <kode>/);
    expect(await send(chat, `/jadikan-permintaan ${lyn}`)).toContain(`${lyn} sudah tiket permintaan layanan`);
    expect(await send(chat, `/jadikan-gangguan ${lyn} zzz besar`)).toMatch(
      /Layanan "zzz" tidak ada di katalog/,
    );
    expect(await send(chat, `/jadikan-gangguan ${lyn} hosting besar`)).toMatch(
      /Layanan Hosting Aplikasi tidak menerima gangguan/,
    );
    expect(await send(chat, `/jadikan-gangguan ${lyn} simpeg email besar`)).toMatch(/Pemakaian:/);
    expect(
      await send(chat, `/jadikan-gangguan ${lyn} besar`, { group: true, from: 'warga9', name: 'W' }),
    ).toMatch(/hanya untuk staf/);
    expect(await count()).toBe(tickets);
    expect((await ticket(lyn)).status).toBe('OPEN');

    // The same message delivered twice converts once; typed again, it is told where the ticket went.
    const messageId = randomUUID();
    const message = { chatId: chat, text: `/jadikan-gangguan ${lyn} kecil`, messageId, ...teknisi1 };
    await h.post(message);
    const first = (await h.repliesTo(messageId)).map((r) => r.text).join('\n');
    const ggn = /GGN-\d{4}-\d{4}/.exec(first)?.[0] ?? '';
    expect(ggn).not.toBe('');
    await h.post(message);
    expect(await send(chat, `/jadikan-gangguan ${lyn} kecil`)).toContain(
      `${lyn} sudah dilanjutkan dengan tiket ${ggn}`,
    );
    expect(await h.db.prisma.ticket.count({ where: { convertedFromId: (await ticket(lyn)).id } })).toBe(1);
    expect(await count()).toBe(tickets + 1);
    expect(await send(chat, `/jadikan-gangguan ${ggn} besar`)).toContain(`${ggn} sudah tiket gangguan`);

    // A finished ticket keeps its kind.
    await send(chat, `/ambil ${ggn}`);
    await send(chat, `/selesai ${ggn} link zoom diganti penyebab: tautan rapat kedaluwarsa`);
    await h.say(reporter, '1');
    expect(await send(chat, `/jadikan-permintaan ${ggn}`)).toMatch(/sudah selesai, ditutup atau dibatalkan/);
  });

  it('takes the answer to a question asked before the kind changed on the ticket it continues as', async () => {
    const reporter = '6285100000009';
    const lyn = await request(reporter, 'srikandi', 'aplikasi srikandi error terus waktu kirim surat');
    await send('pt-srikandi', `/ambil ${lyn}`);
    await send('pt-srikandi', `/tanya ${lyn} Errornya muncul di menu apa?`);
    const ggn =
      /GGN-\d{4}-\d{4}/.exec(await send('pt-srikandi', `/jadikan-gangguan ${lyn} besar`))?.[0] ?? '';
    expect(ggn).not.toBe('');

    const [answer] = await h.say(reporter, 'di menu kirim surat keluar');
    expect(answer?.text).toContain(`Tiket *${lyn}* dilanjutkan dengan kode *${ggn}*`);
    expect(answer?.text).toContain(`tiket *${ggn}*`);
    // The team reads it under the new code, and the new ticket keeps it in its trail.
    const group = (await h.messages('pt-srikandi')).filter((m) => m.direction === 'out').at(-1)?.text ?? '';
    expect(group).toContain(`Catatan pelapor ${ggn}`);
    expect(group).toContain('di menu kirim surat keluar');
    expect((await ticket(ggn)).events.at(-1)).toMatchObject({
      type: 'reporter_note',
      data: { text: 'di menu kirim surat keluar' },
    });
    expect((await ticket(lyn)).events.at(-1)?.type).toBe('converted');
  });

  it('refuses a Pengelola Teknis of another team', async () => {
    const admin = { group: true, from: 'admin', name: 'Admin' };
    await h.say('grup-jdih', '/daftar-grup jdih', admin);
    const budi = { group: true, from: 'budi', name: 'Budi' };
    const [asked] = await h.say('grup-jdih', '/daftar-staf pengelola-teknis', budi);
    const id = /nomor (\d+)/.exec(asked?.text ?? '')?.[1];
    await h.say('admin', `/setujui-staf ${id}`);

    const lyn = await request('6285100000008', 'lisensi', 'aktivasi windows error terus');
    expect(await send('grup-jdih', `/jadikan-gangguan ${lyn} jdih besar`, budi)).toMatch(/bukan tanggungan/);
    expect(await send('budi', `/jadikan-gangguan ${lyn} jdih besar`, {})).toMatch(/bukan tanggungan/);
    expect((await ticket(lyn)).status).toBe('OPEN');
  });
});
