import { describe, expect, it } from 'vitest';
import { REQUESTER, useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk();
const texts = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n---\n');

describe('a citizen’s journeys through the simulator (real PostgreSQL and Redis)', () => {
  it('greets with the numbered main menu in the agreed order', async () => {
    const [greeting] = await h.say('6281000000001', 'halo min');
    expect(greeting?.choices?.map((c) => c.label)).toEqual([
      'Tanya jawab (FAQ)',
      'Ajukan permintaan layanan',
      'Laporkan gangguan',
      'Cek status tiket',
      'Bicara dengan petugas',
    ]);
  });

  it('answers an informal FAQ question', async () => {
    const replies = await h.say('6281000000002', 'jam brp helpdesk buka y?');
    expect(texts(replies)).toMatch(/Jam layanan/i);
  });

  it('turns a service request into a LYN- ticket with its fulfilment target in plain words', async () => {
    const chat = '6281000000003';
    await h.say(chat, 'menu');
    await h.say(chat, '2');
    const [ask] = await h.say(chat, 'reset pw email');
    expect(ask?.text).toContain('Reset Password E-Mail');
    await h.say(chat, 'email budi@serangkab.go.id lupa password, unit Bappeda');
    const [confirm] = await h.say(chat, REQUESTER);
    expect(confirm?.text).toContain('3 jam');
    const [done] = await h.say(chat, '1');
    const code = /LYN-\d{4}-\d{4}/.exec(done?.text ?? '')?.[0];
    expect(code, done?.text).toBeDefined();
    expect(done?.text).toMatch(
      /Target pemenuhan: 3 jam kerja, paling lambat \*\w+, \d+ \w+ \d{4} pukul \d\d\.\d\d WIB\*/,
    );
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({
      where: { code },
      include: { service: true, events: true },
    });
    expect(ticket).toMatchObject({ kind: 'REQUEST', status: 'OPEN', channel: 'simulator', chatId: chat });
    expect(ticket.service.code).toBe('email-reset');
    expect(ticket.resolutionDueAt).not.toBeNull();
    expect(ticket.events.map((e) => e.type)).toEqual(['created']);
  });

  it('turns an incident report into a GGN- ticket with the priority of the matrix', async () => {
    const chat = '6281000000004';
    await h.say(chat, '3');
    await h.say(chat, 'lpse');
    await h.say(chat, 'tidak bisa upload dokumen penawaran, error 502');
    await h.say(chat, 'sejak jam 9 tadi');
    await h.say(chat, '1');
    const [summary] = await h.say(chat, REQUESTER);
    expect(summary?.text).toMatch(/Mohon periksa laporan Anda/);
    expect(summary?.text).toContain('sejak jam 9 tadi');
    const [done] = await h.say(chat, 'kirim');
    // LPSE is Kritis and a Layanan Publik; everyone affected (Mayor) → P1: 15 menit / 12 jam.
    expect(done?.text).toMatch(/GGN-\d{4}-\d{4}/);
    expect(done?.text).toContain('prioritas *P1*');
    expect(done?.text).toContain('15 menit');
    expect(done?.text).toContain('12 jam');
    const code = /GGN-\d{4}-\d{4}/.exec(done?.text ?? '')?.[0];
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket).toMatchObject({
      kind: 'INCIDENT',
      priority: 'P1',
      impact: 'MAJOR',
      since: 'sejak jam 9 tadi',
    });
    expect(Number(ticket.responseDueAt)).toBeLessThan(Number(ticket.resolutionDueAt));
  });

  it('links a second reporter of the same outage to the open incident instead of opening another', async () => {
    const first = '6281000000005';
    const code = await h.reportIncident(first, {
      service: 'sipd',
      symptom: 'SIPD tidak bisa dibuka sama sekali',
      since: 'pagi ini',
      impact: '1',
    });
    const second = '6281000000006';
    await h.say(second, '3');
    const [known] = await h.say(second, 'sipd');
    expect(known?.text).toContain(code);
    expect(known?.text).toMatch(/sudah kami terima sebelumnya/);
    const sipd = await h.db.prisma.service.findUniqueOrThrow({ where: { code: 'sipd' } });
    expect(await h.db.prisma.ticket.count({ where: { serviceId: sipd.id } })).toBe(1);
    const followers = await h.db.prisma.ticketFollower.findMany({ where: { ticket: { code } } });
    expect(followers.map((f) => f.chatId)).toEqual([second]);
    // The follower sees it among their tickets.
    expect(texts(await h.say(second, 'cek tiket'))).toContain(code);
  });

  it('shows the status of the reporter’s own ticket and nothing of anyone else’s', async () => {
    const owner = '6281000000007';
    const code = await h.reportIncident(owner, {
      service: 'ekinerja',
      symptom: 'nilai SKP tidak tersimpan',
      since: 'kemarin',
      impact: '2',
    });
    // Esensial, Administrasi, Minor
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).priority).toBe('P5');
    const [status] = await h.say(owner, `status ${code}`);
    expect(status?.text).toContain('Diterima, menunggu petugas');
    const [other] = await h.say('6281000000008', `status ${code}`);
    expect(other?.text).toMatch(/tidak ditemukan, atau bukan tiket Anda/);
    expect(other?.text).not.toContain('e-Kinerja');
    const [forged] = await h.say(owner, 'status GGN-2026-9999');
    expect(forged?.text).toMatch(/tidak ditemukan/);
  });

  it('cancels a ticket after the reporter confirms', async () => {
    const chat = '6281000000009';
    await h.say(chat, '2');
    await h.say(chat, 'vicon');
    await h.say(chat, 'butuh zoom untuk rapat paripurna tanggal 30');
    await h.say(chat, REQUESTER);
    const [opened] = await h.say(chat, 'ya');
    const code = /LYN-\d{4}-\d{4}/.exec(opened?.text ?? '')?.[0] ?? '';
    const [ask] = await h.say(chat, `batalkan tiket ${code}`);
    expect(ask?.text).toContain(code);
    const [done] = await h.say(chat, '1');
    expect(done?.text).toMatch(/sudah dibatalkan/);
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code }, include: { events: true } });
    expect(ticket.status).toBe('CANCELLED');
    expect(ticket.events.map((e) => e.type)).toEqual(['created', 'cancel']);
  });

  it('keeps a photo as a reference on the ticket and asks for a text description', async () => {
    const chat = '6281000000010';
    const [ack] = await h.say(chat, '', { attachments: [{ kind: 'image', ref: 'sim-photo-1' }] });
    expect(ack?.text).toMatch(/foto Anda sudah kami simpan/);
    expect(ack?.text).toMatch(/jelaskan/);
    const code = await h.reportIncident(chat, {
      service: 'printer',
      symptom: 'printer di ruang rapat macet terus',
      since: 'minggu lalu',
      impact: 'hanya saya',
    });
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket.attachments).toEqual([{ kind: 'image', ref: 'sim-photo-1' }]);
  });

  it('offers a person after two messages it cannot understand', async () => {
    const chat = '6281000000011';
    await h.say(chat, 'asdfgh qwerty');
    const [second] = await h.say(chat, 'zxcvb lkjhg');
    expect(second?.text).toMatch(/bicara dengan petugas/);
  });

  it('answers empty, emoji-only, zero-width, markup and very long messages clearly', async () => {
    const chat = '6281000000012';
    expect((await h.say(chat, ''))[0]?.text).toMatch(/kosong/);
    expect((await h.say(chat, '😀😀🙏'))[0]?.text).toMatch(/hanya bisa membaca teks/);
    expect((await h.say(chat, '\u200b\u200f\u202e'))[0]?.text).toMatch(/kosong/);
    const markup = texts(await h.say(chat, '<script>alert(1)</script>'));
    expect(markup).not.toContain('<script>');
    const long = texts(await h.say(chat, `tolong ${'sangat '.repeat(2000)}`));
    expect(long).toMatch(/4\.000 karakter pertama/);
  });
});

describe('talking to a person', () => {
  it('opens a consultation ticket and says when a person will answer', async () => {
    const chat = '6281000000013';
    await h.say(chat, '5');
    const [done] = await h.say(chat, 'saya mau tanya soal integrasi data dengan dinas lain');
    expect(done?.text).toMatch(/LYN-\d{4}-\d{4}/);
    expect(done?.text).toMatch(/petugas akan membalas/i);
    const code = /LYN-\d{4}-\d{4}/.exec(done?.text ?? '')?.[0];
    expect(await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } })).toMatchObject({
      humanRequested: true,
    });
  });
});
