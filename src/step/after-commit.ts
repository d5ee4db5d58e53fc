/**
 * What a step leaves for after its transaction commits: send the replies (from here, or queued), plan the SLA timers of the
 * tickets it touched, flush merged warnings, and arm the inactivity check. Redis is told only about
 * committed work; if this process dies first, the sweeper and the start-up reconciliation catch up.
 */
import { sqlOf } from '../db/sql.ts';
import type { ChannelName } from '../domain.ts';
import { enqueueOutbound } from '../outbox/send.ts';
import { RETRY_JOB_OPTIONS } from '../pipeline/retry.ts';
import { planTimers, type TicketClock, timerJobId } from '../sla/timers.ts';
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
  for (const s of after.sends.values())
    if (!deps.sendNow?.take(s)) await enqueueOutbound(deps.queues, s.channel, s.chatId, s.firstId);
  if (after.timers.size) await scheduleTicketTimers(deps, [...after.timers]);
  for (const n of after.notices.values()) await scheduleNoticeFlush(deps, n.channel, n.chatId);
  for (const a of after.activity.values()) await scheduleInactivity(deps, a);
}

/** Inactivity checks this process armed, per queue set: chat key → when the check is due (ms). */
const armed = new WeakMap<object, Map<string, number>>();
/** Past this many remembered checks, the ones already due are forgotten. */
const ARMED_PRUNE_AT = 10_000;

/**
 * Arms the inactivity check of a chat left mid-flow at `at`: one pending check per chat, due when the
 * chat has been quiet for the inactivity time. A check armed earlier stays; when it fires and finds the
 * chat spoke since, it arms the next one for the new quiet time (inactivity.ts). So a message does not
 * move a delayed job in Redis, and a check this process armed and still pending costs no call at all.
 */
export async function scheduleInactivity(
  deps: ConversationDeps,
  a: { channel: ChannelName; chatId: string; at: Date },
  /**
   * Not trusting what this process remembers: planning again from the database (Redis may have lost
   * the check), or arming the next check from the one that is firing.
   */
  opts: { replan?: boolean } = {},
): Promise<void> {
  const key = `idle-${a.channel}-${a.chatId}`.replace(/:/g, '_');
  const now = Date.now();
  const mine = armed.get(deps.queues) ?? new Map<string, number>();
  armed.set(deps.queues, mine);
  const pending = mine.get(key);
  if (!opts.replan && pending !== undefined && pending > now) return;
  const delay = Math.max(0, a.at.getTime() + deps.inactivityMs - now);
  // The id lives until the check is due: until then another add is the same check.
  await deps.queues.timers.add(
    'inactivity',
    { type: 'inactivity', channel: a.channel, chatId: a.chatId, activityAt: a.at.toISOString() },
    { ...RETRY_JOB_OPTIONS, delay, deduplication: { id: key, ttl: Math.max(1, delay) } },
  );
  if (mine.size >= ARMED_PRUNE_AT) for (const [k, due] of mine) if (due <= now) mine.delete(k);
  mine.set(key, now + delay);
}

/** What planning a ticket's timers reads (`TicketClock`), for the tickets `$1` (a JSON array of ids). */
const TIMER_READ = `
SELECT t."id", t."kind"::text AS kind, t."status"::text AS status, t."priority"::text AS priority, t."createdAt",
       t."firstResponseAt", t."responseDueAt", t."resolutionDueAt", t."estimateDueAt", t."estimateExceeded",
       t."estimateRemindedAt", t."pausedAt", t."pausedMinutes", t."confirmationDueAt", t."confirmationReminded",
       t."slaFired", s."clock24"
  FROM "Ticket" t JOIN "Service" s ON s."id" = t."serviceId"
 WHERE t."id" IN (SELECT value::int FROM jsonb_array_elements_text($1::jsonb))`;

type TimerRead = Omit<TicketClock, 'service'> & { id: number; clock24: boolean };

/** Adds a delayed job for every timer the tickets need now; jobs already there are left alone. */
export async function scheduleTicketTimers(deps: ConversationDeps, ticketIds: number[]): Promise<number> {
  const now = Date.now();
  let added = 0;
  for (let i = 0; i < ticketIds.length; i += 500) {
    const rows = await sqlOf(deps.db).rows<TimerRead>(TIMER_READ, [
      JSON.stringify(ticketIds.slice(i, i + 500)),
    ]);
    const jobs = rows.flatMap(({ clock24, ...t }) =>
      planTimers({ ...t, service: { clock24 } }, deps.calendar, deps.timers).map((timer) => ({
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
