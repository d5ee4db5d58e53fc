/**
 * The two report forms, a service request and an incident: they start with whatever the person already
 * said, ask only for what is missing, and end with a summary to confirm. A question or a status check
 * typed at any prompt is answered and the prompt asked again (aside.ts); nothing typed is lost.
 */
import type { Choice } from '../channel.ts';
import type { Impact } from '../domain.ts';
import { normalizeText } from '../faq/normalize.ts';
import { runsRoundTheClock } from '../sla/clock.ts';
import { isSkip, readYesNo } from '../understand/answers.ts';
import { readImpact } from '../understand/impact.ts';
import { type Requester, readRequester } from '../understand/requester.ts';
import { extractSince } from '../understand/since.ts';
import type { Understanding } from '../understand/understand.ts';
import { readUrgency } from '../understand/urgency.ts';
import { aside } from './aside.ts';
import {
  describeTarget,
  IMPACT_CHOICES,
  INCIDENT_CONFIRM_CHOICES,
  MENU_CHOICES,
  MORE_SERVICES,
  REQUEST_CONFIRM_CHOICES,
  text as say,
} from './messages.ts';
import { type Ctx, done, type Input, isDescription, reply, resolveChoice, showMenu, stay } from './turn.ts';
import type { ConversationState, Effect, Flow, StepResult } from './types.ts';

export type Kind = 'request' | 'incident';
export type RequestFlow = Extract<Flow, { name: 'request' }>;
export type IncidentFlow = Extract<Flow, { name: 'incident' }>;
export type FormFlow = RequestFlow | IncidentFlow;

/** A short list shows this many services, then "Lainnya". */
const SHORT_LIST = 6;

function serviceName(ctx: Ctx, code: string | undefined): string {
  return ctx.services.find((x) => x.code === code)?.name ?? code ?? '';
}

function takes(ctx: Ctx, code: string | undefined, kind: Kind): boolean {
  const svc = ctx.services.find((x) => x.code === code);
  return !!svc && (kind === 'request' ? svc.requestable : svc.reportable);
}

/**
 * The services to offer: the likeliest first, then the catalogue's order, cut to a short list with
 * "Lainnya" unless `all`.
 */
function serviceMenu(
  kind: Kind,
  ctx: Ctx,
  preferred: string[],
  all: boolean,
): { codes: string[]; choices: Choice[] } {
  // What takes only this kind first (for incidents: the applications and networks that break), each
  // part in catalogue order.
  const fitting = ctx.services
    .filter((svc) => (kind === 'request' ? svc.requestable : svc.reportable))
    .map((svc, i) => ({ svc, i, both: svc.requestable && svc.reportable }))
    .sort((a, b) => Number(a.both) - Number(b.both) || a.i - b.i)
    .map((x) => x.svc);
  const first = preferred.filter((c) => fitting.some((x) => x.code === c));
  const ordered = [...first, ...fitting.map((x) => x.code).filter((c) => !first.includes(c))];
  // Two or more likely ones ("yang mana?"): only those, and "Lainnya" for the rest.
  const codes =
    all || ordered.length <= SHORT_LIST + 1
      ? ordered
      : first.length > 1
        ? first
        : ordered.slice(0, SHORT_LIST);
  const choices = codes.map((c) => ({ id: `svc:${c}`, label: serviceName(ctx, c) }));
  return { codes, choices: codes.length < ordered.length ? [...choices, MORE_SERVICES] : choices };
}

function offeredChoices(flow: FormFlow, ctx: Ctx): Choice[] {
  const kind = flow.name;
  if (!flow.offered) return serviceMenu(kind, ctx, [], false).choices;
  const fitting = ctx.services.filter((svc) => (kind === 'request' ? svc.requestable : svc.reportable));
  const choices = flow.offered.map((c) => ({ id: `svc:${c}`, label: serviceName(ctx, c) }));
  return flow.offered.length < fitting.length ? [...choices, MORE_SERVICES] : choices;
}

/** The question of the form's current step. */
export function promptFor(flow: FormFlow, ctx: Ctx, intro?: string): Effect[] {
  const lead = (t: string) => (intro ? `${intro} ${t}` : t);
  if (flow.step === 'service') {
    const ask = flow.name === 'request' ? say.askRequestService : say.askIncidentService;
    return [reply(lead(ask), offeredChoices(flow, ctx))];
  }
  if (flow.step === 'identity') return [reply(lead(say.askIdentity))];
  const name = serviceName(ctx, flow.serviceCode);
  const who = requesterOf(flow, ctx);
  if (flow.name === 'request') {
    if (flow.step === 'describe') return [reply(lead(say.askRequestDescription(name)))];
    const svc = ctx.services.find((x) => x.code === flow.serviceCode);
    const officeHours = svc ? !runsRoundTheClock(ctx.calendar, { service: svc, priority: null }) : true;
    const target = svc?.fulfilment ? describeTarget(svc.fulfilment, officeHours) : null;
    return [
      reply(lead(say.confirmRequest(name, flow.description ?? '', target, who)), REQUEST_CONFIRM_CHOICES),
    ];
  }
  switch (flow.step) {
    case 'describe':
      return [reply(lead(say.askIncidentDescription(name)))];
    case 'since':
      return [reply(lead(say.askSince))];
    case 'impact':
      return [reply(lead(say.askImpact), IMPACT_CHOICES)];
    default:
      return [
        reply(
          lead(
            say.confirmIncident(name, flow.description ?? '', flow.since ?? '-', flow.impact ?? 'MINOR', who),
          ),
          INCIDENT_CONFIRM_CHOICES,
        ),
      ];
  }
}

/**
 * What a free-text message already says, as a draft of the form of `kind`. `minWords`: the words beyond
 * the service and "I want to report" that make the text a description (a first message "simpeg ga bisa
 * login" says enough; an answer to "which service?" needs more to be more than a name).
 */
export function draftFrom(u: Understanding, kind: Kind, ctx: Ctx, minWords = 2): FormFlow {
  const serviceCode = u.service && takes(ctx, u.service, kind) ? u.service : undefined;
  // A request's words about the service are its need ("reset password email sy, lupa"); an incident's
  // symptom is what it says beyond the service's name.
  const description = hasDetail(u, ctx, kind === 'request' ? minWords + 1 : minWords, kind === 'incident')
    ? u.detail
    : undefined;
  if (kind === 'request')
    return {
      name: 'request',
      step: 'service',
      ...(serviceCode ? { serviceCode } : {}),
      ...(description ? { description } : {}),
    };
  return {
    name: 'incident',
    step: 'service',
    ...(serviceCode ? { serviceCode } : {}),
    ...(description ? { description } : {}),
    ...(u.since ? { since: u.since } : {}),
    ...(u.impact ? { impact: u.impact } : {}),
    ...(u.candidates.length > 0 ? { offered: u.candidates } : {}),
  };
}

/**
 * Whether the message says more than "I want to report / request something about X": enough to keep as
 * the symptom or the need.
 */
function hasDetail(u: Understanding, ctx: Ctx, minWords: number, withoutName: boolean): boolean {
  if (!isDescription(u.detail)) return false;
  const filler = new Set(ctx.vocabulary.intents.address);
  for (const w of FORM_WORDS) filler.add(w);
  const named = withoutName && u.service ? ctx.services.find((x) => x.code === u.service) : undefined;
  const nameWords = new Set(
    (named ? `${named.name} ${named.code.replace(/-/g, ' ')}` : '').toLowerCase().split(/\W+/),
  );
  const words = u.detail
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !filler.has(w) && !nameWords.has(w));
  return words.length >= minWords;
}

/** Words of "I want to report / request" that are not yet a description. */
const FORM_WORDS = [
  'lapor',
  'laporan',
  'melaporkan',
  'laporkan',
  'gangguan',
  'mau',
  'ingin',
  'pengen',
  'ada',
  'saya',
  'sy',
  'mohon',
  'tolong',
  'dong',
  'nih',
  'ini',
  'pada',
  'di',
  'ke',
  'yang',
  'yg',
  'minta',
  'ajukan',
  'mengajukan',
  'permintaan',
  'layanan',
  'buat',
  'perlu',
  'butuh',
  'izin',
  'masalah',
  'aplikasi',
  'tentang',
  'soal',
  'untuk',
  'utk',
  'bikin',
  'tiket',
  'request',
  'pak',
  'bu',
  'min',
  'kak',
  'ya',
  'error',
  'eror',
  'rusak',
  'bermasalah',
];

/**
 * Moves the form on: a known outage links the reporter instead of a duplicate report, a problem on a
 * ticket of their own goes to that ticket, otherwise the next missing field is asked.
 */
export function advance(s: ConversationState, flow: FormFlow, ctx: Ctx, intro?: string): StepResult {
  const base = { ...s, misses: 0 };
  if (!flow.serviceCode || !takes(ctx, flow.serviceCode, flow.name)) {
    const preferred = flow.offered ?? [];
    const menu = serviceMenu(flow.name, ctx, preferred, false);
    const next: FormFlow = { ...flow, step: 'service', offered: menu.codes };
    const ask = flow.name === 'request' ? say.askRequestService : say.askIncidentService;
    const lead = intro ?? (preferred.length > 1 ? say.serviceAmbiguous : undefined);
    return { state: { ...base, flow: next }, effects: [reply(lead ? `${lead} ${ask}` : ask, menu.choices)] };
  }
  if (flow.name === 'incident') {
    const own = ctx.ownOpenTickets.find(
      (t) => t.serviceCode === flow.serviceCode && t.code.startsWith('GGN-') && t.status !== 'RESOLVED',
    );
    if (own) {
      // Their own open report of the same service: what they say now belongs to it.
      const effects: Effect[] = [
        {
          type: 'add_comment',
          code: own.code,
          text: flow.description ?? `${serviceName(ctx, flow.serviceCode)} masih bermasalah.`,
          attachments: s.attachments,
        },
      ];
      return done({ ...base, attachments: [] }, effects);
    }
    const known = ctx.openIncidentByService.get(flow.serviceCode);
    if (known) {
      const effects: Effect[] = [{ type: 'follow_incident', code: known }];
      if (s.attachments.length)
        effects.push({ type: 'attach_to_ticket', code: known, attachments: s.attachments });
      return done({ ...base, attachments: [] }, effects);
    }
  }
  const step = nextStep(flow, ctx);
  const next = { ...flow, step, offered: undefined } as FormFlow;
  delete next.offered;
  const noted =
    intro ??
    (step !== 'describe' && flow.step === 'service'
      ? flow.name === 'request'
        ? say.requestNoted(serviceName(ctx, flow.serviceCode))
        : say.noted(serviceName(ctx, flow.serviceCode))
      : undefined);
  return { state: { ...base, flow: next }, effects: promptFor(next, ctx, noted) };
}

/**
 * The next missing item. Who the reporter is (pemohon, 002:471; identitas pelapor, 002:501) is asked
 * once per contact, last, right before the summary; a known contact skips it. Flows that open no form
 * do not ask: a reporter joining a known outage gets the outage's code at once (asking first would only
 * delay them, and no ticket of theirs is made), and "talk to a person" goes straight to the officer, who
 * can ask themselves.
 */
function nextStep(flow: FormFlow, ctx: Ctx): FormFlow['step'] {
  if (!flow.description) return 'describe';
  if (flow.name === 'incident') {
    if (!flow.since) return 'since';
    if (!flow.impact) return 'impact';
  }
  if (!ctx.requester && !flow.requester) return 'identity';
  return 'confirm';
}

/** Who the summary names: what the reporter just told, else what the helpdesk knew. */
function requesterOf(flow: FormFlow, ctx: Ctx): Requester | null {
  return flow.requester ?? ctx.requester;
}

/** A form step received `input`. */
export function onForm(s: ConversationState, flow: FormFlow, input: Input, ctx: Ctx): StepResult {
  switch (flow.step) {
    case 'service':
      return onService(s, flow, input, ctx);
    case 'describe': {
      const u = ctx.understand(input.raw);
      // Only an outright question is put aside here: a symptom may well match an FAQ topic.
      if ((u.intent === 'question' && u.asks) || (u.intent === 'status' && u.code)) {
        const side = aside(s, input, ctx, u, promptFor(flow, ctx, say.backToQuestion));
        if (side) return side;
      }
      if (!isDescription(input.raw)) return stay(s, [reply(say.describeTooShort)]);
      const filled: FormFlow =
        flow.name === 'incident'
          ? {
              ...flow,
              description: input.raw,
              ...(flow.since ? {} : u.since ? { since: u.since } : {}),
              ...(flow.impact ? {} : u.impact ? { impact: u.impact } : {}),
            }
          : { ...flow, description: input.raw };
      return advance(s, filled, ctx);
    }
    case 'since': {
      const since = extractSince(input.raw, ctx.vocabulary.since);
      if (!since) {
        const u = ctx.understand(input.raw);
        if ((u.intent === 'question' && u.asks) || u.intent === 'status') {
          const side = aside(s, input, ctx, u, promptFor(flow, ctx, say.backToQuestion));
          if (side) return side;
        }
      }
      const impact = readImpact(input.words, ctx.vocabulary.impact);
      const f = flow as IncidentFlow;
      return advance(s, { ...f, since: input.raw, ...(f.impact ? {} : impact ? { impact } : {}) }, ctx);
    }
    case 'impact': {
      const impact = readImpactAnswer(input, ctx);
      if (impact) return advance(s, { ...(flow as IncidentFlow), impact }, ctx);
      const side = aside(s, input, ctx, ctx.understand(input.raw), promptFor(flow, ctx, say.backToQuestion));
      return side ?? stay(s, [reply(`Mohon balas *1* atau *2*. ${say.askImpact}`, IMPACT_CHOICES)]);
    }
    case 'identity':
      return onIdentity(s, flow, input, ctx);
    case 'confirm':
      return onConfirm(s, flow, input, ctx);
  }
}

/** One answer to "who are you?": whatever it says is kept (nothing usable: nothing), and not asked again. */
function onIdentity(s: ConversationState, flow: FormFlow, input: Input, ctx: Ctx): StepResult {
  const u = ctx.understand(input.raw);
  if ((u.intent === 'question' && u.asks) || (u.intent === 'status' && u.code)) {
    const side = aside(s, input, ctx, u, promptFor(flow, ctx, say.backToQuestion));
    if (side) return side;
  }
  // "tidak usah", "skip", "rahasia": declined; not asked again either.
  const declined =
    isSkip(input.words, input.raw, ctx.vocabulary.answers) ||
    ctx.vocabulary.answers.no.includes(input.words) ||
    /\btidak (mau|usah|perlu)\b|\brahasia\b/.test(input.words);
  const requester: Requester = declined ? { name: null, opd: null, nip: null } : readRequester(input.raw);
  const next = advance(s, { ...flow, requester } as FormFlow, ctx);
  return { ...next, effects: [{ type: 'save_profile', ...requester }, ...next.effects] };
}

function readImpactAnswer(input: Input, ctx: Ctx): Impact | undefined {
  const picked = resolveChoice(input, IMPACT_CHOICES);
  if (picked) return picked.id === 'impact:MAJOR' ? 'MAJOR' : 'MINOR';
  const said = readImpact(input.words, ctx.vocabulary.impact);
  if (said) return said;
  // Short answers to "how widely?": "semua", "banyak" / "saya aja", "sendiri".
  if (/\b(semua|banyak|seluruh|total|mayor|major|kantor|semuanya)\b/.test(input.words)) return 'MAJOR';
  if (/\b(saya|sendiri|beberapa|sedikit|minor|cuma|hanya)\b/.test(input.words)) return 'MINOR';
  return undefined;
}

function onService(s: ConversationState, flow: FormFlow, input: Input, ctx: Ctx): StepResult {
  const choices = offeredChoices(flow, ctx);
  const picked = resolveChoice(input, choices);
  if (picked?.id === MORE_SERVICES.id) {
    const menu = serviceMenu(flow.name, ctx, [], true);
    return {
      state: { ...s, flow: { ...flow, offered: menu.codes } },
      effects: [reply(say.moreServices, menu.choices)],
    };
  }
  if (picked) return advance(s, { ...flow, serviceCode: picked.id.slice(4) }, ctx);
  const guess = ctx.findService(input.raw, flow.name, true);
  if (guess.code) {
    // "simpeg, ga bisa login dari pagi sampai sekarang": the rest of what they typed fills the form too.
    const u = ctx.understand(input.raw);
    const more = draftFrom({ ...u, service: guess.code }, flow.name, ctx, 4);
    return advance(s, { ...flow, serviceCode: guess.code, ...keepNew(flow, more) } as FormFlow, ctx);
  }
  if (guess.candidates.length > 1) {
    const menu = serviceMenu(flow.name, ctx, guess.candidates, false);
    return {
      state: { ...s, flow: { ...flow, offered: menu.codes } },
      effects: [reply(say.serviceAmbiguous, menu.choices)],
    };
  }
  const side = aside(s, input, ctx, ctx.understand(input.raw), promptFor(flow, ctx, say.backToQuestion));
  if (side) return side;
  if (s.misses >= 1)
    return {
      state: { ...s, flow: { name: 'menu' }, misses: s.misses + 1 },
      effects: [reply(say.notUnderstoodTwice, MENU_CHOICES)],
    };
  return { state: { ...s, misses: s.misses + 1 }, effects: [reply(say.serviceNotFound, choices)] };
}

/** Fields the new text fills that the form did not have yet. */
function keepNew(flow: FormFlow, more: FormFlow): Partial<FormFlow> {
  const out: Record<string, unknown> = {};
  for (const key of ['description', 'since', 'impact'] as const) {
    const had = (flow as unknown as Record<string, unknown>)[key];
    const got = (more as unknown as Record<string, unknown>)[key];
    if (had === undefined && got !== undefined) out[key] = got;
  }
  return out as Partial<FormFlow>;
}

function onConfirm(s: ConversationState, flow: FormFlow, input: Input, ctx: Ctx): StepResult {
  const choices = flow.name === 'request' ? REQUEST_CONFIRM_CHOICES : INCIDENT_CONFIRM_CHOICES;
  const picked = resolveChoice(input, choices)?.id;
  const said = readYesNo(input.words, ctx.vocabulary.answers);
  const yesNo = picked ?? (said === 'yes' ? 'submit' : said === 'no' ? 'cancel' : undefined);
  if (yesNo === 'submit') {
    const attachments = s.attachments;
    // "mohon segera, besok deadline": the urgency the reporter gave in their own words.
    const said = readUrgency(
      normalizeText(`${flow.description ?? ''} ${flow.name === 'incident' ? (flow.since ?? '') : ''}`),
      ctx.vocabulary.urgency,
    );
    const urgency = said ? { urgency: said } : {};
    const effect: Effect =
      flow.name === 'request'
        ? {
            type: 'open_request',
            serviceCode: flow.serviceCode ?? '',
            description: flow.description ?? '',
            attachments,
            ...urgency,
          }
        : {
            type: 'open_incident',
            serviceCode: flow.serviceCode ?? '',
            description: flow.description ?? '',
            since: flow.since ?? '',
            impact: flow.impact ?? 'MINOR',
            attachments,
            ...urgency,
          };
    return done({ ...s, attachments: [] }, [effect]);
  }
  if (yesNo === 'cancel') return showMenu({ ...s, attachments: [] }, `${say.cancelled} ${say.menu}`);
  const again = flow.name === 'request' ? say.askSubmitAgain : say.askSubmitIncidentAgain;
  const side = aside(s, input, ctx, ctx.understand(input.raw), [
    reply(`${say.backToQuestion} ${again}`, choices),
  ]);
  return side ?? stay(s, [reply(again, choices)]);
}

/** Starts a form of `kind` from the menu, or from what a free-text message says. */
export function startForm(s: ConversationState, kind: Kind, ctx: Ctx, u?: Understanding): StepResult {
  const flow: FormFlow = u ? draftFrom(u, kind, ctx) : { name: kind, step: 'service' };
  return advance(s, flow, ctx);
}
