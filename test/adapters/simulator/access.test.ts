import { describe, expect, it } from 'vitest';
import { useHelpdesk } from '../../support/helpdesk.ts';

const TOKEN = 'rahasia-simulator-0123456789abcdef';
const h = useHelpdesk({ SIMULATOR_TOKEN: TOKEN });

const url = (path: string) => `${h.app.url}${path}`;
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url('/api/simulator/messages'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const bearer = { authorization: `Bearer ${TOKEN}` };

async function login(token: string): Promise<Response> {
  return fetch(url('/simulator/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
}

describe('the simulator behind SIMULATOR_TOKEN', () => {
  it('refuses every route without the token, shows no data and stores nothing', async () => {
    for (const path of ['/api/simulator/chats', '/api/simulator/chats/admin/messages']) {
      const res = await fetch(url(path));
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/memerlukan token/) });
    }
    const wrong = await post(
      { chatId: 'pt-simpeg', from: 'admin', group: true, text: '/daftar-grup simpeg' },
      { authorization: 'Bearer salah-salah-salah-salah' },
    );
    expect(wrong.status).toBe(401);
    expect((await post({ chatId: 'warga1', text: 'halo' })).status).toBe(401);
    expect(await h.db.prisma.inboundMessage.count()).toBe(0);
    expect(await h.db.prisma.simulatorMessage.count({ where: { direction: 'in' } })).toBe(0);

    // The page asks for the token instead of showing the chats.
    const page = await fetch(url('/simulator'));
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html).toContain('dilindungi token');
    expect(html).not.toContain('/api/simulator');
  });

  it('accepts a program that sends the token as a bearer', async () => {
    const res = await post({ chatId: 'warga2', text: 'jam brp helpdesk buka?', messageId: 'b1' }, bearer);
    expect(res.status).toBe(202);
    const replies = await h.repliesTo('b1');
    expect(replies.length).toBeGreaterThan(0);
    const list = await fetch(url('/api/simulator/chats'), { headers: bearer });
    expect(list.status).toBe(200);
    expect((await list.json()) as { chatId: string }[]).toContainEqual(
      expect.objectContaining({ chatId: 'warga2' }),
    );
  });

  it('lets a person log in on the page once; the cookie opens the page and the API', async () => {
    const refused = await login('bukan-token-yang-benar');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(await refused.text()).toContain('Token salah');

    const ok = await login(TOKEN);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/simulator');
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0] ?? '';

    const page = await fetch(url('/simulator'), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("const API = '/api/simulator'");
    const chats = await fetch(url('/api/simulator/chats'), { headers: { cookie } });
    expect(chats.status).toBe(200);

    // A cookie signed with anything but the token opens nothing.
    const forged = cookie.replace(/=.*/, '=simulator.9999999999999.c2lnbmF0dXJl');
    expect((await fetch(url('/api/simulator/chats'), { headers: { cookie: forged } })).status).toBe(401);
  });

  it('leaves the health check open', async () => {
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });
});
