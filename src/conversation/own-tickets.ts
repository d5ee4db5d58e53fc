/**
 * What a reporter does with tickets they already have: ask their status, cancel one, talk to a person
 * about one, and add a follow-up message that reaches the team.
 */
import type { Choice } from '../channel.ts';
import { findTicketCode } from '../tickets/code.ts';
import { readYesNo } from '../understand/answers.ts';
import { aside } from './aside.ts';
import { text as say, YES_NO } from './messages.ts';
import { type Ctx, done, type Input, isDescription, reply, resolveChoice, stay } from './turn.ts';
import type { ConversationState, Effect, Flow, OwnTicket, StepResult } from './types.ts';

export function ticketChoices(tickets: OwnTicket[]): Choice[] {
  return tickets.slice(0, 9).map((t) => ({ id: `ticket:${t.code}`, label: `${t.code} ${t.serviceName}` }));
}

/** A ticket code typed or a ticket picked from the list. */
function pickedCode(input: Input, tickets: OwnTicket[]): string | undefined {
  return findTicketCode(input.raw)?.code ?? resolveChoice(input, ticketChoices(tickets))?.id.slice(7);
}

// ---------------------------------------------------------------------------------------------------
// Status

export function startStatus(s: ConversationState, ctx: Ctx, code?: string | null): StepResult {
  if (code) return done(s, [{ type: 'show_status', code }]);
  if (ctx.ownOpenTickets.length > 0) return done(s, [{ type: 'show_status' }]);
  return {
    state: { ...s, flow: { name: 'status', step: 'pick' } },
    effects: [reply(`${say.noOpenTickets} ${say.askStatusCode}`)],
  };
}

/** Waiting for a code; anything else goes back to the front door. */
export function onStatusPick(s: ConversationState, input: Input, ctx: Ctx): StepResult | undefined {
  const code = pickedCode(input, ctx.ownOpenTickets);
  return code ? done(s, [{ type: 'show_status', code }]) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Cancel

/** The tickets offered for cancelling: a resolved ticket waits for confirmation instead. */
function cancellable(ctx: Ctx): OwnTicket[] {
  return ctx.ownOpenTickets.filter((t) => t.status !== 'RESOLVED');
}

export function startCancel(s: ConversationState, ctx: Ctx, code?: string | null): StepResult {
  if (code) return askCancel(s, code);
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

export function onCancel(
  s: ConversationState,
  flow: Extract<Flow, { name: 'cancel' }>,
  input: Input,
  ctx: Ctx,
): StepResult | undefined {
  if (flow.step === 'pick') {
    const code = pickedCode(input, cancellable(ctx));
    return code ? askCancel(s, code) : undefined;
  }
  const answer = resolveChoice(input, YES_NO)?.id ?? readYesNo(input.words, ctx.vocabulary.answers);
  if (answer === 'yes') return done(s, [{ type: 'cancel_ticket', code: flow.code }]);
  if (answer === 'no') return done(s, [reply(say.keepTicket(flow.code))]);
  const again = [reply(say.confirmCancel(flow.code), YES_NO)];
  return aside(s, input, ctx, ctx.understand(input.raw), again) ?? stay(s, again);
}

// ---------------------------------------------------------------------------------------------------
// Talk to a person

function humanChoices(ctx: Ctx): Choice[] {
  return [...ticketChoices(ctx.ownOpenTickets), { id: 'other', label: say.otherMatter }];
}

export function startHuman(s: ConversationState, ctx: Ctx): StepResult {
  if (ctx.ownOpenTickets.length === 0)
    return { state: { ...s, flow: { name: 'human', step: 'describe' } }, effects: [reply(say.askHumanNote)] };
  return {
    state: { ...s, flow: { name: 'human', step: 'pick' } },
    effects: [reply(say.askHumanPick, humanChoices(ctx))],
  };
}

export function onHuman(
  s: ConversationState,
  flow: Extract<Flow, { name: 'human' }>,
  input: Input,
  ctx: Ctx,
): StepResult {
  if (flow.step === 'pick') {
    const picked = resolveChoice(input, humanChoices(ctx));
    if (!picked) return stay(s, [reply(say.askHumanPick, humanChoices(ctx))]);
    const code = picked.id === 'other' ? undefined : picked.id.slice(7);
    return {
      state: {
        ...s,
        flow: code ? { name: 'human', step: 'describe', code } : { name: 'human', step: 'describe' },
      },
      effects: [reply(say.askHumanNote)],
    };
  }
  if (!isDescription(input.raw)) return stay(s, [reply(say.describeTooShort)]);
  const effect: Effect = { type: 'request_human', note: input.raw, attachments: s.attachments };
  if (flow.code) effect.code = flow.code;
  return done({ ...s, attachments: [] }, [effect]);
}

// ---------------------------------------------------------------------------------------------------
// Follow-ups

/**
 * A message about a ticket they have ("pak gmn udah blm? sy masih ga bisa buka"): added to the ticket as
 * the reporter's comment and relayed to the team; with several open tickets, they are asked which.
 * Undefined when they have none.
 */
export function startFollowup(
  s: ConversationState,
  text: string,
  ctx: Ctx,
  code?: string | null,
): StepResult | undefined {
  const open = ctx.ownOpenTickets;
  const target = code ? open.find((t) => t.code === code) : open.length === 1 ? open[0] : undefined;
  if (target) return comment(s, target.code, text);
  if (code) return undefined;
  if (open.length === 0) return undefined;
  return {
    state: { ...s, flow: { name: 'followup', text }, misses: 0 },
    effects: [reply(say.followupPick, ticketChoices(open))],
  };
}

function comment(s: ConversationState, code: string, text: string): StepResult {
  return done({ ...s, attachments: [] }, [{ type: 'add_comment', code, text, attachments: s.attachments }]);
}

export function onFollowupPick(
  s: ConversationState,
  flow: Extract<Flow, { name: 'followup' }>,
  input: Input,
  ctx: Ctx,
): StepResult | undefined {
  const code = pickedCode(input, ctx.ownOpenTickets);
  return code ? comment(s, code, flow.text) : undefined;
}
