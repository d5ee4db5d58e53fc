/**
 * The web dashboard in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no browser
 * download): accounts and lockout, CSRF, the ticket list and page, an action run as the chat command,
 * the report export, and a technician who does not see another team's tickets. Screenshots at desktop
 * and phone size go to test-artifacts/dashboard/.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../../src/cli/admin.ts';
import { createAccount } from '../../src/dashboard/accounts.ts';
import { LOCK_MINUTES, MAX_FAILED_LOGINS } from '../../src/dashboard/lockout.ts';
import { tempDir } from '../support/app.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useChromium } from '../support/chromium.ts';
import { runCli } from '../support/cli.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const calendarFile = allDayCalendarFile();
const h = useHelpdesk({ CALENDAR_FILE: calendarFile });
const PASSWORD = 'kata-sandi-rahasia-1';
const { newPage, login, loggedIn, shot } = useChromium(() => h.app.url ?? '', PASSWORD);

async function incident(reporter: string, service: string, symptom: string): Promise<string> {
  const code = await h.reportIncident(reporter, {
    service,
    symptom,
    since: 'sejak pagi',
    impact: 'semua pegawai kena',
  });
  expect(code).toMatch(/^GGN-/);
  return code;
}

/** An account for a demo staff member, linked to their simulator contact. */
const staffAccount = (username: string, simulatorId: string) =>
  createAccount(h.db.prisma, {
    username,
    password: PASSWORD,
    admin: false,
    link: `simulator:${simulatorId}`,
  });

describe('dashboard in Chromium (issue 14)', () => {
  let simpeg = '';
  let sipd = '';
  const reporter = '6285200000001';

  beforeAll(async () => {
    simpeg = await incident(reporter, 'simpeg', 'tidak bisa login, muncul error 500');
    sipd = await incident('6285200000002', 'sipd', 'sipd tidak bisa dibuka sama sekali');
    await staffAccount('koordinator', 'koordinator1');
    await staffAccount('teknisi', 'teknisi1');
  });

  it('the first admin comes from the CLI with --password-stdin; a short password or taken name creates nothing', async () => {
    const env = {
      DATABASE_URL: h.db.url,
      DATA_DIR: tempDir('admin-cli'),
      CALENDAR_FILE: calendarFile,
      LOG_LEVEL: 'silent',
    };
    const admin = (args: string[], stdin: string) => runCli((a, io) => runAdminCli(a, io, env), args, stdin);
    const made = await admin(
      ['admin', 'create', '--username', 'Kepala', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(made.code).toBe(0);
    expect(made.out).toContain('Akun dasbor "kepala" dibuat (admin)');
    const short = await admin(['admin', 'create', '--username', 'pendek', '--password-stdin'], 'abc\n');
    expect(short.code).toBe(1);
    expect(short.err).toContain('minimal 10 karakter');
    const taken = await admin(
      ['admin', 'create', '--username', 'kepala', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(taken.err).toContain('sudah dipakai');
    expect(
      await h.db.prisma.dashboardAccount.count({ where: { username: { in: ['kepala', 'pendek'] } } }),
    ).toBe(1);

    // The admin logs in and sees every ticket, on a desktop and on a phone.
    const page = await loggedIn('kepala');
    await expect.poll(() => page.textContent('main')).toContain(simpeg);
    expect(await page.textContent('main')).toContain(sipd);
    await shot(page, 'tiket-1280x800');
    const phone = await loggedIn('kepala', { width: 390, height: 844 });
    expect(await phone.textContent('main')).toContain(simpeg);
    // Nothing wider than the phone's screen but the tables' own scroll boxes.
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(phone, 'tiket-390x844');
  });

  it(`${MAX_FAILED_LOGINS} wrong passwords lock the account for ${LOCK_MINUTES} minutes: then even the right one is refused`, async () => {
    await createAccount(h.db.prisma, { username: 'lupa', password: PASSWORD, admin: true });
    const page = await newPage();
    await login(page, 'tidak-ada', PASSWORD);
    const unknown = await page.textContent('.error');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await login(page, 'lupa', 'salah-sandi-123');
      // The same words for a wrong password as for an unknown user: nobody learns who has an account.
      expect(await page.textContent('.error')).toBe(unknown);
    }
    expect(unknown).toContain(`${MAX_FAILED_LOGINS} kali salah`);
    expect(unknown).toContain(`${LOCK_MINUTES} menit`);
    await login(page, 'lupa', PASSWORD);
    expect(page.url()).toContain('/dashboard/login');
    expect(await page.textContent('.error')).toBe(unknown);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'dasbor_sesi')).toBeUndefined();
    const row = await h.db.prisma.dashboardAccount.findUniqueOrThrow({ where: { username: 'lupa' } });
    expect(row.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + (LOCK_MINUTES - 1) * 60_000);
    await shot(page, 'masuk-terkunci-1280x800');
  });

  it('a form posted without its CSRF token (or with a wrong one) is refused and changes nothing', async () => {
    const page = await loggedIn('koordinator');
    const session = (await page.context().cookies()).find((c) => c.name === 'dasbor_sesi');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.path).toBe('/dashboard');
    const url = `${h.app.url}/dashboard/tiket/${sipd}/aksi`;
    const bare = await page.request.post(url, { form: { action: 'ambil' }, maxRedirects: 0 });
    expect(bare.status()).toBe(403);
    expect(await bare.text()).toContain('formulir tidak sah');
    const forged = await page.request.post(url, {
      form: { action: 'ambil', csrf: 'palsu' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const logout = await page.request.post(`${h.app.url}/dashboard/logout`, { form: {}, maxRedirects: 0 });
    expect(logout.status()).toBe(403);
    const t = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code: sipd } });
    expect(t.status).toBe('OPEN');
    expect(await h.db.prisma.ticketEvent.count({ where: { ticketId: t.id, type: 'claim' } })).toBe(0);
    // The session still works: the refused logout ended nothing.
    await page.goto(`${h.app.url}/dashboard`);
    expect(page.url()).toBe(`${h.app.url}/dashboard`);
  });

  it('filters the list by service and by search; a bad date is said and ignored', async () => {
    const page = await loggedIn('koordinator');
    await page.selectOption('select[name=service]', 'simpeg');
    await page.click('form.filters button');
    await page.waitForURL(/service=simpeg/);
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows.join('\n')).toContain(simpeg);
    expect(rows.join('\n')).not.toContain(sipd);

    await page.goto(`${h.app.url}/dashboard?q=${encodeURIComponent('dibuka sama sekali')}`);
    const found = (await page.locator('tbody tr').allTextContents()).join('\n');
    expect(found).toContain(sipd);
    expect(found).not.toContain(simpeg);

    await page.goto(`${h.app.url}/dashboard?from=kemarin&status=terbuka`);
    expect(await page.textContent('.error')).toContain('Tanggal mulai "kemarin" tidak valid');
    expect(await page.textContent('main')).toContain(simpeg);
  });

  it('opens a ticket: its form fields and timeline; claims it from the page and the reporter is told', async () => {
    const page = await loggedIn('teknisi');
    await page.click(`a:text("${simpeg}")`);
    await page.waitForURL(`**/dashboard/tiket/${simpeg}`);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Formulir Penanganan Gangguan');
    expect(main).toContain('Identitas pelapor');
    expect(main).toContain('Prioritas gangguan');
    const timeline = (await page.textContent('ol.timeline')) ?? '';
    // The reporter's own words, the bot's answer, and the audit event.
    expect(timeline).toContain('tidak bisa login, muncul error 500');
    expect(timeline).toContain(simpeg);
    expect(timeline).toMatch(/dicatat/);

    await page.click('form:has(input[value=ambil]) button');
    await page.waitForURL(`**/dashboard/tiket/${simpeg}`);
    expect(await page.textContent('.flash')).toContain('diambil oleh Teknisi 1');
    await shot(page, 'tiket-detail-1280x800');
    // The same rules as the chat: the reporter hears it in their chat, once.
    await expect
      .poll(async () => (await h.messages(reporter)).map((m) => m.text).join('\n'), { timeout: 15_000 })
      .toMatch(/sedang ditangani/);
    const t = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code: simpeg } });
    expect(t.status).toBe('ASSIGNED');
    expect(await h.db.prisma.ticketEvent.count({ where: { ticketId: t.id, type: 'claim' } })).toBe(1);
    // The claim form is gone; the timeline now has the claim.
    await page.reload();
    expect(await page.locator('form:has(input[value=ambil])').count()).toBe(0);
    expect(await page.textContent('ol.timeline')).toContain('diambil petugas');

    const phone = await loggedIn('teknisi', { width: 390, height: 844 });
    await phone.goto(`${h.app.url}/dashboard/tiket/${simpeg}`);
    await shot(phone, 'tiket-detail-390x844');
  });

  it('a technician of another team sees neither the ticket in the list nor at its address', async () => {
    const contact = await h.db.prisma.contact.create({
      data: {
        name: 'Teknisi SIPD',
        identities: { create: { channel: 'simulator', externalId: 'teknisi-sipd' } },
      },
    });
    const sipdGroup = await h.db.prisma.teamGroup.findUniqueOrThrow({
      where: { channel_chatId: { channel: 'simulator', chatId: 'pt-sipd' } },
    });
    await h.db.prisma.staff.create({
      data: {
        contactId: contact.id,
        role: 'PENGELOLA_TEKNIS',
        teamGroupId: sipdGroup.id,
        approvedAt: new Date(),
        approvedBy: 'test',
      },
    });
    await staffAccount('teknisi-sipd', 'teknisi-sipd');
    const page = await loggedIn('teknisi-sipd');
    const list = (await page.textContent('main')) ?? '';
    expect(list).toContain(sipd);
    expect(list).not.toContain(simpeg);
    const direct = await page.goto(`${h.app.url}/dashboard/tiket/${simpeg}`);
    expect(direct?.status()).toBe(404);
    const directText = await page.textContent('main');
    expect(directText).not.toContain('SIMPEG');
    const unknown = await page.goto(`${h.app.url}/dashboard/tiket/GGN-2026-9999`);
    expect(unknown?.status()).toBe(404);
    expect(await page.textContent('main')).toBe(directText);
    // Acting on it is refused the same way, and nothing changes.
    const csrf = await page.getAttribute('input[name=csrf]', 'value');
    const act = await page.request.post(`${h.app.url}/dashboard/tiket/${simpeg}/aksi`, {
      form: { action: 'selesai', text: 'sudah', csrf: csrf ?? '' },
      maxRedirects: 0,
    });
    expect(act.status()).toBe(404);
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { code: simpeg } })).status).toBe('ASSIGNED');
  });

  it('the SLA board, the report with editable Evaluasi texts and its xlsx export, satisfaction', async () => {
    const page = await loggedIn('koordinator');
    await page.click('nav a:text("SLA")');
    await page.waitForURL('**/dashboard/sla');
    expect(await page.textContent('h1')).toBe('Papan SLA');
    await shot(page, 'sla-1280x800');

    const year = String(new Date().getFullYear());
    await page.goto(`${h.app.url}/dashboard/laporan?period=${year}`);
    expect(await page.textContent('h1')).toBe(`Laporan evaluasi ${year}`);
    expect(await page.textContent('main')).toContain('SIMPEG');
    const notes = page.locator('form.notes').filter({ has: page.locator('input[value=incidents]') });
    await notes.locator('textarea[name=obstacles]').fill('Server SIMPEG sering penuh');
    await notes.locator('button').click();
    await page.waitForURL(/laporan\?period=/);
    expect(await page.textContent('.flash')).toContain('tersimpan');
    expect(await notes.locator('textarea[name=obstacles]').inputValue()).toBe('Server SIMPEG sering penuh');
    await shot(page, 'laporan-1280x800');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:text("xlsx")')]);
    expect(download.suggestedFilename()).toBe(`laporan-evaluasi-${year}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path()) as string);
    const cells = book.worksheets.flatMap((ws) => {
      const out: string[] = [];
      ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? ''))));
      return out;
    });
    expect(cells.join('\n')).toContain('SIMPEG');
    expect(cells.join('\n')).toContain('Server SIMPEG sering penuh');

    // A technician has no report: it is the coordinators'.
    const tech = await loggedIn('teknisi');
    await tech.goto(`${h.app.url}/dashboard/laporan`);
    expect(await tech.textContent('main')).toContain('hanya untuk Koordinator Layanan');
    const file = await tech.goto(`${h.app.url}/dashboard/laporan/unduh.xlsx?period=${year}`);
    expect(file?.status()).toBe(404);

    // A rating as the reporter gives it after confirming (fixture: set on the row).
    await h.db.prisma.ticket.update({
      where: { code: sipd },
      data: { rating: 4, feedback: 'Cepat ditangani, terima kasih' },
    });
    await page.goto(`${h.app.url}/dashboard/kanal`);
    expect(await page.textContent('main')).toMatch(/simulator\s*tersambung/);
    expect(await page.textContent('main')).toContain('PT SIMPEG');

    await page.goto(`${h.app.url}/dashboard/kepuasan`);
    expect(await page.locator('svg').count()).toBe(2);
    expect(await page.textContent('main')).toContain(
      '1 penilaian dalam 12 bulan terakhir; rata-rata 4 dari 5',
    );
    expect(await page.locator('svg[aria-label="Sebaran nilai kepuasan"] title').allTextContents()).toContain(
      '4 Puas: 1',
    );
    expect(await page.textContent('main')).toContain('Cepat ditangani, terima kasih');
    await shot(page, 'kepuasan-1280x800');
    const phone = await loggedIn('koordinator', { width: 390, height: 844 });
    await phone.goto(`${h.app.url}/dashboard/laporan?period=${year}`);
    await shot(phone, 'laporan-390x844');
  });

  it('an admin links a chat staff member to a new account, which then has exactly their roles', async () => {
    const page = await loggedIn('kepala');
    await page.click('nav a:text("Staf")');
    await page.waitForURL('**/dashboard/staf');
    const list = (await page.textContent('main')) ?? '';
    expect(list).toContain('Koordinator 1');
    expect(list).toContain('Teknisi 2');
    expect(list).not.toContain('6285200000001');
    const create = async (username: string, password: string) => {
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', password);
      await page.selectOption('select[name=contactId]', { label: 'Teknisi 2' });
      await page.click('form:has(input[name=username]) button');
      await page.waitForURL('**/dashboard/staf');
      return page.textContent('.flash');
    };
    expect(await create('teknisi2', 'pendek')).toContain('minimal 10 karakter');
    expect(await h.db.prisma.dashboardAccount.count({ where: { username: 'teknisi2' } })).toBe(0);
    expect(await create('teknisi2', PASSWORD)).toContain('Akun dasbor "teknisi2" dibuat');
    await shot(page, 'staf-1280x800');

    const tech = await loggedIn('teknisi2');
    expect(await tech.textContent('.logout span')).toBe('teknisi2 · Pengelola Teknis');
    // Not a coordinator: no staff list, no way to make accounts.
    await tech.goto(`${h.app.url}/dashboard/staf`);
    expect(await tech.textContent('main')).toContain('hanya untuk Koordinator Layanan dan admin');
    expect(await tech.locator('input[name=password]').count()).toBe(0);
  });

  it('a Penyedia Layanan approves a change from the page, as /setujui in chat (002:475)', async () => {
    const reporter = '6285200000004';
    await h.say(reporter, '2');
    let said = (await h.say(reporter, 'perubahan-aplikasi')).map((m) => m.text).join('\n');
    let code = '';
    for (let turn = 0; turn < 4 && !code; turn++) {
      code = /LYN-\d{4}-\d{4}/.exec(said)?.[0] ?? '';
      if (code) break;
      const answer =
        /kirim|ajukan|benar/i.test(said) && !/jelaskan|tuliskan/i.test(said) ? '1' : 'tambah menu laporan';
      said = (await h.say(reporter, answer)).map((m) => m.text).join('\n');
    }
    expect(code).toMatch(/^LYN-/);
    await staffAccount('penyedia', 'penyedia1');
    const page = await loggedIn('penyedia');
    await page.goto(`${h.app.url}/dashboard/tiket/${code}`);
    const approve = page.locator('form:has(input[value=setujui])');
    await approve.locator('textarea').fill('sesuai rencana kerja');
    await approve.locator('button').click();
    await page.waitForURL(`**/dashboard/tiket/${code}`);
    expect(await page.textContent('.flash')).toMatch(/Persetujuan .* tercatat/);
    const t = await h.db.prisma.ticket.findUniqueOrThrow({ where: { code }, include: { events: true } });
    expect(t.approval).toBe('APPROVED');
    expect(t.approvalNote).toBe('sesuai rencana kerja');
    expect(t.events.filter((e) => e.type === 'approved')).toHaveLength(1);
    // Decided: the forms are gone, the page shows who decided.
    expect(await page.locator('form:has(input[value=setujui])').count()).toBe(0);
    expect(await page.textContent('main')).toContain('disetujui oleh Penyedia 1');
  });

  it('a coordinator re-routes a service to another team group: the next incident goes there, the change is recorded', async () => {
    const page = await loggedIn('koordinator');
    await page.goto(`${h.app.url}/dashboard/kanal`);
    const ekinerjaService = await h.db.prisma.service.findFirstOrThrow({ where: { code: 'ekinerja' } });
    const simpegGroup = await h.db.prisma.teamGroup.findUniqueOrThrow({
      where: { channel_chatId: { channel: 'simulator', chatId: 'pt-simpeg' } },
    });
    const before = ekinerjaService.teamGroupId;
    const form = page.locator(`form:has(input[name=serviceId][value="${ekinerjaService.id}"])`);
    await form.locator('select[name=teamGroupId]').selectOption(String(simpegGroup.id));
    await form.locator('button').click();
    await page.waitForURL('**/dashboard/kanal');
    expect(await page.textContent('.flash')).toContain('sekarang diteruskan ke grup PT SIMPEG');
    await shot(page, 'kanal-rute-1280x800');
    expect(
      (await h.db.prisma.service.findUniqueOrThrow({ where: { id: ekinerjaService.id } })).teamGroupId,
    ).toBe(simpegGroup.id);
    const changes = await h.db.prisma.configChange.findMany({ where: { kind: 'routing' } });
    expect(changes).toHaveLength(1);
    const account = await h.db.prisma.dashboardAccount.findUniqueOrThrow({
      where: { username: 'koordinator' },
    });
    expect(changes[0]).toMatchObject({
      actor: `dashboard:${account.id}`,
      subject: 'service:ekinerja',
      before: { teamGroupId: before },
      after: { teamGroupId: simpegGroup.id, chatId: 'pt-simpeg' },
    });

    // A new e-Kinerja incident is escalated to the SIMPEG team's group now.
    const code = await incident('6285200000005', 'ekinerja', 'ekinerja tidak bisa simpan laporan harian');
    await expect
      .poll(async () => (await h.messages('pt-simpeg')).map((m) => m.text).join('\n'), { timeout: 15_000 })
      .toContain(code);

    // An unknown group or service is said and changes nothing.
    const csrf = (await page.getAttribute('input[name=csrf]', 'value')) ?? '';
    const url = `${h.app.url}/dashboard/kanal/rute`;
    const bad = await page.request.post(url, {
      form: { serviceId: String(ekinerjaService.id), teamGroupId: '999999', csrf },
    });
    expect(await bad.text()).toContain('tidak terdaftar sebagai grup tim');
    const noService = await page.request.post(url, { form: { serviceId: '999999', teamGroupId: '', csrf } });
    expect(await noService.text()).toContain('Layanan itu tidak ada');
    // Without the CSRF token: 403, nothing changes.
    const bare = await page.request.post(url, {
      form: { serviceId: String(ekinerjaService.id), teamGroupId: '' },
      maxRedirects: 0,
    });
    expect(bare.status()).toBe(403);
    // A technician may not route: 404 as for any page not theirs, and they see no form.
    const tech = await loggedIn('teknisi');
    await tech.goto(`${h.app.url}/dashboard/kanal`);
    expect(await tech.locator('form.inline').count()).toBe(0);
    const techCsrf = (await tech.getAttribute('input[name=csrf]', 'value')) ?? '';
    const refused = await tech.request.post(url, {
      form: { serviceId: String(ekinerjaService.id), teamGroupId: '', csrf: techCsrf },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(404);
    expect(
      (await h.db.prisma.service.findUniqueOrThrow({ where: { id: ekinerjaService.id } })).teamGroupId,
    ).toBe(simpegGroup.id);
    expect(await h.db.prisma.configChange.count({ where: { kind: 'routing' } })).toBe(1);
  });

  it('an admin approves a pending staff request from the Staf page and the person is told; then switches them off', async () => {
    const person = 'calon-koordinator';
    const [asked] = await h.say(person, '/daftar-staf koordinator', { name: 'Calon Koordinator' });
    expect(asked?.text).toMatch(/nomor \d+/);
    const request = await h.db.prisma.staff.findFirstOrThrow({
      where: { contact: { identities: { some: { externalId: person } } } },
    });
    // A coordinator sees the list but cannot decide.
    const coord = await loggedIn('koordinator');
    await coord.goto(`${h.app.url}/dashboard/staf`);
    expect(await coord.locator('input[name=staffId]').count()).toBe(0);

    const page = await loggedIn('kepala');
    await page.goto(`${h.app.url}/dashboard/staf`);
    const row = page.locator('tr', { hasText: 'Calon Koordinator' });
    expect(await row.textContent()).toContain('menunggu persetujuan');
    await row.locator('button:text("Setujui")').click();
    await page.waitForURL('**/dashboard/staf');
    expect(await page.textContent('.flash')).toContain(`Permintaan staf #${request.id} disetujui`);
    await expect
      .poll(async () => (await h.messages(person)).map((m) => m.text).join('\n'), { timeout: 15_000 })
      .toContain('Anda sekarang terdaftar sebagai Koordinator Layanan');
    expect(
      (await h.db.prisma.staff.findUniqueOrThrow({ where: { id: request.id } })).approvedAt,
    ).not.toBeNull();

    await page.locator('tr', { hasText: 'Calon Koordinator' }).locator('button:text("Nonaktifkan")').click();
    await page.waitForURL('**/dashboard/staf');
    expect(await page.textContent('.flash')).toContain('Calon Koordinator dinonaktifkan');
    expect(await page.locator('tr', { hasText: 'Calon Koordinator' }).textContent()).toContain('nonaktif');
    expect((await h.db.prisma.staff.findUniqueOrThrow({ where: { id: request.id } })).active).toBe(false);
    const changes = await h.db.prisma.configChange.findMany({
      where: { kind: 'staff', subject: `staff:${request.id}` },
      orderBy: { id: 'asc' },
    });
    expect(changes.map((c) => [c.before, c.after])).toMatchObject([
      [{ approved: false }, { approved: true, active: true }],
      [{ active: true }, { active: false }],
    ]);
    // The audit is append-only.
    await expect(
      h.db.prisma.configChange.update({ where: { id: changes[0]?.id ?? 0 }, data: { subject: 'x' } }),
    ).rejects.toThrow(/append-only/);
  });

  it("a reporter's text is shown as text, never as markup", async () => {
    const code = await incident('6285200000003', 'lpse', 'halaman <img src=x onerror="alert(1)"> kosong');
    const page = await loggedIn('koordinator');
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(`${h.app.url}/dashboard/tiket/${code}`);
    expect(await page.textContent('ol.timeline')).toContain('<img src=x onerror="alert(1)">');
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toBe(0);
  });

  it('logging out ends the session: its cookie no longer opens a page', async () => {
    const page = await loggedIn('koordinator');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'dasbor_sesi');
    await page.click('.logout button');
    await page.waitForURL('**/dashboard/login');
    const res = await fetch(`${h.app.url}/dashboard`, {
      headers: { cookie: `dasbor_sesi=${cookie?.value}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/login');
  });

  it('a session unused for 8 hours is over', async () => {
    const page = await loggedIn('koordinator');
    const id = (await page.context().cookies()).find((c) => c.name === 'dasbor_sesi')?.value ?? '';
    const row = await h.db.prisma.dashboardSession.findUniqueOrThrow({ where: { id } });
    // Idle expiry: 8 hours after the last request.
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
    await h.db.prisma.dashboardSession.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await page.goto(`${h.app.url}/dashboard/sla`);
    expect(page.url()).toBe(`${h.app.url}/dashboard/login`);
    expect(await h.db.prisma.dashboardSession.count({ where: { id } })).toBe(0);
  });
});
