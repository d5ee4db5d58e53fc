/**
 * A question or a status check typed where the bot expected something else: answered, then the question
 * the bot was waiting on is asked again, with nothing of the form lost.
 */
import type { Understanding } from '../understand/understand.ts';
import { faqReply } from './faq-reply.ts';
import type { Ctx, Input } from './turn.ts';
import type { ConversationState, Effect, StepResult } from './types.ts';

export function aside(
  s: ConversationState,
  input: Input,
  ctx: Ctx,
  u: Understanding,
  prompt: Effect[],
): StepResult | undefined {
  if (u.intent === 'status' && (u.code || ctx.ownOpenTickets.length > 0)) {
    const status: Effect = u.code ? { type: 'show_status', code: u.code } : { type: 'show_status' };
    return { state: s, effects: [status, ...prompt] };
  }
  if (u.intent === 'question' || u.intent === 'out_of_scope') {
    const m = ctx.faq(input.raw);
    if (m.id !== null) return { state: s, effects: [faqReply(m, ctx, false), ...prompt] };
  }
  return undefined;
}
