/**
 * The conversation as a pure state machine: step(state, event, ctx) → { state, effects }.
 * No IO here: what needs the database is an effect, carried out in the same transaction by effects.ts.
 *
 * A message outside a form goes to the front door (front-door.ts), which understands free text; inside a
 * form, each step reads its answer (forms.ts) and answers side questions without losing the form.
 * "menu", "batal" and "kembali" work everywhere.
 */
import { INBOUND_LIMITS } from '../channel.ts';
import { normalizeText } from '../faq/normalize.ts';
import { describeDue } from '../sla/priority.ts';
import { isCaptionOnly, readResume } from '../understand/answers.ts';
import { onAnswerQuestion, onConfirmResolution, onFeedback, onRating, onReopenReason } from './closing.ts';
import { faqReply } from './faq-reply.ts';
import { advance, type FormFlow, onForm, promptFor } from './forms.ts';
import { onFrontDoor } from './front-door.ts';
import { DRAFT_CHOICES, mediaText, RATING_CHOICES, SOLVED_CHOICES, text as say } from './messages.ts';
import { onCancel, onFollowupPick, onHuman, onStatusPick } from './own-tickets.ts';
import { type Ctx, type Input, reply, resolveChoice, showMenu } from './turn.ts';
import {
  type ConversationEvent,
  type ConversationState,
  type Effect,
  type Flow,
  INITIAL_STATE,
  type StepResult,
} from './types.ts';

/** The same limit as at accept; a message stored before that limit existed is cut here. */
export const MAX_TEXT_CHARS = INBOUND_LIMITS.text;
const MAX_PENDING_ATTACHMENTS = 10;

// Zero-width characters, bidi controls and other invisible format characters.
const INVISIBLE = /[\p{Cf}\p{Cc}]/gu;

export function step(state: ConversationState, event: ConversationEvent, ctx: Ctx): StepResult {
  const base: ConversationState = { ...INITIAL_STATE, ...state, attachments: [...(state.attachments ?? [])] };
  // A ticket event in the middle of a report keeps the report to come back to afterwards.
  const s: ConversationState =
    event.type !== 'message' && event.type !== 'inactivity_timeout' && isForm(base.flow)
      ? { ...base, suspended: base.flow }
      : base;
  switch (event.type) {
    case 'ticket_resolved': {
      const closesAt = event.closesAt ? describeDue(event.closesAt, ctx.calendar) : null;
      return {
        state: { ...s, flow: { name: 'confirm_resolution', code: event.code }, misses: 0 },
        effects: [
          reply(
            event.reminder
              ? say.confirmReminder(event.code, event.closes !== false)
              : say.askSolved(event.code, event.resolution, closesAt),
            SOLVED_CHOICES,
          ),
        ],
      };
    }
    case 'ticket_question':
      return {
        state: { ...s, flow: { name: 'answer_question', code: event.code }, misses: 0 },
        effects: [reply(say.question(event.code, event.question))],
      };
    case 'ask_rating':
      return {
        state: { ...s, flow: { name: 'rating', code: event.code }, misses: 0 },
        effects: [reply(event.text), reply(say.askRatingAfterClose, RATING_CHOICES)],
      };
    case 'inactivity_timeout':
      return onInactivity(s, ctx);
    case 'message':
      return onMessage(s, event, ctx);
  }
}

/**
 * Flows the inactivity timer looks at: the half-filled ones. Confirmation and rating wait for the
 * reporter much longer (the confirmation window); a menu or an FAQ answer has nothing to lose.
 */
const EXPIRING_FLOWS = new Set<Flow['name']>([
  'request',
  'incident',
  'status',
  'cancel',
  'human',
  'followup',
]);

/** Whether the conversation is in a flow the inactivity timer ends. */
export function flowExpires(state: ConversationState): boolean {
  return EXPIRING_FLOWS.has(state.flow.name);
}

/** A form left half-filled is kept as a draft for `ctx.draftKeepMs`; a pick list just ends. */
function onInactivity(s: ConversationState, ctx: Ctx): StepResult {
  if (!EXPIRING_FLOWS.has(s.flow.name)) return { state: s, effects: [] };
  if (!isForm(s.flow)) return { state: { ...s, flow: { name: 'idle' } }, effects: [] };
  const until = describeDue(new Date(ctx.now.getTime() + ctx.draftKeepMs), ctx.calendar);
  return {
    state: {
      ...s,
      flow: { name: 'idle' },
      misses: 0,
      draft: { flow: s.flow, savedAt: ctx.now.toISOString() },
    },
    effects: [reply(say.draftKept(until))],
  };
}

/** Removes invisible characters and caps the length; returns the text to work with. */
export function sanitizeText(raw: string): { text: string; truncated: boolean } {
  const clean = raw.replace(INVISIBLE, (c) => (c === '\n' || c === '\t' ? c : '')).trim();
  return clean.length > MAX_TEXT_CHARS
    ? { text: clean.slice(0, MAX_TEXT_CHARS), truncated: true }
    : { text: clean, truncated: false };
}

/** Steps where symbols alone are an answer: "⭐⭐⭐⭐" is a rating, "-" skips the feedback. */
const SYMBOL_ANSWERS = new Set<Flow['name']>(['rating', 'feedback']);

function onMessage(
  s: ConversationState,
  event: Extract<ConversationEvent, { type: 'message' }>,
  ctx: Ctx,
): StepResult {
  const effects: Effect[] = [];
  const { text, truncated } = sanitizeText(event.text);
  const words = normalizeText(text);
  if (event.attachments.length > 0) {
    // A caption stays with its attachment; only a caption that says more than "here it is" is also read
    // as the answer to what the bot asked.
    const captionOnly = text !== '' && isCaptionOnly(words, ctx.vocabulary.answers);
    const kept = event.attachments.map((a) => (text ? { ...a, caption: text } : a));
    s.attachments = [...s.attachments, ...kept].slice(-MAX_PENDING_ATTACHMENTS);
    const inFlow = ['request', 'incident', 'human', 'followup', 'answer_question', 'reopen_reason'].includes(
      s.flow.name,
    );
    const answered = text !== '' && !captionOnly;
    // A file over the size limit is kept only as the platform's reference: the reporter hears it was not stored.
    const refused = event.attachments.filter((a) => a.refused === 'too_large').map((a) => a.kind);
    const kinds = event.attachments.filter((a) => a.refused === undefined).map((a) => a.kind);
    if (refused.length) effects.push(reply(mediaText.tooLarge(refused, event.mediaLimitMb ?? 16)));
    if (kinds.length) effects.push(reply(say.attachmentReceived(kinds, inFlow || answered)));
    if (!answered && !event.choice) {
      // The question the form is waiting on still needs its answer in words.
      if (s.flow.name === 'request' || s.flow.name === 'incident') effects.push(...promptFor(s.flow, ctx));
      return { state: s, effects };
    }
  }
  if (truncated || event.truncated) effects.push(reply(say.tooLong));
  if (words === '' && !event.choice && (text === '' || !SYMBOL_ANSWERS.has(s.flow.name))) {
    // Only emoji, symbols or nothing at all.
    effects.push(reply(text === '' ? say.emptyMessage : say.noTextContent));
    return { state: s, effects };
  }
  const input: Input = { raw: text, words, choice: event.choice };
  const result = handle(s, input, ctx);
  const { suspended, ...next } = result.state;
  if (suspended && next.flow.name === 'idle' && isForm(suspended)) {
    // What the ticket event interrupted is asked again where it stopped.
    return {
      state: { ...next, flow: suspended },
      effects: [...effects, ...result.effects, ...resumePrompt(suspended, ctx, say.resumeForm)],
    };
  }
  return { state: result.state, effects: [...effects, ...result.effects] };
}

/** Report forms: flows worth coming back to when a ticket event or silence interrupts them. */
function isForm(flow: Flow): boolean {
  return flow.name === 'request' || flow.name === 'incident' || flow.name === 'human';
}

function resumePrompt(flow: Flow, ctx: Ctx, intro: string): Effect[] {
  if (flow.name === 'request' || flow.name === 'incident') return promptFor(flow, ctx, intro);
  return [reply(`${intro} ${say.askHumanNote}`)];
}

function handle(s: ConversationState, input: Input, ctx: Ctx): StepResult {
  const { words } = input;
  // The person chose to go elsewhere: a report put aside is dropped too.
  if (words === 'menu' || input.choice === 'menu' || words === 'menu utama')
    return showMenu({ ...s, suspended: undefined, draft: undefined }, say.menu);
  if (words === 'batal' || words === 'cancel' || words === 'stop') {
    if ((s.flow.name === 'idle' || s.flow.name === 'menu') && !s.draft)
      return showMenu({ ...s, suspended: undefined }, say.menu);
    return showMenu(
      { ...s, attachments: [], suspended: undefined, draft: undefined },
      `${say.cancelled} ${say.menu}`,
    );
  }
  if (words === 'kembali') return goBack(s, ctx);
  const resumed = resumeDraft(s, input, ctx);
  if (resumed) return resumed;

  const flow = s.flow;
  switch (flow.name) {
    case 'idle':
    case 'menu':
    case 'faq':
      return onFrontDoor(s, input, ctx);
    case 'request':
    case 'incident':
      return onForm(s, flow, input, ctx);
    case 'status':
      return onStatusPick(s, input, ctx) ?? answerOrFrontDoor(s, input, ctx);
    case 'cancel':
      return onCancel(s, flow, input, ctx) ?? onFrontDoor({ ...s, flow: { name: 'idle' } }, input, ctx);
    case 'followup':
      return onFollowupPick(s, flow, input, ctx) ?? onFrontDoor({ ...s, flow: { name: 'idle' } }, input, ctx);
    case 'human':
      return onHuman(s, flow, input, ctx);
    case 'confirm_resolution':
      return onConfirmResolution(s, flow.code, input, ctx);
    case 'reopen_reason':
      return onReopenReason(s, flow.code, input);
    case 'answer_question':
      return onAnswerQuestion(s, flow.code, input);
    case 'rating':
      return onRating(s, flow.code, input);
    case 'feedback':
      return onFeedback(s, flow.code, input, ctx);
  }
}

/**
 * A draft kept after silence: "lanjut" asks its question again, a greeting offers it, anything else is
 * read as the answer to the question it stopped at. Past the keep time it is dropped.
 */
function resumeDraft(s: ConversationState, input: Input, ctx: Ctx): StepResult | undefined {
  const draft = s.draft;
  if (!draft) return undefined;
  const rest: ConversationState = { ...s, draft: undefined };
  if (ctx.now.getTime() - new Date(draft.savedAt).getTime() > ctx.draftKeepMs) {
    return handle(rest, input, ctx);
  }
  if (s.flow.name !== 'idle' && s.flow.name !== 'menu' && s.flow.name !== 'faq') return undefined;
  const picked = resolveChoice(input, DRAFT_CHOICES)?.id;
  const choice =
    picked === 'draft:resume'
      ? 'resume'
      : picked === 'draft:restart'
        ? 'restart'
        : readResume(input.words, ctx.vocabulary.answers);
  const form = draft.flow as FormFlow;
  if (choice === 'resume')
    return {
      state: { ...rest, flow: draft.flow, misses: 0 },
      effects: resumePrompt(draft.flow, ctx, say.draftResumed),
    };
  if (choice === 'restart') return showMenu({ ...rest, attachments: [] }, say.menu);
  const u = ctx.understand(input.raw);
  if (u.intent === 'greeting') {
    const what =
      'serviceCode' in form && form.serviceCode
        ? (ctx.services.find((x) => x.code === form.serviceCode)?.name ?? form.serviceCode)
        : form.name === 'request'
          ? 'permintaan layanan'
          : 'gangguan';
    return { state: s, effects: [reply(say.draftOffer(what), DRAFT_CHOICES)] };
  }
  // Anything else answers the question the draft stopped at.
  const back = { ...rest, flow: draft.flow };
  if (draft.flow.name === 'human') return onHuman(back, draft.flow, input, ctx);
  return onForm(back, form, input, ctx);
}

/** "lupa nomor tiket" where a code was asked for: the FAQ knows; anything else starts afresh. */
function answerOrFrontDoor(s: ConversationState, input: Input, ctx: Ctx): StepResult {
  const m = ctx.faq(input.raw);
  if (m.id !== null)
    return { state: { ...s, flow: { name: 'faq' }, misses: 0 }, effects: [faqReply(m, ctx, true)] };
  return onFrontDoor({ ...s, flow: { name: 'idle' } }, input, ctx);
}

function goBack(s: ConversationState, ctx: Ctx): StepResult {
  const f = s.flow;
  if ((f.name === 'request' || f.name === 'incident') && f.step !== 'service') {
    // Back to the list, with what they had chosen first.
    const { serviceCode, ...rest } = f;
    return advance(
      s,
      { ...rest, step: 'service', offered: serviceCode ? [serviceCode] : [] } as FormFlow,
      ctx,
    );
  }
  return showMenu(s, say.menu);
}
