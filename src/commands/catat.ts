/**
 * `/catat`: a helpdesk officer records a report that came by phone, letter, e-mail or in person
 * (metode pelaporan, Formulir E c, 002:501), on behalf of the person who made it.
 *
 * Who: a Pengelola Layanan, a Koordinator Layanan or an admin, in a private chat with the bot. Not a
 * Pengelola Teknis, and not from a group: the ticket's progress, the confirmation question and the rating
 * request come to the chat it was recorded in, and the bot converses only in private chats, so a group
 * could never answer them.
 */
import { fulfilmentOf } from '../catalogue/directory.ts';
import type { StaffRole } from '../domain.ts';
import { announceNewTicket, requestStart } from '../escalation/new-ticket.ts';
import { normalizeText } from '../faq/normalize.ts';
import type { Service, Staff } from '../generated/prisma/client.ts';
import { describeDue } from '../sla/priority.ts';
import { type Origin, openIncident, openRequest, type TicketRecord, type Tx } from '../tickets/store.ts';
import { type CatatForm, catatText, parseCatat } from './catat-form.ts';
import type { GeneralCommand, StaffCtx, Standing } from './context.ts';

/** Whose name the recording is under, first choice first. */
const RECORDER_ROLES: StaffRole[] = ['PENGELOLA_LAYANAN', 'KOORDINATOR', 'ADMIN'];

function refuse(who: Standing): string | null {
  return who.coordinator || who.roles.has('PENGELOLA_LAYANAN') ? null : catatText.notHelpdesk;
}

async function run(ctx: StaffCtx): Promise<string[]> {
  if (ctx.src.isGroup) return [catatText.notHere];
  const parsed = parseCatat(ctx.rest);
  if (!parsed.ok) return [catatText.notRecorded(parsed.problems, catatText.template)];
  const { form } = parsed;
  const service = findService(ctx, form);
  if (typeof service === 'string') return [catatText.notRecorded([service], catatText.template)];
  const recorder = RECORDER_ROLES.map((r) => ctx.who.staff.find((s) => s.role === r)).find(
    (s): s is Staff => s !== undefined,
  );
  if (!recorder) return [catatText.noStaffRow];

  const { tx, now, deps, after } = ctx;
  const calendar = deps.calendar;
  const contactId = await requesterContact(tx, form);
  // The officer's chat: progress, the confirmation question and the rating request are theirs to relay.
  const origin: Origin = { channel: ctx.src.channel, chatId: ctx.src.chatId, contactId };
  const record: TicketRecord = {
    reportingMethod: form.method,
    recordedById: recorder.id,
    requesterName: form.name,
    requesterOpd: form.opd,
    requesterNip: form.nip,
  };
  const who = catatText.who(form.name, form.method);

  if (form.kind === 'REQUEST') {
    const ticket = await openRequest(
      tx,
      { service, description: form.description, attachments: [] },
      fulfilmentOf(service),
      service.approvalRequired,
      origin,
      now,
      calendar,
      { ...record, ...requestStart(service) },
    );
    await announceNewTicket(tx, deps, ticket, after);
    const due = ticket.resolutionDueAt
      ? [`Target pemenuhan: ${describeDue(ticket.resolutionDueAt, calendar)}.`]
      : [];
    return [catatText.requestRecorded(who, ticket.code, service.name, [...due, catatText.relay])];
  }

  const result = await openIncident(
    tx,
    {
      serviceId: service.id,
      description: form.description,
      since: form.since ?? '',
      impact: form.impact ?? 'MINOR',
      attachments: [],
    },
    service,
    origin,
    now,
    calendar,
    record,
  );
  const t = result.ticket;
  if (result.kind === 'known_outage')
    return [
      result.alreadyFollowing
        ? catatText.alreadyFollowing(form.name, t.code)
        : catatText.knownOutage(who, t.code, service.name),
    ];
  await announceNewTicket(tx, deps, t, after);
  const lines = [
    t.responseDueAt ? `Batas tanggap: ${describeDue(t.responseDueAt, calendar)}.` : null,
    t.resolutionDueAt ? `Batas penyelesaian: ${describeDue(t.resolutionDueAt, calendar)}.` : null,
    catatText.relay,
  ].filter((l): l is string => l !== null);
  return [catatText.incidentRecorded(who, t.code, service.name, t.priority ?? '-', lines)];
}

/** The catalogue entry meant, by code or by a loose name; else what to tell the officer. */
function findService(ctx: StaffCtx, form: CatatForm): Service | string {
  const { byCode } = ctx.deps.services;
  const kind = form.kind === 'INCIDENT' ? 'incident' : 'request';
  const typed = form.service.trim();
  let service = byCode.get(typed.toLowerCase());
  if (!service) {
    const guess = ctx.deps.understander.services.find(normalizeText(typed), typed, kind);
    service = guess.code ? byCode.get(guess.code) : undefined;
    if (!service) {
      const options = guess.candidates.flatMap((c) => byCode.get(c)?.code ?? []).slice(0, 3);
      return catatText.unknownService(typed, options);
    }
  }
  const takes = form.kind === 'INCIDENT' ? service.reportable : service.requestable;
  return takes ? service : catatText.wrongKind(service.name, form.kind);
}

/**
 * The person who reported: the contact recorded before with the same phone number or e-mail address
 * (its name, OPD and NIP brought up to date), else a new one. Such a contact has no chat identity.
 */
async function requesterContact(tx: Tx, form: CatatForm): Promise<number> {
  const data = {
    name: form.name,
    ...(form.opd ? { opd: form.opd } : {}),
    ...(form.nip ? { nip: form.nip } : {}),
  };
  const key = form.phone ? { phone: form.phone } : form.email ? { email: form.email } : null;
  const known = key
    ? await tx.contact.findFirst({ where: { ...key, identities: { none: {} } }, orderBy: { id: 'asc' } })
    : null;
  if (known) {
    await tx.contact.update({ where: { id: known.id }, data });
    return known.id;
  }
  const created = await tx.contact.create({ data: { ...data, phone: form.phone, email: form.email } });
  return created.id;
}

/** The /catat command. */
export const CATAT_COMMANDS: Record<string, GeneralCommand> = { catat: { run, refuse } };
