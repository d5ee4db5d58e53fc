import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type Helpdesk, type HelpdeskOptions, startHelpdesk } from '../../src/app.ts';
import { silentLog, testConfig } from './app.ts';
import { type TestDatabase, useTestDatabase } from './db.ts';
import { testRedisUrl } from './env.ts';

/** How a first-time reporter of the test helpers answers "who are you?" (asked once per contact). */
export const REQUESTER = 'Budi Santoso, Dinas Kesehatan';

export interface SimMessage {
  id: number;
  direction: 'in' | 'out';
  text: string;
  choices?: { id: string; label: string }[];
  at: string;
}

export interface RunningHelpdesk {
  db: TestDatabase;
  /** Valid after beforeAll. */
  app: Helpdesk;
  post(body: Record<string, unknown>): Promise<Response>;
  /** Sends a message as a person and returns the bot's replies to it, once all are delivered. */
  say(chatId: string, text: string, extra?: Record<string, unknown>): Promise<SimMessage[]>;
  repliesTo(messageId: string, timeoutMs?: number): Promise<SimMessage[]>;
  messages(chatId: string): Promise<SimMessage[]>;
  waitForOut(chatId: string, count: number, timeoutMs?: number): Promise<SimMessage[]>;
  /** Stops the app and starts it again on the same database and queues, with `env` added. */
  restart(env: Record<string, string>): Promise<void>;
  /** Asks for a service through the menu as a citizen would, answering what is asked; returns the LYN code. */
  requestService(chatId: string, r: { service: string; need: string; requester?: string }): Promise<string>;
  /** Reports an incident through the menu as a citizen would; returns its code ('' when none opened). */
  reportIncident(
    chatId: string,
    r: { service: string; symptom: string; since: string; impact: string; requester?: string },
  ): Promise<string>;
}

/**
 * The whole helpdesk in-process on a test database and a private queue prefix, driven through the
 * simulator's HTTP API as a person would. `options` hands the app a platform's fake that is no server
 * (the WhatsApp Client factory); a function is called when the app starts (and restarts).
 */
export function useHelpdesk(
  env: Record<string, string> | (() => Promise<Record<string, string>>) = {},
  options: HelpdeskOptions | (() => HelpdeskOptions) = {},
): RunningHelpdesk {
  const appOptions = () => (typeof options === 'function' ? options() : options);
  const db = useTestDatabase();
  const h = { db } as RunningHelpdesk;
  let base: Record<string, string> = {};
  beforeAll(async () => {
    // Settings may come from a fake platform started first (its port is known only then).
    base = {
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`,
      QUEUE_PARTITIONS: '4',
      ...(typeof env === 'function' ? await env() : env),
    };
    h.app = await startHelpdesk(testConfig({ DATABASE_URL: db.url, ...base }), silentLog, appOptions());
  });
  h.restart = async (more) => {
    await h.app.stop();
    h.app = await startHelpdesk(
      testConfig({ DATABASE_URL: db.url, ...base, ...more }),
      silentLog,
      appOptions(),
    );
  };
  afterAll(async () => {
    if (!h.app) return;
    const { queues } = h.app;
    await h.app.stop();
    // Leave nothing behind in the shared Redis.
    const { Redis } = await import('ioredis');
    const r = new Redis(h.app.redis.options);
    const keys = await r.keys(`${queues.prefix}:*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  });
  h.post = (body) =>
    fetch(`${h.app.url}/api/simulator/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  h.messages = async (chatId) => {
    const res = await fetch(`${h.app.url}/api/simulator/chats/${encodeURIComponent(chatId)}/messages`);
    return (await res.json()) as SimMessage[];
  };
  h.waitForOut = async (chatId, count, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const all = await h.messages(chatId);
      if (all.filter((m) => m.direction === 'out').length >= count) return all;
      if (Date.now() > end)
        throw new Error(
          `timed out waiting for ${count} replies in ${chatId}; have: ${JSON.stringify(all.map((m) => m.text.slice(0, 60)))}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  h.say = async (chatId, text, extra = {}) => {
    const messageId = randomUUID();
    const res = await h.post({ chatId, text, messageId, ...extra });
    if (res.status !== 202) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
    return h.repliesTo(messageId);
  };
  h.reportIncident = async (chatId, r) => {
    // Answers whatever the bot asks, as a reporter would, until the ticket number comes.
    await h.say(chatId, '3');
    let replies = await h.say(chatId, r.service);
    for (let turn = 0; turn < 6; turn++) {
      const said = replies.map((x) => x.text).join('\n');
      const code = /GGN-\d{4}-\d{4}/.exec(said)?.[0];
      if (code) return code;
      const answer = /apa yang terjadi/i.test(said)
        ? r.symptom
        : /sejak kapan/i.test(said)
          ? r.since
          : /seberapa luas dampaknya/i.test(said)
            ? r.impact
            : /nama lengkap dan instansi/i.test(said)
              ? (r.requester ?? REQUESTER)
              : /kirim laporan ini/i.test(said)
                ? '1'
                : undefined;
      if (answer === undefined) throw new Error(`reportIncident: unexpected reply: ${said}`);
      replies = await h.say(chatId, answer);
    }
    throw new Error('reportIncident: no ticket after six answers');
  };
  h.requestService = async (chatId, r) => {
    await h.say(chatId, '2');
    await h.say(chatId, r.service);
    let replies = await h.say(chatId, r.need);
    for (let turn = 0; turn < 4; turn++) {
      const said = replies.map((x) => x.text).join('\n');
      const code = /LYN-\d{4}-\d{4}/.exec(said)?.[0];
      if (code) return code;
      const answer = /nama lengkap dan instansi/i.test(said)
        ? (r.requester ?? REQUESTER)
        : /periksa permintaan anda/i.test(said)
          ? '1'
          : undefined;
      if (answer === undefined) throw new Error(`requestService: unexpected reply: ${said}`);
      replies = await h.say(chatId, answer);
    }
    throw new Error('requestService: no ticket after four answers');
  };
  h.repliesTo = async (messageId, timeoutMs = 60_000) => {
    // Exact: every outbox row the message's step wrote (in any chat: the reporter, a team group) must
    // be delivered; the replies are the ones to the sender's chat.
    const end = Date.now() + timeoutMs;
    for (;;) {
      const inbound = await db.prisma.inboundMessage.findFirst({
        where: { channel: 'simulator', externalId: messageId },
      });
      if (inbound?.processedAt) {
        const out = await db.prisma.outboundMessage.findMany({
          where: { inboundId: inbound.id },
          orderBy: { id: 'asc' },
        });
        // Settled: sent, or failed for good (e.g. to a platform this test does not run).
        if (out.every((o) => o.status !== 'PENDING')) {
          const shown = await db.prisma.simulatorMessage.findMany({
            where: {
              externalId: { in: out.filter((o) => o.chatId === inbound.chatId).map((o) => `out-${o.id}`) },
            },
            orderBy: { id: 'asc' },
          });
          return shown.map((m) => ({
            id: m.id,
            direction: 'out' as const,
            text: m.text,
            at: m.at.toISOString(),
            ...(m.choices ? { choices: m.choices as SimMessage['choices'] } : {}),
          }));
        }
      }
      if (Date.now() > end) throw new Error(`no replies to ${messageId} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return h;
}
