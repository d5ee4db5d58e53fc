/**
 * The WhatsApp session in PostgreSQL: the store on its own (the four calls RemoteAuth makes), and the
 * library's own RemoteAuth zipping a Chromium profile into the real database and restoring it on a
 * machine with an empty disk — no browser, no WhatsApp.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PrismaPg } from '@prisma/adapter-pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type wweb from 'whatsapp-web.js';
import { createPgSessionStore } from '../../../adapters/whatsapp/pg-store.ts';
import { createRemoteAuth } from '../../../adapters/whatsapp/remote-auth.ts';
import { PrismaClient } from '../../../src/generated/prisma/client.ts';
import { tempDir } from '../../support/app.ts';
import { useTestDatabase } from '../../support/db.ts';

const db = useTestDatabase();

/** A zip of `files` (name → content, stored uncompressed), written by hand as the zip format says. */
function writeZip(file: string, files: Record<string, Buffer | string>): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const n = Buffer.from(name);
    const crc = zlib.crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x21, 12); // 1980-01-01
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    local.push(head, n, data);
    central.push(dir, n);
    offset += head.length + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  const zip = Buffer.concat([...local, cd, end]);
  fs.writeFileSync(file, zip);
  return zip;
}

/** Every file under `dir`, as relative path → content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

describe('the WhatsApp session store in PostgreSQL', () => {
  it('saves the zip RemoteAuth left in the data folder, and gives the same bytes back after the file is gone', async () => {
    const dataPath = tempDir('wa-store');
    const store = createPgSessionStore(db.prisma, { dataPath });
    const session = 'RemoteAuth-helpdesk';
    expect(await store.sessionExists({ session })).toBe(false);

    const zipPath = path.join(dataPath, `${session}.zip`);
    const first = writeZip(zipPath, { 'Default/Local Storage/leveldb/000003.log': randomBytes(50_000) });
    await store.save({ session });
    fs.rmSync(zipPath);
    expect(await store.sessionExists({ session })).toBe(true);

    const restored = path.join(tempDir('wa-restore'), 'nested', `${session}.zip`);
    await store.extract({ session, path: restored });
    expect(Buffer.compare(fs.readFileSync(restored), first)).toBe(0);

    // A later backup replaces it: still one row per session.
    const second = writeZip(zipPath, { 'Default/IndexedDB/x': 'baru' });
    await store.save({ session });
    await store.extract({ session, path: restored });
    expect(Buffer.compare(fs.readFileSync(restored), second)).toBe(0);
    expect(await db.prisma.whatsAppSession.count()).toBe(1);

    // A cut-off archive (the disk filled up while zipping) does not replace the last good one, and a
    // missing file neither throws (RemoteAuth does not await every save) nor loses it.
    fs.writeFileSync(zipPath, second.subarray(0, second.length - 30));
    await store.save({ session });
    fs.rmSync(zipPath);
    await store.save({ session });
    await store.extract({ session, path: restored });
    expect(Buffer.compare(fs.readFileSync(restored), second)).toBe(0);

    // Another number's session is its own row.
    writeZip(path.join(dataPath, 'RemoteAuth-lain.zip'), { a: 'b' });
    await store.save({ session: 'RemoteAuth-lain' });
    expect(await db.prisma.whatsAppSession.count()).toBe(2);

    await store.delete({ session });
    expect(await store.sessionExists({ session })).toBe(false);
    expect(await store.sessionExists({ session: 'RemoteAuth-lain' })).toBe(true);
    await expect(store.extract({ session, path: restored })).rejects.toThrow(/no stored WhatsApp session/);
    await store.delete({ session: 'RemoteAuth-lain' });
  });

  it('carries a linked profile through RemoteAuth (the library’s, mended) to a machine with an empty disk, and logout deletes it', async () => {
    const clientId = 'helpdesk';
    /** What the Client gives its auth strategy: its options and its events. */
    const fakeClient = () => {
      const events: string[] = [];
      return { options: { puppeteer: {} }, emit: (e: string) => events.push(e), events };
    };
    const remoteAuth = (dataPath: string, client: ReturnType<typeof fakeClient>) => {
      const auth = createRemoteAuth({ db: db.prisma, clientId, dataPath });
      auth.setup(client as unknown as wweb.Client);
      return auth as wweb.AuthStrategy & { storeRemoteSession(o?: { emit?: boolean }): Promise<void> };
    };

    // First machine: nothing stored, so RemoteAuth starts an empty profile; Chromium fills it on linking.
    const diskA = tempDir('wa-disk-a');
    const clientA = fakeClient();
    const a = remoteAuth(diskA, clientA);
    await a.beforeBrowserInitialized();
    const profileA = path.join(diskA, `RemoteAuth-${clientId}`);
    expect(clientA.options.puppeteer).toEqual({ userDataDir: profileA });
    const linked = {
      'Default/Local Storage/leveldb/000003.log': randomBytes(80_000),
      'Default/Local Storage/leveldb/CURRENT': 'MANIFEST-000001\n',
      'Default/IndexedDB/https_web.whatsapp.com_0.indexeddb.leveldb/000005.ldb': randomBytes(120_000),
    };
    for (const [rel, content] of Object.entries(linked)) {
      fs.mkdirSync(path.dirname(path.join(profileA, rel)), { recursive: true });
      fs.writeFileSync(path.join(profileA, rel), content);
    }
    // Not needed to restore a session: RemoteAuth leaves it out of the zip.
    fs.mkdirSync(path.join(profileA, 'Default/Cache'), { recursive: true });
    fs.writeFileSync(path.join(profileA, 'Default/Cache/data_0'), randomBytes(1000));

    await a.storeRemoteSession({ emit: true });
    expect(clientA.events).toContain('remote_session_saved');
    const row = await db.prisma.whatsAppSession.findUniqueOrThrow({
      where: { session: `RemoteAuth-${clientId}` },
    });
    expect(row.data.length).toBeGreaterThan(1000);
    // The zip was only on its way: nothing of it is left on the disk.
    expect(fs.readdirSync(diskA).sort()).toEqual([`RemoteAuth-${clientId}`]);

    // Second machine, empty disk: the profile comes back from PostgreSQL, byte for byte.
    const diskB = tempDir('wa-disk-b');
    const clientB = fakeClient();
    const b = remoteAuth(diskB, clientB);
    await b.beforeBrowserInitialized();
    const profileB = path.join(diskB, `RemoteAuth-${clientId}`);
    const want = Object.fromEntries(
      Object.entries(linked).map(([k, v]) => [
        path.normalize(k),
        createHash('sha256').update(v).digest('hex'),
      ]),
    );
    // Complete as soon as the strategy says so: Chromium starts on it next.
    expect(tree(profileB)).toEqual(want);
    expect(fs.existsSync(path.join(diskB, `RemoteAuth-${clientId}.zip`))).toBe(false);

    // Logged out: the stored session and the profile are gone; the next start needs a new link.
    await b.logout();
    expect(await db.prisma.whatsAppSession.count({ where: { session: `RemoteAuth-${clientId}` } })).toBe(0);
    expect(fs.existsSync(profileB)).toBe(false);
  });

  it('keeps running when a backup cannot reach the database: logged, no unhandled rejection, nothing left on disk', async () => {
    const away = new PrismaClient({
      adapter: new PrismaPg({
        connectionString: 'postgresql://postgres@127.0.0.1:1/tidak_ada',
        connectionTimeoutMillis: 500,
      }),
    });
    const warnings: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    const dataPath = tempDir('wa-away');
    const auth = createRemoteAuth({ db: away, clientId: 'helpdesk', dataPath, log }) as wweb.AuthStrategy & {
      storeRemoteSession(o?: { emit?: boolean }): Promise<void>;
    };
    const client = { options: { puppeteer: {} }, emit: () => true };
    auth.setup(client as unknown as wweb.Client);
    // Starting needs the database (is there a session to restore?): that fails, and says so.
    await expect(auth.beforeBrowserInitialized()).rejects.toThrow();
    fs.mkdirSync(path.join(dataPath, 'RemoteAuth-helpdesk/Default/Local Storage'), { recursive: true });
    fs.writeFileSync(path.join(dataPath, 'RemoteAuth-helpdesk/Default/Local Storage/x'), 'y');
    (auth as unknown as { userDataDir: string }).userDataDir = path.join(dataPath, 'RemoteAuth-helpdesk');
    // What the Client calls without awaiting it once linked, and what the library's timer runs: both
    // settle without throwing.
    await expect(auth.afterAuthReady()).resolves.toBeUndefined();
    expect(warnings.join('\n')).toMatch(/could not check or store the WhatsApp session/);
    await expect(auth.storeRemoteSession()).resolves.toBeUndefined();
    expect(warnings.join('\n')).toMatch(/could not store the WhatsApp session/);
    expect(fs.readdirSync(dataPath)).toEqual(['RemoteAuth-helpdesk']);
    await away.$disconnect();
  });
});
