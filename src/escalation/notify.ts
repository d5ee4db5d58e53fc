/**
 * Who hears about a ticket: the group working on it — the helpdesk group while it is at the helpdesk
 * level, else its Pengelola Teknis group — (escalation, warnings), its reporter and the
 * reporters linked to it as a known outage (progress), coordinators (breaches) and the Penyedia Layanan
 * (an exceeded estimate).
 */
import type { Attachment } from '../channel.ts';
import { sqlOf } from '../db/sql.ts';
import type { ApprovalStatus, ChannelName, Priority, ReportingMethod, StaffRole } from '../domain.ts';
import { type MediaLinks, mediaUrl } from '../media/link.ts';
import { describeMedia, mediaIdOf } from '../media/store.ts';
import { type Draft, writeOutbox } from '../outbox/write.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import { describeDue } from '../sla/priority.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { MediaSettings } from '../step/deps.ts';
import { awaitingApproval } from '../tickets/lifecycle.ts';
import { METHOD_WORDS, noteFor, type OnBehalf, withOnBehalfNote } from '../tickets/reporting-method.ts';
import type { Tx } from '../tickets/store.ts';
import { helpdeskText } from './helpdesk-messages.ts';
import { type AttachmentLink, escalationText } from './messages.ts';
import { approvalText } from './provider-messages.ts';
import { maskIdentity, quoteReporterInline } from './quote.ts';

export interface Target {
  channel: ChannelName;
  chatId: string;
  isGroup: boolean;
}

/** The helpdesk (Pengelola Layanan) group's chat: the first one registered. */
const HELPDESK_GROUP = `
SELECT json_build_object('channel', h."channel", 'chatId', h."chatId", 'isGroup', true) AS target
  FROM "TeamGroup" h WHERE h."helpdesk" ORDER BY h."id" LIMIT 1`;

/** The identities of ticket `t`'s reporter, oldest first, as JSON `[{channel, externalId}]`. */
export const REPORTER_IDENTITIES = `COALESCE((SELECT json_agg(json_build_object('channel', i."channel", 'externalId', i."externalId")
                                 ORDER BY i."id")
                   FROM "ContactIdentity" i WHERE i."contactId" = t."reporterId"), '[]'::json)`;

/** A service's Pengelola Teknis group (`s`, joined as `g`), as a target. */
const TEAM_GROUP = `CASE WHEN g."id" IS NOT NULL
            THEN json_build_object('channel', g."channel", 'chatId', g."chatId", 'isGroup', true) END`;

/** Everything the escalation post says of a ticket, in one statement. */
const ESCALATION_READ = `
SELECT t."id", t."code", t."kind"::text AS kind, t."priority"::text AS priority, t."responseDueAt",
       t."resolutionDueAt", t."description", t."since", t."channel"::text AS channel, t."requesterName",
       t."requesterOpd", t."reportingMethod"::text AS "reportingMethod", t."urgency", t."attachments",
       t."atHelpdesk", t."approvalRequired", t."approval"::text AS approval,
       s."name" AS "serviceName", s."providerName", c."opd" AS "reporterOpd", f."code" AS "convertedFrom",
       ${TEAM_GROUP} AS "group",
       (${HELPDESK_GROUP}) AS desk,
       ${REPORTER_IDENTITIES} AS identities
  FROM "Ticket" t
  JOIN "Service" s ON s."id" = t."serviceId"
  JOIN "Contact" c ON c."id" = t."reporterId"
  LEFT JOIN "TeamGroup" g ON g."id" = s."teamGroupId"
  LEFT JOIN "Ticket" f ON f."id" = t."convertedFromId"
 WHERE t."id" = $1`;

interface EscalationRead {
  id: number;
  code: string;
  kind: 'INCIDENT' | 'REQUEST';
  priority: Priority | null;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  description: string;
  since: string | null;
  channel: ChannelName;
  requesterName: string | null;
  requesterOpd: string | null;
  reportingMethod: ReportingMethod | null;
  urgency: string | null;
  attachments: unknown;
  atHelpdesk: boolean;
  approvalRequired: boolean;
  approval: ApprovalStatus | null;
  serviceName: string;
  providerName: string;
  reporterOpd: string | null;
  convertedFrom: string | null;
  group: Target | null;
  desk: Target | null;
  identities: { channel: ChannelName; externalId: string }[];
}

/**
 * Posts the ticket to the group working on it (see {@link ticketTarget}); without a group, to the
 * coordinators. Its stored attachments come with a signed link each when `media.links` is set. A ticket
 * the helpdesk passed on comes with who did and their note.
 */
export async function escalateTicket(
  tx: Tx,
  ticketId: number,
  calendar: BusinessCalendar,
  after: AfterCommit,
  media?: MediaSettings,
  forwarded?: { by: string; note: string },
): Promise<void> {
  const [t] = await sqlOf(tx).rows<EscalationRead>(ESCALATION_READ, [ticketId]);
  if (!t) throw new Error(`ticket ${ticketId} not found`);
  const attachments = Array.isArray(t.attachments) ? (t.attachments as unknown as Attachment[]) : [];
  const now = new Date();
  const links = media?.links;
  const files = links ? await attachmentLinks(tx, attachments, links, now) : [];
  const escalation = escalationText({
    code: t.code,
    kind: t.kind,
    service: t.serviceName,
    priority: t.priority,
    responseDue: t.responseDueAt ? describeDue(t.responseDueAt, calendar) : null,
    resolutionDue: t.resolutionDueAt ? describeDue(t.resolutionDueAt, calendar) : null,
    description: t.description,
    since: t.since,
    // Someone recorded by staff has no chat id to mask: their name is shown there, with how they reported.
    reporter: shownReporter({ ...t, reporter: { identities: t.identities } }),
    requesterName: t.identities.length > 0 ? t.requesterName : null,
    opd: t.requesterOpd ?? t.reporterOpd,
    urgency: t.urgency,
    attachments: attachments.length,
    files,
    convertedFrom: t.convertedFrom,
    ...(files.length && links
      ? { linksUntil: describeDue(new Date(now.getTime() + links.ttlMs), calendar) }
      : {}),
    hold: awaitingApproval(t) ? approvalText.teamWaits(t.providerName) : null,
  });
  const desk = t.atHelpdesk ? t.desk : null;
  const text = [
    forwarded ? helpdeskText.forwardedBy(forwarded.by, forwarded.note) : null,
    escalation,
    desk ? helpdeskText.escalationHint(t.code) : null,
  ]
    .filter(Boolean)
    .join('\n');
  const targets: Target[] = desk
    ? [desk]
    : t.group
      ? [t.group]
      : await staffTargets(tx, ['KOORDINATOR', 'ADMIN']);
  await writeOutbox(
    tx,
    targets.map((g) => ({ ...g, text, ticketId: t.id })),
    after,
  );
  after.timers.add(t.id);
}

/**
 * The reporter as staff see them, masked: their identity on the ticket's channel; of a WhatsApp reporter
 * known by number and @lid, the number (0812****789 tells staff more than lid:…849).
 */
export function shownReporter(
  t: {
    channel: ChannelName;
    reporter: { identities: { channel: ChannelName; externalId: string }[] };
    requesterName?: string | null;
    reportingMethod?: ReportingMethod | null;
  },
  opts: { withName?: boolean } = {},
): string {
  const onChannel = t.reporter.identities.filter((i) => i.channel === t.channel);
  const identity =
    onChannel.find((i) => !i.externalId.endsWith('@lid')) ?? onChannel[0] ?? t.reporter.identities[0];
  if (identity) return maskIdentity(identity.externalId);
  // A person recorded by staff (/catat) has no chat: their name (unless shown apart), and how they reported.
  if (t.requesterName) {
    const how = t.reportingMethod
      ? `lapor via ${METHOD_WORDS[t.reportingMethod]}, dicatat petugas helpdesk`
      : '';
    if (opts.withName === false) return how || 'tidak dikenal';
    return `${quoteReporterInline(t.requesterName)}${how ? ` (${how})` : ''}`;
  }
  return 'tidak dikenal';
}

/** The stored ones of `attachments`, each with a signed link valid for `links.ttlMs` from `now`. */
export async function attachmentLinks(
  tx: Tx,
  attachments: readonly Attachment[],
  links: MediaLinks,
  now: Date,
): Promise<AttachmentLink[]> {
  const stored = attachments.flatMap((a) => {
    const id = mediaIdOf(a.ref);
    return id === null ? [] : [{ a, id }];
  });
  const known = await describeMedia(tx, [...new Set(stored.map((s) => s.id))]);
  return stored.flatMap(({ a, id }) => {
    const m = known.get(id);
    return m ? [{ kind: a.kind, name: a.name ?? m.name, size: m.size, url: mediaUrl(links, id, now) }] : [];
  });
}

/** The private chats of approved staff with one of the roles (optionally of one team group). */
export async function staffTargets(
  tx: Tx,
  roles: StaffRole[],
  teamGroupId?: number | null,
): Promise<Target[]> {
  const staff = await tx.staff.findMany({
    where: {
      role: { in: roles },
      active: true,
      approvedAt: { not: null },
      ...(teamGroupId !== undefined ? { teamGroupId } : {}),
    },
    include: { contact: { include: { identities: true } } },
  });
  const seen = new Set<string>();
  const out: Target[] = [];
  for (const s of staff)
    for (const i of s.contact.identities) {
      const key = `${i.channel}:${i.externalId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ channel: i.channel, chatId: i.externalId, isGroup: false });
    }
  return out;
}

/**
 * Progress for the reporter and everyone linked to the ticket as a known outage. Progress of a report an
 * officer recorded (/catat) goes to the officer's chat and says whom it is for.
 */
export async function notifyReporters(
  tx: Tx,
  ticket: { id: number; channel: ChannelName; chatId: string } & OnBehalf,
  text: string,
  after: AfterCommit,
  opts: { followersText?: string; skipReporter?: boolean } = {},
): Promise<void> {
  const followers = await tx.ticketFollower.findMany({ where: { ticketId: ticket.id } });
  // Followers without a chat of their own were recorded by an officer, who reads this for them.
  const recorded = new Map(
    (
      await tx.contact.findMany({
        where: {
          id: { in: followers.map((f) => f.contactId) },
          identities: { none: {} },
          name: { not: null },
        },
        select: { id: true, name: true },
      })
    ).map((c) => [c.id, c.name as string]),
  );
  const drafts: Draft[] = [];
  if (!opts.skipReporter)
    drafts.push({
      channel: ticket.channel,
      chatId: ticket.chatId,
      text: withOnBehalfNote(text, ticket),
      ticketId: ticket.id,
    });
  for (const f of followers) {
    const body = opts.followersText ?? text;
    const name = recorded.get(f.contactId);
    drafts.push({
      channel: f.channel,
      chatId: f.chatId,
      text: name ? `${body}\n${noteFor(name, null)}` : body,
      ticketId: ticket.id,
    });
  }
  await writeOutbox(tx, drafts, after);
}

/** The service's Pengelola Teknis group (null: none); no row: no such service. */
const TEAM_TARGET = `
SELECT ${TEAM_GROUP} AS target
  FROM "Service" s LEFT JOIN "TeamGroup" g ON g."id" = s."teamGroupId"
 WHERE s."id" = $1`;

/** The ticket's Pengelola Teknis group, if it has one. */
export async function teamTarget(tx: Tx, serviceId: number): Promise<Target | null> {
  const [row] = await sqlOf(tx).rows<{ target: Target | null }>(TEAM_TARGET, [serviceId]);
  if (!row) throw new Error(`service ${serviceId} not found`);
  return row.target;
}

/**
 * The group working on a ticket of service `$1`: the helpdesk group while the ticket is at the helpdesk
 * level (`atHelpdesk`, 002:463) and one is registered, else the service's Pengelola Teknis group; no row:
 * no such service.
 */
const workingGroup = (atHelpdesk: string, join = '') => `
SELECT COALESCE(CASE WHEN ${atHelpdesk} THEN (${HELPDESK_GROUP}) END, ${TEAM_GROUP}) AS target
  FROM "Service" s
  LEFT JOIN "TeamGroup" g ON g."id" = s."teamGroupId"${join}
 WHERE s."id" = $1`;

/** Of a ticket as the caller holds it (`$2`: at the helpdesk level). */
const TICKET_GROUP = workingGroup('$2::boolean');
/** Of ticket `$2` as stored; without a ticket (null), the service's Pengelola Teknis group. */
const STORED_TICKET_GROUP = workingGroup('t."atHelpdesk"', '\n  LEFT JOIN "Ticket" t ON t."id" = $2');

async function workingTarget(tx: Tx, statement: string, serviceId: number, second: unknown) {
  const [row] = await sqlOf(tx).rows<{ target: Target | null }>(statement, [serviceId, second]);
  if (!row) throw new Error(`service ${serviceId} not found`);
  return row.target;
}

/** The group working on the ticket now (see {@link workingGroup}). */
export function ticketTarget(
  tx: Tx,
  ticket: { serviceId: number; atHelpdesk: boolean },
): Promise<Target | null> {
  return workingTarget(tx, TICKET_GROUP, ticket.serviceId, ticket.atHelpdesk);
}

/**
 * A message to the group working on the ticket ({@link ticketTarget}), or without a ticket to the
 * service's Pengelola Teknis group; nothing when there is no such group.
 */
export async function postToTeam(
  tx: Tx,
  serviceId: number,
  text: string,
  ticketId: number | null,
  after: AfterCommit,
): Promise<void> {
  const target = await workingTarget(tx, STORED_TICKET_GROUP, serviceId, ticketId);
  if (target) await writeOutbox(tx, [{ ...target, text, ticketId }], after);
}

/** What the helpdesk group's line about a new incident says, with the group (null: none registered). */
const INCIDENT_NOTICE_READ = `
SELECT (${HELPDESK_GROUP}) AS desk, t."code", t."priority"::text AS priority, s."name" AS "serviceName",
       s."technicalTeamName"
  FROM "Ticket" t JOIN "Service" s ON s."id" = t."serviceId"
 WHERE t."id" = $1`;

/**
 * The helpdesk group's one line about a new incident: it went straight to its technical team, and the
 * officers may answer the reporter (002:277, 488). Nothing without a helpdesk group.
 */
export async function noticeHelpdesk(tx: Tx, ticketId: number, after: AfterCommit): Promise<void> {
  const [t] = await sqlOf(tx).rows<{
    desk: Target | null;
    code: string;
    priority: Priority | null;
    serviceName: string;
    technicalTeamName: string;
  }>(INCIDENT_NOTICE_READ, [ticketId]);
  if (!t) throw new Error(`ticket ${ticketId} not found`);
  if (!t.desk) return;
  const text = helpdeskText.incidentNotice(t.code, t.serviceName, t.priority, t.technicalTeamName);
  await writeOutbox(tx, [{ ...t.desk, text, ticketId }], after);
}

/** A warning that may be merged with others for the same chat (see notices.ts). */
export async function postNotice(
  tx: Tx,
  target: Target,
  text: string,
  ticketId: number | null,
  after: AfterCommit,
): Promise<void> {
  await tx.notice.create({
    data: { channel: target.channel, chatId: target.chatId, isGroup: target.isGroup, text, ticketId },
  });
  after.notices.set(`${target.channel}:${target.chatId}`, { channel: target.channel, chatId: target.chatId });
}
