import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../src/domain.ts';
import {
  type Actor,
  actionsFrom,
  awaitingApproval,
  decideTransition,
  type TicketAction,
  type TicketFacts,
} from '../../src/tickets/lifecycle.ts';

const now = new Date('2026-11-23T03:00:00Z');
const reporter: Actor = { kind: 'reporter', contactId: 7 };
const stranger: Actor = { kind: 'reporter', contactId: 8 };
const teamMember: Actor = { kind: 'staff', staffId: 1, roles: ['PENGELOLA_TEKNIS'], teamGroupIds: [10] };
const otherTeam: Actor = { kind: 'staff', staffId: 2, roles: ['PENGELOLA_TEKNIS'], teamGroupIds: [11] };
const coordinator: Actor = { kind: 'staff', staffId: 3, roles: ['KOORDINATOR'], teamGroupIds: [] };
const provider: Actor = { kind: 'staff', staffId: 4, roles: ['PENYEDIA'], teamGroupIds: [] };
const system: Actor = { kind: 'system' };
const officer: Actor = { kind: 'staff', staffId: 5, roles: ['PENGELOLA_LAYANAN'], teamGroupIds: [] };

function ticket(status: TicketStatus, extra: Partial<TicketFacts> = {}): TicketFacts {
  return { status, reporterId: 7, teamGroupId: 10, confirmationDueAt: null, ...extra };
}

describe('ticket lifecycle', () => {
  it('walks an incident from open to closed through the allowed path', () => {
    const path: [TicketAction, Actor, TicketStatus][] = [
      ['claim', teamMember, 'ASSIGNED'],
      ['start', teamMember, 'IN_PROGRESS'],
      ['ask_reporter', teamMember, 'WAITING_REPORTER'],
      ['reporter_answered', reporter, 'IN_PROGRESS'],
      ['resolve', teamMember, 'RESOLVED'],
      ['confirm', reporter, 'CLOSED'],
    ];
    let status: TicketStatus = 'OPEN';
    for (const [action, actor, expected] of path) {
      const r = decideTransition(ticket(status), action, actor, now);
      expect(r, `${action} from ${status}`).toMatchObject({ ok: true, to: expected });
      status = expected;
    }
  });

  it('pauses the clock when waiting on the reporter and resumes it on their answer', () => {
    expect(decideTransition(ticket('IN_PROGRESS'), 'ask_reporter', teamMember, now)).toMatchObject({
      clock: 'pause',
    });
    expect(decideTransition(ticket('WAITING_REPORTER'), 'reporter_answered', reporter, now)).toMatchObject({
      clock: 'resume',
    });
    expect(decideTransition(ticket('WAITING_REPORTER'), 'resolve', teamMember, now)).toMatchObject({
      to: 'RESOLVED',
      clock: 'resume',
    });
    expect(decideTransition(ticket('OPEN'), 'claim', teamMember, now)).toMatchObject({ clock: null });
  });

  it('reopens a resolved ticket when the reporter says it is not solved', () => {
    expect(decideTransition(ticket('RESOLVED'), 'reopen', reporter, now)).toMatchObject({
      ok: true,
      to: 'IN_PROGRESS',
    });
  });

  it('lets the reporter or a coordinator cancel an unfinished ticket, never a finished one', () => {
    for (const s of ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'] as TicketStatus[]) {
      expect(decideTransition(ticket(s), 'cancel', reporter, now)).toMatchObject({
        ok: true,
        to: 'CANCELLED',
      });
      expect(decideTransition(ticket(s), 'cancel', coordinator, now)).toMatchObject({
        ok: true,
        to: 'CANCELLED',
      });
    }
    for (const s of ['RESOLVED', 'CLOSED', 'CANCELLED'] as TicketStatus[])
      expect(decideTransition(ticket(s), 'cancel', reporter, now)).toMatchObject({
        ok: false,
        reason: 'wrong_status',
      });
    expect(decideTransition(ticket('OPEN'), 'cancel', teamMember, now)).toMatchObject({
      ok: false,
      reason: 'not_permitted',
    });
  });

  it('closes only when the reporter confirms or the confirmation window has passed', () => {
    const due = new Date('2026-11-26T09:00:00Z');
    expect(
      decideTransition(ticket('RESOLVED', { confirmationDueAt: due }), 'auto_close', system, now),
    ).toMatchObject({
      ok: false,
      reason: 'confirmation_window_open',
    });
    expect(
      decideTransition(
        ticket('RESOLVED', { confirmationDueAt: due }),
        'auto_close',
        system,
        new Date(due.getTime()),
      ),
    ).toMatchObject({ ok: true, to: 'CLOSED' });
    expect(decideTransition(ticket('RESOLVED'), 'auto_close', system, now)).toMatchObject({ ok: false });
    // Staff cannot close for the reporter.
    expect(decideTransition(ticket('RESOLVED'), 'confirm', teamMember, now)).toMatchObject({ ok: false });
    expect(decideTransition(ticket('RESOLVED'), 'confirm', coordinator, now)).toMatchObject({ ok: false });
  });

  it('refuses a reporter acting on somebody else’s ticket', () => {
    const r = decideTransition(ticket('RESOLVED'), 'confirm', stranger, now);
    expect(r).toMatchObject({ ok: false, reason: 'not_own_ticket' });
  });

  it('lets only the service’s own team, a coordinator or an admin claim and resolve', () => {
    expect(decideTransition(ticket('OPEN'), 'claim', otherTeam, now)).toMatchObject({
      ok: false,
      reason: 'not_permitted',
    });
    expect(decideTransition(ticket('OPEN'), 'claim', provider, now)).toMatchObject({
      ok: false,
      reason: 'not_permitted',
    });
    expect(decideTransition(ticket('OPEN'), 'claim', reporter, now)).toMatchObject({
      ok: false,
      reason: 'not_permitted',
    });
    expect(decideTransition(ticket('OPEN'), 'claim', coordinator, now)).toMatchObject({ ok: true });
    const admin: Actor = { kind: 'staff', staffId: 9, roles: ['ADMIN'], teamGroupIds: [] };
    expect(decideTransition(ticket('IN_PROGRESS'), 'resolve', admin, now)).toMatchObject({ ok: true });
    expect(decideTransition(ticket('OPEN', { teamGroupId: null }), 'claim', teamMember, now)).toMatchObject({
      ok: false,
    });
  });

  it.each([
    ['OPEN', 'resolve'],
    ['OPEN', 'confirm'],
    ['OPEN', 'start'],
    ['ASSIGNED', 'claim'],
    ['IN_PROGRESS', 'confirm'],
    ['WAITING_REPORTER', 'ask_reporter'],
    ['CLOSED', 'reopen'],
    ['CLOSED', 'claim'],
    ['CANCELLED', 'claim'],
    ['CANCELLED', 'resolve'],
  ] as [TicketStatus, TicketAction][])('forbids %s → %s with an Indonesian reason', (status, action) => {
    const actor = ['confirm', 'reopen'].includes(action) ? reporter : coordinator;
    const r = decideTransition(ticket(status), action, actor, now);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('wrong_status');
      expect(r.message).toMatch(/status tiket saat ini/);
    }
  });

  it('lets the team or a coordinator change an unfinished ticket’s kind (002:465), nobody else', () => {
    for (const s of ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'] as const) {
      for (const who of [teamMember, coordinator])
        expect(decideTransition(ticket(s), 'convert', who, now)).toMatchObject({ ok: true, to: 'CONVERTED' });
      for (const who of [otherTeam, reporter, provider, system])
        expect(decideTransition(ticket(s), 'convert', who, now)).toMatchObject({ ok: false });
    }
    for (const s of ['RESOLVED', 'CLOSED', 'CANCELLED', 'CONVERTED'] as const)
      expect(decideTransition(ticket(s), 'convert', coordinator, now)).toMatchObject({
        ok: false,
        reason: 'wrong_status',
      });
  });

  it('lets only the service’s Penyedia Layanan or a coordinator reject a change, closing it (002:275)', () => {
    const aptika = (status: TicketStatus) => ticket(status, { provider: 'Bidang Aptika Diskominfo' });
    const ownProvider: Actor = { ...provider, providers: ['Bidang Aptika Diskominfo'] } as Actor;
    const otherProvider: Actor = { ...provider, providers: ['BKPSDM'] } as Actor;
    for (const s of ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'] as TicketStatus[]) {
      expect(decideTransition(aptika(s), 'reject', ownProvider, now)).toMatchObject({
        ok: true,
        to: 'CLOSED',
      });
      expect(decideTransition(aptika(s), 'reject', coordinator, now)).toMatchObject({
        ok: true,
        to: 'CLOSED',
      });
    }
    for (const actor of [otherProvider, provider, teamMember, reporter])
      expect(decideTransition(aptika('OPEN'), 'reject', actor, now)).toMatchObject({
        ok: false,
        reason: 'not_permitted',
      });
    for (const s of ['RESOLVED', 'CLOSED', 'CANCELLED'] as TicketStatus[])
      expect(decideTransition(aptika(s), 'reject', ownProvider, now)).toMatchObject({
        ok: false,
        reason: 'wrong_status',
      });
    // A Penyedia is no Pengelola Teknis: they decide, they do not work on it.
    expect(decideTransition(aptika('OPEN'), 'claim', ownProvider, now)).toMatchObject({ ok: false });
  });

  it('counts a change with no decision recorded as waiting for approval (002:465)', () => {
    expect(awaitingApproval({ approvalRequired: true, approval: null })).toBe(true);
    expect(awaitingApproval({ approvalRequired: true, approval: 'PENDING' })).toBe(true);
    expect(awaitingApproval({ approvalRequired: true, approval: 'REJECTED' })).toBe(true);
    expect(awaitingApproval({ approvalRequired: true, approval: 'APPROVED' })).toBe(false);
    expect(awaitingApproval({ approvalRequired: false, approval: null })).toBe(false);
  });

  it('leaves closed, cancelled and converted tickets with no way forward', () => {
    expect(actionsFrom('CLOSED')).toEqual([]);
    expect(actionsFrom('CANCELLED')).toEqual([]);
    expect(actionsFrom('CONVERTED')).toEqual([]);
    expect(actionsFrom('RESOLVED').sort()).toEqual(['auto_close', 'confirm', 'reopen']);
  });

  // 002:463 (first-level help by the Pengelola Layanan), 002:488 (they escalate to the Pengelola Teknis).
  it('gives a helpdesk-level ticket to its officers until they forward it to the team', () => {
    const atDesk = (status: TicketStatus) => ticket(status, { atHelpdesk: true });
    for (const [action, status] of [
      ['claim', 'OPEN'],
      ['start', 'ASSIGNED'],
      ['ask_reporter', 'IN_PROGRESS'],
      ['resolve', 'WAITING_REPORTER'],
      ['forward', 'ASSIGNED'],
    ] as [TicketAction, TicketStatus][])
      expect(decideTransition(atDesk(status), action, officer, now), action).toMatchObject({ ok: true });
    expect(decideTransition(atDesk('WAITING_REPORTER'), 'forward', officer, now)).toMatchObject({
      to: 'OPEN',
      clock: 'resume',
    });
    expect(decideTransition(atDesk('OPEN'), 'claim', teamMember, now)).toMatchObject({
      ok: false,
      reason: 'not_permitted',
    });
    expect(decideTransition(atDesk('OPEN'), 'forward', coordinator, now).ok).toBe(true);
    // Once forwarded, the ticket is the team's.
    expect(decideTransition(ticket('OPEN'), 'claim', officer, now).ok).toBe(false);
    expect(decideTransition(ticket('OPEN'), 'forward', officer, now).ok).toBe(false);
    expect(decideTransition(ticket('OPEN'), 'claim', teamMember, now).ok).toBe(true);
  });
});
