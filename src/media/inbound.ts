/**
 * The files of a reporter's message, downloaded and stored by the inbound job before its step runs.
 *
 * Why here and not when the platform delivers the message: accepting must answer within the platform's
 * deadline (Slack's 3 s, our 1 s for a Telegram webhook), and a 16 MB download does not fit in it; the
 * inbound job has no deadline, runs in every worker process (the Bot API and Slack's file URLs need
 * only the token, not the process that received the message), and is retried on a passing fault, when
 * the dedup by content (sha256) makes a repeated download cost no second row. Telegram's file ids and
 * Slack's `url_private_download` keep working long after the message (the job normally runs within a
 * second, and after an outage still finds the files there). A channel whose files are reachable only
 * while the message is live (WhatsApp's `downloadMedia()`) stores them itself before handing the
 * message over and passes `media:<id>` references; this step leaves those as they are.
 *
 * A download that fails keeps the message and the platform's reference (nothing is lost; the step
 * goes on), logged at warn without the contents. A file over MEDIA_MAX_MB is not downloaded when the
 * platform tells its size, and never stored: the reporter is told (`tooLarge`).
 */
import type { Attachment, AttachmentKind, Channel, DownloadedFile } from '../channel.ts';
import type { Db } from '../db/client.ts';
import { isTransient } from '../db/transient.ts';
import type { ChannelName } from '../domain.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_MEDIA_MAX_BYTES, mediaIdOf, megabytes, saveMedia } from './store.ts';

/** What is worth storing: stickers are decoration, a location is its reference. */
const STORED_KINDS = new Set<AttachmentKind>(['image', 'document', 'audio', 'video']);

export interface InboundMediaDeps {
  db: Db;
  log: Logger;
  channels?: ReadonlyMap<ChannelName, Channel> | undefined;
  maxBytes?: number | undefined;
}

export interface StoredAttachments {
  /** The message's attachments: stored ones as `media:<id>`, refused ones marked `refused`. */
  attachments: Attachment[];
  /** Whether one was refused for its size (the reporter is told, with `limitMb`). */
  tooLarge: boolean;
  limitMb: number;
}

/**
 * Stores the message's files that are still platform references and records the new references on the
 * inbound row (a retried job finds them stored). Throws only on a passing fault of our own database.
 */
export async function storeInboundMedia(
  deps: InboundMediaDeps,
  row: { id: number; channel: ChannelName; isGroup: boolean; payload: unknown },
): Promise<StoredAttachments> {
  const maxBytes = deps.maxBytes ?? DEFAULT_MEDIA_MAX_BYTES;
  const payload = (row.payload ?? {}) as { attachments?: Attachment[] };
  const attachments = payload.attachments ?? [];
  const out: StoredAttachments = { attachments, tooLarge: false, limitMb: megabytes(maxBytes) };
  // Staff groups are for commands: their files are not reports.
  if (row.isGroup || attachments.length === 0) return out;
  const channel = deps.channels?.get(row.channel);
  let changed = false;
  const result: Attachment[] = [];
  for (const a of attachments) {
    if (mediaIdOf(a.ref) !== null || !STORED_KINDS.has(a.kind)) {
      result.push(a);
      continue;
    }
    // Refused already by a channel that stores its files itself (storeDownloaded).
    if (a.refused) {
      out.tooLarge = true;
      result.push(a);
      continue;
    }
    if (a.size !== undefined && a.size > maxBytes) {
      out.tooLarge = true;
      result.push({ ...a, refused: 'too_large' });
      continue;
    }
    if (!channel?.fetchAttachment) {
      result.push(a);
      continue;
    }
    const stored = await download(deps, channel, row, a, maxBytes);
    if (stored === 'tooLarge') out.tooLarge = true;
    if (typeof stored === 'object') changed = true;
    result.push(
      typeof stored === 'object' ? stored : stored === 'tooLarge' ? { ...a, refused: 'too_large' } : a,
    );
  }
  out.attachments = result;
  if (changed)
    await deps.db.inboundMessage.updateMany({
      where: { id: row.id, processedAt: null },
      data: {
        payload: { ...(payload as object), attachments: result } as unknown as Prisma.InputJsonValue,
      },
    });
  return out;
}

async function download(
  deps: InboundMediaDeps,
  channel: Channel,
  row: { id: number; channel: ChannelName },
  a: Attachment,
  maxBytes: number,
): Promise<Attachment | 'tooLarge' | 'failed'> {
  const fetchAttachment = channel.fetchAttachment?.bind(channel);
  if (!fetchAttachment) return 'failed';
  let file: Awaited<ReturnType<typeof fetchAttachment>>;
  try {
    file = await fetchAttachment(a, { maxBytes });
  } catch (e) {
    deps.log.warn(
      {
        inboundId: row.id,
        channel: row.channel,
        kind: a.kind,
        err: e instanceof Error ? e.message : String(e),
      },
      'attachment not downloaded; its platform reference is kept',
    );
    return 'failed';
  }
  if ('tooLarge' in file) return 'tooLarge';
  try {
    const stored = await storeDownloaded(deps.db, row.channel, a, file, maxBytes);
    return stored.refused ? 'tooLarge' : stored;
  } catch (e) {
    if (isTransient(e)) throw e;
    deps.log.warn(
      {
        inboundId: row.id,
        channel: row.channel,
        kind: a.kind,
        err: e instanceof Error ? e.message : String(e),
      },
      'attachment not stored; its platform reference is kept',
    );
    return 'failed';
  }
}

/**
 * Stores a file downloaded for attachment `a` and returns the attachment to hand on: `media:<id>` (the
 * platform reference kept as `source`), or `a` marked `refused: 'too_large'` when it is over `maxBytes`
 * (the conversation tells the reporter). For a channel that must download while the message is live
 * (WhatsApp: `msg.downloadMedia()`), before it hands the message over. Throws when the database fails.
 */
export async function storeDownloaded(
  db: Db,
  channel: ChannelName,
  a: Attachment,
  file: DownloadedFile,
  maxBytes: number = DEFAULT_MEDIA_MAX_BYTES,
): Promise<Attachment> {
  // What the message said of the file (a document's type) knows better than a download's header.
  const mime = a.mime ?? file.mime;
  const name = a.name ?? file.name;
  const saved = await saveMedia(db, { channel, bytes: file.bytes, mime, name }, maxBytes);
  if (saved.tooLarge) return { ...a, size: saved.size, refused: 'too_large' };
  return {
    kind: a.kind,
    ref: saved.ref,
    ...(name ? { name } : {}),
    ...(a.caption ? { caption: a.caption } : {}),
    size: saved.size,
    mime,
    source: a.ref,
  };
}
