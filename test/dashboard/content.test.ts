/**
 * The Katalog and FAQ pages in Chromium, on a copy of the catalogue and the FAQ: a coordinator's edit
 * is written to the file, recorded in ConfigChange and is the bot's next answer in the simulator; an
 * edit the start-up checks refuse is said on the form (typed values kept) and writes nothing; a
 * technician gets 404 on the forms. Screenshots at desktop and phone size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/dashboard/accounts.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { useChromium } from '../support/chromium.ts';
import { contentCopy } from '../support/content-copy.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const PASSWORD = 'kata-sandi-rahasia-1';
const copy = contentCopy();
const h = useHelpdesk({ CALENDAR_FILE: allDayCalendarFile(), ...copy.env });
const { loggedIn, shot } = useChromium(() => h.app.url ?? '', PASSWORD);
const url = (p: string) => `${h.app.url}/dashboard${p}`;
const catalogue = () => fs.readFileSync(copy.catalogueFile, 'utf8');

beforeAll(async () => {
  for (const [username, id] of [
    ['koordinator', 'koordinator1'],
    ['teknisi', 'teknisi1'],
  ] as const)
    await createAccount(h.db.prisma, { username, password: PASSWORD, admin: false, link: `simulator:${id}` });
});

describe('Katalog and FAQ pages', () => {
  it("a coordinator renames SIMPEG and adds an alias: the file has it, and a reporter's alias finds it", async () => {
    const page = await loggedIn('koordinator');
    await page.click('nav a:text("Katalog")');
    await page.waitForURL('**/dashboard/katalog');
    expect(await page.locator('tr', { hasText: 'simpeg' }).first().textContent()).toContain('SIMPEG');
    await shot(page, 'katalog-1280x800');
    await page.click('a:text-is("simpeg")');
    await page.waitForURL('**/dashboard/katalog/simpeg');
    await page.fill('input[name=name]', 'SIMPEG Kepegawaian');
    const aliases = page.locator('textarea[name=aliases]');
    await aliases.fill(`${await aliases.inputValue()}\nsikepo`);
    await shot(page, 'katalog-layanan-1280x800');
    await page.click('form.entry:not(.danger) button');
    await page.waitForURL('**/dashboard/katalog');
    expect(await page.textContent('.flash')).toContain('SIMPEG Kepegawaian tersimpan');
    expect(catalogue()).toMatch(/name: SIMPEG Kepegawaian\n/);
    expect(catalogue()).toContain('sikepo');

    const code = await h.reportIncident('6285200000101', {
      service: 'sikepo',
      symptom: 'tidak bisa login sejak pagi',
      since: 'sejak pagi',
      impact: 'semua pegawai kena',
    });
    const ticket = await h.db.prisma.ticket.findUniqueOrThrow({
      where: { code },
      include: { service: true },
    });
    expect(ticket.service).toMatchObject({ code: 'simpeg', name: 'SIMPEG Kepegawaian' });
    const [change] = await h.db.prisma.configChange.findMany({
      where: { kind: 'catalogue', subject: 'simpeg' },
    });
    expect(change?.before).toMatchObject({ name: expect.not.stringContaining('Kepegawaian') });
    expect(change?.after).toMatchObject({
      name: 'SIMPEG Kepegawaian',
      aliases: expect.arrayContaining(['sikepo']),
    });

    const phone = await loggedIn('koordinator', { width: 390, height: 844 });
    await phone.goto(url('/katalog'));
    await shot(phone, 'katalog-390x844');
    await phone.goto(url('/katalog/simpeg'));
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(phone, 'katalog-layanan-390x844');
  });

  it('an edit the start-up checks refuse is said on the form with what was typed, and the file is unchanged', async () => {
    const page = await loggedIn('koordinator');
    const before = catalogue();
    await page.goto(url('/katalog/simpeg'));
    await page.fill('input[name=name]', 'Nama yang tidak tersimpan');
    await page.fill('input[name=fulfilment_target]', 'secepatnya');
    await page.click('form.entry:not(.danger) button');
    expect(await page.textContent('.error')).toContain('"secepatnya" bukan durasi');
    expect(await page.inputValue('input[name=name]')).toBe('Nama yang tidak tersimpan');
    expect(catalogue()).toBe(before);

    // SIMPEG is named by the FAQ topic faq/simpeg.md: removing it is refused, naming that file.
    await page.goto(url('/katalog/simpeg'));
    await page.check('input[name=confirm]');
    await page.click('form.danger button');
    expect(await page.textContent('.error')).toMatch(/faq\/\S+\.md: rujukan: .*simpeg/);
    await shot(page, 'katalog-ditolak-1280x800');
    expect(catalogue()).toBe(before);
    expect(await h.db.prisma.configChange.count({ where: { kind: 'catalogue' } })).toBe(1);
  });

  it("an FAQ answer edited from the page is the bot's answer in the simulator", async () => {
    const page = await loggedIn('koordinator');
    await page.click('nav a:text("FAQ")');
    await page.waitForURL('**/dashboard/faq');
    await shot(page, 'faq-1280x800');
    await page.click('a:text-is("jam-layanan")');
    await page.waitForURL('**/dashboard/faq/jam-layanan');
    const answer = 'Helpdesk melayani Senin–Jumat pukul 07.30–16.00. Di luar jam itu pesan tetap dicatat.';
    await page.fill('textarea[name=answer]', answer);
    await shot(page, 'faq-topik-1280x800');
    await page.click('form.entry:not(.danger) button');
    await page.waitForURL('**/dashboard/faq');
    expect(await page.textContent('.flash')).toContain('Topik jam-layanan tersimpan');
    const file = fs.readFileSync(path.join(copy.faqDir, 'jam-layanan.md'), 'utf8');
    expect(file.endsWith(`---\n${answer}\n`)).toBe(true);

    const replies = await h.say('6285200000102', 'jam berapa helpdesk buka?');
    expect(replies.map((m) => m.text).join('\n')).toContain('pukul 07.30–16.00');
    const [change] = await h.db.prisma.configChange.findMany({
      where: { kind: 'faq', subject: 'jam-layanan.md' },
    });
    expect(String(change?.after)).toContain(answer);
    expect(String(change?.before)).not.toContain(answer);

    // A reference to a service the catalogue lacks is refused, naming it; the file stays.
    await page.goto(url('/faq/jam-layanan'));
    await page.fill('textarea[name=answer]', 'Lihat {layanan:tidak-ada}.');
    await page.click('form.entry:not(.danger) button');
    expect(await page.textContent('.error')).toContain('faq/jam-layanan.md: rujukan: {layanan:tidak-ada}');
    expect(await page.inputValue('textarea[name=answer]')).toBe('Lihat {layanan:tidak-ada}.');
    expect(fs.readFileSync(path.join(copy.faqDir, 'jam-layanan.md'), 'utf8')).toBe(file);

    const phone = await loggedIn('koordinator', { width: 390, height: 844 });
    await phone.goto(url('/faq/jam-layanan'));
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(phone, 'faq-topik-390x844');
  });

  it('a technician reads the lists but gets 404 on the forms; a POST without CSRF is refused', async () => {
    const tech = await loggedIn('teknisi');
    await tech.goto(url('/katalog'));
    expect(await tech.textContent('main')).toContain('simpeg');
    expect(await tech.locator('a:text("Tambah layanan")').count()).toBe(0);
    for (const p of ['/katalog/simpeg', '/katalog/baru', '/faq/jam-layanan', '/faq/baru'])
      expect((await tech.goto(url(p)))?.status()).toBe(404);
    const csrf = (await tech.getAttribute('input[name=csrf]', 'value')) ?? '';
    const before = catalogue();
    const post = await tech.request.post(url('/katalog/simpan'), {
      form: { csrf, original: 'simpeg', name: 'Diubah teknisi' },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(404);
    const coord = await loggedIn('koordinator');
    const bare = await coord.request.post(url('/faq/simpan'), {
      form: { original: 'jam-layanan', title: 'x', questions: 'x', answer: 'x' },
      maxRedirects: 0,
    });
    expect(bare.status()).toBe(403);
    expect(catalogue()).toBe(before);
    expect(await h.db.prisma.configChange.count({ where: { kind: { in: ['catalogue', 'faq'] } } })).toBe(2);
  });
});
