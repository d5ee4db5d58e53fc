/**
 * The channel registry: builds every channel CHANNELS names, with the settings each needs. The composition
 * root (src/app.ts) is its only user; each adapter adds its entry here.
 */
import type { FastifyInstance } from 'fastify';
import type { Channel, SendLimits } from '../src/channel.ts';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import type { ChannelName } from '../src/domain.ts';
import type { Logger } from '../src/logger.ts';
import { storeDownloaded } from '../src/media/inbound.ts';
import { createSimulatorChannel } from './simulator/index.ts';
import { createSlackChannel } from './slack/index.ts';
import { createTelegramChannel } from './telegram/index.ts';
import type { WhatsAppClientFactory } from './whatsapp/client.ts';
import { createWhatsAppChannel } from './whatsapp/index.ts';

/** A channel as the app runs it: the port, and the HTTP routes (webhooks, pages) it may need. */
export interface RunningChannel extends Channel {
  registerRoutes?(app: FastifyInstance): void;
}

export interface ChannelDeps {
  config: Config;
  db: Db;
  log: Logger;
  /** The WhatsApp Clients' maker; unset: the real whatsapp-web.js Client (tests hand in their fake). */
  whatsappClientFactory?: WhatsAppClientFactory;
  /** Telegram's send limits; unset: Telegram's own (tests that do not test pacing may relax them). */
  telegramLimits?: SendLimits;
}

type Builder = (deps: ChannelDeps) => RunningChannel;

const BUILDERS: Partial<Record<ChannelName, Builder>> = {
  simulator: ({ config, db }) =>
    createSimulatorChannel({ db, token: config.simulatorToken, exclusive: config.simulatorExclusive }),
  telegram: ({ config, log, telegramLimits }) =>
    createTelegramChannel({
      // loadConfig requires the token whenever CHANNELS names telegram.
      token: config.telegramBotToken as string,
      apiRoot: config.telegramApiRoot,
      webhookUrl: config.telegramWebhookUrl,
      webhookSecret: config.telegramWebhookSecret,
      log,
      ...(telegramLimits ? { limits: telegramLimits } : {}),
    }),
  slack: ({ config, log }) =>
    createSlackChannel({
      // loadConfig refuses CHANNELS=slack without a bot token.
      botToken: config.slackBotToken as string,
      signingSecret: config.slackSigningSecret,
      appToken: config.slackAppToken,
      apiUrl: config.slackApiUrl,
      log,
    }),
  whatsapp: ({ config, db, log, whatsappClientFactory }) =>
    createWhatsAppChannel({
      log,
      auth:
        config.whatsappAuth === 'remote'
          ? { kind: 'remote', clientId: config.whatsappClientId, dataDir: config.dataDir, db, log }
          : { kind: 'local', clientId: config.whatsappClientId, dataDir: config.dataDir },
      adminToken: config.adminToken,
      chromiumPath: config.chromiumPath,
      pairingNumber: config.whatsappPairingNumber,
      maxBacklogMs: config.whatsappMaxBacklogMs,
      dailyCap: config.whatsappDailyCap,
      minGapMs: config.whatsappMinGapMs,
      probeMs: config.whatsappProbeMs,
      storeMedia: (a, file) => storeDownloaded(db, 'whatsapp', a, file, config.mediaMaxBytes),
      clientFactory: whatsappClientFactory,
    }),
};

/** The channels this version can run. */
export const AVAILABLE_CHANNELS = Object.keys(BUILDERS) as ChannelName[];

/** Builds the enabled channels, in the order CHANNELS names them. */
export function createChannels(deps: ChannelDeps): Map<ChannelName, RunningChannel> {
  const channels = new Map<ChannelName, RunningChannel>();
  for (const name of deps.config.channels) {
    const build = BUILDERS[name];
    if (!build) throw new Error(`channel ${name} is not available`);
    channels.set(name, build({ ...deps, log: deps.log.child({ channel: name }) }));
  }
  return channels;
}
