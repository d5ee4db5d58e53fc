/**
 * Carries out the effects of one conversation step inside the step's transaction, and turns them into
 * replies for the reporter's chat. When an effect cannot be done (the ticket moved on, it is not theirs)
 * the effects after it in the same step are dropped and the conversation returns to idle.
 */
import { fulfilmentOf } from '../catalogue/directory.ts';
import type { Attachment, Choice } from '../channel.ts';
import { convertText } from '../commands/convert-text.ts';
import { text as say, ticketText } from '../conversation/messages.ts';
import type { Effect } from '../conversation/types.ts';
import { sqlOf } from '../db/sql.ts';
import type { TicketStatus } from '../domain.ts';
import { attachmentLines, progressText, staffText } from '../escalation/messages.ts';
import { announceNewTicket, requestStart } from '../escalation/new-ticket.ts';
import { attachmentLinks, notifyReporters, postToTeam } from '../escalation/notify.ts';
import { approvalText } from '../escalation/provider-messages.ts';
import type { Service } from '../generated/prisma/client.ts';
import { type BusinessCalendar, isBusinessTime, nextBusinessTime } from '../sla/calendar.ts';
import { runsRoundTheClock } from '../sla/clock.ts';
import { metTarget } from '../sla/met.ts';
import { derivePriority, describeDue, PRIORITY_TARGETS } from '../sla/priority.ts';
import { resumeClock } from '../sla/timers.ts';
import { successorFor } from '../tickets/convert.ts';
import { OPEN_STATUSES } from '../tickets/lifecycle.ts';
import { type ContactProfile, startingRecord } from '../tickets/starting-record.ts';
import {
  answeredBy,
  findVisibleRef,
  findVisibleStatus,
  followTicket,
  type Origin,
  openIncident,
  openRequest,
  recordEvent,
  type Tx,
  transitionTicket,
} from '../tickets/store.ts';
import type { AfterCommit } from './after-commit.ts';
import type { MediaSettings } from './deps.ts';

export interface Reply {
  text: string;
  choices?: Choice[];
  ticketId?: number;
}

export interface EffectEnv {
  tx: Tx;
  /** Messages to other chats (the team group), timers and warnings collected for after the commit. */
  after: AfterCommit;
  now: Date;
  calendar: BusinessCalendar;
  origin: Origin;
  servicesByCode: ReadonlyMap<string, Service>;
  /** The service a "talk to a person" request is filed under when it concerns no ticket. */
  consultationServiceCode: string;
  /** Reporters' files: staff posts link to them when links are offered. */
  media?: MediaSettings | undefined;
  /** "channel:userId" of the helpdesk admins: they hear what no Penyedia or coordinator can. */
  admins: ReadonlySet<string>;
  /**
   * The person's profile as the step read it, kept up to date by the step's own answer to who they are:
   * a new ticket's pemohon comes from it. Unset: read when a ticket needs it.
   */
  profile?: ContactProfile | null | undefined;
}

export interface EffectsOutcome {
  replies: Reply[];
  /** An effect failed: the conversation should not continue the flow it was in. */
  aborted: boolean;
}

const DAY_NAMES = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];

/** "Senin–Jumat 08.00–16.00 WIB", or "24 jam setiap hari". */
export function describeWorkingHours(cal: BusinessCalendar): string {
  if (cal.mode === '24/7') return '24 jam setiap hari';
  const days = [...cal.workdays].sort();
  const first = DAY_NAMES[(days[0] ?? 1) - 1];
  const last = DAY_NAMES[(days[days.length - 1] ?? 5) - 1];
  const zone = describeDue(new Date(), cal).split(' ').pop();
  return `${first}–${last} ${cal.start.replace(':', '.')}–${cal.end.replace(':', '.')} ${zone}`;
}

/** Whether a ticket's targets count office hours only, so its targets read "… jam kerja". */
function onOfficeHours(
  office: BusinessCalendar,
  ticket: { priority: string | null },
  service: { clock24: boolean },
): boolean {
  return !runsRoundTheClock(office, { service, priority: ticket.priority });
}

/** The incident a reporter is linked to as a known outage, with its service's name. */
const FOLLOW_READ = `
SELECT t."id", t."code", t."status"::text AS status, t."reporterId", s."name" AS "serviceName"
  FROM "Ticket" t JOIN "Service" s ON s."id" = t."serviceId"
 WHERE t."code" = $1`;

interface FollowRead {
  id: number;
  code: string;
  status: TicketStatus;
  reporterId: number;
  serviceName: string;
}

export async function runEffects(effects: Effect[], stepEnv: EffectEnv): Promise<EffectsOutcome> {
  // Its own copy: the effects keep the profile up to date as they go.
  const env = { ...stepEnv };
  const replies: Reply[] = [];
  for (const effect of effects) {
    const result = await runEffect(effect, env);
    if (result === 'reply') {
      if (effect.type === 'reply')
        replies.push(effect.choices ? { text: effect.text, choices: effect.choices } : { text: effect.text });
      continue;
    }
    replies.push(...result.replies);
    if (result.failed) return { replies, aborted: true };
  }
  return { replies, aborted: false };
}

type Result = 'reply' | { replies: Reply[]; failed?: boolean };

function fail(text: string): Result {
  return { replies: [{ text }], failed: true };
}

function said(text: string, ticketId?: number): Result {
  return { replies: [ticketId === undefined ? { text } : { text, ticketId }] };
}

async function runEffect(effect: Effect, env: EffectEnv): Promise<Result> {
  const { tx, now, calendar, origin, after } = env;
  switch (effect.type) {
    case 'reply':
      return 'reply';

    case 'open_request': {
      const service = env.servicesByCode.get(effect.serviceCode);
      if (!service?.requestable)
        return fail('Maaf, layanan itu tidak lagi tersedia. Ketik *menu* untuk memilih lagi.');
      const target = fulfilmentOf(service);
      const record = await startingRecord(tx, {
        service,
        reporterId: origin.contactId,
        priority: null,
        urgency: effect.urgency,
        profile: env.profile,
      });
      const ticket = await openRequest(
        tx,
        { service, description: effect.description, attachments: effect.attachments },
        target,
        service.approvalRequired,
        origin,
        now,
        calendar,
        { ...record, ...requestStart(service) },
      );
      await announceNewTicket(tx, env, ticket, after);
      const due = ticket.resolutionDueAt ? describeDue(ticket.resolutionDueAt, calendar) : null;
      const opened = ticketText.requestOpened(
        ticket.code,
        service.name,
        target,
        due,
        onOfficeHours(calendar, ticket, service),
      );
      return said(service.approvalRequired ? `${opened}\n${approvalText.reporterWaits}` : opened, ticket.id);
    }

    case 'open_incident': {
      const service = env.servicesByCode.get(effect.serviceCode);
      if (!service?.reportable)
        return fail('Maaf, layanan itu tidak lagi tersedia. Ketik *menu* untuk memilih lagi.');
      const record = await startingRecord(tx, {
        service,
        reporterId: origin.contactId,
        priority: derivePriority(effect.impact, service.nature, service.classification),
        urgency: effect.urgency,
        profile: env.profile,
      });
      const result = await openIncident(
        tx,
        {
          serviceId: service.id,
          description: effect.description,
          since: effect.since,
          impact: effect.impact,
          attachments: effect.attachments,
        },
        service,
        origin,
        now,
        calendar,
        record,
      );
      const t = result.ticket;
      if (result.kind === 'known_outage')
        return said(
          result.isOwnReport ? ticketText.alreadyReported(t.code) : say.knownOutage(t.code, service.name),
          t.id,
        );
      await announceNewTicket(tx, env, t, after);
      const { priority, responseDueAt, resolutionDueAt } = t;
      if (!priority || !responseDueAt || !resolutionDueAt) throw new Error('incident opened without targets');
      return said(
        ticketText.incidentOpened(
          t.code,
          service.name,
          priority,
          PRIORITY_TARGETS[priority].response,
          describeDue(responseDueAt, calendar),
          PRIORITY_TARGETS[priority].resolution,
          describeDue(resolutionDueAt, calendar),
          onOfficeHours(calendar, t, service),
        ),
        t.id,
      );
    }

    case 'save_profile': {
      // Asked once: whatever the answer held, the contact is not asked again (on any linked channel).
      await tx.contact.update({
        where: { id: origin.contactId },
        data: {
          profileAskedAt: now,
          ...(effect.name ? { name: effect.name } : {}),
          ...(effect.opd ? { opd: effect.opd } : {}),
          ...(effect.nip ? { nip: effect.nip } : {}),
        },
      });
      if (env.profile)
        env.profile = {
          name: effect.name || env.profile.name,
          opd: effect.opd || env.profile.opd,
          nip: effect.nip || env.profile.nip,
          asked: true,
        };
      return { replies: [] };
    }

    case 'follow_incident': {
      const [ticket] = await sqlOf(tx).rows<FollowRead>(FOLLOW_READ, [effect.code]);
      if (!ticket || !OPEN_STATUSES.includes(ticket.status))
        return fail(
          'Maaf, gangguan itu baru saja ditutup. Jika masih terjadi, silakan laporkan lagi lewat *menu*.',
        );
      const { isOwnReport } = await followTicket(tx, ticket, origin, now);
      return said(
        isOwnReport
          ? ticketText.alreadyReported(ticket.code)
          : say.knownOutage(ticket.code, ticket.serviceName),
        ticket.id,
      );
    }

    case 'attach_to_ticket': {
      const ticket = await tx.ticket.findUnique({ where: { code: effect.code } });
      if (!ticket) return { replies: [] };
      await appendAttachments(tx, ticket, effect.attachments);
      await recordEvent(
        tx,
        ticket.id,
        'attachment_added',
        `reporter:${origin.contactId}`,
        origin.channel,
        { attachments: effect.attachments },
        now,
      );
      // Staff see what came after the escalation, as they saw what came with it.
      await tellTeam(
        env,
        ticket.serviceId,
        staffText.attachmentsAdded(
          ticket.code,
          await attachmentLinesFor(env, ticket.code, effect.attachments),
        ),
        ticket.id,
      );
      return said(ticketText.attachmentsAdded(ticket.code), ticket.id);
    }

    case 'show_status': {
      if (effect.code) {
        const asked = await findVisibleStatus(tx, effect.code, origin.contactId);
        if (!asked) return said(ticketText.notFound(effect.code));
        // A ticket whose kind changed continues under its new code: its state is that one's.
        const { ticket: t, moved } = await continuing(env, asked);
        const last = t.events[0]?.at ?? t.updatedAt;
        const due =
          t.resolutionDueAt && OPEN_STATUSES.includes(t.status)
            ? describeDue(t.resolutionDueAt, calendar)
            : null;
        const closing = {
          resolution: t.resolution,
          rating: t.reporterId === origin.contactId ? t.rating : null,
        };
        const status = ticketText.status(
          t.code,
          t.service.name,
          t.status,
          describeDue(last, calendar),
          due,
          closing,
        );
        return said(`${moved}${status}`, t.id);
      }
      const own = await tx.ticket.findMany({
        where: {
          status: { in: [...OPEN_STATUSES, 'RESOLVED'] },
          OR: [...answeredBy(origin.contactId), { followers: { some: { contactId: origin.contactId } } }],
        },
        include: { service: true },
        orderBy: { id: 'desc' },
        take: 10,
      });
      if (own.length === 0) return said(say.noOpenTickets);
      return said(
        ticketText.statusList(own.map((t) => ticketText.statusLine(t.code, t.service.name, t.status))),
      );
    }

    case 'cancel_ticket': {
      const t = await ownTicket(env, effect.code);
      if (!t) return fail(ticketText.notFound(effect.code));
      const r = await transitionTicket(
        tx,
        t,
        'cancel',
        { kind: 'reporter', contactId: t.reporterId },
        origin.channel,
        now,
        {
          cancelledAt: now,
        },
      );
      if (!r.ok) return fail(ticketText.cannotCancel(t.code, r.message));
      await tellTeam(env, t.serviceId, staffText.cancelledByReporter(t.code), t.id);
      // Reporters linked to it as a known outage must not be left waiting on a cancelled ticket.
      await notifyReporters(tx, t, '', after, {
        skipReporter: true,
        followersText: progressText.cancelledForFollower(t.code),
      });
      return said(ticketText.cancelledOk(t.code), t.id);
    }

    case 'request_human': {
      const when = isBusinessTime(now, calendar)
        ? ticketText.humanDuringHours(describeWorkingHours(calendar))
        : ticketText.humanOutsideHours(
            describeWorkingHours(calendar),
            describeDue(nextBusinessTime(now, calendar), calendar),
          );
      if (effect.code) {
        const t = await findVisibleRef(tx, effect.code, origin.contactId);
        if (t) {
          await tx.ticket.update({ where: { id: t.id }, data: { humanRequested: true } });
          await recordEvent(
            tx,
            t.id,
            'human_requested',
            `reporter:${origin.contactId}`,
            origin.channel,
            { note: effect.note },
            now,
          );
          await tellTeam(env, t.serviceId, staffText.humanRequested(t.code, effect.note), t.id);
          return said(ticketText.humanRequested(t.code, when), t.id);
        }
      }
      const service = env.servicesByCode.get(env.consultationServiceCode);
      if (!service)
        throw new Error(
          `the catalogue has no "${env.consultationServiceCode}" service for talk-to-a-person requests`,
        );
      const target = fulfilmentOf(service);
      const ticket = await openRequest(
        tx,
        {
          service,
          description: effect.note,
          attachments: effect.attachments,
          humanRequested: true,
        },
        target,
        false,
        origin,
        now,
        calendar,
        // A person, not a change: it needs nobody's approval.
        await startingRecord(tx, {
          service,
          reporterId: origin.contactId,
          priority: null,
          profile: env.profile,
        }),
      );
      await announceNewTicket(tx, env, ticket, after);
      return said(ticketText.humanRequested(ticket.code, when), ticket.id);
    }

    case 'confirm_resolution': {
      const t = await ownTicket(env, effect.code);
      if (!t) return fail(ticketText.notFound(effect.code));
      // The officer who recorded the report answers for its reporter.
      const actor = { kind: 'reporter' as const, contactId: t.reporterId };
      const r = effect.solved
        ? await transitionTicket(tx, t, 'confirm', actor, origin.channel, now, {
            reporterConfirmedAt: now,
            closedAt: now,
            // Met when the reporter confirms before the due time (002:333, 467; sla/met.ts).
            resolutionMet: metTarget(now, t.resolutionDueAt),
          })
        : await transitionTicket(tx, t, 'reopen', actor, origin.channel, now, {
            resolvedAt: null,
            confirmationDueAt: null,
          });
      if (!r.ok) return fail(ticketText.notAwaitingConfirmation(t.code));
      after.timers.add(t.id);
      if (effect.solved) {
        await tellTeam(env, t.serviceId, staffText.closedConfirmed(t.code, r.ticket.resolutionMet), t.id);
        await notifyReporters(tx, t, '', after, {
          skipReporter: true,
          followersText: progressText.closedForFollower(t.code),
        });
        return { replies: [] };
      }
      await tellTeam(env, t.serviceId, staffText.reopened(t.code), t.id);
      return said(ticketText.reopened(t.code), t.id);
    }

    case 'reopen_reason': {
      const t = await ownTicket(env, effect.code);
      if (!t) return fail(ticketText.notFound(effect.code));
      await noteFromReporter(env, t, effect.text, []);
      return said(ticketText.reopenNoted(t.code), t.id);
    }

    case 'reporter_answer': {
      const asked = await ownTicket(env, effect.code);
      if (!asked) return fail(ticketText.notFound(effect.code));
      // Asked on a ticket whose kind changed since: the answer belongs to the one it continues as.
      const { ticket: t, moved } = await continuing(env, asked);
      const r = await transitionTicket(
        tx,
        t,
        'reporter_answered',
        { kind: 'reporter', contactId: t.reporterId },
        origin.channel,
        now,
        resumeClock(t, now, calendar),
        { text: effect.text, attachments: effect.attachments },
      );
      after.timers.add(t.id);
      if (moved && !r.ok) {
        // The new ticket was not waiting for it: what they wrote goes to its team as their note.
        await noteFromReporter(env, t, effect.text, effect.attachments);
        return said(`${moved}${ticketText.reopenNoted(t.code)}`, t.id);
      }
      // Already answered or no longer waiting: keep what they wrote for the team all the same.
      await tellTeam(env, t.serviceId, staffText.answered(t.code, effect.text), t.id);
      return said(
        `${moved}${r.ok ? progressText.answerRelayed(t.code) : ticketText.reopenNoted(t.code)}`,
        t.id,
      );
    }

    case 'add_comment': {
      const visible = await findVisibleRef(tx, effect.code, origin.contactId);
      if (!visible) return fail(ticketText.notFound(effect.code));
      const { ticket: t, moved } = await continuing(env, visible);
      await noteFromReporter(env, t, effect.text, effect.attachments);
      if (effect.attachments.length > 0) await appendAttachments(tx, t, effect.attachments);
      return said(`${moved}${ticketText.commentAdded(t.code, t.status)}`, t.id);
    }

    case 'rate_ticket': {
      const { count } = await tx.ticket.updateMany({
        where: { code: effect.code, status: 'CLOSED', OR: answeredBy(origin.contactId) },
        data: { rating: effect.rating },
      });
      if (count === 0) return fail(ticketText.notFound(effect.code));
      const t = await tx.ticket.findUniqueOrThrow({ where: { code: effect.code } });
      await recordEvent(
        tx,
        t.id,
        'rated',
        `reporter:${origin.contactId}`,
        origin.channel,
        { rating: effect.rating },
        now,
      );
      return { replies: [] };
    }

    case 'ticket_feedback': {
      const t = await ownTicket(env, effect.code);
      if (!t) return fail(ticketText.notFound(effect.code));
      await tx.ticket.update({ where: { id: t.id }, data: { feedback: effect.text } });
      await recordEvent(
        tx,
        t.id,
        'feedback',
        `reporter:${origin.contactId}`,
        origin.channel,
        { text: effect.text },
        now,
      );
      return { replies: [] };
    }
  }
}

/** What the reporter adds to their ticket: recorded as a note and relayed to the team. */
async function noteFromReporter(
  env: EffectEnv,
  t: { id: number; code: string; serviceId: number },
  text: string,
  attachments: readonly Attachment[],
): Promise<void> {
  const { tx, origin, now } = env;
  await recordEvent(
    tx,
    t.id,
    'reporter_note',
    `reporter:${origin.contactId}`,
    origin.channel,
    attachments.length > 0 ? { text, attachments: [...attachments] } : { text },
    now,
  );
  const files = attachments.length ? `\n${await attachmentLinesFor(env, t.code, attachments)}` : '';
  await tellTeam(env, t.serviceId, `${staffText.reporterNote(t.code, text)}${files}`, t.id);
}

/** The lines of a staff post about these attachments: links to the stored ones when links are offered. */
async function attachmentLinesFor(
  env: EffectEnv,
  code: string,
  attachments: readonly Attachment[],
): Promise<string> {
  const links = env.media?.links;
  // Links expire by the wall clock the media route checks, not by a step's (test) clock.
  const now = new Date();
  const files = links ? await attachmentLinks(env.tx, attachments, links, now) : [];
  const until =
    links && files.length ? describeDue(new Date(now.getTime() + links.ttlMs), env.calendar) : undefined;
  return attachmentLines(code, attachments.length, files, until) ?? '';
}

/** Adds what the reporter sent to the ticket's attachments. */
async function appendAttachments(
  tx: Tx,
  ticket: { id: number; attachments: unknown },
  added: readonly Attachment[],
): Promise<void> {
  const attachments = [...((ticket.attachments as unknown[] | null) ?? []), ...added];
  await tx.ticket.update({ where: { id: ticket.id }, data: { attachments: attachments as never } });
}

/** A message to the ticket's Pengelola Teknis group, when the service has one. */
function tellTeam(env: EffectEnv, serviceId: number, text: string, ticketId: number): Promise<void> {
  return postToTeam(env.tx, serviceId, text, ticketId, env.after);
}

/**
 * The ticket a converted one continues as, when the person may see it (otherwise the ticket itself),
 * with the line that tells them its new code ('' when it did not move).
 */
async function continuing<T extends { id: number; code: string; status: TicketStatus }>(
  env: EffectEnv,
  t: T,
): Promise<{ ticket: T | NonNullable<Awaited<ReturnType<typeof successorFor>>>; moved: string }> {
  const next = t.status === 'CONVERTED' ? await successorFor(env.tx, t, env.origin.contactId) : null;
  return next
    ? { ticket: next, moved: `${convertText.continuedAs(t.code, next.code)}\n` }
    : { ticket: t, moved: '' };
}

/**
 * The reporter's own ticket by code, or one they recorded for someone (not one they only follow: only
 * the reporter, or the officer speaking for them, confirms or cancels).
 */
function ownTicket(env: EffectEnv, code: string) {
  return env.tx.ticket.findFirst({
    where: { code, OR: answeredBy(env.origin.contactId) },
    include: { service: true },
  });
}
