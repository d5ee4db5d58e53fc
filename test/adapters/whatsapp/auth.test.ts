/** Where the WhatsApp session is kept: LocalAuth in DATA_DIR/whatsapp, or RemoteAuth in PostgreSQL. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import wweb from 'whatsapp-web.js';
import { createChannels } from '../../../adapters/index.ts';
import type { ClientSettings } from '../../../adapters/whatsapp/client.ts';
import type { WhatsAppChannel } from '../../../adapters/whatsapp/index.ts';
import { silentLog, testConfig } from '../../support/app.ts';
import { useTestDatabase } from '../../support/db.ts';
import { FakeWhatsAppNetwork } from '../../support/fake-whatsapp.ts';

const db = useTestDatabase();

/** The channel as the app builds it from settings; the settings of the first Client it makes. */
async function firstClientSettings(
  env: Record<string, string>,
): Promise<{ settings: ClientSettings; dataDir: string }> {
  const network = new FakeWhatsAppNetwork();
  const made: ClientSettings[] = [];
  const config = testConfig({ CHANNELS: 'whatsapp', ...env });
  const channels = createChannels({
    config,
    db: db.prisma,
    log: silentLog,
    whatsappClientFactory: (s) => {
      made.push(s);
      return network.factory(s);
    },
  });
  const channel = channels.get('whatsapp') as WhatsAppChannel;
  await channel.start(async () => {});
  try {
    const settings = await network.waitFor(() => made[0], 30_000, 'a client');
    return { settings, dataDir: config.dataDir };
  } finally {
    await channel.stop();
  }
}

describe('the WhatsApp session’s keeping', () => {
  it('is LocalAuth in DATA_DIR/whatsapp by default, named by WHATSAPP_CLIENT_ID', async () => {
    const { settings, dataDir } = await firstClientSettings({ WHATSAPP_CLIENT_ID: 'nomor-utama' });
    expect(settings.authStrategy).toBeInstanceOf(wweb.LocalAuth);
    const local = settings.authStrategy as wweb.LocalAuth;
    expect(local.clientId).toBe('nomor-utama');
    expect(local.dataPath).toBe(path.join(dataDir, 'whatsapp'));
    expect(settings).toMatchObject({ clientId: 'nomor-utama', executablePath: '/usr/bin/chromium' });
  });

  it('is RemoteAuth (the session in PostgreSQL) with WHATSAPP_AUTH=remote', async () => {
    const { settings } = await firstClientSettings({ WHATSAPP_AUTH: 'remote', CHROMIUM_PATH: '/opt/chrome' });
    expect(settings.authStrategy).toBeInstanceOf(wweb.RemoteAuth);
    expect(settings.executablePath).toBe('/opt/chrome');
  });

  it('passes the pairing number on to the Client', async () => {
    const { settings } = await firstClientSettings({ WHATSAPP_PAIRING_NUMBER: '6281100000001' });
    expect(settings.pairingNumber).toBe('6281100000001');
  });
});
