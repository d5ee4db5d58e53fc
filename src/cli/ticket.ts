/**
 * `helpdesk ticket show <kode> [--json]`: the Formulir D (request) or E (incident) of one ticket, its
 * events and its targets, from DATABASE_URL or the embedded PGlite folder. A staff tool on the server:
 * it shows the reporter's contact in full, and logs nothing.
 */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { loadCalendar } from '../sla/calendar-file.ts';
import { findTicketCode } from '../tickets/code.ts';
import { readTicket } from '../tickets/read.ts';
import { renderTicketForm, ticketForm } from '../tickets/record.ts';

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
