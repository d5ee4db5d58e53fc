import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

// The demo's staff: koordinator1 (Koordinator Layanan), teknisi1 (Pengelola Teknis).
const h = useHelpdesk({
  CALENDAR_FILE: allDayCalendarFile(),
  MEDIA_LINK_SECRET: 'rahasia-tautan-laporan-0123456789abcdef',
});
const koordinator = { from: 'koordinator1', name: 'Koordinator 1' };
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };

async function one(chat: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await h.say(chat, text, extra)).map((r) => r.text).join('\n');
}

const thisMonth = () => new Date().toISOString().slice(0, 7);

describe('the SPBE evaluation by chat for coordinators (002:244, 725-760)', () => {
  it('/rekap counts this month’s tickets: open, met, and left apart', async () => {
    const reporter = '6285200000001';
    const code = await h.reportIncident(reporter, {
      service: 'simpeg',
      symptom: 'tidak bisa login',
      since: 'sejak pagi',
      impact: 'semua pegawai kena',
    });
    await h.say('pt-simpeg', `/ambil ${code}`, teknisi1);
    const rekap = await one('koordinator1', '/rekap', koordinator);
    expect(rekap).toContain(`Rekap ${thisMonth()}`);
    expect(rekap).toMatch(/\*Gangguan: 1\* — terpenuhi 0 · tidak 0 · berjalan 1/);
    expect(rekap).toMatch(/\*Permintaan layanan: 0\*/);
    expect(rekap).toContain(`/laporan ${thisMonth()}`);

    // A cancelled request is counted apart, not in the total.
    const service = await h.db.prisma.service.findFirstOrThrow({ where: { code: 'email-reset' } });
    const person = await h.db.prisma.contact.create({ data: { name: 'Pemohon' } });
    await h.db.prisma.ticket.create({
      data: {
        code: 'LYN-2026-9001',
        kind: 'REQUEST',
        status: 'CANCELLED',
        cancelledAt: new Date(),
        serviceId: service.id,
        reporterId: person.id,
        channel: 'simulator',
        chatId: 'pemohon',
        description: 'reset password email',
      },
    });
    const again = await one('koordinator1', '/rekap bulan', koordinator);
    expect(again).toMatch(/\*Permintaan layanan: 0\*/);
    expect(again).toMatch(/Dihitung terpisah: dibatalkan 1/);
    expect(await one('koordinator1', '/rekap 2026-13', koordinator)).toMatch(/tidak dikenali/);
  });

  it('/laporan gives a link to the xlsx with the Lampiran’s headings; a forged link is refused', async () => {
    const reply = await one('koordinator1', `/laporan ${thisMonth()}`, koordinator);
    const url = /(https?:\/\/\S+)/.exec(reply)?.[1] ?? '';
    expect(url).toContain('/laporan/');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/laporan-evaluasi-.*\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      Buffer.from(await res.arrayBuffer()) as unknown as Parameters<typeof book.xlsx.load>[0],
    );
    const cells = book.worksheets.flatMap((ws) => {
      const out: string[] = [];
      ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? ''))));
      return out;
    });
    expect(cells).toContain('A. Evaluasi Penyelenggaraan Permintaan Layanan');
    expect(cells).toContain('B. Evaluasi Penyelenggaraan Penanganan Gangguan');

    const forged = url.replace(/sig=[0-9a-f]{4}/, 'sig=0000');
    expect((await fetch(forged)).status).toBe(403);
    const otherPeriod = url.replace(/to=\d{4}-\d{2}-\d{2}/, 'to=2030-12-31');
    expect((await fetch(otherPeriod)).status).toBe(403);
  });

  it('/evaluasi stores the coordinator’s texts, which the report prints', async () => {
    const saved = await one(
      'koordinator1',
      `/evaluasi ${thisMonth()} gangguan\nhambatan: server SIMPEG sering penuh\ntindak lanjut: tambah kapasitas`,
      koordinator,
    );
    expect(saved).toMatch(/tersimpan/);
    const reply = await one('koordinator1', `/laporan ${thisMonth()} md`, koordinator);
    const url = /(https?:\/\/\S+)/.exec(reply)?.[1] ?? '';
    const md = await (await fetch(url)).text();
    expect(md).toContain('server SIMPEG sering penuh');
    expect(md).toContain('tambah kapasitas');
    expect(await one('koordinator1', '/evaluasi bulan', koordinator)).toMatch(/Pemakaian: \/evaluasi/);
  });

  it('refuses citizens and technical staff, and shows them nothing', async () => {
    for (const cmd of ['/rekap', '/laporan 2026-S2', '/evaluasi 2026-S2 gangguan\nhambatan: x']) {
      const citizen = await one('6285200000009', cmd);
      expect(citizen).toMatch(/hanya untuk staf/);
      expect(citizen).not.toMatch(/http|Rekap/);
      const team = await one('pt-simpeg', cmd, teknisi1);
      expect(team).toMatch(/hanya untuk Koordinator Layanan/);
    }
  });
});
