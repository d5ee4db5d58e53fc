/**
 * What a step leaves for after its transaction commits: queue the sends, plan the SLA timers of the
 * tickets it touched, flush merged warnings, and arm the inactivity check. Redis is told only about
 * committed work; if this process dies first, the sweeper and the start-up reconciliation catch up.
 */
import type { ChannelName } from '../domain.ts';
import { enqueueOutbound } from '../outbox/send.ts';
import { RETRY_JOB_OPTIONS } from '../pipeline/retry.ts';
import { planTimers, timerJobId } from '../sla/timers.ts';
import type { ConversationDeps } from './deps.ts';

/** Work for after the commit, collected while a step runs. */
export interface AfterCommit {
  /** First new outbox row per chat: the chat's send job. */
  sends: Map<string, { channel: ChannelName; chatId: string; firstId: number }>;
  /** Tickets whose SLA timers must be (re)planned. */
  timers: Set<number>;
  /** Chats with new merged warnings to flush. */
  notices: Map<string, { channel: ChannelName; chatId: string }>;
  /** Chats left mid-flow: when to check them for inactivity. */
  activity: Map<string, { channel: ChannelName; chatId: string; at: Date }>;
  /** The message whose step this is: every outbox row it causes, in any chat, points back to it. */
  inboundId: number | null;
}

export function emptyAfterCommit(inboundId: number | null = null): AfterCommit {
  return { sends: new Map(), timers: new Set(), notices: new Map(), activity: new Map(), inboundId };
}

/** How long the first warning of a burst waits for the others. */
const NOTICE_COLLECT_MS = 3_000;

export async function runAfterCommit(deps: ConversationDeps, after: AfterCommit): Promise<void> {
  for (const s of after.sends.values()) await enqueueOutbound(deps.queues, s.channel, s.chatId, s.firstId);
  if (after.timers.size) await scheduleTicketTimers(deps, [...after.timers]);
  for (const n of after.notices.values()) await scheduleNoticeFlush(deps, n.channel, n.chatId);
  for (const a of after.activity.values()) await scheduleInactivity(deps, a, true);
}

/**
 * Arms the inactivity check of a chat left mid-flow at `at`. After a message (`replace`) the pending
 * check is replaced and its delay restarts; a re-plan from the database (`replace` false) adds one only
 * where none is pending, so it can never replace a newer check with an older one.
 */
export async function scheduleInactivity(
  deps: ConversationDeps,
  a: { channel: ChannelName; chatId: string; at: Date },
  replace: boolean,
): Promise<void> {
  const key = `idle-${a.channel}-${a.chatId}`.replace(/:/g, '_');
  const delay = Math.max(0, a.at.getTime() + deps.inactivityMs - Date.now());
  await deps.queues.timers.add(
    'inactivity',
    { type: 'inactivity', channel: a.channel, chatId: a.chatId, activityAt: a.at.toISOString() },
    {
      ...RETRY_JOB_OPTIONS,
      delay,
      deduplication: replace
        ? { id: key, ttl: deps.inactivityMs, extend: true, replace: true }
        : { id: key, ttl: Math.max(1, delay) },
    },
  );
}

/** Adds a delayed job for every timer the tickets need now; jobs already there are left alone. */
export async function scheduleTicketTimers(deps: ConversationDeps, ticketIds: number[]): Promise<number> {
  const now = Date.now();
  let added = 0;
  for (let i = 0; i < ticketIds.length; i += 500) {
    const tickets = await deps.db.ticket.findMany({
      where: { id: { in: ticketIds.slice(i, i + 500) } },
      include: { service: { select: { clock24: true } } },
    });
    const jobs = tickets.flatMap((t) =>
      planTimers(t, deps.calendar, deps.timers).map((timer) => ({
        name: timer.kind,
        data: { type: 'sla' as const, ticketId: t.id, kind: timer.kind, fireAt: timer.fireAt.toISOString() },
        opts: {
          ...RETRY_JOB_OPTIONS,
          jobId: timerJobId(t.id, timer),
          delay: Math.max(0, timer.fireAt.getTime() - now),
        },
      })),
    );
    if (jobs.length) await deps.queues.timers.addBulk(jobs);
    added += jobs.length;
  }
  return added;
}

/** Plans the timers of every ticket still running (after a restart, or Redis lost its data). */
export async function reconcileTimers(deps: ConversationDeps): Promise<number> {
  const open = await deps.db.ticket.findMany({
    where: { status: { in: ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER', 'RESOLVED'] } },
    select: { id: true },
  });
  return scheduleTicketTimers(
    deps,
    open.map((t) => t.id),
  );
}

export async function scheduleNoticeFlush(
  deps: ConversationDeps,
  channel: string,
  chatId: string,
): Promise<void> {
  const { redis } = deps.queues;
  const gate = `${deps.queues.prefix}:notice-gate:${channel}:${chatId}`;
  const window = Math.max(1, deps.noticeWindowMs);
  const opened = await redis.set(gate, '1', 'PX', window, 'NX');
  // The first warning waits a moment for others of the same burst; later ones in the window wait for
  // its end. Each flush sends everything pending for the chat as one message.
  const delay = opened ? Math.min(NOTICE_COLLECT_MS, window) : Math.max(0, await redis.pttl(gate));
  // No shared job id: a warning committed while a flush runs must get a flush of its own (an extra
  // flush finding nothing pending sends nothing).
  await deps.queues.timers.add(
    'notices',
    { type: 'notices', channel: channel as never, chatId },
    { ...RETRY_JOB_OPTIONS, delay },
  );
}
