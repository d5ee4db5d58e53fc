/**
 * Who may use the simulator. Without a token (the embedded default on loopback) anyone who can reach
 * the port may; with SIMULATOR_TOKEN every simulator route asks for it — `Authorization: Bearer <token>`
 * from a program, or the page's login form, which leaves a signed, HTTP-only cookie in the browser.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const COOKIE = 'simulator_session';
const SESSION_SECONDS = 12 * 60 * 60;
const LOGIN_PATH = '/simulator/login';

/** Every route of the simulator, page and API. */
function isSimulatorRoute(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/simulator' || path.startsWith('/simulator/') || path.startsWith('/api/simulator/');
}

function sameSecret(given: string, token: string): boolean {
  // Digests first: equal lengths for timingSafeEqual, and nothing learned from the length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function bearer(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

function hasSession(req: FastifyRequest, token: string): boolean {
  const raw = req.cookies[COOKIE];
  if (!raw) return false;
  const r = fastifyCookie.unsign(raw, token);
  // "simulator.<issued at>": a copied cookie stops working after the session's time, not only in that browser.
  const issued = Number(/^simulator\.(\d+)$/.exec(r.valid ? (r.value ?? '') : '')?.[1]);
  return Number.isFinite(issued) && Date.now() - issued < SESSION_SECONDS * 1000;
}

const LOGIN_PAGE = (failed: boolean) => `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulator Helpdesk SPBE — masuk</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
input,button{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;margin-top:.5rem}
.err{color:#b00020}</style></head>
<body><h1>Simulator Helpdesk</h1>
<p>Simulator ini dilindungi token. Masukkan token simulator (SIMULATOR_TOKEN) dari admin.</p>
${failed ? '<p class="err">Token salah. Coba lagi.</p>' : ''}
<form method="post" action="${LOGIN_PATH}"><label>Token<input type="password" name="token" autocomplete="current-password" required autofocus></label>
<button type="submit">Masuk</button></form></body></html>`;

/**
 * Guards the simulator's routes when a token is configured. Call before the routes are added; routes
 * outside the simulator (health, webhooks) are not affected. Needs @fastify/cookie on the server.
 */
export function protectSimulator(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  const refuse = (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && path === '/simulator')
      return reply.code(401).type('text/html; charset=utf-8').send(LOGIN_PAGE(false));
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="simulator"')
      .send({ error: 'Simulator memerlukan token: kirim header Authorization: Bearer <token>.' });
  };
  app.addHook('onRequest', async (req, reply) => {
    if (!isSimulatorRoute(req.url) || req.url.split('?')[0] === LOGIN_PATH) return;
    const given = bearer(req);
    if (given !== null ? sameSecret(given, token) : hasSession(req, token)) return;
    return refuse(req, reply);
  });

  // The login form posts url-encoded fields; only this route reads them.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.post<{ Body: { token?: unknown } }>(LOGIN_PATH, async (req, reply) => {
      const given = typeof req.body?.token === 'string' ? req.body.token : '';
      if (!given || !sameSecret(given, token))
        return reply.code(401).type('text/html; charset=utf-8').send(LOGIN_PAGE(true));
      return reply
        .setCookie(COOKIE, fastifyCookie.sign(`simulator.${Date.now()}`, token), {
          httpOnly: true,
          sameSite: 'strict',
          path: '/',
          maxAge: SESSION_SECONDS,
          secure: req.protocol === 'https',
        })
        .code(303)
        .header('location', '/simulator')
        .send();
    });
  });
}
