/**
 * The front door: a message when the bot is not in the middle of anything. What the person typed is
 * understood (src/understand/) and acted on — a report or a request starts with what it already says, a
 * question gets its FAQ answer, a follow-up reaches the team — with the numbered menu as the fallback.
 */
import type { Understanding } from '../understand/understand.ts';
import { actionChoices, faqReply } from './faq-reply.ts';
import { startForm } from './forms.ts';
import { MENU_CHOICES, text as say } from './messages.ts';
import { startCancel, startFollowup, startHuman, startStatus } from './own-tickets.ts';
import { type Ctx, done, type Input, reply, resolveChoice, showMenu } from './turn.ts';
import type { ConversationState, Flow, StepResult } from './types.ts';

export function onFrontDoor(s: ConversationState, input: Input, ctx: Ctx): StepResult {
  const flow = s.flow;
  // After an FAQ answer, its actions are the numbered choices; otherwise the main menu's.
  if (flow.name === 'faq' && flow.actions?.length) {
    const picked = resolveChoice(input, actionChoices(flow.actions, ctx));
    if (picked) return startAction(s, picked.id, ctx);
  }
  if (input.choice?.startsWith('act:')) return startAction(s, input.choice, ctx);
  const menuPick =
    /^\s*\d\s*[.)]?\s*$/.test(input.raw) || flow.name !== 'faq'
      ? resolveChoice(input, MENU_CHOICES)
      : undefined;
  if (menuPick) return startMenuItem(s, menuPick.id, ctx);
  return act(s, input, ctx, ctx.understand(input.raw));
}

function act(s: ConversationState, input: Input, ctx: Ctx, u: Understanding): StepResult {
  switch (u.intent) {
    case 'greeting':
      return showMenu(s, say.greeting);
    case 'thanks':
      return done(s, [reply(`Sama-sama! 🙏 ${say.menuHint}`)]);
    case 'incident': {
      // "simpeg masih error" from someone whose SIMPEG report is open is about that report.
      return startForm(s, 'incident', ctx, u);
    }
    case 'request':
      return startForm(s, 'request', ctx, u);
    case 'status':
      return startStatus(s, ctx, u.code);
    case 'followup':
      return (
        startFollowup(s, input.raw, ctx, u.code) ??
        (u.code ? startStatus(s, ctx, u.code) : startForm(s, 'incident', ctx, u))
      );
    case 'cancel':
      return startCancel(s, ctx, u.code);
    case 'human':
      return startHuman(s, ctx);
    case 'question':
      return answer(s, input, ctx) ?? notUnderstood(s);
    case 'out_of_scope':
      // Nothing recognised at all: the not-understood answer (which says what the helpdesk is for).
      if (!u.outOfScope) return answer(s, input, ctx) ?? notUnderstood(s);
      return {
        state: { ...s, flow: { name: 'menu' }, misses: s.misses + 1 },
        effects: [reply(say.outOfScope(u.outOfScope?.reply ?? ''), MENU_CHOICES)],
      };
  }
}

function answer(s: ConversationState, input: Input, ctx: Ctx): StepResult | undefined {
  const m = ctx.faq(input.raw);
  if (m.id === null) return undefined;
  const flow: Flow = m.actions?.length ? { name: 'faq', actions: m.actions } : { name: 'faq' };
  return { state: { ...s, flow, misses: 0 }, effects: [faqReply(m, ctx, true)] };
}

export function notUnderstood(s: ConversationState): StepResult {
  const misses = s.misses + 1;
  return {
    state: { ...s, flow: { name: 'menu' }, misses },
    effects: [reply(misses >= 2 ? say.notUnderstoodTwice : say.notUnderstood, MENU_CHOICES)],
  };
}

function startAction(s: ConversationState, id: string, ctx: Ctx): StepResult {
  const [, type, service] = id.split(':');
  const base = { ...s, misses: 0 };
  switch (type) {
    case 'request':
    case 'incident':
      return startForm(base, type, ctx, service ? pseudo(service) : undefined);
    case 'status':
      return startStatus(base, ctx);
    default:
      return startHuman(base, ctx);
  }
}

/** An understanding that only names a service: an FAQ action chose it. */
function pseudo(service: string): Understanding {
  return {
    text: '',
    intent: 'request',
    service,
    serviceName: null,
    candidates: [],
    topic: null,
    code: null,
    since: null,
    impact: null,
    detail: '',
    outOfScope: null,
  };
}

function startMenuItem(s: ConversationState, id: string, ctx: Ctx): StepResult {
  const base = { ...s, misses: 0 };
  switch (id) {
    case 'menu:1':
      return { state: { ...base, flow: { name: 'faq' } }, effects: [reply(say.askFaq)] };
    case 'menu:2':
      return startForm(base, 'request', ctx);
    case 'menu:3':
      return startForm(base, 'incident', ctx);
    case 'menu:4':
      return startStatus(base, ctx);
    default:
      return startHuman(base, ctx);
  }
}
