/**
 * Who hears about a ticket: its Pengelola Teknis group (escalation, warnings), its reporter and the
 * reporters linked to it as a known outage (progress), coordinators (breaches) and the Penyedia Layanan
 * (an exceeded estimate).
 */
import type { Attachment } from '../channel.ts';
import type { ChannelName, StaffRole } from '../domain.ts';
import { type MediaLinks, mediaUrl } from '../media/link.ts';
import { describeMedia, mediaIdOf } from '../media/store.ts';
import { type Draft, writeOutbox } from '../outbox/write.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import { describeDue } from '../sla/priority.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { MediaSettings } from '../step/deps.ts';
import type { Tx } from '../tickets/store.ts';
import { type AttachmentLink, escalationText } from './messages.ts';
import { maskIdentity } from './quote.ts';

export interface Target {
  channel: ChannelName;
  chatId: string;
  isGroup: boolean;
}

/**
 * Posts the ticket to its service's Pengelola Teknis group; without a group, to the coordinators. Its
 * stored attachments come with a signed link each when `media.links` is set.
 */
export async function escalateTicket(
  tx: Tx,
  ticketId: number,
  calendar: BusinessCalendar,
  after: AfterCommit,
  media?: MediaSettings,
): Promise<void> {
  const t = await tx.ticket.findUniqueOrThrow({
    where: { id: ticketId },
    include: { service: { include: { teamGroup: true } }, reporter: { include: { identities: true } } },
  });
  // On the ticket's channel; of a WhatsApp reporter known by number and @lid, the number (0812****789
  // tells staff more than lid:…849).
  const onChannel = t.reporter.identities.filter((i) => i.channel === t.channel);
  const identity =
    onChannel.find((i) => !i.externalId.endsWith('@lid')) ?? onChannel[0] ?? t.reporter.identities[0];
  const attachments = Array.isArray(t.attachments) ? (t.attachments as unknown as Attachment[]) : [];
  const now = new Date();
  const links = media?.links;
  const files = links ? await attachmentLinks(tx, attachments, links, now) : [];
  const text = escalationText({
    code: t.code,
    kind: t.kind,
    service: t.service.name,
    priority: t.priority,
    responseDue: t.responseDueAt ? describeDue(t.responseDueAt, calendar) : null,
    resolutionDue: t.resolutionDueAt ? describeDue(t.resolutionDueAt, calendar) : null,
    description: t.description,
    since: t.since,
    reporter: identity ? maskIdentity(identity.externalId) : 'tidak dikenal',
    requesterName: t.requesterName,
    opd: t.requesterOpd ?? t.reporter.opd,
    urgency: t.urgency,
    attachments: attachments.length,
    files,
    ...(files.length && links
      ? { linksUntil: describeDue(new Date(now.getTime() + links.ttlMs), calendar) }
      : {}),
  });
  const group = t.service.teamGroup;
  const targets: Target[] = group
    ? [{ channel: group.channel, chatId: group.chatId, isGroup: true }]
    : await staffTargets(tx, ['KOORDINATOR', 'ADMIN']);
  await writeOutbox(
    tx,
    targets.map((g) => ({ ...g, text, ticketId: t.id })),
    after,
  );
  after.timers.add(t.id);
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

/** Progress for the reporter and everyone linked to the ticket as a known outage. */
export async function notifyReporters(
  tx: Tx,
  ticket: { id: number; channel: ChannelName; chatId: string },
  text: string,
  after: AfterCommit,
  opts: { followersText?: string; skipReporter?: boolean } = {},
): Promise<void> {
  const followers = await tx.ticketFollower.findMany({ where: { ticketId: ticket.id } });
  const drafts: Draft[] = [];
  if (!opts.skipReporter)
    drafts.push({ channel: ticket.channel, chatId: ticket.chatId, text, ticketId: ticket.id });
  for (const f of followers)
    drafts.push({
      channel: f.channel,
      chatId: f.chatId,
      text: opts.followersText ?? text,
      ticketId: ticket.id,
    });
  await writeOutbox(tx, drafts, after);
}

/** The ticket's Pengelola Teknis group, if it has one. */
export async function teamTarget(tx: Tx, serviceId: number): Promise<Target | null> {
  const service = await tx.service.findUniqueOrThrow({
    where: { id: serviceId },
    include: { teamGroup: true },
  });
  const g = service.teamGroup;
  return g ? { channel: g.channel, chatId: g.chatId, isGroup: true } : null;
}

/** A message to the service's Pengelola Teknis group; nothing when the service has none. */
export async function postToTeam(
  tx: Tx,
  serviceId: number,
  text: string,
  ticketId: number | null,
  after: AfterCommit,
): Promise<void> {
  const target = await teamTarget(tx, serviceId);
  if (target) await writeOutbox(tx, [{ ...target, text, ticketId }], after);
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
