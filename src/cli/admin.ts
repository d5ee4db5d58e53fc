/**
 * `helpdesk admin create --username <u> [--password-stdin] [--link <channel>:<id>] [--staff]`: a web
 * dashboard account (src/dashboard/accounts.ts). By default an admin, who sees everything; with --staff
 * an account that has only the roles of the chat contact it is linked to. The password is read from
 * standard input with --password-stdin (one line, no prompt), otherwise asked twice on the terminal.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../config.ts';
import { createAccount } from '../dashboard/accounts.ts';
import { openDatabase } from '../db/client.ts';
import { HelpdeskError } from '../errors.ts';

export interface AdminCliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Pemakaian: helpdesk admin create --username <nama> [--password-stdin] [--link <kanal>:<id>] [--staff]
  Membuat akun dasbor web (/dashboard). Tanpa --staff: akun admin (melihat semua).
  --link whatsapp:6281234567890   tautkan ke kontak chat: akun mendapat peran staf kontak itu
  --staff                         bukan admin: hanya peran dari kontak yang ditautkan (wajib --link)
  --password-stdin                baca kata sandi (minimal 10 karakter) dari satu baris stdin
`;

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** Asks on the terminal without echoing what is typed. */
function ask(io: AdminCliIo, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    out._writeToOutput = (s: string) => {
      if (s.includes(question)) io.stdout.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      io.stdout.write('\n');
      resolve(answer);
    });
  });
}

export async function runAdminCli(
  args: string[],
  io: AdminCliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const rest = args[0] === 'admin' ? args.slice(1) : args;
  const value = (flag: string) => {
    const i = rest.indexOf(flag);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const username = value('--username');
  const link = value('--link');
  const staff = rest.includes('--staff');
  if (rest[0] !== 'create' || !username || username.startsWith('--') || (staff && !link)) {
    io.stderr.write(USAGE);
    return 2;
  }
  let password: string;
  if (rest.includes('--password-stdin')) password = await firstLine(io.stdin);
  else if (io.stdin.isTTY) {
    password = await ask(io, 'Kata sandi: ');
    if ((await ask(io, 'Ulangi kata sandi: ')) !== password) {
      io.stderr.write('Kedua kata sandi tidak sama; akun tidak dibuat.\n');
      return 1;
    }
  } else {
    io.stderr.write('Tanpa terminal, berikan kata sandi lewat --password-stdin.\n');
    return 2;
  }
  const config = loadConfig(env);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const account = await createAccount(db.prisma, {
      username,
      password,
      admin: !staff,
      ...(link ? { link } : {}),
    });
    io.stdout.write(
      `Akun dasbor "${username.trim().toLowerCase()}" dibuat${staff ? '' : ' (admin)'}${
        account.contactId !== null ? `, ditautkan ke ${link}` : ''
      }. Masuk di /dashboard/login.\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof HelpdeskError) {
      io.stderr.write(`${e.message} Akun tidak dibuat.\n`);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}
