/**
 * The media store: files reporters send (photos, documents, voice notes, videos), kept in PostgreSQL
 * (`Media.bytes`, bytea) so every process of the helpdesk sees them and a backup holds them, and so no
 * process keeps them in memory beyond the request that saves or serves one. One row per content: the
 * same bytes sent twice, or downloaded again by a retried job, are stored once (sha256). A file over
 * MEDIA_MAX_MB is not stored; the caller gets `{ tooLarge }` to tell the sender in its own words.
 * Attachments refer to a stored file as `media:<id>`.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { ChannelName } from '../domain.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** The attachment reference of a stored file. */
export const MEDIA_REF_PREFIX = 'media:';

export interface SaveMediaInput {
  /** Where it came from. */
  channel: ChannelName;
  bytes: Buffer;
  /** As the platform says; "application/octet-stream" when it does not. */
  mime: string;
  /** The file's name as sent, if any. */
  name?: string | undefined;
  /** Stored outside any report: nothing is expected to link it to a ticket (a clean-up may remove it). */
  ticketless?: boolean;
}

export type SaveMediaResult =
  | { tooLarge?: undefined; id: number; ref: string; size: number; duplicate: boolean }
  | { tooLarge: true; limitMb: number; size: number };

export interface StoredMedia {
  id: number;
  channel: ChannelName;
  mime: string;
  name: string | null;
  size: number;
  sha256: string;
  bytes: Buffer;
  createdAt: Date;
}

/** The default of MEDIA_MAX_MB. */
export const DEFAULT_MEDIA_MAX_BYTES = 16 * 1024 * 1024;

/** `media:12` → 12; null for any other reference (a platform's file id). */
export function mediaIdOf(ref: string): number | null {
  if (!ref.startsWith(MEDIA_REF_PREFIX)) return null;
  const id = Number(ref.slice(MEDIA_REF_PREFIX.length));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** MB as people say it: "16", "2,5". */
export function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

/** A MIME type as stored and served: lower case `type/subtype`, anything else is octet-stream. */
function cleanMime(mime: string): string {
  const m = /^\s*([a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*)/i.exec(mime);
  return m?.[1] ? m[1].toLowerCase() : 'application/octet-stream';
}

/**
 * Stores a file, or finds it stored already (same bytes); refuses one larger than `maxBytes`
 * (MEDIA_MAX_MB) without touching the database.
 */
export async function saveMedia(
  db: Db,
  input: SaveMediaInput,
  maxBytes: number = DEFAULT_MEDIA_MAX_BYTES,
): Promise<SaveMediaResult> {
  const size = input.bytes.length;
  if (size > maxBytes) return { tooLarge: true, limitMb: megabytes(maxBytes), size };
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const found = async () => {
    const row = await db.media.findUnique({ where: { sha256 }, select: { id: true, ticketless: true } });
    // Sent in a report after all: no longer a candidate for clean-up.
    if (row?.ticketless && !input.ticketless)
      await db.media.update({ where: { id: row.id }, data: { ticketless: false }, select: { id: true } });
    return row;
  };
  const existing = await found();
  if (existing) return { id: existing.id, ref: `${MEDIA_REF_PREFIX}${existing.id}`, size, duplicate: true };
  try {
    const row = await db.media.create({
      data: {
        channel: input.channel,
        sha256,
        mime: cleanMime(input.mime),
        name: input.name?.trim() ? input.name.trim().slice(0, 200) : null,
        size,
        bytes: input.bytes as Uint8Array<ArrayBuffer>,
        ticketless: input.ticketless ?? false,
      },
      select: { id: true },
    });
    return { id: row.id, ref: `${MEDIA_REF_PREFIX}${row.id}`, size, duplicate: false };
  } catch (e) {
    // The same file saved at the same moment by another job: that row is this one.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      const row = await found();
      if (row) return { id: row.id, ref: `${MEDIA_REF_PREFIX}${row.id}`, size, duplicate: true };
    }
    throw e;
  }
}

/** A stored file with its bytes; null when there is none with this id. */
export async function readMedia(db: Db, id: number): Promise<StoredMedia | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const row = await db.media.findUnique({ where: { id } });
  if (!row) return null;
  return {
    id: row.id,
    channel: row.channel,
    mime: row.mime,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    bytes: Buffer.from(row.bytes),
    createdAt: row.createdAt,
  };
}

/** What staff posts say about stored files (no bytes). */
export async function describeMedia(
  db: Pick<Db, 'media'>,
  ids: readonly number[],
): Promise<Map<number, { mime: string; name: string | null; size: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.media.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, mime: true, name: true, size: true },
  });
  return new Map(rows.map((r) => [r.id, { mime: r.mime, name: r.name, size: r.size }]));
}
