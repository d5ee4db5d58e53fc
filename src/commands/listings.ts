/**
 * Ticket lists for coordinators and staff, by chat: the open queue (/antrian), the targets missed or
 * at risk (/sla), a search (/cari), and the next page of whichever was asked last ("lanjut").
 * Each shows only what the asker oversees (oversight-scope.ts).
 */
import type { Priority } from '../domain.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { describeDue } from '../sla/priority.ts';
import { targetStanding } from '../sla/standing.ts';
import { OPEN_STATUSES } from '../tickets/lifecycle.ts';
import { ticketSearchWhere } from '../tickets/search.ts';
import type { GeneralCommand, StaffCtx, Standing } from './context.ts';
import { oversightScope } from './oversight-scope.ts';
import { pageOf, pageText } from './pages.ts';
import { humanAge, queueOrder, type TicketSummary, ticketLine } from './ticket-line.ts';

/** A page asked for longer ago than this cannot be continued with "lanjut". */
const PAGE_KEEP_MS = 60 * 60_000;
/** At most this many tickets are read for one list. */
const LIST_LIMIT = 200;

export const listingText = {
  notAllowed: 'Maaf, perintah ini hanya untuk Koordinator Layanan, helpdesk dan tim teknis.',
  queueTitle: (filter: string) => `📋 Antrian tiket terbuka${filter ? ` — ${filter}` : ''}`,
  queueEmpty: 'Tidak ada tiket terbuka. 👍',
  slaTitle: '⏱️ Target terlewat dan hampir lewat',
  slaEmpty: 'Tidak ada tiket yang melewati atau mendekati batas target. 👍',
  searchTitle: (q: string) => `🔎 Hasil pencarian “${q}”`,
  searchEmpty: 'Tidak ada tiket yang cocok.',
  searchUsage: 'Pemakaian: /cari <teks> — mis. /cari simpeg, /cari Budi, /cari 2026-0012',
  nothingToContinue: 'Tidak ada daftar untuk dilanjutkan. Ketik /antrian, /sla atau /cari <teks>.',
  lastPage: 'Itu halaman terakhir.',
};

type Listing = 'antrian' | 'sla' | 'cari';

const SUMMARY_INCLUDE = {
  service: { select: { name: true, code: true } },
  assignee: { select: { contact: { select: { name: true } } } },
} satisfies Prisma.TicketInclude;

type Row = Prisma.TicketGetPayload<{ include: typeof SUMMARY_INCLUDE }>;

function summary(r: Row): TicketSummary {
  return {
    code: r.code,
    kind: r.kind,
    status: r.status,
    priority: r.priority,
    serviceName: r.service.name,
    createdAt: r.createdAt,
    assigneeName: r.assignee?.contact.name ?? null,
  };
}

/** "/antrian p1", "/antrian simpeg", "/antrian dinas kesehatan": the filter and its label. */
async function queueFilter(
  ctx: StaffCtx,
  arg: string,
): Promise<{ where: Prisma.TicketWhereInput; label: string }> {
  const text = arg.trim();
  if (!text) return { where: {}, label: '' };
  if (/^p[1-6]$/i.test(text)) {
    const priority = text.toUpperCase() as Priority;
    return { where: { priority }, label: `prioritas ${priority}` };
  }
  const service = await ctx.tx.service.findFirst({ where: { code: text.toLowerCase() } });
  if (service) return { where: { serviceId: service.id }, label: service.name };
  const opd = { contains: text, mode: 'insensitive' as const };
  return {
    where: { OR: [{ requesterOpd: opd }, { reporter: { opd } }] },
    label: `OPD “${text}”`,
  };
}

async function entries(
  ctx: StaffCtx,
  listing: Listing,
  arg: string,
): Promise<{ title: string; lines: string[]; empty: string }> {
  // Typed in a team's group: that team's tickets (what the group works on), whoever asks.
  const group = ctx.who.group;
  const scope: Prisma.TicketWhereInput = {
    AND: [
      oversightScope(ctx.who) ?? { id: -1 },
      group && !group.helpdesk ? { service: { teamGroupId: group.id } } : {},
    ],
  };
  const now = ctx.now;
  if (listing === 'antrian') {
    const filter = await queueFilter(ctx, arg);
    const rows = await ctx.tx.ticket.findMany({
      where: { AND: [scope, filter.where, { status: { in: OPEN_STATUSES } }] },
      include: SUMMARY_INCLUDE,
      orderBy: { createdAt: 'asc' },
      take: LIST_LIMIT,
    });
    const lines = rows
      .map(summary)
      .sort(queueOrder)
      .map((t) => ticketLine(t, now));
    return { title: listingText.queueTitle(filter.label), lines, empty: listingText.queueEmpty };
  }
  if (listing === 'sla') {
    const rows = await ctx.tx.ticket.findMany({
      where: { AND: [scope, { status: { in: OPEN_STATUSES } }] },
      include: SUMMARY_INCLUDE,
      take: LIST_LIMIT,
    });
    const standing = rows
      .map((r) => ({ r, s: targetStanding(r, now, ctx.deps.calendar) }))
      .filter((x): x is { r: Row; s: NonNullable<typeof x.s> } => x.s !== null)
      .sort((a, b) => +a.s.dueAt - +b.s.dueAt);
    const lines = standing.map(({ r, s }) => {
      const target = s.target === 'response' ? 'tanggap' : 'penyelesaian';
      const when =
        s.state === 'breached'
          ? `⛔ lewat ${humanAge(now.getTime() - s.dueAt.getTime())} (${target})`
          : `⚠️ sisa ${humanAge(s.dueAt.getTime() - now.getTime())} (${target}, ${describeDue(s.dueAt, ctx.deps.calendar)})`;
      return `${ticketLine(summary(r), now)}\n   ${when}`;
    });
    return { title: listingText.slaTitle, lines, empty: listingText.slaEmpty };
  }
  const q = arg.trim();
  const rows = await ctx.tx.ticket.findMany({
    where: { AND: [scope, ticketSearchWhere(q)] },
    include: SUMMARY_INCLUDE,
    orderBy: { createdAt: 'desc' },
    take: LIST_LIMIT,
  });
  return {
    title: listingText.searchTitle(q),
    lines: rows.map((r) => ticketLine(summary(r), now)),
    empty: listingText.searchEmpty,
  };
}

/** Shows page `page` of a listing and remembers it for "lanjut". */
async function show(ctx: StaffCtx, listing: Listing, arg: string, page: number): Promise<string[]> {
  const { title, lines, empty } = await entries(ctx, listing, arg);
  const p = pageOf(lines, page);
  const key = { channel: ctx.src.channel, chatId: ctx.src.chatId, contactId: ctx.src.contactId };
  await ctx.tx.commandPage.upsert({
    where: { channel_chatId_contactId: key },
    create: { ...key, command: listing, args: arg, page: p.page },
    update: { command: listing, args: arg, page: p.page },
  });
  return [pageText(title, p, empty)];
}

const refuseUnlessOverseer = (who: Standing) => (oversightScope(who) ? null : listingText.notAllowed);

export const LISTING_COMMANDS: Record<string, GeneralCommand> = {
  antrian: { refuse: refuseUnlessOverseer, run: (ctx) => show(ctx, 'antrian', ctx.rest, 1) },
  sla: { refuse: refuseUnlessOverseer, run: (ctx) => show(ctx, 'sla', '', 1) },
  cari: {
    refuse: refuseUnlessOverseer,
    run: async (ctx) =>
      ctx.rest.trim().length < 2 ? [listingText.searchUsage] : show(ctx, 'cari', ctx.rest, 1),
  },
  lanjut: {
    refuse: refuseUnlessOverseer,
    async run(ctx) {
      const last = await ctx.tx.commandPage.findUnique({
        where: {
          channel_chatId_contactId: {
            channel: ctx.src.channel,
            chatId: ctx.src.chatId,
            contactId: ctx.src.contactId,
          },
        },
      });
      if (!last || ctx.now.getTime() - last.updatedAt.getTime() > PAGE_KEEP_MS)
        return [listingText.nothingToContinue];
      const replies = await show(ctx, last.command as Listing, last.args, last.page + 1);
      // Asked past the end: the last page again, said plainly.
      return last.page + 1 > (await ctx.tx.commandPage.findUniqueOrThrow({ where: { id: last.id } })).page
        ? [listingText.lastPage]
        : replies;
    },
  },
};

/** Whether "lanjut" typed as plain text continues a list this person asked for in this chat lately. */
export async function continuesListing(
  tx: StaffCtx['tx'],
  chat: { channel: StaffCtx['src']['channel']; chatId: string; contactId: number },
  now: Date,
): Promise<boolean> {
  const last = await tx.commandPage.findUnique({ where: { channel_chatId_contactId: chat } });
  return !!last && now.getTime() - last.updatedAt.getTime() <= PAGE_KEEP_MS;
}
