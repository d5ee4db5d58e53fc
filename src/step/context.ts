/**
 * What one conversation step reads, in one statement: the chat's conversation row (created or locked:
 * INSERT … ON CONFLICT DO UPDATE holds the row lock until commit, so a chat's steps never interleave),
 * the person's own open tickets, each service's oldest open incident and who the person said they are.
 *
 * Its cost stays flat as tickets pile up: the own tickets come from the person's index entries
 * (reporter, recorder, follower), each branch driven by the person (a join against all open tickets
 * grew with them: 10 ms at 10,000), the open incidents from one index probe per service and status.
 */
import { type ConversationState, INITIAL_STATE, type StepContext } from '../conversation/types.ts';
import { sqlOf } from '../db/sql.ts';
import type { ChannelName } from '../domain.ts';
import { normalizeText } from '../faq/normalize.ts';
import { OPEN_STATUSES } from '../tickets/lifecycle.ts';
import type { ContactProfile } from '../tickets/starting-record.ts';
import type { Tx } from '../tickets/store.ts';
import type { ConversationDeps } from './deps.ts';

/** The person's tickets a status question or a follow-up may be about: open, or resolved but unconfirmed. */
const OWN_STATUSES = [...OPEN_STATUSES, 'RESOLVED'];
const OWN_LIMIT = 10;

const OWN_COLUMNS = `t.id, t.code, t.status::text AS status, t."serviceId"`;
const list = (statuses: readonly string[]) => statuses.map((s) => `'${s}'`).join(', ');
/**
 * A person's tickets that are still theirs to ask about. The status is compared as text so that no
 * index on the status can drive the read: the person's own entries must. Statistics taken while few
 * tickets were open (100,000 closed, none open: a quiet night) make the status index look like a
 * one-row probe, and the plan then read every open ticket of the helpdesk for every message (measured:
 * 5.5 ms of an 8.7 ms read at 260 open tickets, growing with them) until the table is analysed again,
 * which for a large table is thousands of ticket changes later.
 */
const ownOpen = `t.status::text IN (${list(OWN_STATUSES)})`;
const oldestOpenIncident = OPEN_STATUSES.map(
  (s) =>
    `(SELECT min(t.id) FROM "Ticket" t WHERE t."serviceId" = s.id AND t.kind = 'INCIDENT' AND t.status = '${s}')`,
).join(', ');

/** The person's own open tickets (newest first), as JSON: `contact` is the SQL naming their contact id. */
const ownTicketsOf = (contact: string) => `
  (SELECT COALESCE(json_agg(json_build_object('code', o.code, 'status', o.status, 'serviceId', o."serviceId")
                            ORDER BY o.id DESC), '[]'::json)
     FROM (SELECT DISTINCT ON (x.id) x.* FROM (
             SELECT ${OWN_COLUMNS} FROM "Ticket" t
              WHERE t."reporterId" = ${contact} AND ${ownOpen}
             UNION ALL
             SELECT ${OWN_COLUMNS} FROM "Staff" st JOIN "Ticket" t ON t."recordedById" = st.id
              WHERE st."contactId" = ${contact} AND ${ownOpen}
             UNION ALL
             SELECT ${OWN_COLUMNS} FROM "TicketFollower" f JOIN "Ticket" t ON t.id = f."ticketId"
              WHERE f."contactId" = ${contact} AND ${ownOpen}) x
            ORDER BY x.id DESC LIMIT ${OWN_LIMIT}) o)`;

/** Each active service's oldest open incident, as JSON pairs [serviceId, code]. */
const OPEN_INCIDENTS = `
  (SELECT COALESCE(json_agg(json_build_array(i."serviceId", t.code) ORDER BY i."serviceId"), '[]'::json)
     FROM (SELECT s.id AS "serviceId", LEAST(${oldestOpenIncident}) AS "ticketId"
             FROM "Service" s WHERE s.active) i
     JOIN "Ticket" t ON t.id = i."ticketId")`;

/** Who the person said they are, as JSON. */
const profileOf = (contact: string) => `
  (SELECT json_build_object('name', c.name, 'opd', c.opd, 'nip', c.nip, 'asked', c."profileAskedAt" IS NOT NULL)
     FROM "Contact" c WHERE c.id = ${contact})`;

/** The columns of {@link StepRead}, for a statement whose FROM names the contact id as `contact`. */
export const stepReadColumns = (contact: string) =>
  `${ownTicketsOf(contact)} AS own, ${OPEN_INCIDENTS} AS incidents, ${profileOf(contact)} AS contact`;

const LOAD = `
WITH conv AS (
  INSERT INTO "Conversation" ("channel", "chatId", "contactId", "updatedAt")
  VALUES ($1::"ChannelName", $2, $3, now())
  ON CONFLICT ("channel", "chatId") DO UPDATE SET "updatedAt" = EXCLUDED."updatedAt"
  RETURNING "id", "state")
SELECT conv.id, conv.state, ${stepReadColumns('$3')}
FROM conv`;

/** What a step reads besides the conversation: the person's tickets, the open incidents, the profile. */
export interface StepRead {
  own: { code: string; status: OwnStatus; serviceId: number }[];
  incidents: [number, string][];
  contact: ContactProfile | null;
}

interface Loaded extends StepRead {
  id: number;
  state: unknown;
}

type OwnStatus = StepContext['ownOpenTickets'][number]['status'];

/** Creates or locks the chat's conversation and reads what the step needs, in `tx`. */
export async function loadStep(
  tx: Tx,
  deps: ConversationDeps,
  chat: { channel: ChannelName; chatId: string; contactId: number },
  now: Date,
): Promise<{
  conversationId: number;
  state: ConversationState;
  ctx: StepContext;
  profile: ContactProfile | null;
}> {
  const [row] = await sqlOf(tx).rows<Loaded>(LOAD, [chat.channel, chat.chatId, chat.contactId]);
  if (!row) throw new Error('conversation upsert returned no row');
  return {
    conversationId: row.id,
    state: stateOf(row.state),
    ctx: stepContext(deps, row, now),
    profile: row.contact,
  };
}

/** A stored conversation state, with the fields a newer version added filled in. */
export function stateOf(stored: unknown): ConversationState {
  return { ...INITIAL_STATE, ...(stored as Partial<ConversationState>) } as ConversationState;
}

/** The pure engine's view of the world for one step, from what the step read. */
export function stepContext(deps: ConversationDeps, row: StepRead, now: Date): StepContext {
  const { byId } = deps.services;
  const openIncidentByService = new Map<string, string>();
  for (const [serviceId, code] of row.incidents) {
    const service = byId.get(serviceId)?.code;
    if (service) openIncidentByService.set(service, code);
  }
  const contact = row.contact;
  const ctx: StepContext = {
    now,
    services: deps.services.options,
    findService: (text, kind, answer) =>
      deps.understander.services.find(normalizeText(text), text, kind, answer),
    faq: (text) => deps.faq.match(text),
    calendar: deps.calendar,
    ownOpenTickets: row.own.map((t) => ({
      code: t.code,
      status: t.status,
      serviceCode: byId.get(t.serviceId)?.code ?? '',
      serviceName: byId.get(t.serviceId)?.name ?? '',
    })),
    openIncidentByService,
    understand: (text) => deps.understander.understand(text),
    vocabulary: deps.understander.vocabulary,
    draftKeepMs: deps.draftKeepMs,
    requester: contact?.asked ? { name: contact.name, opd: contact.opd, nip: contact.nip } : null,
  };
  return ctx;
}
