/**
 * The WhatsApp Web session kept in PostgreSQL (WHATSAPP_AUTH=remote): the store whatsapp-web.js's
 * RemoteAuth calls. RemoteAuth zips the Chromium profile to `<dataPath>/<session>.zip` and calls
 * `save({ session })`, which reads that file into the WhatsAppSession row; on start it calls
 * `extract({ session, path })` to write the zip back and unzips it itself; on logout, `delete`. So the
 * store must be given the same `dataPath` as RemoteAuth.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type wweb from 'whatsapp-web.js';
import type { Db } from '../../src/db/client.ts';
import type { Logger } from '../../src/logger.ts';

/** RemoteAuth's own default for `dataPath` (resolved against the working directory at start). */
export const REMOTE_AUTH_DEFAULT_DATA_PATH = './.wwebjs_auth/';

/** The end-of-central-directory record every zip file ends with (within its last 64 KiB + 22 bytes). */
function looksLikeZip(data: Uint8Array): boolean {
  if (data.length < 22) return false;
  const from = Math.max(0, data.length - 65_557);
  for (let i = data.length - 22; i >= from; i--)
    if (data[i] === 0x50 && data[i + 1] === 0x4b && data[i + 2] === 0x05 && data[i + 3] === 0x06) return true;
  return false;
}

export function createPgSessionStore(
  db: Db,
  opts: {
    /** The folder RemoteAuth writes `<session>.zip` to: pass RemoteAuth the same `dataPath`. */
    dataPath?: string;
    log?: Logger;
  } = {},
): wweb.Store {
  const dataPath = path.resolve(opts.dataPath ?? REMOTE_AUTH_DEFAULT_DATA_PATH);
  return {
    async sessionExists({ session }) {
      const row = await db.whatsAppSession.findUnique({ where: { session }, select: { id: true } });
      return row !== null;
    },

    /**
     * Stores the zip RemoteAuth just wrote. Never rejects: RemoteAuth calls this from a timer and from
     * the `ready` handler without awaiting it, where a rejection would end the process. A failed backup
     * keeps the previous one and is logged; the next backup tries again.
     */
    async save({ session }) {
      const file = path.join(dataPath, `${session}.zip`);
      try {
        const data = await readFile(file);
        // A cut-off archive must not replace the last good session.
        if (!looksLikeZip(data)) {
          opts.log?.warn(
            { session, bytes: data.length },
            'WhatsApp session zip is incomplete; kept the stored one',
          );
          return;
        }
        const bytes = new Uint8Array(data);
        await db.whatsAppSession.upsert({
          where: { session },
          create: { session, data: bytes },
          update: { data: bytes },
        });
        opts.log?.debug({ session, bytes: data.length }, 'WhatsApp session stored in PostgreSQL');
      } catch (err) {
        opts.log?.warn({ err, session }, 'could not store the WhatsApp session; the next backup tries again');
      }
    },

    /** Writes the stored zip to `path`, for RemoteAuth to unzip. */
    async extract({ session, path: to }) {
      const row = await db.whatsAppSession.findUnique({ where: { session }, select: { data: true } });
      if (!row) throw new Error(`no stored WhatsApp session "${session}"`);
      await mkdir(path.dirname(to), { recursive: true });
      await writeFile(to, row.data);
    },

    async delete({ session }) {
      await db.whatsAppSession.deleteMany({ where: { session } });
    },
  };
}
