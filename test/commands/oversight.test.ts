import { describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

// The demo's staff: koordinator1 (Koordinator Layanan), teknisi1 (Pengelola Teknis of every demo group).
const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const koordinator = { from: 'koordinator1', name: 'Koordinator 1' };
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };

async function one(chat: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const replies = await h.say(chat, text, extra);
  return replies.map((r) => r.text).join('\n');
}

async function incident(chat: string, service: string, symptom: string, impact = 'semua pegawai kena') {
  const code = await h.reportIncident(chat, { service, symptom, since: 'sejak pagi', impact });
  expect(code).toMatch(/^GGN-/);
  return code;
}

describe('coordinators query tickets by chat (spec §1; 002:281)', () => {
  it('/status shows the whole state of one ticket; a citizen asking about someone else’s learns nothing', async () => {
    const reporter = '6285100000001';
    const code = await incident(reporter, 'simpeg', 'tidak bisa login, error 500');
    await h.say('pt-simpeg', `/ambil ${code}`, teknisi1);
    await h.say('pt-simpeg', `/update ${code} sedang cek server`, teknisi1);

    const status = await one('koordinator1', `/status ${code}`, koordinator);
    expect(status).toContain(code);
    expect(status).toContain('SIMPEG');
    expect(status).toMatch(/Status: \*Sedang dikerjakan\* — Teknisi 1/);
    expect(status).toMatch(/Prioritas: P3/);
    expect(status).toMatch(/Batas tanggap: .* ✅ terpenuhi/);
    expect(status).toMatch(/Batas penyelesaian: .* ⏳ berjalan/);
    expect(status).toMatch(
      /Riwayat terakhir:[\s\S]*diambil petugas[\s\S]*mulai dikerjakan: sedang cek server/,
    );
    expect(status).not.toContain(reporter);

    // The reporter's own /status is the conversation's answer about their own ticket.
    const own = await one(reporter, `/status ${code}`);
    expect(own).toContain(code);
    expect(own).toMatch(/Status: \*Sedang dikerjakan\*/);

    // Another citizen: the same words for someone else's ticket and for a code that does not exist.
    const stranger = '6285100000002';
    const theirs = await one(stranger, `/status ${code}`);
    const none = await one(stranger, '/status GGN-2026-9999');
    expect(theirs).toBe(none.replace('GGN-2026-9999', code));
    expect(theirs).not.toContain('SIMPEG');
    expect(theirs).not.toContain('Teknisi');
  });

  it('/antrian lists open tickets by priority then age, with filters; the team sees only its own', async () => {
    const a = await incident('6285100000011', 'sipd', 'sipd tidak bisa dibuka', 'cuma saya saja');
    const b = await incident('6285100000012', 'lpse', 'lpse down total', 'semua penyedia tidak bisa akses');

    const all = await one('koordinator1', '/antrian', koordinator);
    expect(all).toContain('Antrian tiket terbuka');
    expect(all).toContain(a);
    expect(all).toContain(b);
    // Higher priority first.
    const rows = all.split('\n').filter((l) => /GGN-/.test(l));
    const rank = (l: string) => Number(/P(\d)/.exec(l)?.[1] ?? 9);
    expect(rows.map(rank)).toEqual([...rows.map(rank)].sort((x, y) => x - y));

    const lpse = await one('koordinator1', '/antrian lpse', koordinator);
    expect(lpse).toContain(b);
    expect(lpse).not.toContain(a);

    const p = /P\d/.exec(rows.find((l) => l.includes(a)) ?? '')?.[0] ?? 'P6';
    const byPriority = await one('koordinator1', `/antrian ${p.toLowerCase()}`, koordinator);
    expect(byPriority).toContain(a);

    // A Pengelola Teknis typing in the SIPD group sees the SIPD team's tickets only.
    const team = await one('pt-sipd', '/antrian', teknisi1);
    expect(team).toContain(a);
    expect(team).not.toContain(b);
  });

  it('pages long lists: "lanjut" shows the next page, then says it was the last', async () => {
    // Many open requests at once (each its own ticket; incidents on one service would be one outage).
    const service = await h.db.prisma.service.findFirstOrThrow({ where: { code: 'email-reset' } });
    const reporter = await h.db.prisma.contact.create({ data: { name: 'Pemohon' } });
    for (let i = 0; i < 12; i++)
      await h.db.prisma.ticket.create({
        data: {
          code: `LYN-2026-${String(9000 + i)}`,
          kind: 'REQUEST',
          serviceId: service.id,
          reporterId: reporter.id,
          channel: 'simulator',
          chatId: 'pemohon',
          description: `reset password nomor ${i}`,
        },
      });
    const first = await one('koordinator1', '/antrian', koordinator);
    expect(first).toMatch(/\(hal\. 1\/\d\)/);
    expect(first).toContain('Ketik *lanjut*');
    const firstCodes: string[] = first.match(/(GGN|LYN)-\d{4}-\d{4}/g) ?? [];
    expect(firstCodes.length).toBeLessThanOrEqual(8);

    const second = await one('koordinator1', 'lanjut', koordinator);
    expect(second).toMatch(/\(hal\. 2\/\d\)/);
    const secondCodes = second.match(/(GGN|LYN)-\d{4}-\d{4}/g) ?? [];
    expect(secondCodes.length).toBeGreaterThan(0);
    expect(secondCodes.filter((c) => firstCodes.includes(c))).toEqual([]);

    let last = second;
    for (let i = 0; i < 5 && /Ketik \*lanjut\*/.test(last); i++)
      last = await one('koordinator1', '/lanjut', koordinator);
    expect(await one('koordinator1', 'lanjut', koordinator)).toBe('Itu halaman terakhir.');
  });

  it('/sla lists missed targets first; /cari finds by words', async () => {
    const code = await incident('6285100000031', 'jdih', 'jdih tidak tampil peraturan baru');
    // Its response target passes unanswered.
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    await h.db.prisma.ticket.update({
      where: { id: ticket.id },
      data: {
        responseDueAt: new Date(Date.now() - 20 * 60_000),
        createdAt: new Date(Date.now() - 60 * 60_000),
      },
    });
    const sla = await one('koordinator1', '/sla', koordinator);
    expect(sla).toContain('Target terlewat dan hampir lewat');
    expect(sla).toMatch(new RegExp(`${code}[^\\n]*\\n\\s+⛔ lewat \\d+ mnt \\(tanggap\\)`));

    const found = await one('koordinator1', '/cari peraturan baru', koordinator);
    expect(found).toContain(code);
    expect(await one('koordinator1', '/cari x', koordinator)).toMatch(/Pemakaian: \/cari/);
    expect(await one('koordinator1', '/cari tidak-ada-yang-cocok-qwerty', koordinator)).toContain(
      'Tidak ada tiket yang cocok.',
    );
  });

  it('refuses citizens politely and shows them nothing', async () => {
    const citizen = '6285100000041';
    for (const cmd of ['/antrian', '/sla', '/cari simpeg', '/lanjut']) {
      const reply = await one(citizen, cmd);
      expect(reply).toMatch(/hanya untuk staf/);
      expect(reply).not.toMatch(/GGN-|LYN-/);
    }
  });

  it('/bantuan shows each person the commands of their roles', async () => {
    const coordinatorHelp = await one('koordinator1', '/bantuan', koordinator);
    expect(coordinatorHelp).toContain('/antrian');
    expect(coordinatorHelp).toContain('/sla');
    expect(coordinatorHelp).toContain('/ambil');
    const team = await one('pt-simpeg', '/bantuan', teknisi1);
    expect(team).toContain('/ambil');
    expect(team).toContain('/antrian');
  });
});
