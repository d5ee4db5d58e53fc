/**
 * Where the WhatsApp session (the linked device's keys) is kept between runs: the auth strategy each
 * new whatsapp-web.js Client gets. The default is LocalAuth, the Chromium profile in
 * `<DATA_DIR>/whatsapp/session-<clientId>`; a store for deployments without a persistent disk (RemoteAuth)
 * is chosen here too, so the channel never knows which one it runs on.
 */
import path from 'node:path';
import wweb from 'whatsapp-web.js';

export interface AuthSettings {
  /** One per number (WHATSAPP_CLIENT_ID): the session's name. */
  clientId: string;
  /** DATA_DIR: LocalAuth keeps its profiles in `<dataDir>/whatsapp`. */
  dataDir: string;
}

/** The folder LocalAuth keeps its profiles in. */
export function localAuthPath(dataDir: string): string {
  return path.join(dataDir, 'whatsapp');
}

/**
 * A new auth strategy for one Client. Called again for every Client the session makes (a strategy is
 * bound to the Client it was set up with), so it must not be shared.
 */
export function createAuthStrategy(settings: AuthSettings): wweb.AuthStrategy {
  return new wweb.LocalAuth({ clientId: settings.clientId, dataPath: localAuthPath(settings.dataDir) });
}
