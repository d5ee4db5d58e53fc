/**
 * A page (and its API) behind a secret token from configuration: a program sends
 * `Authorization: Bearer <token>`; a person logs in once on a small form, which leaves a signed,
 * HTTP-only, SameSite=Strict cookie in the browser. Used by the simulator (SIMULATOR_TOKEN) and the
 * WhatsApp link page (ADMIN_TOKEN); each names its own paths, cookie and words.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from './html.ts';

export interface TokenGuard {
  /** The page a person opens (`/simulator`): it, everything under it and `${page}/login` are guarded. */
  page: string;
  /** More path prefixes the guard covers (an API: `/api/simulator/`). */
  alsoUnder?: string[];
  /** The cookie holding the signed session. */
  cookie: string;
  /** The login page's heading and title ("Simulator Helpdesk"). */
  title: string;
  /** One sentence above the form: what this is and which token to enter. */
  intro: string;
  /** Who refuses an API call without the token, as the start of a sentence ("Simulator"). */
  subject: string;
  /** The realm of the WWW-Authenticate header. */
  realm: string;
}

/** A login lasts this long; after it the cookie is refused, wherever it was copied to. */
export const SESSION_SECONDS = 12 * 60 * 60;

/** Compares in constant time: digests first, so lengths are equal and nothing is learned from them. */
export function sameSecret(given: string, token: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function bearer(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

const pathOf = (url: string) => url.split('?')[0] ?? '';

/** The signed value names the guard it is for: a cookie of one guarded page never opens another. */
const scopeOf = (g: TokenGuard) => g.page.replace(/^\/+/, '').replace(/[^A-Za-z0-9_-]/g, '_');

function hasSession(req: FastifyRequest, token: string, g: TokenGuard): boolean {
  const raw = req.cookies[g.cookie];
  if (!raw) return false;
  const r = fastifyCookie.unsign(raw, token);
  // "<scope>.<issued at>": a copied cookie stops working after the session's time, not only in that browser.
  const m = /^([A-Za-z0-9_-]+)\.(\d+)$/.exec(r.valid ? (r.value ?? '') : '');
  if (!m || m[1] !== scopeOf(g)) return false;
  const issued = Number(m[2]);
  return Number.isFinite(issued) && Date.now() - issued < SESSION_SECONDS * 1000;
}

function loginPage(g: TokenGuard, failed: boolean): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(g.title)} — masuk</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
input,button{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;margin-top:.5rem}
.err{color:#b00020}</style></head>
<body><h1>${escapeHtml(g.title)}</h1>
<p>${escapeHtml(g.intro)}</p>
${failed ? '<p class="err">Token salah. Coba lagi.</p>' : ''}
<form method="post" action="${escapeHtml(`${g.page}/login`)}"><label>Token<input type="password" name="token" autocomplete="current-password" required autofocus></label>
<button type="submit">Masuk</button></form></body></html>`;
}

/**
 * Guards the page's routes with `token`. Call before those routes are added; every other route (health,
 * webhooks, other pages) is left alone. Needs @fastify/cookie on the server (src/http/server.ts has it).
 */
export function protectWithToken(app: FastifyInstance, token: string, g: TokenGuard): void {
  const loginPath = `${g.page}/login`;
  const prefixes = [`${g.page}/`, ...(g.alsoUnder ?? [])];
  const guarded = (url: string) => {
    const p = pathOf(url);
    return p === g.page || prefixes.some((x) => p.startsWith(x));
  };
  const refuse = (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method === 'GET' && pathOf(req.url) === g.page)
      return reply
        .code(401)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(loginPage(g, false));
    return reply
      .code(401)
      .header('www-authenticate', `Bearer realm="${g.realm}"`)
      .send({ error: `${g.subject} memerlukan token: kirim header Authorization: Bearer <token>.` });
  };
  app.addHook('onRequest', async (req, reply) => {
    if (!guarded(req.url) || pathOf(req.url) === loginPath) return;
    const given = bearer(req);
    if (given !== null ? sameSecret(given, token) : hasSession(req, token, g)) return;
    return refuse(req, reply);
  });

  // The login form posts url-encoded fields; only this route reads them.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.post<{ Body: { token?: unknown } }>(loginPath, async (req, reply) => {
      const given = typeof req.body?.token === 'string' ? req.body.token : '';
      if (!given || !sameSecret(given, token))
        return reply.code(401).type('text/html; charset=utf-8').send(loginPage(g, true));
      return reply
        .setCookie(g.cookie, fastifyCookie.sign(`${scopeOf(g)}.${Date.now()}`, token), {
          httpOnly: true,
          sameSite: 'strict',
          path: '/',
          maxAge: SESSION_SECONDS,
          secure: req.protocol === 'https',
        })
        .code(303)
        .header('location', g.page)
        .send();
    });
  });
}
