/**
 * What reaches a service's Penyedia Layanan (src/staff/providers.ts says who and where): the request for
 * approval of a change (002:275, 465), and an exceeded estimate with every later change of the ticket
 * (002:490).
 */
import { sqlOf } from '../db/sql.ts';
import type { ChannelName, ReportingMethod } from '../domain.ts';
import { writeOutbox } from '../outbox/write.ts';
import { estimateWasExceeded } from '../sla/timers.ts';
import { providerChats } from '../staff/providers.ts';
import type { AfterCommit } from '../step/after-commit.ts';
import type { Tx } from '../tickets/store.ts';
import { REPORTER_IDENTITIES, shownReporter } from './notify.ts';
import { approvalText, providerText } from './provider-messages.ts';

type Deps = { admins: ReadonlySet<string> };

/** What the request for approval says of the ticket, in one statement. */
const APPROVAL_READ = `
SELECT t."id", t."code", t."channel"::text AS channel, t."description", t."requesterName", t."requesterOpd",
       t."reportingMethod"::text AS "reportingMethod", s."name" AS "serviceName", s."providerName",
       c."name" AS "reporterName", c."opd" AS "reporterOpd", ${REPORTER_IDENTITIES} AS identities
  FROM "Ticket" t
  JOIN "Service" s ON s."id" = t."serviceId"
  JOIN "Contact" c ON c."id" = t."reporterId"
 WHERE t."id" = $1`;

interface ApprovalRead {
  id: number;
  code: string;
  channel: ChannelName;
  description: string;
  requesterName: string | null;
  requesterOpd: string | null;
  reportingMethod: ReportingMethod | null;
  serviceName: string;
  providerName: string;
  reporterName: string | null;
  reporterOpd: string | null;
  identities: { channel: ChannelName; externalId: string }[];
}

/** Asks the Penyedia Layanan of the ticket's service to approve it (in the transaction that opened it). */
export async function askApproval(tx: Tx, deps: Deps, ticketId: number, after: AfterCommit): Promise<void> {
  const [t] = await sqlOf(tx).rows<ApprovalRead>(APPROVAL_READ, [ticketId]);
  if (!t) throw new Error(`ticket ${ticketId} not found`);
  const { audience, chats } = await providerChats(tx, deps, t);
  const text = approvalText.askProvider({
    code: t.code,
    service: t.serviceName,
    provider: t.providerName,
    requester: t.requesterName ?? t.reporterName,
    identity: shownReporter({ ...t, reporter: { identities: t.identities } }),
    opd: t.requesterOpd ?? t.reporterOpd,
    description: t.description,
    audience,
  });
  await writeOutbox(
    tx,
    chats.map((c) => ({ ...c, text, ticketId: t.id })),
    after,
  );
}

/** The estimate passed: the Penyedia Layanan (or the coordinators) hear of it. */
export async function tellEstimateExceeded(
  tx: Tx,
  deps: Deps,
  t: { id: number; code: string; service: { name: string; providerName: string; technicalTeamName: string } },
  after: AfterCommit,
): Promise<void> {
  const { audience, chats } = await providerChats(tx, deps, t.service);
  const text = providerText.estimateExceeded({
    code: t.code,
    service: t.service.name,
    provider: t.service.providerName,
    team: t.service.technicalTeamName,
    audience,
  });
  await writeOutbox(
    tx,
    chats.map((c) => ({ ...c, text, ticketId: t.id })),
    after,
  );
}

/** Once the ticket's estimate was exceeded, each later change of it goes up to the Penyedia too. */
export async function forwardToProvider(
  tx: Tx,
  deps: Deps,
  t: { id: number; code: string; slaFired: string[]; service: { name: string; providerName: string } },
  what: string,
  after: AfterCommit,
): Promise<void> {
  if (!estimateWasExceeded(t)) return;
  const { chats } = await providerChats(tx, deps, t.service);
  const text = providerText.forwarded(t.code, t.service.name, what);
  await writeOutbox(
    tx,
    chats.map((c) => ({ ...c, text, ticketId: t.id })),
    after,
  );
}
