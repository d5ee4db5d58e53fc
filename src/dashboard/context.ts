/** What every dashboard page is built with: the viewer, what they may see, and the app's deps. */

import type { ChannelLink, ChannelStatus } from '../channel.ts';
import type { Standing } from '../commands/context.ts';
import type { LiveContent } from '../content/live.ts';
import type { Db } from '../db/client.ts';
import type { ConversationDeps } from '../step/deps.ts';
import type { Viewer } from './layout.ts';
import type { Session } from './sessions.ts';

export interface DashboardDeps {
  /** The same deps chat commands run with (commands/run.ts). */
  conversation: ConversationDeps;
  /** Cookies are marked Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Each running chat channel's status, as /healthz shows it. */
  channels: () => Record<string, ChannelStatus & { owner?: boolean }>;
  /** The link offer of each channel this process drives that is linked by a code (WhatsApp's QR). */
  links: () => Record<string, ChannelLink>;
  /** Whether the WhatsApp link page (ADMIN_TOKEN) is on. */
  linkPage: boolean;
  /** The embedded default's demo runs (staff/setup.ts isDemo): its groups may be routed to. */
  demo: boolean;
  /** Reloaded after the Katalog and FAQ pages write their files. */
  content: LiveContent;
  /** CATALOGUE_FILE and FAQ_DIR: the files the Katalog and FAQ pages edit. */
  catalogueFile: string;
  faqDir: string;
}

export interface PageCtx {
  db: Db;
  deps: DashboardDeps;
  session: Session;
  who: Standing;
  viewer: Viewer;
  now: Date;
}
