/** Chat commands as staff type them: "/ambil GGN-2026-0001", "/ambil@helpdesk_bot ggn 2026 1", "!update …". */
import { COMMAND_USAGE } from '../escalation/messages.ts';

export interface Command {
  /** Lowercase, without the slash or a @botname suffix. */
  name: string;
  /** The text after the name, trimmed. */
  rest: string;
}

// Telegram's command syntax has no "-": /daftar_grup is /daftar-grup.
const COMMAND = /^\s*[/!]([a-z][a-z_-]*)(?:@\S+)?(?:\s+([\s\S]*))?$/i;

export function parseCommand(text: string): Command | null {
  const m = COMMAND.exec(text);
  if (!m?.[1]) return null;
  return { name: m[1].toLowerCase().replace(/_/g, '-'), rest: (m[2] ?? '').trim() };
}

/** Whether a private chat's "/…" is meant for the staff commands (otherwise it is conversation). */
export function isStaffCommand(name: string): boolean {
  return Object.hasOwn(COMMAND_USAGE, name);
}
