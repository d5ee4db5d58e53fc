/** What every dashboard page is built with: the viewer, what they may see, and the app's deps. */

import type { ChannelStatus } from '../channel.ts';
import type { Standing } from '../commands/context.ts';
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
  /** Whether the WhatsApp link page (ADMIN_TOKEN) is on. */
  linkPage: boolean;
  /** The embedded default's demo runs (staff/setup.ts isDemo): its groups may be routed to. */
  demo: boolean;
}

export interface PageCtx {
  db: Db;
  deps: DashboardDeps;
  session: Session;
  who: Standing;
  viewer: Viewer;
  now: Date;
}
