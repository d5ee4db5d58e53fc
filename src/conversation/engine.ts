/**
 * The conversation as a pure state machine: step(state, event, ctx) → { state, effects }.
 * No IO here: what needs the database is an effect, carried out in the same transaction by effects.ts.
 *
 * Free text is tried against the FAQ whenever the bot was not waiting for free text (a description, a
 * reason, feedback); "menu", "batal" and "kembali" work everywhere.
 */
import { type Choice, INBOUND_LIMITS } from '../channel.ts';
import type { Impact } from '../domain.ts';
import { normalizeText } from '../faq/normalize.ts';
import { findTicketCode } from '../tickets/code.ts';
import {
  IMPACT_CHOICES,
  MENU_CHOICES,
  RATING_CHOICES,
  REQUEST_CONFIRM_CHOICES,
  SOLVED_CHOICES,
  text as say,
  YES_NO,
} from './messages.ts';
import {
  type ConversationEvent,
  type ConversationState,
  type Effect,
  type Flow,
  INITIAL_STATE,
  type OwnTicket,
  type ServiceOption,
  type StepContext,
  type StepResult,
} from './types.ts';

/** The same limit as at accept; a message stored before that limit existed is cut here. */
export const MAX_TEXT_CHARS = INBOUND_LIMITS.text;
const MAX_PENDING_ATTACHMENTS = 10;
/** A service whose match score is below this is not taken as what the person meant. */
const SERVICE_MIN_SCORE = 0.3;

// Zero-width characters, bidi controls and other invisible format characters.
const INVISIBLE = /[\p{Cf}\p{Cc}]/gu;

const GREETING_WORDS = new Set([
  'halo',
  'hallo',
  'helo',
  'hai',
  'hi',
  'hello',
  'hey',
  'pagi',
  'siang',
  'sore',
  'malam',
  'selamat',
  'assalamualaikum',
  'asalamualaikum',
  'salam',
  'min',
  'admin',
  'kak',
  'pak',
  'bu',
  'permisi',
  'p',
  'tes',
  'test',
  'ping',
  'mas',
  'mbak',
  'om',
  'bot',
]);
const THANKS = /^(terima kasih|terimakasih|thanks|thank you|thx|tq|ok terima kasih|oke terima kasih)( \w+)?$/;
const YES_WORDS = new Set([
  'ya',
  'iya',
  'y',
  'yes',
  'ok',
  'oke',
  'okay',
  'benar',
  'betul',
  'setuju',
  'kirim',
  'lanjut',
  'boleh',
]);
const NO_WORDS = new Set(['tidak', 'no', 'n', 'jangan', 'enggak', 'batal', 'salah']);
const SOLVED_WORDS =
  /^(ya|iya|y|sudah|selesai|sudah selesai|beres|sudah beres|sudah bisa|bisa|aman|mantap|ok|oke)( (terima kasih|min|pak|bu|kak))?$/;
const UNSOLVED_WORDS =
  /^(belum|tidak|belum selesai|belum bisa|masih|masih error|masih gangguan|masih belum bisa|tidak bisa|gagal)\b/;
const SKIP_WORDS = /^(lewati|skip|tidak|tidak ada|nggak|gak|no|-|cukup|sudah|tidak usah)$/;
const NUMBER_WORDS = new Map([
  ['satu', 1],
  ['dua', 2],
  ['tiga', 3],
  ['empat', 4],
  ['lima', 5],
]);
const STATUS_INTENT = /\b(status|cek tiket|cek status|lacak|progres|progress|perkembangan)\b/;
const CANCEL_INTENT = /^(batal|batalkan|cancel)\b.*\b(tiket|laporan|permintaan|ggn|lyn)\b|^batalkan\b/;

type Ctx = StepContext;

export function step(state: ConversationState, event: ConversationEvent, ctx: Ctx): StepResult {
  const base: ConversationState = { ...INITIAL_STATE, ...state, attachments: [...(state.attachments ?? [])] };
  // A ticket event in the middle of a report keeps the report to come back to afterwards.
  const s: ConversationState =
    event.type !== 'message' && event.type !== 'inactivity_timeout' && isForm(base.flow)
      ? { ...base, suspended: base.flow }
      : base;
  switch (event.type) {
    case 'ticket_resolved':
      return {
        state: { ...s, flow: { name: 'confirm_resolution', code: event.code }, misses: 0 },
        effects: [
          reply(
            event.reminder ? say.confirmReminder(event.code) : say.askSolved(event.code, event.resolution),
            SOLVED_CHOICES,
          ),
        ],
      };
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
      if (!EXPIRING_FLOWS.has(s.flow.name)) return { state: s, effects: [] };
      return { state: { ...INITIAL_STATE }, effects: [reply(say.sessionExpired)] };
    case 'message':
      return onMessage(s, event, ctx);
  }
}

/** Steps where symbols alone are an answer: "⭐⭐⭐⭐" is a rating, "-" skips the feedback. */
const SYMBOL_ANSWERS = new Set<Flow['name']>(['rating', 'feedback']);

/**
 * Flows that end after inactivity: the half-filled ones. Confirmation and rating wait for the reporter
 * much longer (the confirmation window); a menu or an FAQ answer has nothing to lose.
 */
const EXPIRING_FLOWS = new Set<Flow['name']>(['request', 'incident', 'status', 'cancel', 'human']);

/** Whether the conversation is in a flow the inactivity timeout ends. */
export function flowExpires(state: ConversationState): boolean {
  return EXPIRING_FLOWS.has(state.flow.name);
}

function reply(text: string, choices?: Choice[]): Effect {
  return choices ? { type: 'reply', text, choices } : { type: 'reply', text };
}

/** Removes invisible characters and caps the length; returns the text to work with. */
export function sanitizeText(raw: string): { text: string; truncated: boolean } {
  const clean = raw.replace(INVISIBLE, (c) => (c === '\n' || c === '\t' ? c : '')).trim();
  return clean.length > MAX_TEXT_CHARS
    ? { text: clean.slice(0, MAX_TEXT_CHARS), truncated: true }
    : { text: clean, truncated: false };
}

interface Input {
  raw: string;
  /** Normalised words ("gmn reset pw??" → "bagaimana reset password"). */
  words: string;
  choice: string | undefined;
}

function onMessage(
  s: ConversationState,
  event: Extract<ConversationEvent, { type: 'message' }>,
  ctx: Ctx,
): StepResult {
  const effects: Effect[] = [];
  const { text, truncated } = sanitizeText(event.text);
  if (event.attachments.length > 0) {
    s.attachments = [...s.attachments, ...event.attachments].slice(-MAX_PENDING_ATTACHMENTS);
    const inFlow = ['request', 'incident', 'human'].includes(s.flow.name);
    effects.push(
      reply(
        say.attachmentReceived(
          event.attachments.map((a) => a.kind),
          inFlow,
        ),
      ),
    );
    if (text === '' && !event.choice) return { state: s, effects };
  }
  if (truncated || event.truncated) effects.push(reply(say.tooLong));
  const words = normalizeText(text);
  if (words === '' && !event.choice && (text === '' || !SYMBOL_ANSWERS.has(s.flow.name))) {
    // Only emoji, symbols or nothing at all.
    effects.push(reply(text === '' ? say.emptyMessage : say.noTextContent));
    return { state: s, effects };
  }
  const input: Input = { raw: text, words, choice: event.choice };
  const result = handle(s, input, ctx);
  const { suspended, ...next } = result.state;
  if (suspended && next.flow.name === 'idle') {
    // What the ticket event interrupted is asked again where it stopped.
    return {
      state: { ...next, flow: suspended },
      effects: [...effects, ...result.effects, ...promptFor(suspended, ctx, say.resumeForm)],
    };
  }
  return { state: result.state, effects: [...effects, ...result.effects] };
}

/** Report forms: flows worth coming back to when a ticket event interrupts them. */
function isForm(flow: Flow): boolean {
  return flow.name === 'request' || flow.name === 'incident' || flow.name === 'human';
}

/** The question of a form step, asked again. */
function promptFor(flow: Flow, ctx: Ctx, intro: string): Effect[] {
  const name = (code: string) => ctx.services.find((x) => x.code === code)?.name ?? code;
  if (flow.name === 'request') {
    if (flow.step === 'service')
      return [reply(`${intro} ${say.askRequestService}`, serviceChoices('request', ctx))];
    if (flow.step === 'describe')
      return [reply(`${intro} ${say.askRequestDescription(name(flow.serviceCode))}`)];
    const svc = ctx.services.find((x) => x.code === flow.serviceCode);
    return [
      reply(
        `${intro} ${say.confirmRequest(name(flow.serviceCode), flow.description, svc?.fulfilment ?? null)}`,
        REQUEST_CONFIRM_CHOICES,
      ),
    ];
  }
  if (flow.name === 'incident') {
    if (flow.step === 'service')
      return [reply(`${intro} ${say.askIncidentService}`, serviceChoices('incident', ctx))];
    if (flow.step === 'describe')
      return [reply(`${intro} ${say.askIncidentDescription(name(flow.serviceCode))}`)];
    if (flow.step === 'since') return [reply(`${intro} ${say.askSince}`)];
    return [reply(`${intro} ${say.askImpact}`, IMPACT_CHOICES)];
  }
  return [reply(`${intro} ${say.askHumanNote}`)];
}

function handle(s: ConversationState, input: Input, ctx: Ctx): StepResult {
  const { words } = input;
  // The person chose to go elsewhere: a report put aside is dropped too.
  if (words === 'menu' || input.choice === 'menu' || words === 'menu utama')
    return showMenu({ ...s, suspended: undefined }, say.menu);
  if (words === 'batal' || words === 'cancel' || words === 'stop') {
    if (s.flow.name === 'idle' || s.flow.name === 'menu')
      return showMenu({ ...s, suspended: undefined }, say.menu);
    return showMenu({ ...s, attachments: [], suspended: undefined }, `${say.cancelled} ${say.menu}`);
  }
  if (words === 'kembali') return goBack(s, ctx);

  const code = findTicketCode(input.raw)?.code;
  if (CANCEL_INTENT.test(words)) {
    if (code) return askCancel(s, code);
    return startCancel(s, ctx);
  }
  const waitingForCode = s.flow.name === 'status' || s.flow.name === 'cancel';
  if (
    code &&
    !waitingForCode &&
    !isFreeTextStep(s.flow) &&
    (STATUS_INTENT.test(words) || isJustTheCode(input.raw))
  ) {
    return done(s, [{ type: 'show_status', code }]);
  }
  if (!code && STATUS_INTENT.test(words) && words.split(' ').length <= 4 && !isFreeTextStep(s.flow)) {
    return startStatus(s, ctx);
  }

  switch (s.flow.name) {
    case 'idle':
    case 'menu':
      return onIdle(s, input, ctx);
    case 'faq':
      return onFaqQuestion(s, input, ctx);
    case 'request':
      return onRequest(s, s.flow, input, ctx);
    case 'incident':
      return onIncident(s, s.flow, input, ctx);
    case 'status':
      return onStatusPick(s, input, ctx);
    case 'cancel':
      return onCancel(s, s.flow, input, ctx);
    case 'human':
      return onHuman(s, s.flow, input, ctx);
    case 'confirm_resolution':
      return onConfirmResolution(s, s.flow.code, input, ctx);
    case 'reopen_reason':
      return done({ ...s, attachments: [] }, [{ type: 'reopen_reason', code: s.flow.code, text: input.raw }]);
    case 'answer_question':
      return done({ ...s, attachments: [] }, [
        { type: 'reporter_answer', code: s.flow.code, text: input.raw, attachments: s.attachments },
      ]);
    case 'rating':
      return onRating(s, s.flow.code, input);
    case 'feedback':
      return onFeedback(s, s.flow.code, input);
  }
}

function isJustTheCode(raw: string): boolean {
  return /^\W*(ggn|lyn)[\s\-_./]*\d{4}[\s\-_./]*\d{1,6}\W*$/i.test(raw);
}

function isFreeTextStep(flow: Flow): boolean {
  return (
    (flow.name === 'request' && flow.step === 'describe') ||
    (flow.name === 'incident' && (flow.step === 'describe' || flow.step === 'since')) ||
    (flow.name === 'human' && flow.step === 'describe') ||
    flow.name === 'reopen_reason' ||
    flow.name === 'answer_question' ||
    flow.name === 'feedback'
  );
}

/** Back to idle with the given effects; the misunderstanding counter resets. */
function done(s: ConversationState, effects: Effect[]): StepResult {
  return { state: { ...s, flow: { name: 'idle' }, misses: 0 }, effects };
}

function showMenu(s: ConversationState, intro: string): StepResult {
  return { state: { ...s, flow: { name: 'menu' }, misses: 0 }, effects: [reply(intro, MENU_CHOICES)] };
}

/**
 * Maps what the person answered to one of the offered choices: the choice id of a tapped button, the
 * number of a numbered list ("2", "2.", "no 2", "dua"), or the label typed out.
 */
export function resolveChoice(input: Input, choices: Choice[]): Choice | undefined {
  if (input.choice) {
    const byId = choices.find((c) => c.id === input.choice);
    if (byId) return byId;
  }
  const m = /^(?:no|nomor|pilih|pilihan|angka)?\s*(\d{1,3})\s*[.)]?$/.exec(input.raw.trim().toLowerCase());
  const n = m?.[1] ? Number(m[1]) : NUMBER_WORDS.get(input.words);
  if (n !== undefined) return choices[n - 1];
  return choices.find((c) => normalizeText(c.label) === input.words);
}

function notUnderstood(s: ConversationState): StepResult {
  const misses = s.misses + 1;
  return {
    state: { ...s, flow: { name: 'menu' }, misses },
    effects: [reply(misses >= 2 ? say.notUnderstoodTwice : say.notUnderstood, MENU_CHOICES)],
  };
}

/** Answers a question typed where a choice was expected, then asks for the choice again. */
function answerThenAsk(input: Input, ctx: Ctx, question: string, choices: Choice[]): Effect[] {
  const answer = faqAnswer(input, ctx);
  return answer
    ? [reply(answer), reply(`${say.backToQuestion} ${question}`, choices)]
    : [reply(question, choices)];
}

/** A confident FAQ answer for text typed where something else was expected, or undefined. */
function faqAnswer(input: Input, ctx: Ctx): string | undefined {
  const m = ctx.faq(input.raw);
  return m.id === null ? undefined : m.answer;
}

// ---------------------------------------------------------------------------------------------------
// Idle and menu

function onIdle(s: ConversationState, input: Input, ctx: Ctx): StepResult {
  const picked = resolveChoice(input, MENU_CHOICES);
  if (picked) return startMenuItem(s, picked.id, ctx);
  return smallTalk(s, input) ?? answerOrMiss(s, input, ctx);
}

function smallTalk(s: ConversationState, input: Input): StepResult | undefined {
  if (input.words.split(' ').every((x) => GREETING_WORDS.has(x))) return showMenu(s, say.greeting);
  if (THANKS.test(input.words)) return done(s, [reply(`Sama-sama! 🙏 ${say.menuHint}`)]);
  return undefined;
}

function answerOrMiss(s: ConversationState, input: Input, ctx: Ctx): StepResult {
  const answer = faqAnswer(input, ctx);
  if (answer)
    return {
      state: { ...s, flow: { name: 'faq' }, misses: 0 },
      effects: [reply(answer), reply(say.faqFollowUp)],
    };
  return notUnderstood(s);
}

function onFaqQuestion(s: ConversationState, input: Input, ctx: Ctx): StepResult {
  const picked = /^\d$/.test(input.raw.trim()) ? resolveChoice(input, MENU_CHOICES) : undefined;
  if (picked) return startMenuItem(s, picked.id, ctx);
  return smallTalk(s, input) ?? answerOrMiss(s, input, ctx);
}

function startMenuItem(s: ConversationState, id: string, ctx: Ctx): StepResult {
  const base = { ...s, misses: 0 };
  switch (id) {
    case 'menu:1':
      return { state: { ...base, flow: { name: 'faq' } }, effects: [reply(say.askFaq)] };
    case 'menu:2':
      return askService(base, 'request', ctx);
    case 'menu:3':
      return askService(base, 'incident', ctx);
    case 'menu:4':
      return startStatus(base, ctx);
    default:
      return startHuman(base, ctx);
  }
}

// ---------------------------------------------------------------------------------------------------
// Choosing a service (requests and incidents)

function serviceChoices(kind: 'request' | 'incident', ctx: Ctx, only?: string[]): Choice[] {
  const list = ctx.services.filter((svc) => (kind === 'request' ? svc.requestable : svc.reportable));
  const picked = only
    ? only.map((c) => list.find((x) => x.code === c)).filter((x): x is ServiceOption => !!x)
    : list;
  return picked.map((svc) => ({ id: `svc:${svc.code}`, label: svc.name }));
}

function askService(
  s: ConversationState,
  kind: 'request' | 'incident',
  ctx: Ctx,
  intro?: string,
): StepResult {
  const text = intro ?? (kind === 'request' ? say.askRequestService : say.askIncidentService);
  return {
    state: { ...s, flow: { name: kind, step: 'service' } },
    effects: [reply(text, serviceChoices(kind, ctx))],
  };
}

function chooseService(
  s: ConversationState,
  kind: 'request' | 'incident',
  candidates: string[] | undefined,
  input: Input,
  ctx: Ctx,
): { service: ServiceOption } | { result: StepResult } {
  const choices = serviceChoices(kind, ctx, candidates);
  const picked = resolveChoice(input, choices);
  const byCode = (code: string) => ctx.services.find((x) => x.code === code);
  if (picked) {
    const svc = byCode(picked.id.slice(4));
    if (svc) return { service: svc };
  }
  const named = namedService(input.words, kind, ctx);
  if (named) return { service: named };
  const ranked = ctx.rankServices(input.raw, kind).filter((r) => r.score >= SERVICE_MIN_SCORE);
  const [best, second] = ranked;
  if (best && (!second || second.score < best.score * 0.8)) {
    const svc = byCode(best.code);
    if (svc) return { service: svc };
  }
  if (ranked.length > 1) {
    const codes = ranked.slice(0, 3).map((r) => r.code);
    return {
      result: {
        state: { ...s, flow: { name: kind, step: 'service', candidates: codes } },
        effects: [reply(say.serviceAmbiguous, serviceChoices(kind, ctx, codes))],
      },
    };
  }
  // Perhaps a question rather than a service name.
  const answer = faqAnswer(input, ctx);
  if (!answer && s.misses >= 1) return { result: notUnderstood(s) };
  const list = serviceChoices(kind, ctx);
  return {
    result: {
      state: { ...s, flow: { name: kind, step: 'service' }, misses: s.misses + 1 },
      effects: answer
        ? [
            reply(answer),
            reply(
              `${say.backToQuestion} ${kind === 'request' ? say.askRequestService : say.askIncidentService}`,
              list,
            ),
          ]
        : [reply(say.serviceNotFound, list)],
    },
  };
}

/**
 * The one offered service whose name or code the text spells out in full: "simpeg error gabisa login"
 * names SIMPEG even though the other words pull its match score down.
 */
function namedService(words: string, kind: 'request' | 'incident', ctx: Ctx): ServiceOption | undefined {
  const padded = ` ${words} `;
  const named = ctx.services.filter(
    (svc) =>
      (kind === 'incident' || svc.requestable) &&
      [svc.name, svc.code.replace(/-/g, ' ')].some((n) => {
        const w = normalizeText(n);
        return w !== '' && padded.includes(` ${w} `);
      }),
  );
  return named.length === 1 ? named[0] : undefined;
}

function isDescription(text: string): boolean {
  return text.length >= 8 && /\p{L}{2,}/u.test(text);
}

// ---------------------------------------------------------------------------------------------------
// Service request

function onRequest(
  s: ConversationState,
  flow: Extract<Flow, { name: 'request' }>,
  input: Input,
  ctx: Ctx,
): StepResult {
  switch (flow.step) {
    case 'service': {
      const chosen = chooseService(s, 'request', flow.candidates, input, ctx);
      if ('result' in chosen) return chosen.result;
      return {
        state: {
          ...s,
          flow: { name: 'request', step: 'describe', serviceCode: chosen.service.code },
          misses: 0,
        },
        effects: [reply(say.askRequestDescription(chosen.service.name))],
      };
    }
    case 'describe': {
      if (!isDescription(input.raw)) return { state: s, effects: [reply(say.describeTooShort)] };
      const svc = ctx.services.find((x) => x.code === flow.serviceCode);
      return {
        state: {
          ...s,
          flow: { name: 'request', step: 'confirm', serviceCode: flow.serviceCode, description: input.raw },
        },
        effects: [
          reply(
            say.confirmRequest(svc?.name ?? flow.serviceCode, input.raw, svc?.fulfilment ?? null),
            REQUEST_CONFIRM_CHOICES,
          ),
        ],
      };
    }
    case 'confirm': {
      const picked =
        resolveChoice(input, REQUEST_CONFIRM_CHOICES)?.id ?? yesNo(input.words, 'submit', 'cancel');
      if (picked === 'submit')
        return done({ ...s, attachments: [] }, [
          {
            type: 'open_request',
            serviceCode: flow.serviceCode,
            description: flow.description,
            attachments: s.attachments,
          },
        ]);
      if (picked === 'cancel') return showMenu({ ...s, attachments: [] }, `${say.cancelled} ${say.menu}`);
      return { state: s, effects: answerThenAsk(input, ctx, say.askSubmitAgain, REQUEST_CONFIRM_CHOICES) };
    }
  }
}

function yesNo(words: string, yes: string, no: string): string | undefined {
  const first = words.split(' ')[0] ?? '';
  if (YES_WORDS.has(words) || YES_WORDS.has(first)) return yes;
  if (NO_WORDS.has(words) || NO_WORDS.has(first)) return no;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Incident

function onIncident(
  s: ConversationState,
  flow: Extract<Flow, { name: 'incident' }>,
  input: Input,
  ctx: Ctx,
): StepResult {
  switch (flow.step) {
    case 'service': {
      const chosen = chooseService(s, 'incident', flow.candidates, input, ctx);
      if ('result' in chosen) return chosen.result;
      const known = ctx.openIncidentByService.get(chosen.service.code);
      if (known) {
        // A known outage: link the reporter to it instead of asking for a duplicate report.
        const attachments = s.attachments;
        const effects: Effect[] = [{ type: 'follow_incident', code: known }];
        if (attachments.length) effects.push({ type: 'attach_to_ticket', code: known, attachments });
        return done({ ...s, attachments: [] }, effects);
      }
      return {
        state: {
          ...s,
          flow: { name: 'incident', step: 'describe', serviceCode: chosen.service.code },
          misses: 0,
        },
        effects: [reply(say.askIncidentDescription(chosen.service.name))],
      };
    }
    case 'describe':
      if (!isDescription(input.raw)) return { state: s, effects: [reply(say.describeTooShort)] };
      return {
        state: {
          ...s,
          flow: { name: 'incident', step: 'since', serviceCode: flow.serviceCode, description: input.raw },
        },
        effects: [reply(say.askSince)],
      };
    case 'since':
      return {
        state: {
          ...s,
          flow: {
            name: 'incident',
            step: 'impact',
            serviceCode: flow.serviceCode,
            description: flow.description,
            since: input.raw,
          },
        },
        effects: [reply(say.askImpact, IMPACT_CHOICES)],
      };
    case 'impact': {
      const impact = readImpact(input);
      if (!impact) {
        const answer = faqAnswer(input, ctx);
        return {
          state: s,
          effects: answer
            ? [reply(answer), reply(`${say.backToQuestion} ${say.askImpact}`, IMPACT_CHOICES)]
            : [reply(`Mohon balas *1* atau *2*. ${say.askImpact}`, IMPACT_CHOICES)],
        };
      }
      return done({ ...s, attachments: [] }, [
        {
          type: 'open_incident',
          serviceCode: flow.serviceCode,
          description: flow.description,
          since: flow.since,
          impact,
          attachments: s.attachments,
        },
      ]);
    }
  }
}

function readImpact(input: Input): Impact | undefined {
  const picked = resolveChoice(input, IMPACT_CHOICES);
  if (picked) return picked.id === 'impact:MAJOR' ? 'MAJOR' : 'MINOR';
  // "tidak semua, cuma saya": a negated "everyone" is not a major impact.
  if (/\btidak (semua|banyak|seluruh|total)\b/.test(input.words)) return 'MINOR';
  if (/\b(semua|banyak|seluruh|total|mayor|major|kantor|satu dinas|semuanya)\b/.test(input.words))
    return 'MAJOR';
  if (/\b(saya|sendiri|beberapa|sedikit|minor|cuma|hanya)\b/.test(input.words)) return 'MINOR';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Status and cancel

function ticketChoices(tickets: OwnTicket[]): Choice[] {
  return tickets.slice(0, 9).map((t) => ({ id: `ticket:${t.code}`, label: `${t.code} ${t.serviceName}` }));
}

function startStatus(s: ConversationState, ctx: Ctx): StepResult {
  if (ctx.ownOpenTickets.length > 0) return done(s, [{ type: 'show_status' }]);
  return {
    state: { ...s, flow: { name: 'status', step: 'pick' } },
    effects: [reply(`${say.noOpenTickets} ${say.askStatusCode}`)],
  };
}

function onStatusPick(s: ConversationState, input: Input, ctx: Ctx): StepResult {
  const code =
    findTicketCode(input.raw)?.code ?? resolveChoice(input, ticketChoices(ctx.ownOpenTickets))?.id.slice(7);
  if (code) return done(s, [{ type: 'show_status', code }]);
  return answerOrMiss(s, input, ctx);
}

/** The tickets offered for cancelling: a resolved ticket waits for confirmation instead. */
function cancellable(ctx: Ctx): OwnTicket[] {
  return ctx.ownOpenTickets.filter((t) => t.status !== 'RESOLVED');
}

function startCancel(s: ConversationState, ctx: Ctx): StepResult {
  const open = cancellable(ctx);
  if (open.length === 0) return done(s, [reply(say.noOpenTickets)]);
  if (open.length === 1 && open[0]) return askCancel(s, open[0].code);
  return {
    state: { ...s, flow: { name: 'cancel', step: 'pick' } },
    effects: [reply(say.askCancelPick, ticketChoices(open))],
  };
}

function askCancel(s: ConversationState, code: string): StepResult {
  return {
    state: { ...s, flow: { name: 'cancel', step: 'confirm', code }, misses: 0 },
    effects: [reply(say.confirmCancel(code), YES_NO)],
  };
}

function onCancel(
  s: ConversationState,
  flow: Extract<Flow, { name: 'cancel' }>,
  input: Input,
  ctx: Ctx,
): StepResult {
  if (flow.step === 'pick') {
    const code =
      findTicketCode(input.raw)?.code ?? resolveChoice(input, ticketChoices(cancellable(ctx)))?.id.slice(7);
    if (code) return askCancel(s, code);
    return answerOrMiss(s, input, ctx);
  }
  const answer = resolveChoice(input, YES_NO)?.id ?? yesNo(input.words, 'yes', 'no');
  if (answer === 'yes') return done(s, [{ type: 'cancel_ticket', code: flow.code }]);
  if (answer === 'no') return done(s, [reply(say.keepTicket(flow.code))]);
  return { state: s, effects: answerThenAsk(input, ctx, say.confirmCancel(flow.code), YES_NO) };
}

// ---------------------------------------------------------------------------------------------------
// Talk to a person

function startHuman(s: ConversationState, ctx: Ctx): StepResult {
  if (ctx.ownOpenTickets.length === 0)
    return { state: { ...s, flow: { name: 'human', step: 'describe' } }, effects: [reply(say.askHumanNote)] };
  const choices = [...ticketChoices(ctx.ownOpenTickets), { id: 'other', label: say.otherMatter }];
  return {
    state: { ...s, flow: { name: 'human', step: 'pick' } },
    effects: [reply(say.askHumanPick, choices)],
  };
}

function onHuman(
  s: ConversationState,
  flow: Extract<Flow, { name: 'human' }>,
  input: Input,
  ctx: Ctx,
): StepResult {
  if (flow.step === 'pick') {
    const choices = [...ticketChoices(ctx.ownOpenTickets), { id: 'other', label: say.otherMatter }];
    const picked = resolveChoice(input, choices);
    if (!picked) return { state: s, effects: [reply(say.askHumanPick, choices)] };
    const code = picked.id === 'other' ? undefined : picked.id.slice(7);
    return {
      state: {
        ...s,
        flow: code ? { name: 'human', step: 'describe', code } : { name: 'human', step: 'describe' },
      },
      effects: [reply(say.askHumanNote)],
    };
  }
  if (!isDescription(input.raw)) return { state: s, effects: [reply(say.describeTooShort)] };
  const effect: Effect = { type: 'request_human', note: input.raw, attachments: s.attachments };
  if (flow.code) effect.code = flow.code;
  return done({ ...s, attachments: [] }, [effect]);
}

// ---------------------------------------------------------------------------------------------------
// Resolution: confirm, rate, feedback

function onConfirmResolution(s: ConversationState, code: string, input: Input, ctx: Ctx): StepResult {
  const picked = resolveChoice(input, SOLVED_CHOICES)?.id;
  const solved = picked === 'solved' || (!picked && SOLVED_WORDS.test(input.words));
  const unsolved = picked === 'unsolved' || (!picked && UNSOLVED_WORDS.test(input.words));
  if (solved)
    return {
      state: { ...s, flow: { name: 'rating', code }, misses: 0 },
      effects: [{ type: 'confirm_resolution', code, solved: true }, reply(say.askRating, RATING_CHOICES)],
    };
  if (unsolved)
    return {
      state: { ...s, flow: { name: 'reopen_reason', code }, misses: 0 },
      effects: [{ type: 'confirm_resolution', code, solved: false }, reply(say.askReopenReason)],
    };
  const answer = faqAnswer(input, ctx);
  return {
    state: s,
    effects: answer
      ? [reply(answer), reply(say.askSolvedAgain, SOLVED_CHOICES)]
      : [reply(say.askSolvedAgain, SOLVED_CHOICES)],
  };
}

/** Reads a 1–5 rating: "4", "4/5", "nilai 4", "empat", "⭐⭐⭐⭐". */
export function readRating(input: Input): number | undefined {
  if (input.choice?.startsWith('rate:')) {
    // A button id can be forged: only 1–5 counts.
    const n = Number(input.choice.slice(5));
    if (Number.isInteger(n) && n >= 1 && n <= 5) return n;
  }
  const stars = [...input.raw].filter((c) => c === '⭐' || c === '★').length;
  if (stars >= 1 && stars <= 5 && input.raw.replace(/\uFE0F/g, '').replace(/[⭐★\s]/gu, '') === '')
    return stars;
  const m =
    /^(?:nilai|nilainya|rating|skor|bintang)?\s*([1-5])(?:\s*(?:\/|dari)\s*5)?\s*(?:bintang)?[.!]?$/i.exec(
      input.raw.trim(),
    );
  if (m?.[1]) return Number(m[1]);
  return NUMBER_WORDS.get(input.words.replace(/^(nilai|bintang) /, ''));
}

function onRating(s: ConversationState, code: string, input: Input): StepResult {
  const rating = readRating(input);
  if (rating === undefined) return { state: s, effects: [reply(say.ratingInvalid, RATING_CHOICES)] };
  return {
    state: { ...s, flow: { name: 'feedback', code }, misses: 0 },
    effects: [{ type: 'rate_ticket', code, rating }, reply(say.askFeedback)],
  };
}

function onFeedback(s: ConversationState, code: string, input: Input): StepResult {
  if (SKIP_WORDS.test(input.words) || SKIP_WORDS.test(input.raw))
    return done(s, [reply(say.feedbackSkipped)]);
  return done(s, [{ type: 'ticket_feedback', code, text: input.raw }, reply(say.feedbackThanks)]);
}

// ---------------------------------------------------------------------------------------------------

function goBack(s: ConversationState, ctx: Ctx): StepResult {
  const f = s.flow;
  if (f.name === 'request' && f.step !== 'service') return askService(s, 'request', ctx);
  if (f.name === 'incident' && f.step !== 'service') return askService(s, 'incident', ctx);
  return showMenu(s, say.menu);
}
