/** `helpdesk <command>`: one entry point for operators. */

const USAGE = `Pemakaian: helpdesk <perintah>

  start                 menjalankan helpdesk (sama dengan npm start)
  migrate               menerapkan migrasi database (DATABASE_URL, atau PGlite bawaan)
  migration:create <nama>  membuat migrasi baru dari perubahan prisma/schema.prisma
  faq ask [--json] "teks"  menjawab pertanyaan dari FAQ; tanpa teks: satu pertanyaan per baris dari stdin
  faq eval              mengukur mutu pencocokan FAQ dengan himpunan uji
  understand [--json]   membaca maksud pesan (satu per baris dari stdin): layanan, sejak, dampak
  understand eval       mengukur ketepatan pemahaman pesan pada kumpulan pesan berlabel
  report --period 2026-S1 [--format md|csv|xlsx|json] [--out <berkas>]
                        laporan evaluasi SPBE (Lampiran A, Formulir B, B) untuk satu periode
  report note --period 2026-S1 --section requests|incidents --obstacles "…"
                        menyimpan teks evaluasi koordinator (Hambatan, Peluang, Tindak Lanjut)
  ticket show <kode> [--json]  Formulir D/E satu tiket: isian, riwayat, target terpenuhi/terlewati
  admin create --username <nama> [--password-stdin] [--link <kanal>:<id>] [--staff]
                        membuat akun dasbor web (/dashboard); tanpa --staff: admin
`;

export async function runCli(args: string[]): Promise<number> {
  const [command] = args;
  try {
    return await dispatch(command, args);
  } catch (e) {
    // Operator mistakes (bad config, unreachable database) get one line, not a stack trace.
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

async function dispatch(command: string | undefined, args: string[]): Promise<number> {
  switch (command) {
    case 'start':
      await import('../main.ts');
      // main.ts keeps running until a signal; its own handlers decide the exit code.
      return new Promise<number>(() => {});
    case 'migrate':
      return (await import('./migrate.ts')).runMigrate();
    case 'migration:create':
      return (await import('./migrate.ts')).runCreateMigration(args[1]);
    case 'faq': {
      const { runFaqCli } = await import('./faq.ts');
      return runFaqCli(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    case 'understand': {
      const { runUnderstandCli } = await import('./understand.ts');
      return runUnderstandCli(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    case 'report': {
      const { runReportCli } = await import('./report.ts');
      return runReportCli(args, { stdout: process.stdout, stderr: process.stderr });
    }
    case 'ticket': {
      const { runTicketCli } = await import('./ticket.ts');
      return runTicketCli(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    case 'admin': {
      const { runAdminCli } = await import('./admin.ts');
      return runAdminCli(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Perintah tidak dikenal: ${command}\n\n${USAGE}`);
      return 2;
  }
}
