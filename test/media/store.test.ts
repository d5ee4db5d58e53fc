/**
 * The media store on the real database, its signed links, and GET /media/:id as a browser or a phone
 * would fetch it.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { registerMediaRoutes } from '../../src/http/media.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { storeDownloaded } from '../../src/media/inbound.ts';
import { checkMediaLink, mediaLink } from '../../src/media/link.ts';
import { mediaIdOf, readMedia, saveMedia } from '../../src/media/store.ts';
import { silentLog } from '../support/app.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
const SECRET = 'k'.repeat(40);
const MB = 1024 * 1024;
const inAWeek = () => new Date(Date.now() + 7 * 24 * 3_600_000);

describe('saveMedia / readMedia', () => {
  it('stores the bytes and reads them back whole', async () => {
    const bytes = randomBytes(300_000);
    const saved = await saveMedia(db.prisma, {
      channel: 'telegram',
      bytes,
      mime: 'image/JPEG',
      name: 'layar.jpg',
    });
    if (saved.tooLarge) throw new Error('refused');
    expect(saved).toMatchObject({ ref: `media:${saved.id}`, size: 300_000, duplicate: false });
    expect(mediaIdOf(saved.ref)).toBe(saved.id);
    const read = await readMedia(db.prisma, saved.id);
    expect(read).toMatchObject({ channel: 'telegram', mime: 'image/jpeg', name: 'layar.jpg', size: 300_000 });
    expect(read?.bytes.equals(bytes)).toBe(true);
    expect(await readMedia(db.prisma, 999_999)).toBeNull();
  });

  it('stores the same content once, however often and from wherever it comes', async () => {
    const bytes = randomBytes(1000);
    const [a, b] = await Promise.all([
      saveMedia(db.prisma, { channel: 'telegram', bytes, mime: 'application/pdf', name: 'surat.pdf' }),
      saveMedia(db.prisma, { channel: 'slack', bytes: Buffer.from(bytes), mime: 'application/pdf' }),
    ]);
    const c = await saveMedia(db.prisma, { channel: 'whatsapp', bytes, mime: 'application/pdf' });
    expect(a.tooLarge || b.tooLarge || c.tooLarge).toBeFalsy();
    const ids = new Set([a, b, c].map((r) => (r.tooLarge ? 0 : r.id)));
    expect(ids.size).toBe(1);
    expect(c).toMatchObject({ duplicate: true });
    expect(await db.prisma.media.count({ where: { id: { in: [...ids] } } })).toBe(1);
  });

  it('refuses a file over the cap, storing nothing, with what to tell the sender', async () => {
    const before = await db.prisma.media.count();
    const big = Buffer.alloc(2 * MB + 1, 7);
    expect(
      await saveMedia(db.prisma, { channel: 'telegram', bytes: big, mime: 'video/mp4' }, 2 * MB),
    ).toEqual({
      tooLarge: true,
      limitMb: 2,
      size: 2 * MB + 1,
    });
    // The default cap is 16 MB.
    const over16 = Buffer.alloc(16 * MB + 1);
    expect(
      (await saveMedia(db.prisma, { channel: 'telegram', bytes: over16, mime: 'video/mp4' })).tooLarge,
    ).toBe(true);
    expect(await db.prisma.media.count()).toBe(before);
    const exact = await saveMedia(
      db.prisma,
      { channel: 'telegram', bytes: Buffer.alloc(2 * MB, 1), mime: 'x/y' },
      2 * MB,
    );
    expect(exact.tooLarge).toBeUndefined();
  });

  it('keeps a file sent outside any report marked, until it comes in a report', async () => {
    const bytes = randomBytes(500);
    const first = await saveMedia(db.prisma, {
      channel: 'slack',
      bytes,
      mime: 'image/png',
      ticketless: true,
    });
    if (first.tooLarge) throw new Error('refused');
    expect((await db.prisma.media.findUniqueOrThrow({ where: { id: first.id } })).ticketless).toBe(true);
    await saveMedia(db.prisma, { channel: 'slack', bytes, mime: 'image/png' });
    expect((await db.prisma.media.findUniqueOrThrow({ where: { id: first.id } })).ticketless).toBe(false);
  });
});

describe('storeDownloaded (a channel storing its files before it hands the message over)', () => {
  it('turns the platform reference into media:<id>, or marks a file over the cap refused', async () => {
    // As WhatsApp's msg.downloadMedia() gives it: base64 data, the type, maybe a file name.
    const media = {
      mimetype: 'application/pdf',
      data: randomBytes(3000).toString('base64'),
      filename: 'sk.pdf',
    };
    const a = { kind: 'document' as const, ref: 'false_62812@c.us_3EB0ABC' };
    const stored = await storeDownloaded(
      db.prisma,
      'whatsapp',
      a,
      { bytes: Buffer.from(media.data, 'base64'), mime: media.mimetype, name: media.filename },
      MB,
    );
    expect(stored).toMatchObject({
      kind: 'document',
      ref: expect.stringMatching(/^media:\d+$/),
      name: 'sk.pdf',
      size: 3000,
      mime: 'application/pdf',
      source: a.ref,
    });
    const read = await readMedia(db.prisma, mediaIdOf(stored.ref) as number);
    expect(read?.bytes.equals(Buffer.from(media.data, 'base64'))).toBe(true);
    const refused = await storeDownloaded(
      db.prisma,
      'whatsapp',
      { kind: 'video', ref: 'wamid.9' },
      { bytes: Buffer.alloc(MB + 1), mime: 'video/mp4' },
      MB,
    );
    expect(refused).toEqual({ kind: 'video', ref: 'wamid.9', size: MB + 1, refused: 'too_large' });
  });
});

describe('signed links', () => {
  it('accepts its own unexpired link, and tells an expired one from a forged one', () => {
    const link = mediaLink(42, SECRET, inAWeek());
    const q = new URL(link, 'http://x').searchParams;
    expect(link).toMatch(/^\/media\/42\?exp=\d+&sig=[0-9a-f]{64}$/);
    const exp = q.get('exp') ?? '';
    const sig = q.get('sig') ?? '';
    expect(checkMediaLink(42, exp, sig, SECRET)).toBe('ok');
    expect(checkMediaLink(42, exp, sig, SECRET, Number(exp) * 1000 + 1)).toBe('expired');
    // Another file, a later expiry, another secret, a changed signature: all forged.
    expect(checkMediaLink(43, exp, sig, SECRET)).toBe('forged');
    expect(checkMediaLink(42, String(Number(exp) + 3600), sig, SECRET)).toBe('forged');
    expect(checkMediaLink(42, exp, sig, 'z'.repeat(40))).toBe('forged');
    expect(checkMediaLink(42, exp, `${sig.slice(0, 63)}${sig.endsWith('0') ? '1' : '0'}`, SECRET)).toBe(
      'forged',
    );
    expect(checkMediaLink(42, undefined, undefined, SECRET)).toBe('forged');
    expect(checkMediaLink(42, 'abc', 'not-hex', SECRET)).toBe('forged');
  });
});

describe('GET /media/:id', () => {
  const app = (secret: string | undefined) => {
    const http = createHttpServer({
      log: silentLog,
      health: { database: async () => true, redis: async () => true },
    });
    registerMediaRoutes(http, { db: db.prisma, secret });
    return http;
  };
  const save = async (bytes: Buffer, mime: string, name?: string) => {
    const r = await saveMedia(db.prisma, { channel: 'telegram', bytes, mime, name });
    if (r.tooLarge) throw new Error('refused');
    return r.id;
  };

  it('serves a picture inline and any other file as a download, never sniffed', async () => {
    const http = app(SECRET);
    const photo = randomBytes(2000);
    const photoId = await save(photo, 'image/jpeg');
    const res = await http.inject({ method: 'GET', url: mediaLink(photoId, SECRET, inAWeek()) });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(photo)).toBe(true);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="lampiran-\d+\.jpg"/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');

    const page = Buffer.from('<script>alert(1)</script>');
    const pageId = await save(page, 'text/html', 'laporan "akhir".html');
    const html = await http.inject({ method: 'GET', url: mediaLink(pageId, SECRET, inAWeek()) });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-disposition']).toBe(
      `attachment; filename="laporan _akhir_.html"; filename*=UTF-8''${encodeURIComponent('laporan "akhir".html')}`,
    );
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect(html.headers['content-security-policy']).toContain('sandbox');
    // SVG can carry script: a download too.
    const svgId = await save(Buffer.from('<svg/>'), 'image/svg+xml');
    const svg = await http.inject({ method: 'GET', url: mediaLink(svgId, SECRET, inAWeek()) });
    expect(svg.headers['content-disposition']).toMatch(/^attachment;/);
    await http.close();
  });

  it('refuses a forged or expired link, an unknown file, and every link when no secret is set', async () => {
    const http = app(SECRET);
    const id = await save(randomBytes(100), 'application/pdf');
    const good = mediaLink(id, SECRET, inAWeek());
    const forged = good.replace(/sig=./, (m) => (m.endsWith('a') ? 'sig=b' : 'sig=a'));
    const refused = await http.inject({ method: 'GET', url: forged });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'Tautan berkas tidak sah.' });
    expect((await http.inject({ method: 'GET', url: `/media/${id}` })).statusCode).toBe(403);
    expect(
      (
        await http.inject({
          method: 'GET',
          url: mediaLink(id + 1, SECRET, inAWeek()).replace(`/media/${id + 1}`, `/media/${id}`),
        })
      ).statusCode,
    ).toBe(403);
    const expired = await http.inject({
      method: 'GET',
      url: mediaLink(id, SECRET, new Date(Date.now() - 1000)),
    });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error).toMatch(/kedaluwarsa/);
    const unknown = await http.inject({ method: 'GET', url: mediaLink(987_654, SECRET, inAWeek()) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'Berkas tidak ditemukan.' });
    await http.close();
    const closed = app(undefined);
    expect((await closed.inject({ method: 'GET', url: good })).statusCode).toBe(404);
    await closed.close();
  });
});
