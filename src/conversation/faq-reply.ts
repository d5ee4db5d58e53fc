/**
 * An FAQ answer as one message: the answer, then the actions that fit it as choices ("Ajukan Reset
 * Password E-Mail", "Lapor gangguan") or a one-line hint, never a second bubble.
 */
import type { Choice } from '../channel.ts';
import type { FaqAction } from '../faq/load.ts';
import type { FaqHit } from '../faq/matcher.ts';
import { text as say } from './messages.ts';
import { type Ctx, reply } from './turn.ts';
import type { Effect } from './types.ts';

export function actionChoices(actions: readonly FaqAction[], ctx: Ctx): Choice[] {
  const name = (code: string) => ctx.services.find((x) => x.code === code)?.name ?? code;
  return actions.map((a): Choice => {
    if (a.type === 'request')
      return a.service
        ? { id: `act:request:${a.service}`, label: `Ajukan ${name(a.service)}` }
        : { id: 'act:request', label: 'Ajukan permintaan' };
    if (a.type === 'incident')
      return a.service
        ? { id: `act:incident:${a.service}`, label: `Lapor gangguan ${name(a.service)}` }
        : { id: 'act:incident', label: 'Lapor gangguan' };
    if (a.type === 'status') return { id: 'act:status', label: 'Cek status tiket' };
    return { id: 'act:human', label: 'Bicara dengan petugas' };
  });
}

/** The answer with its actions; `withActions` false inside a form, where the form's question follows. */
export function faqReply(m: FaqHit, ctx: Ctx, withActions: boolean): Effect {
  if (!withActions) return reply(m.answer);
  const choices = actionChoices(m.actions ?? [], ctx);
  return choices.length > 0
    ? reply(`${m.answer}\n\n${say.faqWithActions}`, choices)
    : reply(`${m.answer}\n\n${say.faqFollowUp}`);
}
