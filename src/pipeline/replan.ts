/**
 * Timers are durable: PostgreSQL says which are pending, Redis only holds their delayed jobs. When Redis
 * may have lost data (a flush, a restart without persistence, a timer job that stepped aside after its
 * retry window), every pending timer is planned again from the database: the SLA timers of running
 * tickets, the inactivity check of chats left mid-flow, the flush of merged warnings not yet sent; and
 * the queues' global concurrency (kept in Redis) is set again.
 *
 * Detecting the loss is one EXISTS per sweep on a sentinel key set by the last re-plan: a flush or a
 * restart without data removes it with everything else, so when nothing is missing the sweep costs one
 * round trip, instead of a database scan and a job lookup per pending timer.
 */
import { flowExpires } from '../conversation/engine.ts';
import type { ConversationState } from '../conversation/types.ts';
import type { ChannelName } from '../domain.ts';
import { reconcileTimers, scheduleInactivity, scheduleNoticeFlush } from '../step/after-commit.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { assertGlobalConcurrency, type Queues } from './queues.ts';

const sentinelKey = (queues: Queues) => `${queues.prefix}:timers-planned`;

/** True when the timers must be planned again (the sentinel is gone). */
export async function timersMayBeLost(queues: Queues): Promise<boolean> {
  return (await queues.redis.exists(sentinelKey(queues))) === 0;
}

/** Asks for a re-plan at the next sweep (a timer job gave up on a passing fault). */
export async function forgetTimersPlanned(queues: Queues): Promise<void> {
  await queues.redis.del(sentinelKey(queues));
}

export interface Replanned {
  sla: number;
  inactivity: number;
  notices: number;
}

/** Plans every pending timer again from PostgreSQL; jobs still in Redis are left as they are. */
export async function replanTimers(deps: ConversationDeps): Promise<Replanned> {
  const { queues } = deps;
  // Set first: a flush during the re-plan removes it again, so nothing lost then goes unnoticed.
  await queues.redis.set(sentinelKey(queues), new Date().toISOString());
  try {
    await assertGlobalConcurrency(queues);
    const sla = await reconcileTimers(deps);
    const inactivity = await replanInactivity(deps);
    const notices = await replanNotices(deps);
    return { sla, inactivity, notices };
  } catch (e) {
    await forgetTimersPlanned(queues).catch(() => {});
    throw e;
  }
}

/** The inactivity check of every chat left in a flow that expires. */
async function replanInactivity(deps: ConversationDeps): Promise<number> {
  const rows = await deps.db.$queryRaw<
    { channel: ChannelName; chatId: string; state: unknown; lastActivityAt: Date }[]
  >`
    SELECT "channel", "chatId", "state", "lastActivityAt" FROM "Conversation"
    WHERE "lastActivityAt" IS NOT NULL AND coalesce("state"->'flow'->>'name', 'idle') <> 'idle'`;
  let planned = 0;
  for (const r of rows) {
    const flow = (r.state as Partial<ConversationState> | null)?.flow;
    if (!flow || !flowExpires({ flow } as ConversationState)) continue;
    await scheduleInactivity(
      deps,
      { channel: r.channel, chatId: r.chatId, at: r.lastActivityAt },
      { replan: true },
    );
    planned++;
  }
  return planned;
}

/** A flush for every chat with merged warnings not yet sent (an extra flush finds nothing and sends nothing). */
export async function replanNotices(deps: ConversationDeps, olderThan?: Date): Promise<number> {
  const chats = await deps.db.notice.groupBy({
    by: ['channel', 'chatId'],
    where: { flushedAt: null, ...(olderThan ? { createdAt: { lte: olderThan } } : {}) },
  });
  for (const c of chats) await scheduleNoticeFlush(deps, c.channel, c.chatId);
  return chats.length;
}
