/**
 * Every Formulir D (002:471-478) and Formulir E (002:499-514) field recorded per ticket, through the
 * simulator (real PostgreSQL and Redis): the pemohon asked once and remembered, urgensi, klasifikasi,
 * kategori, item konfigurasi and penyebab, each change an audit event.
 */
import { describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const ASKS_WHO = /nama lengkap dan instansi\/OPD/;
const codeIn = (text: string | undefined, kind = 'GGN') =>
  new RegExp(`${kind}-\\d{4}-\\d{4}`).exec(text ?? '')?.[0] ?? '';
const ticketOf = (code: string) =>
  h.db.prisma.ticket.findUniqueOrThrow({ where: { code }, include: { events: { orderBy: { id: 'asc' } } } });
const staff = async (service: string, text: string) =>
  (await h.say(`pt-${service}`, text, teknisi1))[0]?.text ?? '';

/** A request from the menu, answering whatever is asked; returns the LYN- code and what the bot said. */
async function request(chat: string, service: string, need: string, who = 'Budi Santoso, Dinas Kesehatan') {
  const seen: string[] = [];
  await h.say(chat, '2');
  seen.push(...(await h.say(chat, service)).map((m) => m.text));
  let last = (await h.say(chat, need))[0]?.text ?? '';
  seen.push(last);
  if (ASKS_WHO.test(last)) {
    last = (await h.say(chat, who))[0]?.text ?? '';
    seen.push(last);
  }
  const opened = (await h.say(chat, '1'))[0]?.text ?? '';
  return { code: codeIn(opened, 'LYN'), seen };
}

describe('the pemohon / identitas pelapor, asked once per contact (002:471, 002:501)', () => {
  it('asks a first-time reporter once, snapshots it on the ticket, and skips it on their next ticket', async () => {
    const chat = '6288100000001';
    const first = await h.reportIncident(chat, {
      service: 'simpeg',
      symptom: 'tidak bisa login, muncul error 500',
      since: 'sejak tadi pagi',
      impact: 'hanya saya',
      requester: 'Siti Aminah - Bappeda NIP 19870101 201001 2 003',
    });
    const asked = (await h.messages(chat)).filter((m) => m.direction === 'out' && ASKS_WHO.test(m.text));
    expect(asked).toHaveLength(1);
    const summary = (await h.messages(chat)).find((m) => /Mohon periksa laporan Anda/.test(m.text));
    expect(summary?.text).toContain('Pelapor: Siti Aminah, Bappeda');
    expect(await ticketOf(first)).toMatchObject({
      requesterName: 'Siti Aminah',
      requesterOpd: 'Bappeda',
      requesterNip: '198701012010012003',
    });
    const contact = await h.db.prisma.contact.findFirstOrThrow({
      where: { identities: { some: { channel: 'simulator', externalId: chat } } },
    });
    expect(contact).toMatchObject({ name: 'Siti Aminah', opd: 'Bappeda', nip: '198701012010012003' });
    expect(contact.profileAskedAt).not.toBeNull();

    // The team sees who reported it.
    const escalation = (await h.messages('pt-simpeg')).filter((m) => m.text.includes(first)).at(0)?.text;
    expect(escalation).toMatch(/Pelapor: .*\(“Siti Aminah”\), OPD “Bappeda”/);

    // The second ticket: not asked again; the summary names them all the same.
    const second = await request(chat, 'zoom', 'butuh zoom untuk rapat paripurna tanggal 30');
    expect(second.seen.join('\n')).not.toMatch(ASKS_WHO);
    expect(second.seen.at(-1)).toContain('Pemohon: Siti Aminah, Bappeda');
    expect(await ticketOf(second.code)).toMatchObject({
      requesterName: 'Siti Aminah',
      requesterOpd: 'Bappeda',
      requesterNip: '198701012010012003',
    });
  });

  it('records a citizen as masyarakat umum, and a declined answer as nothing, asked only once', async () => {
    const citizen = await request(
      '6288100000002',
      'reset pw email',
      'akun email saya terkunci',
      'saya warga, nama andi',
    );
    expect(citizen.seen.at(-1)).toContain('Pemohon: Andi, Masyarakat umum');
    expect(await ticketOf(citizen.code)).toMatchObject({
      requesterName: 'Andi',
      requesterOpd: 'Masyarakat umum',
    });

    const chat = '6288100000003';
    const declined = await request(chat, 'reset pw email', 'akun email saya terkunci', 'tidak usah');
    expect(declined.seen.at(-1)).toMatch(/Kirim permintaan ini\?/);
    expect(await ticketOf(declined.code)).toMatchObject({ requesterOpd: null, requesterNip: null });
    const again = await request(chat, 'zoom', 'butuh zoom untuk rapat paripurna tanggal 30');
    expect(again.seen.join('\n')).not.toMatch(ASKS_WHO);
  });
});

describe('urgensi, klasifikasi, kategori and item konfigurasi (002:474, 002:502-503, 002:510)', () => {
  it('starts an incident with the urgency of its priority, the service’s kategori and the service as item', async () => {
    // LPSE: Kritis, Layanan Publik, everyone affected → P1 → urgensi tinggi.
    const p1 = await h.reportIncident('6288100000010', {
      service: 'lpse',
      symptom: 'tidak bisa upload dokumen penawaran',
      since: 'sejak jam 9',
      impact: '1',
    });
    expect(await ticketOf(p1)).toMatchObject({
      priority: 'P1',
      urgency: 'TINGGI',
      category: 'Aplikasi',
      configurationItem: 'LPSE',
      classification: null,
    });
    expect((await h.messages('pt-lpse')).find((m) => m.text.includes(p1))?.text).toContain('Urgensi: tinggi');
    // e-Kinerja: Esensial, Administrasi, only me → P5 → urgensi rendah.
    const p5 = await h.reportIncident('6288100000011', {
      service: 'ekinerja',
      symptom: 'nilai SKP tidak tersimpan',
      since: 'kemarin',
      impact: '2',
    });
    expect(await ticketOf(p5)).toMatchObject({ priority: 'P5', urgency: 'RENDAH' });
  });

  it('takes the urgency from the reporter’s words over the priority', async () => {
    const code = await h.reportIncident('6288100000012', {
      service: 'jdih',
      symptom: 'pencarian perda error, mohon segera karena besok deadline',
      since: 'tadi pagi',
      impact: '2',
    });
    expect(await ticketOf(code)).toMatchObject({ urgency: 'TINGGI', category: 'Aplikasi' });
  });

  it('classifies a request by its service group and urgency, again when /urgensi changes it, with events', async () => {
    const { code } = await request('6288100000013', 'reset pw email', 'lupa password email dinas saya');
    expect(await ticketOf(code)).toMatchObject({
      urgency: 'SEDANG',
      classification: 'Akun Layanan · urgensi sedang',
      category: null,
    });
    expect(await staff('email-reset', `/urgensi ${code} tinggi`)).toMatch(
      /Urgensi .*: sedang → tinggi\. Klasifikasi permintaan: Akun Layanan · urgensi tinggi/,
    );
    const changed = await ticketOf(code);
    expect(changed).toMatchObject({ urgency: 'TINGGI', classification: 'Akun Layanan · urgensi tinggi' });
    expect(changed.events.find((e) => e.type === 'urgency_changed')?.data).toEqual({
      field: 'urgency',
      from: 'SEDANG',
      to: 'TINGGI',
      classification: { from: 'Akun Layanan · urgensi sedang', to: 'Akun Layanan · urgensi tinggi' },
    });

    // Bad or repeated input: a clear answer, nothing changed.
    expect(await staff('email-reset', `/urgensi ${code} sangat`)).toMatch(/tinggi.*sedang.*rendah/);
    expect(await staff('email-reset', `/urgensi ${code} tinggi`)).toMatch(/sudah tinggi/);
    expect(await staff('email-reset', `/kategori ${code} jaringan`)).toMatch(
      /hanya dicatat untuk tiket gangguan/,
    );
    const after = await ticketOf(code);
    expect(after.events.filter((e) => e.type === 'urgency_changed')).toHaveLength(1);
    expect(after.category).toBeNull();
  });

  it('changes the kategori by a loose name, lists the choices on a bad one, and changes the item', async () => {
    const code = await h.reportIncident('6288100000014', {
      service: 'pusat-data',
      symptom: 'vm aplikasi perizinan mati',
      since: 'sejak jam 7',
      impact: '2',
    });
    expect(await ticketOf(code)).toMatchObject({
      category: 'Server & Pusat Data',
      configurationItem: 'Pusat Data & Server',
    });
    expect(await staff('pusat-data', `/kategori ${code} jaringan`)).toMatch(
      /Kategori .*: Server & Pusat Data → Jaringan/,
    );
    const bad = await staff('pusat-data', `/kategori ${code} listrik`);
    expect(bad).toMatch(/"listrik" tidak ada di daftar/);
    expect(bad).toContain('Aplikasi, Akun & Akses, Jaringan, Perangkat Keras, Server & Pusat Data');
    expect(await staff('pusat-data', `/item ${code} Switch core lantai 2`)).toMatch(
      /Item konfigurasi .*: Pusat Data & Server → Switch core lantai 2/,
    );
    const t = await ticketOf(code);
    expect(t).toMatchObject({ category: 'Jaringan', configurationItem: 'Switch core lantai 2' });
    expect(t.events.filter((e) => e.type.endsWith('_changed')).map((e) => e.data)).toEqual([
      { field: 'category', from: 'Server & Pusat Data', to: 'Jaringan' },
      { field: 'configurationItem', from: 'Pusat Data & Server', to: 'Switch core lantai 2' },
    ]);
  });
});

describe('penyebab: required to close an incident (002:513)', () => {
  it('refuses /selesai without a cause and changes nothing, then records the cause given with it', async () => {
    const reporter = '6288100000020';
    const code = await h.reportIncident(reporter, {
      service: 'internet',
      symptom: 'internet kantor mati total',
      since: 'sejak jam 8',
      impact: '2',
    });
    await staff('internet', `/ambil ${code}`);
    const refused = await staff('internet', `/selesai ${code} Router direstart`);
    expect(refused).toContain(
      `Tulis juga penyebabnya, contoh: /selesai ${code} Server direstart. penyebab: memori penuh`,
    );
    const before = await ticketOf(code);
    expect(before).toMatchObject({ status: 'ASSIGNED', resolution: null, cause: null });
    expect(before.events.map((e) => e.type)).toEqual(['created', 'claim']);
    expect((await h.messages(reporter)).at(-1)?.text).not.toMatch(/Apakah masalah sudah selesai/);

    await staff('internet', `/selesai ${code} Router direstart. Penyebab: router hang karena panas`);
    const resolved = await ticketOf(code);
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolution: 'Router direstart.',
      cause: 'router hang karena panas',
    });
    expect(resolved.events.find((e) => e.type === 'cause_recorded')?.data).toEqual({
      field: 'cause',
      from: null,
      to: 'router hang karena panas',
    });
    // The reporter reads the solution, not the internal cause.
    const ask = (await h.messages(reporter)).filter((m) => m.direction === 'out').at(-1)?.text ?? '';
    expect(ask).toContain('Router direstart.');
    expect(ask).not.toContain('router hang');

    // Corrected later with /penyebab.
    expect(await staff('internet', `/penyebab ${code} kipas router rusak`)).toMatch(
      /Penyebab .*: router hang karena panas → kipas router rusak/,
    );
    const fixed = await ticketOf(code);
    expect(fixed.cause).toBe('kipas router rusak');
    expect(fixed.events.filter((e) => e.type === 'cause_recorded')).toHaveLength(2);
  });

  it('closes an incident whose cause /penyebab recorded earlier; a request needs none', async () => {
    const code = await h.reportIncident('6288100000021', {
      service: 'website',
      symptom: 'website dinas tidak bisa dibuka',
      since: 'sejak jam 10',
      impact: '2',
    });
    await staff('website-pemda', `/ambil ${code}`);
    expect(await staff('website-pemda', `/penyebab ${code}`)).toMatch(/Format perintah salah/);
    await staff('website-pemda', `/penyebab ${code} sertifikat SSL kedaluwarsa`);
    expect(await staff('website-pemda', `/selesai ${code} Sertifikat diperbarui`)).toMatch(
      /dinyatakan selesai/,
    );
    expect(await ticketOf(code)).toMatchObject({ status: 'RESOLVED', cause: 'sertifikat SSL kedaluwarsa' });

    const { code: lyn } = await request(
      '6288100000022',
      'zoom',
      'butuh zoom untuk rapat paripurna tanggal 30',
    );
    await staff('vicon', `/ambil ${lyn}`);
    expect(await staff('vicon', `/selesai ${lyn} Link zoom sudah dikirim`)).toMatch(/dinyatakan selesai/);
    expect(await staff('vicon', `/penyebab ${lyn} tidak ada`)).toMatch(/hanya dicatat untuk tiket gangguan/);
    expect(await ticketOf(lyn)).toMatchObject({ status: 'RESOLVED', cause: null });
  });
});
