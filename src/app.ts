/**
 * Composition root: config → content files → database → Redis → HTTP. `main.ts` adds the process
 * concerns (signals, exit codes); tests start the same app in-process.
 */
import type { ConnectionOptions } from 'bullmq';
import { AVAILABLE_CHANNELS, type ChannelDeps, createChannels } from '../adapters/index.ts';
import { loadCatalogue } from './catalogue/load.ts';
import { syncCatalogue } from './catalogue/sync.ts';
import type { Channel, ChannelEvent, ChannelLink } from './channel.ts';
import type { Config } from './config.ts';
import { type LiveContent, startLiveContent, withLiveContent } from './content/live.ts';
import { registerDashboard } from './dashboard/routes.ts';
import { type Database, openDatabase } from './db/client.ts';
import type { ChannelName } from './domain.ts';
import { ConfigError, HelpdeskError } from './errors.ts';
import { staffText } from './escalation/messages.ts';
import { loadFaqTopics } from './faq/load.ts';
import { renderFaqTopics } from './faq/render.ts';
import { FAQ_MENU_LABELS } from './faq-content.ts';
import { registerMediaRoutes } from './http/media.ts';
import { registerReportRoutes } from './http/report.ts';
import { createHttpServer } from './http/server.ts';
import type { Logger } from './logger.ts';
import { writeOutbox } from './outbox/write.ts';
import { acceptInbound } from './pipeline/accept.ts';
import { type ChannelOwners, startChannelOwners } from './pipeline/channel-owners.ts';
import { countGivenUp } from './pipeline/give-up.ts';
import { createQueues, type Queues } from './pipeline/queues.ts';
import { type LaneWorkers, startLaneWorkers, startWorkers, type Workers } from './pipeline/workers.ts';
import { connectRedis, type RedisHandle } from './redis/connect.ts';
import type { BusinessCalendar } from './sla/calendar.ts';
import { loadCalendar } from './sla/calendar-file.ts';
import { migrateChat } from './staff/chat-migration.ts';
import { alertLinkLost } from './staff/link-alert.ts';
import { applyTeamConfig, DEMO_ADMIN, isDemo, retireDemo, setUpDemo } from './staff/setup.ts';
import { emptyAfterCommit, runAfterCommit } from './step/after-commit.ts';
import type { ConversationDeps } from './step/deps.ts';
import { loadVocabulary } from './understand/load.ts';

export interface Helpdesk {
  /** The HTTP address; null for a worker-only process. */
  url: string | null;
  db: Database;
  redis: RedisHandle;
  calendar: BusinessCalendar;
  queues: Queues;
  /** Null for a web-only process. */
  workers: Workers | null;
  channels: ReadonlyMap<ChannelName, Channel>;
  /**
   * Which exclusive channels this process owns (drives and sends for); null for a worker-only process,
   * which never drives one.
   */
  owners: ChannelOwners | null;
  /** What conversation steps run with; for events that do not come from a message. */
  conversation: ConversationDeps;
  /** The content steps read (services, FAQ, understander), reloaded after a dashboard edit. */
  content: LiveContent;
  /** What the app does with an event a channel reports (every channel's `onEvent` calls it). */
  channelEvent(channel: ChannelName, e: ChannelEvent): Promise<void>;
  stop(): Promise<void>;
}

/** What the composition root may be handed besides the configuration: the platform boundary for tests. */
export interface HelpdeskOptions {
  /** Makes the WhatsApp Clients (a test's fake); unset: the real whatsapp-web.js Client on Chromium. */
  whatsappClientFactory?: ChannelDeps['whatsappClientFactory'];
  /** Telegram's send limits; unset: Telegram's own. */
  telegramLimits?: ChannelDeps['telegramLimits'];
}

export async function startHelpdesk(
  config: Config,
  log: Logger,
  options: HelpdeskOptions = {},
): Promise<Helpdesk> {
  // Content first: a broken file should stop start-up before anything is opened.
  const calendar = loadCalendar(config.calendarFile);
  const catalogue = loadCatalogue(config.catalogueFile);
  for (const warning of catalogue.warnings) log.warn({ file: config.catalogueFile }, warning);
  // The FAQ's references to catalogue entries are checked against the file now (start-up stops here on
  // a dangling one); the matcher is built once the service directory exists, from its services.
  const faqTopics = loadFaqTopics(config.faqDir);
  renderFaqTopics(faqTopics, catalogue.services, FAQ_MENU_LABELS);
  const vocabulary = loadVocabulary(config.vocabularyDir);
  const missing = config.channels.filter((c) => !AVAILABLE_CHANNELS.includes(c));
  if (missing.length)
    throw new ConfigError(`CHANNELS: kanal ${missing.join(', ')} belum tersedia di versi ini`);

  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stack.reverse()) await fn().catch((e) => log.error({ err: e }, 'error while stopping'));
  };
  try {
    const db = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      queryTimeoutMs: config.databaseQueryTimeoutMs,
    });
    stack.push(() => db.close());
    if (db.appliedMigrations.length) log.info({ migrations: db.appliedMigrations }, 'applied migrations');
    const synced = await syncCatalogue(db.prisma, catalogue);
    log.info(synced, 'catalogue loaded');
    const demo = isDemo(config);
    // First: the configuration may route a service again that the demo had.
    if (!demo) await retireDemo(db.prisma, log);
    await applyTeamConfig(db.prisma, config, log);
    const demoGroups = demo ? await setUpDemo(db.prisma, log) : [];

    const redis = await connectRedis({
      url: config.redisUrl,
      explicit: config.redisUrlExplicit,
      dataDir: config.dataDir,
      log,
    });
    stack.push(() => redis.close());

    const queues = await createQueues(
      redis.options as ConnectionOptions,
      config.queuePrefix,
      config.queuePartitions,
      config.channels,
    );
    stack.push(() => queues.close());
    // The service directory, FAQ matcher and understander, rebuilt when the dashboard edits the files.
    const content = await startLiveContent({
      db: db.prisma,
      redis: redis.options,
      prefix: config.queuePrefix,
      catalogueFile: config.catalogueFile,
      faqDir: config.faqDir,
      vocabulary,
      catalogue,
      topics: faqTopics,
      log: log.child({ module: 'content' }),
    });
    stack.push(() => content.close());

    const channelStatus = () =>
      Object.fromEntries(
        [...channels].map(([name, c]) => [
          name,
          c.exclusive ? { ...c.status(), owner: owners?.drives(name) ?? false } : c.status(),
        ]),
      );
    const http = createHttpServer({
      log,
      health: {
        database: db.ping,
        redis: redis.ping,
        channels: channelStatus,
        details: async () => ({
          givenUpLast24h: await countGivenUp(db.prisma, new Date(Date.now() - 24 * 3600_000)),
        }),
      },
    });
    stack.push(() => http.close());
    registerMediaRoutes(http, { db: db.prisma, secret: config.mediaLinkSecret });
    registerReportRoutes(http, { db: db.prisma, secret: config.mediaLinkSecret, zone: calendar.zone });

    const running = createChannels({
      config,
      db: db.prisma,
      log,
      ...(options.whatsappClientFactory ? { whatsappClientFactory: options.whatsappClientFactory } : {}),
      ...(options.telegramLimits ? { telegramLimits: options.telegramLimits } : {}),
    });
    for (const channel of running.values()) channel.registerRoutes?.(http);
    const channels: ReadonlyMap<ChannelName, Channel> = running;

    // Links in staff posts name the helpdesk's public address; without PUBLIC_URL its own (known once it
    // listens: PORT=0 picks one).
    const loopbackHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    let ownUrl = `http://${loopbackHost}:${config.port}`;
    const conversation: ConversationDeps = withLiveContent(
      {
        db: db.prisma,
        queues,
        calendar,
        inactivityMs: config.inactivityMs,
        draftKeepMs: config.draftKeepMs,
        confirmationDays: config.confirmationDays,
        autoClose: config.autoClose,
        noticeWindowMs: config.noticeWindowMs,
        timers: { estimateReminderMinutes: config.estimateReminderMinutes, autoClose: config.autoClose },
        admins: new Set([...config.admins, ...(demo ? [DEMO_ADMIN] : [])]),
        media: {
          maxBytes: config.mediaMaxBytes,
          ...(config.mediaLinkSecret
            ? {
                links: {
                  secret: config.mediaLinkSecret,
                  ttlMs: config.mediaLinkTtlMs,
                  baseUrl: () => config.publicUrl ?? ownUrl,
                },
              }
            : {}),
        },
        log: log.child({ module: 'pipeline' }),
      },
      content,
    );
    registerDashboard(http, {
      conversation,
      secureCookies: config.publicUrl?.startsWith('https://') ?? false,
      channels: channelStatus,
      links: () =>
        Object.fromEntries(
          [...channels]
            .filter(([name, c]) => c.link && (!c.exclusive || (owners?.drives(name) ?? false)))
            .map(([name, c]) => [name, (c.link as () => ChannelLink)()]),
        ),
      linkPage: config.adminToken !== undefined,
      demo,
      content,
      catalogueFile: config.catalogueFile,
      faqDir: config.faqDir,
    });
    if (demoGroups.length) {
      const after = emptyAfterCommit();
      await db.prisma.$transaction((tx) =>
        writeOutbox(
          tx,
          demoGroups.map((g) => ({
            channel: 'simulator' as const,
            chatId: g.chatId,
            isGroup: true,
            text: staffText.demoGroupWelcome(g.service),
          })),
          after,
        ),
      );
      await runAfterCommit(conversation, after);
    }
    const channelEvent = async (name: ChannelName, e: ChannelEvent): Promise<void> => {
      if (e.type === 'chat_migrated') await migrateChat(conversation, name, e.fromChatId, e.toChatId, log);
      else if (e.type === 'link_lost')
        await alertLinkLost(
          conversation,
          { channel: name, reason: e.reason },
          { channels: config.channels, linkPage: config.adminToken !== undefined },
        );
    };
    // An exclusive channel is driven, and its lane sent from, only where its owner lock is held.
    const exclusive = new Set([...channels.values()].filter((c) => c.exclusive).map((c) => c.name));
    let owners: ChannelOwners | null = null;
    const sendDeps = withLiveContent(
      {
        ...conversation,
        channels,
        drives: (name: ChannelName) => !exclusive.has(name) || (owners?.drives(name) ?? false),
      },
      content,
    );
    const workerLog = log.child({ module: 'workers' });
    const runsWorkers = config.role !== 'web';
    const workers = runsWorkers
      ? startWorkers(sendDeps, workerLog, {
          retryWindowMs: config.retryWindowMs,
          sweepMs: config.sweepMs,
          skipLanes: exclusive,
        })
      : null;
    if (workers) stack.push(() => workers.close());
    if (config.role !== 'worker') {
      const start = (channel: Channel) =>
        channel.start(
          async (m) => {
            await acceptInbound(db.prisma, queues, m, workers?.stepNow);
          },
          (e) => channelEvent(channel.name, e),
        );
      for (const channel of channels.values()) {
        if (channel.exclusive) continue;
        await start(channel);
        // Stopped first on the way down: no new messages while the workers finish.
        stack.push(() => channel.stop());
      }
      if (exclusive.size) {
        const lanes = new Map<ChannelName, LaneWorkers>();
        owners = await startChannelOwners({
          channels: channels.values(),
          redis: redis.options,
          prefix: config.queuePrefix,
          ttlMs: config.ownerLockTtlMs,
          log: log.child({ module: 'owners' }),
          drive: {
            start: async (channel) => {
              await start(channel);
              // Whatever was queued for it while nobody owned it goes out now, from here only.
              lanes.set(
                channel.name,
                startLaneWorkers(sendDeps, channel.name, workerLog, { retryWindowMs: config.retryWindowMs }),
              );
            },
            stop: async (channel, { lost }) => {
              const lane = lanes.get(channel.name);
              lanes.delete(channel.name);
              // Lost: stop driving at once, the channel while the lane closes (a send under way fails,
              // uncounted; its row stays pending for the new owner). Shutting down: the lane finishes
              // its job first, then the channel stops.
              if (lost) await Promise.all([lane?.close(), channel.stop()]);
              else {
                await lane?.close();
                await channel.stop();
              }
            },
          },
        });
        // Stopped with the channels; the locks are released after, so a standby takes over at once.
        stack.push(() => (owners as ChannelOwners).close());
      }
    }
    // Work a previous run accepted but did not finish (a crash) is picked up at once, and every
    // pending timer is planned again from the database (Redis may have lost them).
    if (workers) await workers.sweep(0, { replan: true });
    const helpdesk = (url: string | null): Helpdesk => ({
      url,
      db,
      redis,
      calendar,
      queues,
      workers,
      channels,
      owners,
      conversation,
      content,
      channelEvent,
      stop,
    });
    if (config.role === 'worker') return helpdesk(null);
    try {
      await http.listen({ port: config.port, host: config.host });
    } catch (e) {
      if ((e as { code?: string }).code === 'EADDRINUSE')
        throw new HelpdeskError(
          'PORT_IN_USE',
          `port ${config.port} sudah dipakai program lain; pilih port lain dengan PORT=…`,
        );
      throw e;
    }
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    ownUrl = `http://${loopbackHost}:${port}`;
    return helpdesk(ownUrl);
  } catch (e) {
    await stop();
    throw e;
  }
}
