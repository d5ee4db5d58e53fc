/**
 * The SLA timer worker: a delayed job woke up; the database decides whether there is anything to do.
 * It acts only when the same timer is still in the ticket's plan (see sla/timers.ts), records what it
 * did in the audit trail, and tells the people each target concerns.
 */

import { unconfirmedResolutionMet } from '../sla/met.ts';
import { describeDue } from '../sla/priority.ts';
import { planTimers, type SlaTimerKind } from '../sla/timers.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import { tellReporter } from '../step/conversation.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { recordEvent, transitionTicket } from '../tickets/store.ts';
import { progressText, slaText } from './messages.ts';
import { notifyReporters, postNotice, staffTargets, ticketTarget } from './notify.ts';
import { tellEstimateExceeded } from './provider.ts';
import { providerText } from './provider-messages.ts';

/** Tolerance when matching a fired job against the plan (timestamps round-trip through JSON). */
const SAME_TIME_MS = 1000;

export async function handleSlaTimer(
  deps: ConversationDeps,
  job: { ticketId: number; kind: string; fireAt: string },
): Promise<'acted' | 'stale'> {
  const now = deps.now?.() ?? new Date();
  const after = emptyAfterCommit();
  const result = await deps.db.$transaction(async (tx) => {
    // Lock the ticket: a timer and a staff command must not act on it at the same moment.
    await tx.$queryRaw`SELECT id FROM "Ticket" WHERE id = ${job.ticketId} FOR UPDATE`;
    const t = await tx.ticket.findUnique({ where: { id: job.ticketId }, include: { service: true } });
    if (!t) return 'stale' as const;
    const fireAt = new Date(job.fireAt).getTime();
    const planned = planTimers(t, deps.calendar, deps.timers).find(
      (p) => p.kind === job.kind && Math.abs(p.fireAt.getTime() - fireAt) < SAME_TIME_MS,
    );
    if (!planned) return 'stale' as const;
    const kind = job.kind as SlaTimerKind;
    const p = t.priority ?? '-';
    const group = await ticketTarget(tx, t);
    const coordinators = await staffTargets(tx, ['KOORDINATOR']);
    const toGroupOrCoordinators = group ? [group] : coordinators;
    const notice = async (targets: typeof coordinators, text: string) => {
      for (const target of targets) await postNotice(tx, target, text, t.id, after);
    };
    switch (kind) {
      case 'response_reminder':
        await notice(
          toGroupOrCoordinators,
          slaText.responseReminder(t.code, p, describeDue(t.responseDueAt ?? now, deps.calendar)),
        );
        break;
      case 'response_breach':
        await tx.ticket.update({ where: { id: t.id }, data: { responseMet: false } });
        await notice(
          [...coordinators, ...(group ? [group] : [])],
          slaText.responseBreach(t.code, p, t.service.name),
        );
        break;
      case 'resolution_warning':
        await notice(
          toGroupOrCoordinators,
          slaText.resolutionWarning(t.code, p, describeDue(t.resolutionDueAt ?? now, deps.calendar)),
        );
        break;
      case 'resolution_breach':
        await tx.ticket.update({ where: { id: t.id }, data: { resolutionMet: false } });
        await notice(
          [...coordinators, ...(group ? [group] : [])],
          slaText.resolutionBreach(t.code, p, t.service.name),
        );
        break;
      case 'estimate_reminder':
        await tx.ticket.update({ where: { id: t.id }, data: { estimateRemindedAt: now } });
        await notice(toGroupOrCoordinators, providerText.estimateReminder(t.code));
        break;
      case 'estimate_exceeded': {
        await tx.ticket.update({ where: { id: t.id }, data: { estimateExceeded: true } });
        // Up to the service's Penyedia Layanan (002:490), and the team that is to report to them.
        await tellEstimateExceeded(tx, deps, t, after);
        if (group)
          await notice(
            [group],
            slaText.estimateExceeded(t.code, t.service.name, t.service.technicalTeamName),
          );
        break;
      }
      case 'question_reminder': {
        // The question may have been pushed aside in the reporter's chat: ask it again there.
        const asked = await tx.ticketEvent.findFirst({
          where: { ticketId: t.id, type: 'ask_reporter' },
          orderBy: { id: 'desc' },
        });
        const question = String((asked?.data as { question?: string } | null)?.question ?? '');
        await tellReporter(tx, deps, t, { type: 'ticket_question', code: t.code, question }, now, after);
        if (group) await notice([group], slaText.questionUnanswered(t.code));
        break;
      }
      case 'confirmation_reminder':
        await tx.ticket.update({ where: { id: t.id }, data: { confirmationReminded: true } });
        // Through the conversation, so that the reporter's "1" or "2" is read as the answer to it.
        await tellReporter(
          tx,
          deps,
          t,
          {
            type: 'ticket_resolved',
            code: t.code,
            resolution: t.resolution ?? '',
            reminder: true,
            closes: deps.autoClose !== false,
          },
          now,
          after,
        );
        break;
      case 'auto_close': {
        // Nobody confirmed: unknown, or missed when the team itself resolved too late (sla/met.ts).
        const resolutionMet = unconfirmedResolutionMet(t.resolvedAt, t.resolutionDueAt);
        const r = await transitionTicket(
          tx,
          t,
          'auto_close',
          { kind: 'system' },
          null,
          now,
          { closedAt: now, closedWithoutConfirm: true, resolutionMet },
          { withoutConfirmation: true, resolutionMet },
        );
        if (!r.ok) return 'stale' as const;
        // The rating is asked once, in the reporter's own conversation.
        await tellReporter(
          tx,
          deps,
          t,
          { type: 'ask_rating', code: t.code, text: progressText.autoClosed(t.code) },
          now,
          after,
        );
        await notifyReporters(tx, t, '', after, {
          skipReporter: true,
          followersText: progressText.closedForFollower(t.code),
        });
        break;
      }
    }
    await tx.ticket.update({ where: { id: t.id }, data: { slaFired: { push: planned.key } } });
    await recordEvent(tx, t.id, `sla_${kind}`, 'system', null, { fireAt: job.fireAt }, now);
    after.timers.add(t.id);
    return 'acted' as const;
  });
  await runAfterCommit(deps, after);
  return result;
}
