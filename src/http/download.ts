/**
 * A file sent to a browser, with the same safe headers wherever the helpdesk serves one (an attachment by
 * signed link or from the dashboard, a report by signed link or from the dashboard): pictures shown,
 * every other file downloaded, the type never sniffed, a stored HTML or SVG file never run in the
 * helpdesk's origin, no referrer leaked from a signed link.
 */
import type { FastifyReply } from 'fastify';
import type { StoredMedia } from '../media/store.ts';

/** Shown in the browser; anything else is downloaded. SVG is no picture here: it can carry script. */
const INLINE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
};

/** `attachment; filename="…"; filename*=UTF-8''…` with a name safe in a header. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function sendFile(
  reply: FastifyReply,
  file: { type: string; name: string; body: Buffer | string; cache?: string },
) {
  return reply
    .header('content-type', file.type)
    .header('content-disposition', disposition(INLINE.has(file.type) ? 'inline' : 'attachment', file.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', file.cache ?? 'private, no-store')
    .send(file.body);
}

/** A stored attachment, named as the reporter sent it or `lampiran-<id>.<ext>`. */
export function sendMedia(reply: FastifyReply, media: StoredMedia, cache?: string) {
  const name = media.name ?? `lampiran-${media.id}.${EXTENSIONS[media.mime] ?? 'bin'}`;
  return sendFile(reply, { type: media.mime, name, body: media.bytes, ...(cache ? { cache } : {}) });
}
