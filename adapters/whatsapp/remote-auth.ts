/**
 * RemoteAuth as the helpdesk runs it (WHATSAPP_AUTH=remote): the library's strategy with the session in
 * PostgreSQL (pg-store.ts), the store and the strategy given the same data folder, and two faults of
 * whatsapp-web.js 1.34.7 mended:
 * - it resolves the unzip on the archive's `finish`, when the last files may still be being written, and
 *   then starts Chromium on that profile; here the restore waits until every file is closed;
 * - the Client calls `afterAuthReady()` without awaiting it and backs up from a bare `setInterval`, so a
 *   failed backup (database away, disk full) would be an unhandled rejection that ends the process; here
 *   it is logged and the next backup tries again.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import type wweb from 'whatsapp-web.js';
import type { Db } from '../../src/db/client.ts';
import type { Logger } from '../../src/logger.ts';
import { whatsappWeb } from './library.ts';
import { createPgSessionStore } from './pg-store.ts';

/** How often the linked profile is zipped into PostgreSQL (the library's first backup comes a minute after linking). */
export const REMOTE_BACKUP_MS = 5 * 60_000;

/** unzipper as RemoteAuth itself loads it: an optional dependency of whatsapp-web.js. */
interface Unzipper {
  Extract(opts: { path: string; concurrency?: number }): NodeJS.WritableStream & { promise(): Promise<void> };
}
/** The library's backup step, which its typings leave out. */
interface Backup {
  storeRemoteSession(options?: { emit?: boolean }): Promise<void>;
}
const fromLibrary = createRequire(createRequire(import.meta.url).resolve('whatsapp-web.js'));

type RemoteAuthOptions = ConstructorParameters<typeof wweb.RemoteAuth>[0];

/** The strategy's class, made the first time it is needed: it extends the library's, loaded then. */
let remoteAuthClass: ReturnType<typeof defineRemoteAuth> | undefined;

function defineRemoteAuth() {
  const { RemoteAuth } = whatsappWeb();
  return class HelpdeskRemoteAuth extends RemoteAuth {
    /** Set by RemoteAuth before the browser starts: the Chromium profile folder. */
    declare userDataDir: string;
    readonly #log: Logger | undefined;

    constructor(options: RemoteAuthOptions, log: Logger | undefined) {
      super(options);
      this.#log = log;
      // The library's typings make its methods properties: this one is replaced the same way.
      const ready = RemoteAuth.prototype.afterAuthReady;
      this.afterAuthReady = async () => {
        try {
          await ready.call(this);
        } catch (err) {
          this.#log?.warn(
            { err },
            'could not check or store the WhatsApp session; the next backup tries again',
          );
        }
      };
    }

    async storeRemoteSession(options?: { emit?: boolean }): Promise<void> {
      try {
        await (RemoteAuth.prototype as unknown as Backup).storeRemoteSession.call(this, options);
      } catch (err) {
        this.#log?.warn({ err }, 'could not back up the WhatsApp session; the next backup tries again');
      }
    }

    async unCompressSession(zipPath: string): Promise<void> {
      const unzipper = fromLibrary('unzipper') as Unzipper;
      const extract = unzipper.Extract({ path: this.userDataDir, concurrency: 10 });
      // `promise()` settles on close: after every extracted file's stream has closed.
      await Promise.all([pipeline(fs.createReadStream(zipPath), extract), extract.promise()]);
      await fs.promises.unlink(zipPath);
    }
  };
}

/**
 * The auth strategy for WHATSAPP_AUTH=remote: the session of `clientId` kept in the WhatsAppSession
 * table, unzipped under `dataPath` while the client runs. Throws when the library's optional packages
 * (archiver, fs-extra, unzipper) are missing.
 */
export function createRemoteAuth(opts: {
  db: Db;
  clientId: string;
  /** The folder for the running profile and the zip on its way (under DATA_DIR). */
  dataPath: string;
  backupSyncIntervalMs?: number;
  log?: Logger;
}): wweb.AuthStrategy {
  remoteAuthClass ??= defineRemoteAuth();
  return new remoteAuthClass(
    {
      clientId: opts.clientId,
      dataPath: opts.dataPath,
      store: createPgSessionStore(opts.db, {
        dataPath: opts.dataPath,
        ...(opts.log ? { log: opts.log } : {}),
      }),
      backupSyncIntervalMs: opts.backupSyncIntervalMs ?? REMOTE_BACKUP_MS,
    },
    opts.log,
  );
}
