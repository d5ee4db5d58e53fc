/**
 * A channel that lost its link (the WhatsApp number logged out on the phone, or its session refused):
 * the helpdesk admins are told on every other running channel that it must be linked again, and where.
 * At most once an hour per channel and reason, however often the channel reports it.
 */
import type { ChannelEvent } from '../channel.ts';
import type { ChannelName } from '../domain.ts';
import { enqueueOutbound } from '../outbox/send.ts';
import { writeOutbox } from '../outbox/write.ts';
import { emptyAfterCommit } from '../step/after-commit.ts';
import type { ConversationDeps } from '../step/deps.ts';
import { adminChats } from './admins.ts';

export type LinkLostReason = Extract<ChannelEvent, { type: 'link_lost' }>['reason'];

/** One alert per channel and reason within this time. */
export const LINK_ALERT_EVERY_MS = 60 * 60_000;

const WHY: Record<LinkLostReason, string> = {
  logged_out: 'keluar dari WhatsApp Web (perangkat tertaut dilepas dari ponsel, atau sesinya berakhir)',
  auth_failure: 'ditolak saat masuk ke WhatsApp Web (sesi tersimpan tidak berlaku lagi)',
};

/** What the admins read; Indonesian, short, with what to do. */
export function linkLostText(channel: ChannelName, reason: LinkLostReason, linkPage: boolean): string {
  if (channel !== 'whatsapp')
    return `⚠️ Kanal ${channel} terputus (${reason === 'logged_out' ? 'keluar' : 'gagal masuk'}) dan perlu disambungkan ulang. Pesan lewat kanal itu tidak masuk sampai diperbaiki.`;
  const where = linkPage
    ? 'Buka halaman /whatsapp di server helpdesk (masuk dengan ADMIN_TOKEN)'
    : 'Isi ADMIN_TOKEN di konfigurasi dan mulai ulang helpdesk, lalu buka halaman /whatsapp';
  return `⚠️ Nomor WhatsApp helpdesk ${WHY[reason]}. Warga tidak bisa menghubungi helpdesk lewat WhatsApp sampai nomor itu ditautkan lagi.\n${where}, lalu pindai kode QR dengan ponsel nomor helpdesk: WhatsApp → Perangkat tertaut → Tautkan perangkat.`;
}

/**
 * Tells the admins on the other running channels, through the outbox. `sent` when it wrote the
 * messages; `repeat` within the hour of the last alert for this channel and reason; `nobody` when no
 * admin is on another running channel (logged).
 */
export async function alertLinkLost(
  deps: Pick<ConversationDeps, 'db' | 'queues' | 'admins' | 'log'>,
  lost: { channel: ChannelName; reason: LinkLostReason },
  opts: {
    /** The channels this deployment runs: admins elsewhere cannot be reached. */
    channels: readonly ChannelName[];
    /** Whether the link page /whatsapp is open (ADMIN_TOKEN set). */
    linkPage: boolean;
  },
): Promise<'sent' | 'repeat' | 'nobody'> {
  const { channel, reason } = lost;
  const log = deps.log.child({ module: 'link-alert', channel, reason });
  const { redis, prefix } = deps.queues;
  const gate = `${prefix}:link-alert:${channel}:${reason}`;
  let gated = false;
  try {
    if ((await redis.set(gate, new Date().toISOString(), 'PX', LINK_ALERT_EVERY_MS, 'NX')) === null)
      return 'repeat';
    gated = true;
  } catch (err) {
    // Better told twice than not at all: without Redis the alert goes out unchecked.
    log.warn({ err }, 'could not check when admins were last told of a lost link; telling them now');
  }
  const to = adminChats(deps.admins).filter(
    (a) => a.channel !== channel && opts.channels.includes(a.channel),
  );
  if (to.length === 0) {
    log.error('channel lost its link and no admin is on another running channel to tell (HELPDESK_ADMINS)');
    return 'nobody';
  }
  const after = emptyAfterCommit();
  const text = linkLostText(channel, reason, opts.linkPage);
  try {
    await deps.db.$transaction((tx) =>
      writeOutbox(
        tx,
        to.map((a) => ({ ...a, isGroup: false, text })),
        after,
      ),
    );
  } catch (err) {
    // Not written: the next report of the same loss must try again.
    if (gated) await redis.del(gate).catch(() => {});
    throw err;
  }
  log.warn({ admins: to.length }, 'channel lost its link; admins told on the other channels');
  // Committed: a send not queued now is sent by the sweeper.
  for (const s of after.sends.values())
    await enqueueOutbound(deps.queues, s.channel, s.chatId, s.firstId).catch((err) =>
      log.warn({ err }, 'could not queue a link alert; the sweeper will'),
    );
  return 'sent';
}
