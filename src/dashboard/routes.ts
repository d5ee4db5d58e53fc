/**
 * The web dashboard at /dashboard: login, tickets, one ticket with its actions, SLA board, evaluation
 * report, satisfaction, the service catalogue and the FAQ (edited into their files), channel status with
 * the group routing and WhatsApp's link code, staff and accounts. Every page needs a session (sessions.ts); every POST its CSRF
 * token (csrf.ts), else 403 and nothing changes. What a viewer sees is what their chat roles oversee.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attemptLogin } from './accounts.ts';
import { runTicketAction } from './actions.ts';
import { removeCatalogueEntry, saveCatalogueEntry } from './catalogue-edit.ts';
import type { DashboardDeps, PageCtx } from './context.ts';
import { CSRF_FIELD, csrfMatches, randomToken } from './csrf.ts';
import { removeFaqTopic, saveFaqTopic } from './faq-edit.ts';
import { BASE, page } from './layout.ts';
import { catalogueEntryPage, cataloguePage, NEW_ENTRY } from './pages/catalogue.ts';
import { channelsPage } from './pages/channels.ts';
import { faqPage, faqTopicPage, NEW_TOPIC } from './pages/faq.ts';
import { loginPage } from './pages/login.ts';
import { reportExport, reportPage, saveReportNotes } from './pages/report.ts';
import { satisfactionPage } from './pages/satisfaction.ts';
import { slaPage } from './pages/sla.ts';
import { createAccountFromForm, staffPage } from './pages/staff.ts';
import { ticketAttachment, ticketPage } from './pages/ticket.ts';
import { ticketsPage } from './pages/tickets.ts';
import { changeRouting } from './routing.ts';
import {
  createSession,
  endSession,
  readSession,
  SESSION_IDLE_HOURS,
  setFlash,
  takeFlash,
} from './sessions.ts';
import { changeStaffStatus } from './staff-status.ts';
import { accountStanding, roleWords } from './standing.ts';

const SESSION_COOKIE = 'dasbor_sesi';
/** The login form's own CSRF token, before there is a session. */
const LOGIN_COOKIE = 'dasbor_masuk';
const CSS = readFileSync(new URL('./dashboard.css', import.meta.url), 'utf8');

const text = {
  forbidden:
    'Permintaan ditolak: formulir tidak sah atau sudah kedaluwarsa. Muat ulang halaman dan coba lagi.',
  notFound: 'Halaman atau tiket tidak ditemukan.',
};

type Body = Record<string, string | undefined>;
const pathOf = (url: string) => url.split('?')[0] ?? '';

export function registerDashboard(app: FastifyInstance, deps: DashboardDeps): void {
  const db = deps.conversation.db;
  const contexts = new WeakMap<FastifyRequest, PageCtx>();
  const cookie = (maxAgeSeconds?: number) => ({
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.secureCookies,
    path: BASE,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  });
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
      )
      .type('text/html; charset=utf-8')
      .send(body);

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const open = new Set([`${BASE}/login`, `${BASE}/gaya.css`]);

    // A session on every page but the login form and the stylesheet.
    scope.addHook('onRequest', async (req, reply) => {
      const path = pathOf(req.url);
      if (path !== BASE && !path.startsWith(`${BASE}/`)) return;
      if (open.has(path)) return;
      const now = new Date();
      const session = await readSession(db, req.cookies[SESSION_COOKIE], now);
      if (!session) {
        if (req.method === 'GET') return reply.code(303).header('location', `${BASE}/login`).send();
        return html(reply, 403, page({ title: 'Ditolak', body: `<p class="error">${text.forbidden}</p>` }));
      }
      const who = await accountStanding(db, deps.conversation.admins, session.account);
      contexts.set(req, {
        db,
        deps,
        session,
        who,
        now,
        viewer: { username: session.account.username, roles: roleWords(who), csrf: session.csrfToken },
      });
    });
    // Every POST carries the session's token (the login form: its cookie's).
    scope.addHook('preHandler', async (req, reply) => {
      if (req.method !== 'POST') return;
      const given = (req.body as Body | undefined)?.[CSRF_FIELD];
      const expected =
        pathOf(req.url) === `${BASE}/login`
          ? req.cookies[LOGIN_COOKIE]
          : contexts.get(req)?.session.csrfToken;
      if (!csrfMatches(given, expected))
        return html(reply, 403, page({ title: 'Ditolak', body: `<p class="error">${text.forbidden}</p>` }));
    });
    const ctxOf = (req: FastifyRequest) => contexts.get(req) as PageCtx;
    const show = async (
      req: FastifyRequest,
      reply: FastifyReply,
      render: (c: PageCtx, flash: string | null) => Promise<string | null>,
    ) => {
      const c = ctxOf(req);
      const body = await render(c, await takeFlash(db, c.session.id));
      return body === null ? notFound(reply, c) : html(reply, 200, body);
    };
    const notFound = (reply: FastifyReply, c?: PageCtx) =>
      html(
        reply,
        404,
        page({
          title: 'Tidak ditemukan',
          body: `<p>${text.notFound}</p>`,
          ...(c ? { viewer: c.viewer } : {}),
        }),
      );

    /** A form post: `run` says what to tell the viewer and which page comes next; null: not theirs (404). */
    const act =
      <R extends FastifyRequest>(
        run: (c: PageCtx, req: R) => Promise<{ flash: string; to: string } | null>,
      ) =>
      async (req: R, reply: FastifyReply) => {
        const c = ctxOf(req);
        const next = await run(c, req);
        if (next === null) return notFound(reply, c);
        await setFlash(db, c.session.id, next.flash);
        return reply.code(303).header('location', next.to).send();
      };
    /**
     * A change to a content file (Katalog, FAQ): done, back to the list with the news; refused, the form
     * again with what was typed (422), and nothing written.
     */
    const contentChange =
      <F extends { problem: string }>(
        run: (c: PageCtx, body: Body) => Promise<{ done: string } | F | null>,
        list: string,
        formAgain: (c: PageCtx, refused: F) => Promise<string | null>,
      ) =>
      async (req: FastifyRequest<{ Body: Body }>, reply: FastifyReply) => {
        const c = ctxOf(req);
        const result = await run(c, req.body ?? {});
        if (result === null) return notFound(reply, c);
        if ('done' in result) {
          await setFlash(db, c.session.id, result.done);
          return reply.code(303).header('location', list).send();
        }
        const body = await formAgain(c, result);
        return body === null ? notFound(reply, c) : html(reply, 422, body);
      };

    scope.get(`${BASE}/gaya.css`, async (_req, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
    );

    scope.get(`${BASE}/login`, async (req, reply) => {
      const token = randomToken();
      reply.setCookie(LOGIN_COOKIE, token, cookie(3600));
      if (await readSession(db, req.cookies[SESSION_COOKIE], new Date()))
        return reply.code(303).header('location', BASE).send();
      return html(reply, 200, loginPage(token, false));
    });
    scope.post<{ Body: Body }>(`${BASE}/login`, async (req, reply) => {
      const now = new Date();
      const id = await attemptLogin(db, req.body?.username ?? '', req.body?.password ?? '', now);
      if (id === null) {
        const token = randomToken();
        reply.setCookie(LOGIN_COOKIE, token, cookie(3600));
        return html(reply, 401, loginPage(token, true));
      }
      const session = await createSession(db, id, now);
      return reply
        .clearCookie(LOGIN_COOKIE, cookie())
        .setCookie(SESSION_COOKIE, session, cookie(SESSION_IDLE_HOURS * 3600))
        .code(303)
        .header('location', BASE)
        .send();
    });
    scope.post(`${BASE}/logout`, async (req, reply) => {
      await endSession(db, ctxOf(req).session.id);
      return reply.clearCookie(SESSION_COOKIE, cookie()).code(303).header('location', `${BASE}/login`).send();
    });

    scope.get<{ Querystring: Record<string, string> }>(BASE, (req, reply) =>
      show(req, reply, (c, flash) => ticketsPage(c, req.query, flash)),
    );
    scope.get<{ Params: { code: string } }>(`${BASE}/tiket/:code`, (req, reply) =>
      show(req, reply, (c, flash) => ticketPage(c, req.params.code, flash)),
    );
    scope.post<{ Params: { code: string }; Body: Body }>(
      `${BASE}/tiket/:code/aksi`,
      act(async (c, req: FastifyRequest<{ Params: { code: string }; Body: Body }>) => {
        const result = await runTicketAction(c, req.params.code, req.body ?? {});
        return result && { flash: result.flash, to: `${BASE}/tiket/${encodeURIComponent(result.code)}` };
      }),
    );
    scope.get<{ Params: { code: string; id: string } }>(
      `${BASE}/tiket/:code/lampiran/:id`,
      async (req, reply) => {
        const sent = await ticketAttachment(ctxOf(req), req.params.code, req.params.id, reply);
        return sent ?? notFound(reply, ctxOf(req));
      },
    );
    scope.get(`${BASE}/sla`, (req, reply) => show(req, reply, (c, flash) => slaPage(c, flash)));
    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/laporan`, (req, reply) =>
      show(req, reply, (c, flash) => reportPage(c, req.query, flash)),
    );
    scope.post<{ Body: Body }>(
      `${BASE}/laporan/evaluasi`,
      act(async (c, req: FastifyRequest<{ Body: Body }>) => {
        const result = await saveReportNotes(c, req.body ?? {});
        return (
          result && { flash: result.flash, to: `${BASE}/laporan?period=${encodeURIComponent(result.period)}` }
        );
      }),
    );
    scope.get<{ Params: { format: string }; Querystring: Record<string, string> }>(
      `${BASE}/laporan/unduh.:format`,
      async (req, reply) => {
        const sent = await reportExport(ctxOf(req), req.params.format, req.query, reply);
        return sent ?? notFound(reply, ctxOf(req));
      },
    );
    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/kepuasan`, (req, reply) =>
      show(req, reply, (c, flash) => satisfactionPage(c, req.query, flash)),
    );
    scope.get(`${BASE}/kanal`, (req, reply) => show(req, reply, (c, flash) => channelsPage(c, flash)));
    scope.post<{ Body: Body }>(
      `${BASE}/kanal/rute`,
      act(async (c, req: FastifyRequest<{ Body: Body }>) => {
        const flash = await changeRouting(c, req.body ?? {});
        return flash === null ? null : { flash, to: `${BASE}/kanal` };
      }),
    );
    scope.get(`${BASE}/katalog`, (req, reply) => show(req, reply, (c, flash) => cataloguePage(c, flash)));
    scope.get<{ Params: { code: string } }>(`${BASE}/katalog/:code`, (req, reply) =>
      show(req, reply, (c, flash) => catalogueEntryPage(c, req.params.code, flash)),
    );
    const catalogueChange = (run: typeof saveCatalogueEntry) =>
      contentChange(run, `${BASE}/katalog`, (c, refused) =>
        catalogueEntryPage(c, refused.isNew ? NEW_ENTRY : refused.code, null, refused),
      );
    scope.post<{ Body: Body }>(`${BASE}/katalog/simpan`, catalogueChange(saveCatalogueEntry));
    scope.post<{ Body: Body }>(`${BASE}/katalog/hapus`, catalogueChange(removeCatalogueEntry));
    scope.get(`${BASE}/faq`, (req, reply) => show(req, reply, (c, flash) => faqPage(c, flash)));
    scope.get<{ Params: { id: string } }>(`${BASE}/faq/:id`, (req, reply) =>
      show(req, reply, (c, flash) => faqTopicPage(c, req.params.id, flash)),
    );
    const faqChange = (run: typeof saveFaqTopic) =>
      contentChange(run, `${BASE}/faq`, (c, refused) =>
        faqTopicPage(c, refused.isNew ? NEW_TOPIC : refused.id, null, refused),
      );
    scope.post<{ Body: Body }>(`${BASE}/faq/simpan`, faqChange(saveFaqTopic));
    scope.post<{ Body: Body }>(`${BASE}/faq/hapus`, faqChange(removeFaqTopic));
    scope.get(`${BASE}/staf`, (req, reply) => show(req, reply, (c, flash) => staffPage(c, flash)));
    scope.post<{ Body: Body }>(
      `${BASE}/staf/akun`,
      act(async (c, req: FastifyRequest<{ Body: Body }>) => {
        const flash = await createAccountFromForm(c, req.body ?? {});
        return flash === null ? null : { flash, to: `${BASE}/staf` };
      }),
    );
    scope.post<{ Body: Body }>(
      `${BASE}/staf/status`,
      act(async (c, req: FastifyRequest<{ Body: Body }>) => {
        const flash = await changeStaffStatus(c, req.body ?? {});
        return flash === null ? null : { flash, to: `${BASE}/staf` };
      }),
    );
    scope.get(`${BASE}/*`, async (req, reply) => notFound(reply, ctxOf(req)));
  });
}
