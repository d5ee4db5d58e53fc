import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { tempDir } from '../support/app.ts';
import { testRedisUrl } from '../support/env.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const PREFIX = `crash${randomUUID().slice(0, 8)}`;
// This process only accepts (the web role); the queue workers run in a child process we can kill.
const h = useHelpdesk({ ROLE: 'web', QUEUE_PREFIX: PREFIX });

function startWorker(): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT_DIR, 'src/cli/helpdesk.mjs'), 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      ROLE: 'worker',
      DATABASE_URL: h.db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: PREFIX,
      QUEUE_PARTITIONS: '4',
      DATA_DIR: tempDir('helpdesk-worker'),
      LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
}

/** Generous: a busy 2-core machine running the other test files at the same time is slow. */
const PATIENCE_MS = 240_000;

/** Delivers like a platform: a 5xx (or no answer) is redelivered with the same message id. */
async function deliver(body: Record<string, unknown>): Promise<void> {
  for (;;) {
    const res = await h.post(body).catch(() => null);
    if (res?.status === 202) return;
    if (res && res.status < 500) throw new Error(`POST refused: ${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a worker crash with 500 messages in flight', () => {
  it('answers every message exactly once after the worker restarts', {
    timeout: 3 * PATIENCE_MS,
  }, async () => {
    const chats = Array.from({ length: 50 }, (_, i) => `6284000000${String(i).padStart(3, '0')}`);
    // 500 messages accepted (stored and queued) while no worker runs: all of them in flight.
    await Promise.all(
      chats.map(async (chat, c) => {
        for (let k = 0; k < 10; k++) {
          await deliver({
            chatId: chat,
            text: `status LYN-2026-${c * 10 + k + 1}`,
            messageId: `${chat}-${k}`,
          });
        }
      }),
    );
    const prisma = h.db.prisma;
    expect(await prisma.inboundMessage.count({ where: { processedAt: null } })).toBe(500);

    const first = startWorker();
    await until(
      'the worker to get going',
      async () => (await prisma.inboundMessage.count({ where: { processedAt: { not: null } } })) >= 60,
      PATIENCE_MS,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const doneAtCrash = await prisma.inboundMessage.count({ where: { processedAt: { not: null } } });
    expect(doneAtCrash).toBeLessThan(500);

    const second = startWorker();
    try {
      await until(
        'every message to be answered',
        async () =>
          (await prisma.inboundMessage.count({ where: { processedAt: null } })) === 0 &&
          (await prisma.outboundMessage.count({ where: { status: { not: 'SENT' } } })) === 0,
        PATIENCE_MS,
      );
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }

    // Exactly one reply per message, each shown once in the chat, in the order of the questions.
    const perInbound = await prisma.outboundMessage.groupBy({
      by: ['inboundId'],
      where: { inboundId: { not: null } },
      _count: { _all: true },
    });
    expect(perInbound).toHaveLength(500);
    expect(perInbound.every((g) => g._count._all === 1)).toBe(true);
    expect(await prisma.simulatorMessage.count({ where: { direction: 'out', isGroup: false } })).toBe(500);
    for (const [c, chat] of chats.entries()) {
      const out = (await h.messages(chat)).filter((m) => m.direction === 'out');
      expect(out.map((m) => Number(/LYN-2026-(\d+)/.exec(m.text)?.[1]))).toEqual(
        Array.from({ length: 10 }, (_, k) => c * 10 + k + 1),
      );
    }
  });
});
