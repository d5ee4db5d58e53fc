import { describe, expect, it } from 'vitest';
import { planTimers } from '../../src/sla/timers.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { REQUESTER, useHelpdesk } from '../support/helpdesk.ts';

const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const koordinatorInGroup = { group: true, from: 'koordinator1', name: 'Koordinator 1' };
const GROUP = 'pt-perubahan-aplikasi';
const APTIKA = 'Bidang Aptika Diskominfo';
const outs = async (chat: string) =>
  (await h.messages(chat)).filter((m) => m.direction === 'out').map((m) => m.text);
const lastOut = async (chat: string) => (await outs(chat)).at(-1) ?? '';
const reply = async (chat: string, text: string, extra: Record<string, unknown> = {}) =>
  (await h.say(chat, text, extra))[0]?.text ?? '';
const ticketOf = (code: string) =>
  h.db.prisma.ticket.findUniqueOrThrow({ where: { code }, include: { events: { orderBy: { id: 'asc' } } } });

/** Asks for a change of an application through the menu, as a civil servant would; returns its code. */
async function requestChange(reporter: string, need: string): Promise<{ code: string; opened: string }> {
  await h.say(reporter, '2');
  let said = await reply(reporter, 'perubahan-aplikasi');
  for (let turn = 0; turn < 5; turn++) {
    const code = /LYN-\d{4}-\d{4}/.exec(said)?.[0];
    if (code) return { code, opened: said };
    said = await reply(
      reporter,
      /nama lengkap dan instansi/i.test(said)
        ? REQUESTER
        : /kirim|ajukan|benar/i.test(said) && !/jelaskan|tuliskan/i.test(said)
          ? '1'
          : need,
    );
  }
  throw new Error(`requestChange: no ticket; last reply: ${said}`);
}

/** The demo Penyedia's staff row for the unit's services. */
const penyedia1Row = () =>
  h.db.prisma.staff.findFirstOrThrow({
    where: {
      role: 'PENYEDIA',
      provider: APTIKA,
      contact: { identities: { some: { externalId: 'penyedia1' } } },
    },
  });

describe('a change needs its Penyedia Layanan’s approval (002:275, 465, 475)', () => {
  it('cannot be claimed, worked on, resolved or closed before approval (002:275, 465)', async () => {
    const reporter = '6287100000001';
    const { code, opened } = await requestChange(reporter, 'tambah menu laporan bulanan di e-kinerja');
    expect(opened).toMatch(/memerlukan persetujuan Penyedia Layanan/);
    expect((await ticketOf(code)).approval).toBe('PENDING');

    // The team sees it, told to wait; the Penyedia is asked, with what to answer.
    const escalation = (await outs(GROUP)).find((t) => t.includes(code)) ?? '';
    expect(escalation).toMatch(/Menunggu persetujuan Penyedia Layanan/);
    expect(escalation).not.toMatch(/Ambil dengan \/ambil/);
    const ask = (await outs('penyedia1')).find((t) => t.includes(code)) ?? '';
    expect(ask).toContain('Permintaan Perubahan Aplikasi');
    expect(ask).toContain('tambah menu laporan bulanan di e-kinerja');
    expect(ask).toContain(`/setujui ${code}`);
    expect(ask).toContain(`/tolak ${code} <alasan>`);
    expect(ask).toMatch(/Pemohon: .*0871\*\*\*\*001/);
    expect(ask).not.toContain(reporter);

    for (const command of [
      `/ambil ${code}`,
      `/estimasi ${code} 2 hari`,
      `/update ${code} mulai dikerjakan`,
      `/tanya ${code} menu di halaman mana?`,
      `/selesai ${code} menu sudah ditambahkan`,
    ])
      expect(await reply(GROUP, command, teknisi1), command).toMatch(/menunggu persetujuan Penyedia Layanan/);
    // Not even a coordinator starts it before the decision.
    expect(await reply(GROUP, `/ambil ${code}`, koordinatorInGroup)).toMatch(/menunggu persetujuan/);
    // The reporter cannot close it either: there is nothing to confirm.
    await h.say(reporter, 'sudah selesai');

    const t = await ticketOf(code);
    expect(t).toMatchObject({ status: 'OPEN', approval: 'PENDING', approvedAt: null, closedAt: null });
    expect(t.events.map((e) => e.type)).toEqual(['created']);
    expect((await outs(reporter)).join('\n')).not.toMatch(/sedang ditangani|Apakah masalah sudah selesai/);
  });

  it('/setujui by the service’s Penyedia records who and when, and lets the work start (002:475)', async () => {
    const reporter = '6287100000002';
    const { code } = await requestChange(reporter, 'ubah tampilan dasbor SIMPEG sesuai logo baru');
    const [approved] = await h.say('penyedia1', `/setujui ${code} sesuai rencana kerja 2026`);
    expect(approved?.text).toMatch(/Persetujuan .* tercatat/);

    const t = await ticketOf(code);
    expect(t.approval).toBe('APPROVED');
    expect(t.approvedAt).not.toBeNull();
    expect(t.approvedBy).toBe(`staff:${(await penyedia1Row()).id}`);
    expect(t.approvalNote).toBe('sesuai rencana kerja 2026');
    const event = t.events.find((e) => e.type === 'approved');
    expect(event).toMatchObject({ actor: t.approvedBy, channel: 'simulator' });
    expect(await lastOut(reporter)).toMatch(
      new RegExp(`Permintaan \\*${code}\\* sudah disetujui, sedang kami proses`),
    );
    expect(await lastOut(GROUP)).toMatch(/disetujui oleh Penyedia 1 \(catatan: sesuai rencana kerja 2026\)/);

    expect(await reply(GROUP, `/ambil ${code}`, teknisi1)).toMatch(/diambil oleh Teknisi 1/);
    // Deciding twice changes nothing.
    expect(await reply('penyedia1', `/setujui ${code}`)).toMatch(/sudah disetujui pada .*tidak dapat diubah/);
    expect(await reply('penyedia1', `/tolak ${code} berubah pikiran`)).toMatch(/sudah disetujui pada/);
    expect((await ticketOf(code)).status).toBe('ASSIGNED');
    expect(await h.db.prisma.ticketEvent.count({ where: { ticket: { code }, type: 'approved' } })).toBe(1);

    // A request that needs no approval has nothing to decide.
    const plain = await h.requestService('6287100000009', {
      service: 'hosting',
      need: 'hosting aplikasi e-perizinan',
    });
    expect(await reply('penyedia1', `/setujui ${plain}`)).toMatch(/tidak memerlukan persetujuan/);
  });

  it('refuses a Penyedia of another provider, a Pengelola Teknis and a citizen, changing nothing (002:275)', async () => {
    const { code } = await requestChange('6287100000003', 'tambah hak akses operator untuk aplikasi aset');
    // Pak Kadis registers as Penyedia of SIMPEG's provider (BKPSDM), not of the unit's services.
    expect(await reply('kadis-bkpsdm', '/daftar-staf penyedia')).toMatch(/Sebutkan salah satu layanan/);
    const asked = await reply('kadis-bkpsdm', '/daftar-staf penyedia simpeg');
    const id = /nomor (\d+)/.exec(asked)?.[1];
    expect(await lastOut('admin')).toMatch(new RegExp(`#${id}: .* sebagai Penyedia Layanan untuk BKPSDM`));
    await h.say('admin', `/setujui-staf ${id}`);
    expect(await lastOut('kadis-bkpsdm')).toMatch(/terdaftar sebagai Penyedia Layanan \(BKPSDM\)/);

    const refusals = [
      await reply('kadis-bkpsdm', `/setujui ${code}`),
      await reply(GROUP, `/setujui ${code} boleh`, teknisi1),
      await reply('kadis-bkpsdm', `/tolak ${code} tidak perlu`),
      await reply('6287100000004', `/setujui ${code}`),
    ];
    for (const r of refusals.slice(0, 3)) expect(r).toMatch(/hanya dapat diberikan oleh Penyedia Layanan/);
    expect(refusals[3]).toMatch(/hanya untuk staf/);
    // Nothing of the ticket is shown to them.
    for (const r of refusals) expect(r).not.toMatch(/hak akses operator|Perubahan Aplikasi/);

    const t = await ticketOf(code);
    expect(t).toMatchObject({ status: 'OPEN', approval: 'PENDING', approvedAt: null, approvedBy: null });
    expect(t.events.map((e) => e.type)).toEqual(['created']);
  });

  it('/tolak closes it; the reporter gets the reason and is asked no rating (002:475)', async () => {
    const reporter = '6287100000005';
    const { code } = await requestChange(reporter, 'ubah alur disposisi surat di aplikasi persuratan');
    expect(await reply('penyedia1', `/tolak ${code}`)).toMatch(/Pemakaian: \/tolak <kode> <alasan>/);
    expect((await ticketOf(code)).status).toBe('OPEN');

    // Answered by replying to the request for approval, without typing the code.
    const askId = (await h.messages('penyedia1'))
      .filter((m) => m.direction === 'out' && m.text.includes(code))
      .at(-1)?.id;
    const before = (await outs(reporter)).length;
    const [rejected] = await h.say('penyedia1', '/tolak anggaran perubahan belum tersedia tahun ini', {
      replyTo: askId,
    });
    expect(rejected?.text).toMatch(/Penolakan .* tercatat dan tiketnya ditutup/);

    const t = await ticketOf(code);
    expect(t).toMatchObject({
      status: 'CLOSED',
      approval: 'REJECTED',
      approvalNote: 'anggaran perubahan belum tersedia tahun ini',
      approvedBy: `staff:${(await penyedia1Row()).id}`,
      rating: null,
    });
    expect(t.approvedAt).not.toBeNull();
    expect(t.closedAt).not.toBeNull();
    expect(t.events.at(-1)).toMatchObject({ type: 'rejected', actor: t.approvedBy });
    // No timer is left for it.
    expect(planTimers({ ...t, service: { clock24: false } }, h.app.conversation.calendar)).toEqual([]);

    const told = (await outs(reporter)).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(
      /tidak disetujui oleh Penyedia Layanan\.\nAlasan: anggaran perubahan belum tersedia/,
    );
    expect(told.join('\n')).not.toMatch(/Seberapa puas/);
    expect(await lastOut(GROUP)).toMatch(/tidak disetujui oleh Penyedia 1\. Alasan: anggaran perubahan/);
    expect(await reply('penyedia1', `/setujui ${code}`)).toMatch(/sudah ditolak pada/);
    expect(await reply(GROUP, `/ambil ${code}`, teknisi1)).toMatch(
      /tidak disetujui Penyedia Layanan dan sudah ditutup/,
    );
    expect((await ticketOf(code)).status).toBe('CLOSED');
  });

  it('reaches the Penyedia on the channel they used last, and the coordinators when the provider has none (002:275, 281)', async () => {
    // Pak Kabid has two chats with the bot; he wrote last from the second.
    const kabid = await h.db.prisma.contact.create({
      data: {
        name: 'Kabid Aptika',
        identities: {
          create: [
            { channel: 'simulator', externalId: 'kabid-hp-lama' },
            { channel: 'simulator', externalId: 'kabid-hp-baru' },
          ],
        },
      },
    });
    await h.db.prisma.staff.create({
      data: {
        contactId: kabid.id,
        role: 'PENYEDIA',
        provider: APTIKA,
        approvedAt: new Date(),
        approvedBy: 'admin',
      },
    });
    await h.say('kabid-hp-baru', '/bantuan');
    const { code } = await requestChange('6287100000006', 'tambah kolom NIK pada formulir pendaftaran');
    expect((await outs('kabid-hp-baru')).filter((t) => t.includes(code))).toHaveLength(1);
    expect(await outs('kabid-hp-lama')).toEqual([]);
    expect((await outs('penyedia1')).filter((t) => t.includes(code))).toHaveLength(1);

    // Nobody answers for the unit's services any more: the coordinator is asked instead.
    await h.db.prisma.staff.updateMany({
      where: { role: 'PENYEDIA', provider: APTIKA },
      data: { active: false },
    });
    const other = await requestChange('6287100000007', 'ubah format nomor surat otomatis');
    const ask = (await outs('koordinator1')).find((t) => t.includes(other.code)) ?? '';
    expect(ask).toMatch(/Penyedia Layanan Bidang Aptika Diskominfo belum terdaftar.*Koordinator Layanan/);
    expect(ask).toContain(`/setujui ${other.code}`);
    expect((await outs('penyedia1')).some((t) => t.includes(other.code))).toBe(false);
    expect((await outs('kabid-hp-baru')).some((t) => t.includes(other.code))).toBe(false);
    // … who may decide it.
    expect(await reply('koordinator1', `/setujui ${other.code}`)).toMatch(/tercatat/);
    expect((await ticketOf(other.code)).approval).toBe('APPROVED');
  });
});
