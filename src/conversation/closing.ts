/**
 * The end of a ticket from the reporter's side: confirming the resolution in their own words, saying what
 * is still wrong, answering a question from staff, and the 1–5 rating with feedback (in one message or
 * two).
 */
import { isSkip, readRating, readSolved } from '../understand/answers.ts';
import { aside } from './aside.ts';
import { RATING_CHOICES, SOLVED_CHOICES, text as say } from './messages.ts';
import { type Ctx, done, type Input, reply, resolveChoice, stay } from './turn.ts';
import type { ConversationState, StepResult } from './types.ts';

export function onConfirmResolution(s: ConversationState, code: string, input: Input, ctx: Ctx): StepResult {
  const picked = resolveChoice(input, SOLVED_CHOICES)?.id ?? readSolved(input.words, ctx.vocabulary.answers);
  if (picked === 'solved')
    return {
      state: { ...s, flow: { name: 'rating', code }, misses: 0 },
      effects: [{ type: 'confirm_resolution', code, solved: true }, reply(say.askRating, RATING_CHOICES)],
    };
  if (picked === 'unsolved')
    return {
      state: { ...s, flow: { name: 'reopen_reason', code }, misses: 0 },
      effects: [{ type: 'confirm_resolution', code, solved: false }, reply(say.askReopenReason)],
    };
  const side = aside(s, input, ctx, ctx.understand(input.raw), [reply(say.askSolvedAgain, SOLVED_CHOICES)]);
  return side ?? stay(s, [reply(say.askSolvedAgain, SOLVED_CHOICES)]);
}

export function onReopenReason(s: ConversationState, code: string, input: Input): StepResult {
  return done({ ...s, attachments: [] }, [{ type: 'reopen_reason', code, text: input.raw }]);
}

export function onAnswerQuestion(s: ConversationState, code: string, input: Input): StepResult {
  return done({ ...s, attachments: [] }, [
    { type: 'reporter_answer', code, text: input.raw, attachments: s.attachments },
  ]);
}

export function onRating(s: ConversationState, code: string, input: Input): StepResult {
  const fromButton = input.choice?.startsWith('rate:') ? Number(input.choice.slice(5)) : Number.NaN;
  // A button id can be forged: only 1–5 counts.
  const read =
    Number.isInteger(fromButton) && fromButton >= 1 && fromButton <= 5
      ? { rating: fromButton }
      : readRating(input.raw, input.words);
  if (!read) return stay(s, [reply(say.ratingInvalid, RATING_CHOICES)]);
  if (read.comment)
    // "4, cepet tp td malem sempet panik": the rating and the feedback in one go.
    return done(s, [
      { type: 'rate_ticket', code, rating: read.rating },
      { type: 'ticket_feedback', code, text: read.comment },
      reply(say.feedbackThanks),
    ]);
  return {
    state: { ...s, flow: { name: 'feedback', code }, misses: 0 },
    effects: [{ type: 'rate_ticket', code, rating: read.rating }, reply(say.askFeedback)],
  };
}

export function onFeedback(s: ConversationState, code: string, input: Input, ctx: Ctx): StepResult {
  if (isSkip(input.words, input.raw, ctx.vocabulary.answers)) return done(s, [reply(say.feedbackSkipped)]);
  return done(s, [{ type: 'ticket_feedback', code, text: input.raw }, reply(say.feedbackThanks)]);
}
