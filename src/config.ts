/**
 * The only reader of process.env. Every variable is documented in .env.example; a bad value stops
 * start-up with one message that lists every problem at once.
 */
import path from 'node:path';
import { z } from 'zod';
import { canonicalId, isWhatsAppPersonId } from './contacts/whatsapp-id.ts';
import { ROOT_DIR } from './db/paths.ts';
import type { ChannelName } from './domain.ts';
import { ConfigError } from './errors.ts';

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const CHANNEL_NAMES = ['simulator', 'whatsapp', 'telegram', 'slack'] as const;
const CHANNEL_USER = /^(simulator|whatsapp|telegram|slack):\S+$/;
/** A comma-separated list whose every item must match `pattern`. */
const listOf = (pattern: RegExp, message: string) =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(pattern, message)));

const port = z.coerce.number().int().min(0).max(65535);
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `harus URL dengan skema ${protocols.join(' atau ')}`,
  );

const schema = z.object({
  DATABASE_URL: url(['postgresql:', 'postgres:']).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CATALOGUE_FILE: z.string().min(1).default(path.join(ROOT_DIR, 'prisma/seed/catalogue.yaml')),
  CALENDAR_FILE: z.string().min(1).default(path.join(ROOT_DIR, 'prisma/seed/calendar.yaml')),
  FAQ_DIR: z.string().min(1).default(path.join(ROOT_DIR, 'faq')),
  VOCABULARY_DIR: z.string().min(1).default(path.join(ROOT_DIR, 'vocabulary')),
  CHANNELS: z
    .string()
    .default('simulator')
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.enum(CHANNEL_NAMES, { error: `kanal yang dikenal: ${CHANNEL_NAMES.join(', ')}` })).min(1),
    ),
  INACTIVITY_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(30),
  DRAFT_KEEP_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  HELPDESK_ADMINS: listOf(CHANNEL_USER, 'tiap admin ditulis kanal:idPengguna, mis. telegram:12345'),
  TEAM_GROUPS: listOf(
    /^[a-z0-9-]+=(simulator|whatsapp|telegram|slack):\S+$/,
    'tiap grup ditulis kodeLayanan=kanal:idGrup, mis. simpeg=telegram:-100123',
  ),
  HELPDESK_STAFF: listOf(
    /^(pengelola-teknis|koordinator|penyedia):(simulator|whatsapp|telegram|slack):[^@\s]+(@(c\.us|lid))?(@[a-z0-9-]+)?$/,
    'tiap staf ditulis peran:kanal:idPengguna[@kodeLayanan], mis. pengelola-teknis:telegram:12345@simpeg',
  ),
  CONFIRMATION_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  AUTO_CLOSE: z.enum(['true', 'false'], { error: 'isi true (ya) atau false (tidak)' }).default('true'),
  NOTICE_WINDOW_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  ESTIMATE_REMINDER_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  QUEUE_PARTITIONS: z.coerce.number().int().min(1).max(256).default(8),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]+$/, 'huruf, angka, _ - { } saja')
    .default('helpdesk'),
  SIMULATOR_TOKEN: z
    .string()
    .min(16, 'paling sedikit 16 karakter (acak, mis. openssl rand -hex 24)')
    .optional(),
  ADMIN_TOKEN: z.string().min(16, 'paling sedikit 16 karakter (acak, mis. openssl rand -hex 24)').optional(),
  WHATSAPP_AUTH: z
    .enum(['local', 'remote'], { error: 'local (sesi di DATA_DIR) atau remote (sesi di PostgreSQL)' })
    .default('local'),
  RETRY_WINDOW_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(10),
  SWEEP_SECONDS: z.coerce.number().min(0.1).max(3600).default(15),
  DATABASE_QUERY_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'token dari BotFather, bentuknya 123456789:AAH…')
    .optional(),
  TELEGRAM_API_ROOT: url(['http:', 'https:']).optional(),
  TELEGRAM_WEBHOOK_URL: url(['https:', 'http:']).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, '16–256 karakter A-Z, a-z, 0-9, _ atau - (mis. openssl rand -hex 24)')
    .optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-\S+$/, 'token bot Slack diawali xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, 'signing secret Slack terlalu pendek').optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-\S+$/, 'token aplikasi Slack (Socket Mode) diawali xapp-')
    .optional(),
  SLACK_API_URL: url(['http:', 'https:']).optional(),
  MEDIA_MAX_MB: z.coerce.number().positive('harus lebih dari 0').max(100, 'paling besar 100').default(16),
  MEDIA_LINK_SECRET: z
    .string()
    .min(32, 'paling sedikit 32 karakter acak (mis. openssl rand -hex 32)')
    .optional(),
  MEDIA_LINK_DAYS: z.coerce.number().positive().max(90, 'paling lama 90 hari').default(7),
  PUBLIC_URL: url(['https:', 'http:']).optional(),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  WHATSAPP_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'huruf, angka, _ atau - saja (paling banyak 64), mis. helpdesk')
    .default('helpdesk'),
  WHATSAPP_PAIRING_NUMBER: z
    .string()
    .regex(/^[1-9]\d{7,14}$/, 'nomor internasional tanpa +, spasi atau tanda hubung, mis. 6281234567890')
    .optional(),
  WHATSAPP_MAX_BACKLOG_HOURS: z.coerce
    .number({ error: 'harus angka (jam), mis. 24' })
    .positive('harus lebih dari 0 jam')
    .max(24 * 30, 'paling lama 720 jam (30 hari)')
    .default(24),
  WHATSAPP_DAILY_CAP: z.coerce
    .number({ error: 'harus angka, mis. 1000' })
    .int('harus bilangan bulat')
    .min(1, 'paling sedikit 1 pesan per hari')
    .max(1_000_000, 'paling banyak 1.000.000')
    .default(1000),
  WHATSAPP_MIN_GAP_SECONDS: z.coerce
    .number({ error: 'harus angka (detik), mis. 2' })
    .min(0, 'tidak boleh negatif')
    .max(600, 'paling lama 600 detik')
    .default(2),
  WHATSAPP_PROBE_MINUTES: z.coerce
    .number({ error: 'harus angka (menit), mis. 10' })
    .positive('harus lebih dari 0 menit')
    .max(24 * 60, 'paling lama 1440 menit (sehari)')
    .default(10),
  OWNER_LOCK_TTL_SECONDS: z.coerce
    .number({ error: 'harus angka (detik)' })
    .min(1, 'paling sedikit 1 detik')
    .max(600, 'paling lama 600 detik')
    .default(30),
  SIMULATOR_EXCLUSIVE: z.enum(['0', '1'], { error: 'isi 1 (ya) atau 0 (tidak)' }).default('0'),
});

/**
 * The user and the service of a HELPDESK_STAFF entry's tail ("62812…@simpeg", "…@lid@simpeg"): a
 * WhatsApp JID's own "@c.us" / "@lid" belongs to the user.
 */
export function splitStaffUser(tail: string): { userId: string; serviceCode: string | undefined } {
  const m = /^(.*?(?:@c\.us|@lid)?)(?:@([a-z0-9-]+))?$/.exec(tail);
  return { userId: m?.[1] ?? tail, serviceCode: m?.[2] };
}

/** True for an address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export interface Config {
  /** PostgreSQL; when absent the embedded PGlite under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string;
  /** False when REDIS_URL was not set: then a private redis-server may be started if none answers. */
  redisUrlExplicit: boolean;
  port: number;
  host: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  catalogueFile: string;
  calendarFile: string;
  faqDir: string;
  vocabularyDir: string;
  channels: ChannelName[];
  inactivityMs: number;
  /** How long a report left half-filled after the inactivity time is kept to continue. */
  draftKeepMs: number;
  /** Inbound and outbound work is spread over this many per-chat-ordered queues. */
  queuePartitions: number;
  queuePrefix: string;
  /** all: one process does everything; web: HTTP and channels only; worker: queue workers only. */
  role: 'all' | 'web' | 'worker';
  /** "channel:userId" of the helpdesk admins. */
  admins: string[];
  /** Pengelola Teknis groups by config: "serviceCode=channel:chatId". */
  teamGroups: string[];
  /** Staff by config: "role:channel:userId[@serviceCode]". */
  staff: string[];
  /** Working days a reporter has to confirm a resolution before the reminder (and a day later, closing). */
  confirmationDays: number;
  /** A resolved ticket the reporter never confirms closes (without confirmation) a working day later. */
  autoClose: boolean;
  /** Warnings to one chat within this window are merged into one message. */
  noticeWindowMs: number;
  /** After /ambil without /estimasi for this long (business time), the team is reminded once; 0: never. */
  estimateReminderMinutes: number;
  /** When set, every simulator route (API and page) requires it; required off loopback. */
  simulatorToken: string | undefined;
  /** Opens the admin pages (the WhatsApp link page /whatsapp); unset, those pages are closed (404). */
  adminToken: string | undefined;
  /** Where the WhatsApp session is kept: the data folder (LocalAuth) or PostgreSQL (RemoteAuth). */
  whatsappAuth: 'local' | 'remote';
  /** How long a job keeps retrying a passing fault (database or Redis away) before the sweeper takes over. */
  retryWindowMs: number;
  /** How often the sweeper looks for unfinished work and lost timers. */
  sweepMs: number;
  /** A query the database does not answer within this long fails (a paused server cannot hang a worker). */
  databaseQueryTimeoutMs: number;
  /** The Telegram bot's token (BotFather); set whenever CHANNELS names telegram. */
  telegramBotToken: string | undefined;
  /** The Bot API server: a local one (on-prem) or a test fake; unset means api.telegram.org. */
  telegramApiRoot: string | undefined;
  /** When set, Telegram delivers updates to POST /telegram/webhook at this public URL; else long polling. */
  telegramWebhookUrl: string | undefined;
  /** The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; set whenever the webhook URL is. */
  telegramWebhookSecret: string | undefined;
  /** Slack bot token (xoxb-…); required when CHANNELS names slack. */
  slackBotToken: string | undefined;
  /** Slack signing secret: checks every HTTP request from Slack; required without an app token. */
  slackSigningSecret: string | undefined;
  /** Slack app-level token (xapp-…): when set, events come over Socket Mode instead of HTTP. */
  slackAppToken: string | undefined;
  /** Base URL of Slack's Web API (a proxy; a fake in tests); ends with a slash. */
  slackApiUrl: string | undefined;
  /** A reporter's file larger than this is not stored (the reporter is told). */
  mediaMaxBytes: number;
  /** Signs the links to stored files in staff posts; without it no link is offered. */
  mediaLinkSecret: string | undefined;
  /** How long a link to a stored file in a staff post works. */
  mediaLinkTtlMs: number;
  /** The helpdesk's address as staff reach it (links in chats), without a trailing slash; unset: its own. */
  publicUrl: string | undefined;
  /** The Chromium whatsapp-web.js drives (Debian's; nothing downloads a browser). */
  chromiumPath: string;
  /** Names the WhatsApp session (one per number): LocalAuth's folder under DATA_DIR/whatsapp. */
  whatsappClientId: string;
  /** Link WhatsApp by a pairing code for this number (digits, international) instead of a QR code. */
  whatsappPairingNumber: string | undefined;
  /** Messages that waited longer than this while the bot was offline are not processed (the sender is told). */
  whatsappMaxBacklogMs: number;
  /** The most messages the WhatsApp number sends in a UTC day (ban risk); further sends wait for the next day. */
  whatsappDailyCap: number;
  /** Least time between two messages to one WhatsApp chat (a random jitter is added). */
  whatsappMinGapMs: number;
  /** A WhatsApp session with no event for this long has its state checked, and is restarted if it fails. */
  whatsappProbeMs: number;
  /**
   * How long an exclusive channel's owner lock lives without renewal: a dead owner is replaced within
   * about this long and a third (the lock is renewed, and a standby tries to take it, every third).
   */
  ownerLockTtlMs: number;
  /** Test and demo aid: the simulator behaves as an exclusive channel (one process drives it). */
  simulatorExclusive: boolean;
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "unset", as in most .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`konfigurasi tidak valid:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const channels = [...new Set(c.CHANNELS)];
  if (channels.includes('simulator') && !c.SIMULATOR_TOKEN && !isLoopbackHost(c.HOST))
    throw new ConfigError(
      `konfigurasi tidak valid:\n  - SIMULATOR_TOKEN: wajib diisi karena HOST=${c.HOST} bisa dijangkau dari jaringan dan kanal simulator aktif (atau hapus simulator dari CHANNELS)`,
    );
  const missing: string[] = [];
  if (channels.includes('telegram') && !c.TELEGRAM_BOT_TOKEN)
    missing.push(
      '  - TELEGRAM_BOT_TOKEN: wajib diisi karena CHANNELS memuat telegram (token dari @BotFather)',
    );
  if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET)
    missing.push(
      '  - TELEGRAM_WEBHOOK_SECRET: wajib diisi karena TELEGRAM_WEBHOOK_URL diisi (paling sedikit 16 karakter acak)',
    );
  if (channels.includes('slack') && !c.SLACK_BOT_TOKEN)
    missing.push('  - SLACK_BOT_TOKEN: wajib diisi karena kanal slack aktif (token bot xoxb-…)');
  if (channels.includes('slack') && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN)
    missing.push(
      '  - SLACK_SIGNING_SECRET: wajib diisi karena kanal slack menerima event lewat HTTP (atau isi SLACK_APP_TOKEN untuk Socket Mode)',
    );
  for (const [name, entries] of [
    ['HELPDESK_ADMINS', c.HELPDESK_ADMINS.map((a) => a.split(':'))],
    ['HELPDESK_STAFF', c.HELPDESK_STAFF.map((e) => e.split(':').slice(1))],
  ] as const)
    for (const [channel, ...rest] of entries) {
      const id = name === 'HELPDESK_STAFF' ? splitStaffUser(rest.join(':')).userId : rest.join(':');
      if (channel === 'whatsapp' && !isWhatsAppPersonId(id))
        missing.push(
          `  - ${name}: "${rest.join(':')}" bukan nomor WhatsApp; tulis 62812…, +62 812…, 0812…, 62812…@c.us atau …@lid`,
        );
    }
  if (missing.length) throw new ConfigError(`konfigurasi tidak valid:\n${missing.join('\n')}`);
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.DATA_DIR),
    redisUrl: c.REDIS_URL ?? DEFAULT_REDIS_URL,
    redisUrlExplicit: c.REDIS_URL !== undefined,
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    catalogueFile: path.resolve(c.CATALOGUE_FILE),
    calendarFile: path.resolve(c.CALENDAR_FILE),
    faqDir: path.resolve(c.FAQ_DIR),
    vocabularyDir: path.resolve(c.VOCABULARY_DIR),
    channels,
    inactivityMs: Math.round(c.INACTIVITY_MINUTES * 60_000),
    draftKeepMs: Math.round(c.DRAFT_KEEP_HOURS * 3_600_000),
    queuePartitions: c.QUEUE_PARTITIONS,
    queuePrefix: c.QUEUE_PREFIX,
    role: c.ROLE,
    // One form per WhatsApp number (62812…@c.us), as contact identities are stored and chats are named.
    admins: c.HELPDESK_ADMINS.map((a) => {
      const i = a.indexOf(':');
      return `${a.slice(0, i)}:${canonicalId(a.slice(0, i) as ChannelName, a.slice(i + 1))}`;
    }),
    teamGroups: c.TEAM_GROUPS,
    staff: c.HELPDESK_STAFF,
    confirmationDays: c.CONFIRMATION_DAYS,
    autoClose: c.AUTO_CLOSE === 'true',
    noticeWindowMs: Math.round(c.NOTICE_WINDOW_SECONDS * 1000),
    estimateReminderMinutes: c.ESTIMATE_REMINDER_MINUTES,
    simulatorToken: c.SIMULATOR_TOKEN,
    adminToken: c.ADMIN_TOKEN,
    whatsappAuth: c.WHATSAPP_AUTH,
    retryWindowMs: Math.round(c.RETRY_WINDOW_MINUTES * 60_000),
    sweepMs: Math.round(c.SWEEP_SECONDS * 1000),
    databaseQueryTimeoutMs: Math.round(c.DATABASE_QUERY_TIMEOUT_SECONDS * 1000),
    telegramBotToken: c.TELEGRAM_BOT_TOKEN,
    telegramApiRoot: c.TELEGRAM_API_ROOT,
    telegramWebhookUrl: c.TELEGRAM_WEBHOOK_URL,
    telegramWebhookSecret: c.TELEGRAM_WEBHOOK_SECRET,
    slackBotToken: c.SLACK_BOT_TOKEN,
    slackSigningSecret: c.SLACK_SIGNING_SECRET,
    slackAppToken: c.SLACK_APP_TOKEN,
    slackApiUrl: c.SLACK_API_URL && (c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`),
    mediaMaxBytes: Math.round(c.MEDIA_MAX_MB * 1024 * 1024),
    mediaLinkSecret: c.MEDIA_LINK_SECRET,
    mediaLinkTtlMs: Math.round(c.MEDIA_LINK_DAYS * 24 * 3_600_000),
    publicUrl: c.PUBLIC_URL?.replace(/\/+$/, ''),
    chromiumPath: c.CHROMIUM_PATH,
    whatsappClientId: c.WHATSAPP_CLIENT_ID,
    whatsappPairingNumber: c.WHATSAPP_PAIRING_NUMBER,
    whatsappMaxBacklogMs: Math.round(c.WHATSAPP_MAX_BACKLOG_HOURS * 3_600_000),
    whatsappDailyCap: c.WHATSAPP_DAILY_CAP,
    whatsappMinGapMs: Math.round(c.WHATSAPP_MIN_GAP_SECONDS * 1000),
    whatsappProbeMs: Math.round(c.WHATSAPP_PROBE_MINUTES * 60_000),
    ownerLockTtlMs: Math.round(c.OWNER_LOCK_TTL_SECONDS * 1000),
    simulatorExclusive: c.SIMULATOR_EXCLUSIVE === '1',
  };
}
