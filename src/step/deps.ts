/** What every step runs with: the stores, the queues, the content and the settings that shape a step. */
import type { ServiceDirectory } from '../catalogue/directory.ts';
import type { Channel } from '../channel.ts';
import type { Db } from '../db/client.ts';
import type { ChannelName } from '../domain.ts';
import type { FaqMatcher } from '../faq/matcher.ts';
import type { Logger } from '../logger.ts';
import type { MediaLinks } from '../media/link.ts';
import type { SendNow } from '../outbox/send-now.ts';
import type { Queues } from '../pipeline/queues.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import type { TimerSettings } from '../sla/timers.ts';
import type { Understander } from '../understand/understand.ts';

/** The catalogue service of a "talk to a person" ticket. */
export const CONSULTATION_SERVICE = 'konsultasi';

export interface ConversationDeps {
  db: Db;
  queues: Queues;
  calendar: BusinessCalendar;
  faq: FaqMatcher;
  services: ServiceDirectory;
  /** Kategori gangguan staff choose from (the catalogue's `categories`, Formulir E d). */
  categories: readonly string[];
  /** Reads free text: intent, service, since, impact (src/understand/). */
  understander: Understander;
  /** After this long without a message, an unfinished flow ends with a message. */
  inactivityMs: number;
  /** A half-filled report is kept this long after the inactivity time. */
  draftKeepMs: number;
  /** Working days the reporter has to confirm a resolution. */
  confirmationDays: number;
  /**
   * After the window (and its reminder) a working day passes and the ticket closes without confirmation;
   * false: it stays RESOLVED until the reporter answers or staff act. Unset: true.
   */
  autoClose?: boolean;
  /** Warnings to one chat within this window go out as one message. */
  noticeWindowMs: number;
  /** What the SLA timers are planned with besides the ticket (ESTIMATE_REMINDER_MINUTES); unset: defaults. */
  timers?: TimerSettings;
  /** "channel:userId" of the helpdesk admins. */
  admins: ReadonlySet<string>;
  /** Reporters' files (src/media/): the size cap, and how staff posts link to them; unset: 16 MB, no links. */
  media?: MediaSettings;
  /** The running channels, where a step needs them (downloading a reporter's files). */
  channels?: ReadonlyMap<ChannelName, Channel>;
  /**
   * Sends a step's replies from this process right after its commit (src/outbox/send-now.ts); unset, or
   * a chat it does not take: they are queued for the outbound workers.
   */
  sendNow?: SendNow;
  log: Logger;
  now?: () => Date;
}

export interface MediaSettings {
  /** MEDIA_MAX_MB in bytes. */
  maxBytes: number;
  /** Set with MEDIA_LINK_SECRET: escalation posts carry a signed link to each stored file. */
  links?: MediaLinks;
}
