/** The append-only record of a configuration change made from the dashboard (model ConfigChange). */

import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Tx } from '../tickets/store.ts';

export type ConfigKind = 'routing' | 'staff' | 'catalogue' | 'faq';

export async function recordConfigChange(
  tx: Tx | Db,
  change: {
    accountId: number;
    kind: ConfigKind;
    subject: string;
    before: Prisma.InputJsonValue;
    after: Prisma.InputJsonValue;
    at: Date;
  },
): Promise<void> {
  await tx.configChange.create({
    data: {
      at: change.at,
      actor: `dashboard:${change.accountId}`,
      kind: change.kind,
      subject: change.subject,
      before: change.before,
      after: change.after,
    },
  });
}
