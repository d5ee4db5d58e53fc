import { describe, expect, it } from 'vitest';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

// Starts as the embedded default (demo), then the same database is run as a real deployment.
const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile() });
const as = (from: string) => ({ group: true, from, name: from });

const reportOutage = (chat: string, service: string) =>
  h.reportIncident(chat, {
    service,
    symptom: 'tidak bisa login',
    since: 'sejak pagi',
    impact: 'semua pegawai kena',
  });

describe('demo mode and a real deployment on the same data', () => {
  it('gives the demo accounts power only while nothing real is configured', async () => {
    // Demo: teknisi1 in pt-srikandi can claim.
    const demoCode = await reportOutage('6281100000001', 'srikandi');
    const [claimed] = await h.say('pt-srikandi', `/ambil ${demoCode}`, as('teknisi1'));
    expect(claimed?.text).toContain('diambil oleh');

    // A real deployment: an admin on Telegram, a configured simulator admin, one staff member.
    await h.restart({
      HELPDESK_ADMINS: 'telegram:111,simulator:ops-admin',
      TEAM_GROUPS: 'simpeg=simulator:tim-simpeg',
      HELPDESK_STAFF: 'pengelola-teknis:simulator:6281234567890@simpeg',
    });
    const routeOf = async (code: string) =>
      (await h.db.prisma.service.findUniqueOrThrow({ where: { code }, include: { teamGroup: true } }))
        .teamGroup?.chatId ?? null;
    expect(await routeOf('simpeg')).toBe('tim-simpeg');
    expect(await routeOf('srikandi')).toBeNull(); // the demo group lost its route

    const code = await reportOutage('6281100000002', 'simpeg');
    expect(code).not.toBe('');
    const before = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });

    // The attacker's requests of the issue, one by one: each refused politely, nothing changed.
    const [group] = await h.say('pt-simpeg', '/daftar-grup simpeg', as('admin'));
    expect(group?.text).toMatch(/hanya untuk admin/);
    expect(await routeOf('simpeg')).toBe('tim-simpeg');

    const [claim] = await h.say('pt-simpeg', `/ambil ${code}`, as('teknisi1'));
    expect(claim?.text).toMatch(/hanya untuk staf terdaftar/);
    const [resolve] = await h.say('teknisi1', `/selesai ${code} beres`);
    expect(resolve?.text).toMatch(/hanya untuk staf terdaftar/);

    const [asked] = await h.say('tamu', '/daftar-staf koordinator');
    const requestId = /nomor (\d+)/.exec(asked?.text ?? '')?.[1];
    expect(requestId).toBeDefined();
    const [approve] = await h.say('tamu', `/setujui-staf ${requestId}`);
    expect(approve?.text).toMatch(/hanya untuk admin/);
    const [selfApprove] = await h.say('admin', `/setujui-staf ${requestId}`);
    expect(selfApprove?.text).toMatch(/hanya untuk admin/);

    const after = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code } });
    expect(after.status).toBe(before.status);
    expect(after.assigneeId).toBeNull();
    expect(await h.db.prisma.staff.count({ where: { approvedBy: 'demo', active: true } })).toBe(0);
    expect(await h.db.prisma.staff.findUniqueOrThrow({ where: { id: Number(requestId) } })).toMatchObject({
      approvedAt: null,
    });

    // The configured simulator admin has the power the configuration gave: register a real group.
    const [registered] = await h.say('tim-srikandi', '/daftar-grup srikandi', as('ops-admin'));
    expect(registered?.text).toMatch(/menerima tiket layanan SRIKANDI/);
    expect(await routeOf('srikandi')).toBe('tim-srikandi');

    // The configured technician has no name yet: shown masked, never as the whole number.
    const [taken] = await h.say('tim-simpeg', `/ambil ${code}`, as('6281234567890'));
    expect(taken?.text).toContain('diambil oleh 0812****890');
    expect(taken?.text).not.toContain('6281234567890');
  });

  it('tells the admins once about a registration request sent again and again', async () => {
    await h.restart({});
    const admin = 'admin';
    const before = (await h.messages(admin)).length;
    const replies = [];
    for (let i = 0; i < 20; i++)
      replies.push(...(await h.say('calon-koordinator', '/daftar-staf koordinator')));
    expect(replies[0]?.text).toMatch(/tercatat \(nomor \d+\)/);
    expect(replies.slice(1).every((r) => /masih menunggu persetujuan/.test(r.text))).toBe(true);
    const toAdmin = (await h.messages(admin)).slice(before).filter((m) => /Permintaan staf #/.test(m.text));
    expect(toAdmin).toHaveLength(1);
    expect(
      await h.db.prisma.staff.count({
        where: {
          role: 'KOORDINATOR',
          approvedAt: null,
          contact: { identities: { some: { externalId: 'calon-koordinator' } } },
        },
      }),
    ).toBe(1);
  });
});
