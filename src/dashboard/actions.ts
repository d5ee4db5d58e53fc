/**
 * The ticket page's actions are the chat commands themselves: each form becomes "/<command> <kode>
 * <text>" run by commands/run.ts for the account's linked contact, as typed in that contact's private
 * chat (its first identity), in one transaction with the same outbox and timers as a chat message. So
 * the rules, the replies and the audit trail are the chat's; the reply is shown as the page's flash.
 */
import { runCommand } from '../commands/run.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import type { PageCtx } from './context.ts';
import { visibleTicket } from './visible-ticket.ts';

interface Action {
  /** The chat command it runs. */
  command: string;
  label: string;
  button: string;
  /** The text box's label; unset: no text. */
  field?: string;
  required?: boolean;
  /** Whether the form is offered for this ticket (the command still decides). */
  shown(t: {
    status: string;
    atHelpdesk: boolean;
    approvalRequired: boolean;
    approval: string | null;
  }): boolean;
}

const open = (t: { status: string }) =>
  ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER'].includes(t.status);

export const ACTIONS: Record<string, Action> = {
  ambil: { command: 'ambil', label: 'Ambil tiket', button: 'Ambil', shown: (t) => t.status === 'OPEN' },
  update: {
    command: 'update',
    label: 'Kabar perkembangan ke pelapor',
    button: 'Kirim kabar',
    field: 'Kabar',
    required: true,
    shown: open,
  },
  tanya: {
    command: 'tanya',
    label: 'Tanya pelapor (jam SLA berhenti)',
    button: 'Kirim pertanyaan',
    field: 'Pertanyaan',
    required: true,
    shown: open,
  },
  selesai: {
    command: 'selesai',
    label: 'Nyatakan selesai',
    button: 'Selesai',
    field: 'Solusi',
    required: true,
    shown: open,
  },
  alihkan: {
    command: 'alihkan',
    label: 'Alihkan ke layanan lain',
    button: 'Alihkan',
    field: 'Kode layanan',
    required: true,
    shown: open,
  },
  teruskan: {
    command: 'teruskan',
    label: 'Teruskan ke tim teknis',
    button: 'Teruskan',
    field: 'Catatan (boleh kosong)',
    shown: (t) => open(t) && t.atHelpdesk,
  },
  setujui: {
    command: 'setujui',
    label: 'Setujui perubahan (Penyedia Layanan)',
    button: 'Setujui',
    field: 'Catatan (boleh kosong)',
    shown: (t) => t.approvalRequired && t.approval === 'PENDING',
  },
  tolak: {
    command: 'tolak',
    label: 'Tolak perubahan (Penyedia Layanan)',
    button: 'Tolak',
    field: 'Alasan',
    required: true,
    shown: (t) => t.approvalRequired && t.approval === 'PENDING',
  },
};

export const actionText = {
  unknown: 'Tindakan tidak dikenal.',
  notLinked: 'Akun ini belum ditautkan ke kontak staf, jadi tidak dapat bertindak atas tiket.',
  empty: (field: string) => `${field} belum diisi.`,
  notStaff: 'Maaf, tindakan ini hanya untuk staf terdaftar.',
};

/** Runs the form's command; null when the viewer may not see the ticket (the page answers 404). */
export async function runTicketAction(
  c: PageCtx,
  typed: string,
  body: Record<string, string | undefined>,
): Promise<{ code: string; flash: string } | null> {
  const t = await visibleTicket(c, typed);
  if (!t) return null;
  const done = (flash: string) => ({ code: t.code, flash });
  const action = Object.hasOwn(ACTIONS, body.action ?? '') ? ACTIONS[body.action as string] : undefined;
  if (!action) return done(actionText.unknown);
  const contactId = c.session.account.contactId;
  const identity =
    contactId === null
      ? null
      : await c.db.contactIdentity.findFirst({ where: { contactId }, orderBy: { id: 'asc' } });
  if (contactId === null || !identity) return done(actionText.notLinked);
  const text = (body.text ?? '').trim().slice(0, 2000);
  if (action.required && !text) return done(actionText.empty(action.field ?? 'Teks'));
  const deps = c.deps.conversation;
  const after = emptyAfterCommit();
  const now = new Date();
  const replies = await deps.db.$transaction((tx) =>
    runCommand(
      tx,
      deps,
      {
        channel: identity.channel,
        chatId: identity.externalId,
        isGroup: false,
        fromId: identity.externalId,
        contactId,
        replyTo: null,
      },
      { name: action.command, rest: `${t.code} ${text}`.trim() },
      now,
      after,
    ),
  );
  await runAfterCommit(deps, after);
  return done(Array.isArray(replies) ? replies.join('\n\n') : actionText.notStaff);
}
