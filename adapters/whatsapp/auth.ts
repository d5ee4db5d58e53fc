/**
 * Where the WhatsApp session (the linked device's keys) is kept between runs: the auth strategy each
 * new whatsapp-web.js Client gets (WHATSAPP_AUTH). `local` (the default) is LocalAuth, the Chromium
 * profile in `<DATA_DIR>/whatsapp/session-<clientId>`; `remote` is RemoteAuth with the profile zipped into
 * PostgreSQL (remote-auth.ts), for deployments without a persistent disk or with several instances. The
 * channel never knows which one it runs on.
 */
import path from 'node:path';
import type wweb from 'whatsapp-web.js';
import type { Db } from '../../src/db/client.ts';
import type { Logger } from '../../src/logger.ts';
import { whatsappWeb } from './library.ts';
import { createRemoteAuth } from './remote-auth.ts';

export type AuthSettings =
  | {
      kind?: 'local';
      /** One per number (WHATSAPP_CLIENT_ID): the session's name. */
      clientId: string;
      /** DATA_DIR: the profiles live in `<dataDir>/whatsapp`. */
      dataDir: string;
    }
  | {
      kind: 'remote';
      clientId: string;
      /** DATA_DIR: the running profile and the zip on its way live in `<dataDir>/whatsapp`. */
      dataDir: string;
      db: Db;
      log?: Logger;
    };

/** The folder the profiles live in (LocalAuth's sessions, RemoteAuth's running copy). */
export function localAuthPath(dataDir: string): string {
  return path.join(dataDir, 'whatsapp');
}

/**
 * A new auth strategy for one Client. Called again for every Client the session makes (a strategy is
 * bound to the Client it was set up with), so it must not be shared.
 */
export function createAuthStrategy(settings: AuthSettings): wweb.AuthStrategy {
  const dataPath = localAuthPath(settings.dataDir);
  if (settings.kind === 'remote')
    return createRemoteAuth({
      db: settings.db,
      clientId: settings.clientId,
      dataPath,
      ...(settings.log ? { log: settings.log } : {}),
    });
  return new (whatsappWeb().LocalAuth)({ clientId: settings.clientId, dataPath });
}
