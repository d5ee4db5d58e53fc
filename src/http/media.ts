/**
 * GET /media/:id?exp&sig — a stored file (src/media/store.ts) for whoever holds an unexpired signed link
 * (src/media/link.ts): the links staff get in escalation posts. Without MEDIA_LINK_SECRET no link is
 * offered and the route serves nothing. A forged or altered link is refused before the database is
 * asked. Pictures are shown in the browser; every other file is a download (a stored HTML or SVG file
 * can never run in the helpdesk's origin), and the type is never sniffed.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import { checkMediaLink } from '../media/link.ts';
import { readMedia } from '../media/store.ts';

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

export function registerMediaRoutes(
  app: FastifyInstance,
  opts: { db: Db; secret: string | undefined },
): void {
  app.get<{ Params: { id: string }; Querystring: { exp?: string; sig?: string } }>(
    '/media/:id',
    async (req, reply) => {
      if (!opts.secret) return reply.code(404).send({ error: 'Tautan berkas tidak aktif di helpdesk ini.' });
      const id = /^\d{1,10}$/.test(req.params.id) ? Number(req.params.id) : 0;
      const check = id > 0 ? checkMediaLink(id, req.query.exp, req.query.sig, opts.secret) : 'forged';
      if (check === 'forged') return reply.code(403).send({ error: 'Tautan berkas tidak sah.' });
      if (check === 'expired')
        return reply
          .code(410)
          .send({ error: 'Tautan berkas sudah kedaluwarsa. Lihat lampiran di tiketnya.' });
      const media = await readMedia(opts.db, id);
      if (!media) return reply.code(404).send({ error: 'Berkas tidak ditemukan.' });
      const name = media.name ?? `lampiran-${media.id}.${EXTENSIONS[media.mime] ?? 'bin'}`;
      return reply
        .header('content-type', media.mime)
        .header('content-length', String(media.size))
        .header('content-disposition', disposition(INLINE.has(media.mime) ? 'inline' : 'attachment', name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'private, max-age=300')
        .send(media.bytes);
    },
  );
}
