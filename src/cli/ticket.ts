/**
 * `helpdesk ticket show <kode> [--json]`: the Formulir D (request) or E (incident) of one ticket, its
 * events and its targets, from DATABASE_URL or the embedded PGlite folder. A staff tool on the server:
 * it shows the reporter's contact in full, and logs nothing.
 */
import { loadConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import { openDatabase } from '../db/client.ts';
import { loadCalendar } from '../sla/calendar-file.ts';
import { findTicketCode } from '../tickets/code.ts';
import { renderTicketForm, type TicketSource, ticketForm } from '../tickets/record.ts';

export interface TicketCliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Pemakaian: helpdesk ticket show <kode> [--json]
  Menampilkan Formulir Permintaan Layanan (LYN-…) atau Formulir Penanganan Gangguan (GGN-…) satu tiket,
  riwayatnya dan target yang terpenuhi atau terlewati. --json: satu objek JSON.
`;

export async function runTicketCli(
  args: string[],
  io: TicketCliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const rest = args[0] === 'ticket' ? args.slice(1) : args;
  const json = rest.includes('--json');
  const [command, ...words] = rest.filter((a) => a !== '--json');
  if (command !== 'show' || words.length === 0) {
    io.stderr.write(USAGE);
    return 2;
  }
  const typed = words.join(' ');
  const code = findTicketCode(typed)?.code;
  if (!code) {
    io.stderr.write(`Kode tiket "${typed}" tidak dikenali. Contoh: GGN-2026-0001 atau LYN-2026-0001.\n`);
    return 1;
  }
  const config = loadConfig(env);
  const calendar = loadCalendar(config.calendarFile);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const source = await readTicket(db.prisma, code);
    if (!source) {
      io.stderr.write(`Tiket ${code} tidak ditemukan.\n`);
      return 1;
    }
    const form = ticketForm(source, new Date());
    io.stdout.write(json ? `${JSON.stringify(form)}\n` : renderTicketForm(form, calendar));
    return 0;
  } finally {
    await db.close();
  }
}

type ContactWithIds = {
  name: string | null;
  identities: { externalId: string; displayName: string | null }[];
};

/** A person as staff know them: their name, else the name or id their chat shows. */
function nameOf(c: ContactWithIds | null | undefined): string | null {
  if (!c) return null;
  return (
    c.name ?? c.identities.find((i) => i.displayName)?.displayName ?? c.identities[0]?.externalId ?? null
  );
}

async function readTicket(db: Db, code: string): Promise<TicketSource | null> {
  const staffWithContact = { include: { contact: { include: { identities: true } } } } as const;
  const t = await db.ticket.findUnique({
    where: { code },
    include: {
      service: true,
      reporter: { include: { identities: true } },
      recordedBy: staffWithContact,
      assignee: staffWithContact,
      convertedFrom: { select: { code: true } },
      convertedTo: { select: { code: true } },
      events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
    },
  });
  if (!t) return null;

  // Who acted, by name: "staff:3", "reporter:12" as the events and the approval record them.
  const labels = new Set([...t.events.map((e) => e.actor), ...(t.approvedBy ? [t.approvedBy] : [])]);
  const ids = (prefix: string) =>
    [...labels].flatMap((l) => (l.startsWith(prefix) ? [Number(l.slice(prefix.length))] : []));
  const [staff, reporters] = await Promise.all([
    db.staff.findMany({ where: { id: { in: ids('staff:') } }, ...staffWithContact }),
    db.contact.findMany({ where: { id: { in: ids('reporter:') } }, include: { identities: true } }),
  ]);
  const actorNames = new Map<string, string>([['system', 'sistem']]);
  for (const s of staff) actorNames.set(`staff:${s.id}`, nameOf(s.contact) ?? `staf #${s.id}`);
  for (const c of reporters) actorNames.set(`reporter:${c.id}`, nameOf(c) ?? `pelapor #${c.id}`);

  return {
    ...t,
    service: { code: t.service.code, name: t.service.name },
    recordedBy: nameOf(t.recordedBy?.contact),
    assignee: nameOf(t.assignee?.contact),
    convertedFrom: t.convertedFrom?.code ?? null,
    convertedTo: t.convertedTo?.code ?? null,
    actorNames,
  };
}
