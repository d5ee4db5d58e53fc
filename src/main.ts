/** `npm start`: runs the helpdesk until Ctrl-C / SIGTERM. */
import { startHelpdesk } from './app.ts';
import { loadConfig } from './config.ts';
import { HelpdeskError } from './errors.ts';
import { createLogger } from './logger.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const log = createLogger(config.logLevel);

try {
  const helpdesk = await startHelpdesk(config, log);
  console.log(
    helpdesk.url
      ? `Helpdesk SPBE berjalan di ${helpdesk.url}`
      : 'Helpdesk SPBE berjalan (pekerja antrean saja, ROLE=worker)',
  );
  console.log(
    `  database: ${helpdesk.db.kind === 'pglite' ? `PGlite bawaan di ${helpdesk.db.location}` : `PostgreSQL ${helpdesk.db.location}`}`,
  );
  console.log(`  redis:    ${helpdesk.redis.location}`);
  if (helpdesk.url) {
    if (helpdesk.channels.has('simulator')) console.log(`  simulator: ${helpdesk.url}/simulator`);
    console.log(`  cek:      curl ${helpdesk.url}/healthz   (Ctrl-C untuk berhenti)`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await helpdesk.stop();
    console.log('Helpdesk berhenti.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (e) {
  // Expected start-up problems get one readable line, not a stack trace.
  if (e instanceof HelpdeskError) console.error(`Gagal memulai helpdesk: ${e.message}`);
  else {
    log.fatal({ err: e }, 'start-up failed');
    console.error(`Gagal memulai helpdesk: ${(e as Error).message}`);
  }
  process.exit(1);
}
