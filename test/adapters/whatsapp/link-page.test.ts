/**
 * The link page on a bare Fastify server, with a session state the test sets: what an admin sees on a
 * phone while linking the helpdesk number, and who may see it.
 */
import { Writable } from 'node:stream';
import { fastifyCookie } from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { type LinkView, registerLinkPage } from '../../../adapters/whatsapp/link-page.ts';
import { printQrInTerminal } from '../../../adapters/whatsapp/qr.ts';

const TOKEN = 'token-admin-0123456789abcdef';
/** What WhatsApp Web's `qr` event carries: ref, public key, identity key, advertising id. */
const QR = '2@Xk3f9QwErTyUiOpAsDfGhJkL1234567890abcdEFGH,d3VtbXlQdWJsaWNLZXk=,aWRlbnRpdHlLZXk=,YWR2SWQ=';
const QR_NEXT = '2@Zz9y8x7w6v5u4t3s2r1q0pOnMlKjIhGfEdCbA1234,d3VtbXlQdWJsaWNLZXk=,aWRlbnRpdHlLZXk=,YWR2SWQ=';
const PAIRING = 'K7QW2M9X';

/** Every log line the servers write, at the most detailed level. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let view: LinkView = { state: 'starting', updatedAt: new Date().toISOString() };
const set = (v: Omit<LinkView, 'updatedAt'>) => {
  view = { ...v, updatedAt: new Date(Date.parse(view.updatedAt) + 1000).toISOString() };
};

async function server(token: string | undefined): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: pino({ level: 'trace' }, sink) as FastifyBaseLogger });
  await app.register(fastifyCookie);
  registerLinkPage(app, { link: () => view, token });
  await app.ready();
  return app;
}

const open = await server(undefined);
const guarded = await server(TOKEN);
afterAll(async () => {
  await open.close();
  await guarded.close();
});

const bearer = { authorization: `Bearer ${TOKEN}` };
const page = async (headers: Record<string, string> = bearer) => {
  const res = await guarded.inject({ method: 'GET', url: '/whatsapp', headers });
  return { status: res.statusCode, html: res.body, headers: res.headers };
};
const state = async () =>
  (await guarded.inject({ method: 'GET', url: '/whatsapp/state', headers: bearer })).json() as Record<
    string,
    unknown
  >;
const svgOf = (qr: string) => QRCode.toString(qr, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });

describe('the WhatsApp link page', () => {
  it('is closed (404, saying why in one line) when no ADMIN_TOKEN is configured, even while a QR code waits', async () => {
    set({ state: 'waiting_for_link', qr: QR });
    const res = await open.inject({ method: 'GET', url: '/whatsapp' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toMatch(/ADMIN_TOKEN belum diisi/);
    expect(res.body.split('\n')).toHaveLength(1);
    expect(res.body).not.toContain('<svg');
    const json = await open.inject({ method: 'GET', url: '/whatsapp/state' });
    expect(json.statusCode).toBe(404);
    expect(json.json()).toEqual({ error: expect.stringMatching(/ADMIN_TOKEN/) });
    // The token of the other page does not open it either.
    expect((await open.inject({ method: 'GET', url: '/whatsapp', headers: bearer })).statusCode).toBe(404);
  });

  it('asks for the admin token without it, and shows no code', async () => {
    set({ state: 'waiting_for_link', qr: QR, pairingCode: PAIRING });
    const res = await page({});
    expect(res.status).toBe(401);
    expect(res.html).toContain('ADMIN_TOKEN');
    expect(res.html).toContain('<form method="post" action="/whatsapp/login"');
    expect(res.html).not.toContain('<svg');
    expect(res.html).not.toContain('K7QW');
    const wrong = await page({ authorization: 'Bearer salah-salah-salah-salah' });
    expect(wrong.status).toBe(401);
    const json = await guarded.inject({ method: 'GET', url: '/whatsapp/state' });
    expect(json.statusCode).toBe(401);
    expect(json.json()).toEqual({ error: expect.stringMatching(/memerlukan token/) });
  });

  it('lets an admin log in once on the form: a signed HTTP-only SameSite=Strict cookie opens the page', async () => {
    set({ state: 'waiting_for_link', qr: QR });
    const login = (token: string) =>
      guarded.inject({
        method: 'POST',
        url: '/whatsapp/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token }).toString(),
      });
    const refused = await login('bukan-token-yang-benar');
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('Token salah');
    expect(refused.headers['set-cookie']).toBeUndefined();

    const ok = await login(TOKEN);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/whatsapp');
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0] ?? '';
    const shown = await page({ cookie });
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('<svg');

    // A cookie signed with the same token for another page (the simulator's) opens nothing here.
    const other = fastifyCookie.sign(`simulator.${Date.now()}`, TOKEN);
    expect((await page({ cookie: `admin_session=${encodeURIComponent(other)}` })).status).toBe(401);
  });

  it('shows the QR code as an image while waiting for link, with the steps, and follows it as WhatsApp rotates it', async () => {
    set({ state: 'waiting_for_link', qr: QR });
    const first = await page();
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.html).toContain('Menunggu ditautkan');
    expect(first.html).toContain(await svgOf(QR));
    expect(first.html).toMatch(/Perangkat tertaut.*Tautkan perangkat/s);
    // Drawn, not written: the code's text is nowhere in the page to copy.
    expect(first.html).not.toContain(QR.slice(0, 20));
    // No CDN: everything is in the page; it polls the state to reload when the code changes.
    expect(first.html).not.toMatch(/<(script|link)[^>]+(src|href)=/);
    expect(first.html).toContain("fetch('/whatsapp/state'");

    const before = await state();
    set({ state: 'waiting_for_link', qr: QR_NEXT });
    const after = await state();
    expect(after.updatedAt).not.toBe(before.updatedAt);
    const next = await page();
    expect(next.html).toContain(await svgOf(QR_NEXT));
    expect(next.html).not.toContain(await svgOf(QR));
  });

  it('shows the pairing code in large characters, with the steps to type it in', async () => {
    set({ state: 'waiting_for_link', pairingCode: PAIRING });
    const { html } = await page();
    expect(html).toContain('<p class="code" aria-label="Kode penautan">K7QW-2M9X</p>');
    expect(html).toContain('Tautkan dengan nomor telepon saja');
    expect(html).not.toContain('<svg');
    expect(await state()).toMatchObject({
      state: 'waiting_for_link',
      pairingCode: 'K7QW-2M9X',
      hasQr: false,
    });
  });

  it('says the state in words, and no code once linked', async () => {
    const words = {
      starting: 'Memulai',
      waiting_for_link: 'Menunggu ditautkan',
      connected: 'Terhubung',
      reconnecting: 'Menyambung ulang',
      logged_out: 'Keluar — perlu ditautkan ulang',
    };
    for (const [s, w] of Object.entries(words)) {
      set({ state: s });
      const { html } = await page();
      expect(html).toContain(`id="state">${w}</span>`);
      expect(await state()).toEqual({ state: s, label: w, updatedAt: view.updatedAt, hasQr: false });
    }
    // A stale code the session still holds is not shown once it is linked.
    set({ state: 'connected', qr: QR, pairingCode: PAIRING });
    const { html } = await page();
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('K7QW');
    expect(html).toContain('sudah tertaut');
  });

  it('puts no QR code, pairing code or token in any log line', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [QR, QR.slice(2, 30), QR_NEXT.slice(2, 30), PAIRING, 'K7QW-2M9X', TOKEN])
      expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  });
});

describe('the QR code in the terminal', () => {
  it('is drawn on a terminal, and not into a log (stdout of a service)', () => {
    const written: string[] = [];
    expect(printQrInTerminal(QR, { isTTY: true, write: (s: string) => written.push(s) })).toBe(true);
    expect(written.join('')).toMatch(/Perangkat tertaut/);
    expect(written.join('')).toMatch(/[▀▄█]/);
    const piped: string[] = [];
    expect(printQrInTerminal(QR, { isTTY: false, write: (s: string) => piped.push(s) })).toBe(false);
    expect(piped).toEqual([]);
  });
});
