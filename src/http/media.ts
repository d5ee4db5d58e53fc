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
import { sendMedia } from './download.ts';

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
      return sendMedia(reply, media, 'private, max-age=300');
    },
  );
}
