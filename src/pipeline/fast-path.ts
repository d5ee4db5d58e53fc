/**
 * The inbound worker's fast path. Most messages only move a conversation on and answer: a menu choice, a
 * form answer, who the person is, an FAQ question, a status check (its tickets read as it steps). Such a
 * step needs no transaction: one statement reads the chat's next message with everything its step needs,
 * the pure engine steps, and one statement writes the new state, claims the message and writes the replies
 * — atomically, and only if the conversation is still the one that was read (its row version, `xmin`,
 * unchanged: no timer or staff command stepped it meanwhile). The partitions' reads and writes of the same
 * moment go as one statement each (src/db/batch.ts). A first message from someone never seen is written
 * the same way, their contact and conversation with it. A known chat's step that changes a ticket is
 * carried out on the same read in a short transaction (carried-step.ts). Anything else — a sender the
 * chat does not know yet, a command, a file, or a conversation that moved on — goes the full way
 * (process-inbound.ts), which does the same work in one transaction. Every way keeps the same
 * guarantees: each message stepped once, in order per chat, state, claim and replies committed together.
 */
import { isStaffCommand, parseCommand } from '../commands/parse.ts';
import { canonicalId } from '../contacts/whatsapp-id.ts';
import { step } from '../conversation/engine.ts';
import type { Effect } from '../conversation/types.ts';
import { batched, records, rowsByItem } from '../db/batch.ts';
import { sqlOf } from '../db/sql.ts';
import type { ChannelName } from '../domain.ts';
import {
  type Draft,
  noteSends,
  outboxDrafts,
  outboxInsert,
  outboxRecords,
  outboxRows,
  type Written,
} from '../outbox/write.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import { type StepRead, stateOf, stepContext, stepReadColumns } from '../step/context.ts';
import { armInactivity, effectEnv, flowCode, replyDrafts } from '../step/conversation.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { runEffects } from '../step/effects.ts';
import { stepCarried } from './carried-step.ts';
import { type InboundRow, messageEvent, payloadOf, threadOf } from './inbound-row.ts';

/**
 * What the step of message `m` reads besides the message, with its chat's conversation joined as `cv`
 * (the columns of a {@link ReadRow}). Accept reads the same with a message it stores (accept.ts).
 */
export const NEXT_READ_COLUMNS = `cv."id" AS "conversationId", cv."state", cv.xmin::text AS "version", cv."contactId",
  (SELECT json_agg(json_build_array(i."externalId", i."displayName")) FROM "ContactIdentity" i
    WHERE i."contactId" = cv."contactId" AND i."channel" = m."channel"::"ChannelName") AS identities,
  ${stepReadColumns('cv."contactId"')}`;

/**
 * For each chat `c`: its oldest unprocessed message up to the job's, how many there are, and its step's
 * reads. The chats of the same moment (the partitions' workers) are read in one statement (src/db/batch.ts).
 */
const READ_NEXT = `
SELECT c.n, m.*, ${NEXT_READ_COLUMNS}
  FROM jsonb_to_recordset($1::jsonb) AS c("channel" text, "chatId" text, "upTo" int, n int)
 CROSS JOIN LATERAL (
   SELECT "id", "channel"::text AS channel, "chatId", "fromId", "fromName", "isGroup", "text", "payload",
          count(*) OVER ()::int AS backlog
     FROM "InboundMessage"
    WHERE "channel" = c."channel"::"ChannelName" AND "chatId" = c."chatId" AND "processedAt" IS NULL
      AND "id" <= c."upTo"
    ORDER BY "id"
    LIMIT 1) m
  LEFT JOIN "Conversation" cv ON cv."channel" = c."channel"::"ChannelName" AND cv."chatId" = c."chatId"`;

/** Claims message `$4` at `$3` if `guard` has a row, then writes the replies `$6` if it was claimed. */
const claimAndReply = (guard: string) => `
claim AS (
  UPDATE "InboundMessage" SET "processedAt" = $3::timestamp(3)
   WHERE "id" = $4 AND "processedAt" IS NULL AND EXISTS (SELECT 1 FROM ${guard})
  RETURNING "id"),
sent AS (${outboxInsert({ from: `${outboxDrafts('$6')} WHERE EXISTS (SELECT 1 FROM claim)`, inboundId: '$4', orderBy: 'e.n' })})`;

/** The messages claimed and the replies written (`claim`, `sent`), as JSON. */
const OUTCOME = `
SELECT (SELECT COALESCE(json_agg(c."id"), '[]'::json) FROM claim c) AS claimed,
       (SELECT COALESCE(json_agg(json_build_object('id', s."id", 'channel', s.channel, 'chatId', s."chatId",
                                                   'inboundId', s."inboundId")), '[]'::json) FROM sent s) AS sent`;

/**
 * Steps of known chats, each `w` (the chats of the same moment in one statement, src/db/batch.ts):
 * locks each conversation if it is still the version read, then claims the message, saves the state
 * and writes the replies, each only if the one before it happened (any step of a chat changes its row,
 * so an unchanged version also means nobody processed the message). A conversation another transaction
 * holds is being stepped right now: it is skipped, not waited for, and its message goes the full way.
 * A step that took the person's answer to who they are (`profile`: name, OPD, NIP) saves it on their
 * contact, as effects.ts does: asked once, whatever the answer held.
 */
const WRITE_STEPS = `
WITH w AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS w("conversationId" int, "version" text, "inboundId" int,
         "at" text, "state" jsonb, "replies" jsonb, "profile" jsonb, "contactId" int, n int)),
conv AS (
  SELECT c."id" FROM "Conversation" c JOIN w ON c."id" = w."conversationId" AND c.xmin = w."version"::xid
   ORDER BY c."id" FOR UPDATE OF c SKIP LOCKED),
claim AS (
  UPDATE "InboundMessage" i SET "processedAt" = w."at"::timestamp(3)
    FROM w JOIN conv ON conv."id" = w."conversationId"
   WHERE i."id" = w."inboundId" AND i."processedAt" IS NULL
  RETURNING i."id"),
done AS (SELECT w.* FROM w JOIN claim ON claim."id" = w."inboundId"),
saved AS (
  UPDATE "Conversation" c
     SET "state" = d."state", "lastActivityAt" = d."at"::timestamp(3), "updatedAt" = d."at"::timestamp(3)
    FROM done d WHERE c."id" = d."conversationId"),
profile AS (
  UPDATE "Contact" c
     SET "profileAskedAt" = d."at"::timestamp(3), "name" = COALESCE(NULLIF(p."name", ''), c."name"),
         "opd" = COALESCE(NULLIF(p."opd", ''), c."opd"), "nip" = COALESCE(NULLIF(p."nip", ''), c."nip")
    FROM done d CROSS JOIN LATERAL jsonb_to_record(d."profile") AS p("name" text, "opd" text, "nip" text)
   WHERE c."id" = d."contactId" AND d."profile" IS NOT NULL),
sent AS (${outboxInsert({
  from: `done w CROSS JOIN LATERAL ${outboxDrafts('w."replies"')}`,
  inboundId: 'w."inboundId"',
  orderBy: 'w.n, e.n',
})})
${OUTCOME}`;

interface Step {
  conversationId: number;
  version: string;
  inboundId: number;
  at: Date;
  state: object;
  replies: Draft[];
  profile: { name: string | null; opd: string | null; nip: string | null } | null;
  contactId: number | null;
}

/**
 * Writes each step if its conversation is still the version read; what was written for it, or null.
 * One step per conversation in a statement: a second one (two workers with the same message) could only
 * have read the same version, so it loses, as it would one statement later.
 */
const writeSteps = batched<Step, Written[] | null>(async (db, steps) => {
  const first = new Map<number, Step>();
  for (const s of steps) if (!first.has(s.conversationId)) first.set(s.conversationId, s);
  const taken = [...first.values()];
  const [out] = await sqlOf(db).rows<Outcome>(WRITE_STEPS, [
    records(taken.map((s) => ({ ...s, replies: outboxRecords(s.replies) }))),
  ]);
  const claimed = new Set(out?.claimed ?? []);
  return steps.map((s) =>
    first.get(s.conversationId) === s && claimed.has(s.inboundId)
      ? (out?.sent ?? []).filter((r) => r.inboundId === s.inboundId)
      : null,
  );
});

/**
 * A new chat from someone never seen (`$1` channel, `$2` chat, `$7` their id, `$8` name): the contact
 * with its identity and the conversation with state `$5`, then the claim and the replies. The identity
 * goes first (the foreign key is checked at the end of the statement): if the id is someone's already,
 * nothing is created and the full path takes the message; the same if the chat got a conversation.
 */
const WRITE_FIRST_STEP = `
WITH ids AS (SELECT nextval(pg_get_serial_sequence('"Contact"', 'id'))::int AS "id"),
ident AS (
  INSERT INTO "ContactIdentity" ("contactId", "channel", "externalId", "displayName")
  SELECT "id", $1::"ChannelName", $7, $8 FROM ids
  ON CONFLICT ("channel", "externalId") DO NOTHING
  RETURNING "contactId"),
contact AS (
  INSERT INTO "Contact" ("id", "name", "createdAt") SELECT "contactId", $8, $3::timestamp(3) FROM ident
  RETURNING "id"),
conv AS (
  INSERT INTO "Conversation" ("channel", "chatId", "contactId", "state", "lastActivityAt", "updatedAt")
  SELECT $1::"ChannelName", $2, "id", $5::jsonb, $3::timestamp(3), $3::timestamp(3) FROM contact
  ON CONFLICT ("channel", "chatId") DO NOTHING
  RETURNING "id"),
${claimAndReply('conv')}
${OUTCOME}`;

export interface NextMessage extends StepRead {
  message: InboundRow;
  /** Unprocessed messages of the chat up to the job's, this one included. */
  backlog: number;
  /** The chat's conversation, if it has one: its row, row version and contact. */
  conversation: { id: number; state: unknown; version: string; contactId: number | null } | null;
  /** The conversation contact's ids on this channel, with the name each was last seen under. */
  identities: [string, string | null][] | null;
}

/** A message with what its step reads ({@link NEXT_READ_COLUMNS}). */
export interface ReadRow extends InboundRow, StepRead {
  backlog: number;
  conversationId: number | null;
  state: unknown;
  version: string | null;
  contactId: number | null;
  identities: [string, string | null][] | null;
}

type Chat = { channel: ChannelName; chatId: string; upTo: number };

/** Each chat's read row, or null when it has nothing left to process. */
const readRows = batched<Chat, ReadRow | null>(async (db, chats) =>
  rowsByItem(chats.length, await sqlOf(db).rows<ReadRow & { n: number }>(READ_NEXT, [records(chats)])).map(
    ([row]) => row ?? null,
  ),
);

/** The chat's oldest unprocessed message up to the job's, with its step's reads; null: none left. */
export async function readNext(
  deps: ConversationDeps,
  job: { channel: ChannelName; chatId: string; inboundId: number },
): Promise<NextMessage | null> {
  const row = await readRows(deps.db, { channel: job.channel, chatId: job.chatId, upTo: job.inboundId });
  return row ? nextMessageOf(row) : null;
}

/** A read row as the step takes it. */
export function nextMessageOf(row: ReadRow): NextMessage {
  const { backlog, conversationId, state, version, contactId, identities, own, incidents, contact, ...m } =
    row;
  return {
    message: m,
    backlog,
    conversation:
      conversationId !== null && version !== null ? { id: conversationId, state, version, contactId } : null,
    identities,
    own,
    incidents,
    contact,
  };
}

/**
 * Steps the message the fast way if it can (or on its read in a short transaction, carried-step.ts).
 * False: it could not (or the conversation moved on since it was read), nothing was written, and the
 * message is the full path's.
 */
export async function stepFast(deps: ConversationDeps, next: NextMessage): Promise<boolean> {
  const { message: m, conversation: conv } = next;
  const payload = payloadOf(m);
  if (m.isGroup || payload.attachments?.length || payload.alsoKnownAs?.length) return false;
  // Commands (and "lanjut" after a list) have their own handling.
  const command = parseCommand(m.text);
  if ((command && isStaffCommand(command.name)) || /^\s*lanjut\s*$/i.test(m.text)) return false;
  const sender = canonicalId(m.channel, m.fromId);
  if (conv) {
    // The sender must be the conversation's contact under the name already known (else resolveContact
    // has identities to add, move or rename).
    const identity = next.identities?.find(([id]) => id === sender);
    if (!conv.contactId || !identity || (m.fromName && identity[1] !== m.fromName)) return false;
  }
  const now = deps.now?.() ?? new Date();
  const state = stateOf(conv?.state ?? null);
  const result = step(state, messageEvent(m.text, payload, noMedia), stepContext(deps, next, now));
  const profiles = result.effects.filter(isSaveProfile);
  const replies = result.effects.filter(isReply);
  const lookups = result.effects.filter(isStatusCheck);
  const chat = { channel: m.channel, chatId: m.chatId, ...threadOf(payload) };
  const fast =
    // Anything else (a ticket to open or to change) needs a transaction; so does the person's answer
    // to who they are in a chat not known yet (the write saves it on the contact).
    replies.length + profiles.length + lookups.length === result.effects.length &&
    profiles.length <= (conv ? 1 : 0) &&
    // A status check reads a known contact's tickets, and writes nothing of its own.
    !(lookups.length && (!conv?.contactId || profiles.length)) &&
    // A ticket's flow may need the on-behalf note (conversation.ts), which a transaction reads.
    !flowCode(result.state) &&
    !flowCode(state);
  if (!fast)
    // A known chat's step is carried out on what was read (carried-step.ts); a new chat's goes in full.
    return conv?.contactId
      ? stepCarried(deps, {
          inboundId: m.id,
          chat: { ...chat, contactId: conv.contactId },
          version: conv.version,
          stepped: { conversationId: conv.id, state, profile: next.contact, result },
          now,
        })
      : false;
  const after = emptyAfterCommit(m.id);
  // The status is looked up now, outside a transaction (as current as the full path's read inside one);
  // the answer is written with the step, only if the conversation is still the one read.
  const outcome =
    lookups.length && conv?.contactId
      ? await runEffects(
          result.effects,
          effectEnv(deps, deps.db, { ...chat, contactId: conv.contactId }, now, after),
        )
      : {
          replies: replies.map((e) => (e.choices ? { text: e.text, choices: e.choices } : { text: e.text })),
          aborted: false,
        };
  const drafts = replyDrafts(chat, outcome.replies);
  const stepped = outcome.aborted ? { ...result.state, flow: { name: 'idle' as const } } : result.state;
  const [profile] = profiles.map((p) => ({ name: p.name, opd: p.opd, nip: p.nip }));
  const written = conv
    ? await writeSteps(deps.db, {
        conversationId: conv.id,
        version: conv.version,
        inboundId: m.id,
        at: now,
        state: stepped,
        replies: drafts,
        profile: profile ?? null,
        contactId: conv.contactId,
      })
    : await writeFirstStep(deps.db, {
        channel: m.channel,
        chatId: m.chatId,
        at: now,
        inboundId: m.id,
        state: stepped,
        replies: drafts,
        sender,
        name: m.fromName,
      });
  if (!written) return false;
  noteSends(written, after);
  armInactivity(after, chat, stepped, now);
  await runAfterCommit(deps, after);
  return true;
}

interface Outcome {
  claimed: number[];
  sent: Written[];
}

/** A new chat's first step; what was written, or null when nothing was (the full path's then). */
async function writeFirstStep(
  db: ConversationDeps['db'],
  w: Pick<Step, 'inboundId' | 'at' | 'state' | 'replies'> & {
    channel: ChannelName;
    chatId: string;
    sender: string;
    name: string | null;
  },
): Promise<Written[] | null> {
  const [out] = await sqlOf(db).rows<Outcome>(WRITE_FIRST_STEP, [
    w.channel,
    w.chatId,
    w.at,
    w.inboundId,
    JSON.stringify(w.state),
    outboxRows(w.replies),
    w.sender,
    w.name,
  ]);
  return out?.claimed.includes(w.inboundId) ? out.sent : null;
}

const noMedia = { attachments: [], tooLarge: false, limitMb: 0 };

function isReply(e: Effect): e is Extract<Effect, { type: 'reply' }> {
  return e.type === 'reply';
}

function isStatusCheck(e: Effect): e is Extract<Effect, { type: 'show_status' }> {
  return e.type === 'show_status';
}

function isSaveProfile(e: Effect): e is Extract<Effect, { type: 'save_profile' }> {
  return e.type === 'save_profile';
}
