import { describe, expect, it } from 'vitest';
import { loadConfig, splitStaffUser } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

describe('configuration', () => {
  it('runs on the embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: undefined,
      redisUrl: 'redis://127.0.0.1:6379',
      redisUrlExplicit: false,
      port: 3000,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it('reads team groups, staff and admins as lists, and names a malformed entry', () => {
    const c = loadConfig({
      TEAM_GROUPS: 'simpeg=telegram:-100123, srikandi=slack:C0123',
      HELPDESK_STAFF: 'pengelola-teknis:telegram:42@simpeg',
      HELPDESK_ADMINS: 'telegram:7',
    });
    expect(c.teamGroups).toEqual(['simpeg=telegram:-100123', 'srikandi=slack:C0123']);
    expect(c.staff).toEqual(['pengelola-teknis:telegram:42@simpeg']);
    expect(c.admins).toEqual(['telegram:7']);
    expect(() => loadConfig({ TEAM_GROUPS: 'simpeg=fax:123' })).toThrow(
      /TEAM_GROUPS.*kodeLayanan=kanal:idGrup/s,
    );
  });

  it('writes WhatsApp admins in one form, reads staff by number or @lid, and refuses what is no number', () => {
    const c = loadConfig({
      HELPDESK_ADMINS: 'whatsapp:+62812-3456-7890,whatsapp:081200000001,whatsapp:185727391514849@lid',
      HELPDESK_STAFF:
        'pengelola-teknis:whatsapp:0812-3456-7890@simpeg,koordinator:whatsapp:185727391514849@lid,penyedia:whatsapp:6281200000002@c.us@simpeg',
    });
    expect(c.admins).toEqual([
      'whatsapp:6281234567890@c.us',
      'whatsapp:6281200000001@c.us',
      'whatsapp:185727391514849@lid',
    ]);
    expect(splitStaffUser('185727391514849@lid')).toEqual({
      userId: '185727391514849@lid',
      serviceCode: undefined,
    });
    expect(splitStaffUser('6281200000002@c.us@simpeg')).toEqual({
      userId: '6281200000002@c.us',
      serviceCode: 'simpeg',
    });
    expect(splitStaffUser('42@simpeg')).toEqual({ userId: '42', serviceCode: 'simpeg' });
    expect(() => loadConfig({ HELPDESK_ADMINS: 'whatsapp:budi' })).toThrow(
      /HELPDESK_ADMINS: "budi" bukan nomor WhatsApp/,
    );
    expect(() => loadConfig({ HELPDESK_STAFF: 'koordinator:whatsapp:12345' })).toThrow(
      /HELPDESK_STAFF: "12345" bukan nomor WhatsApp/,
    );
  });

  it('reads the media settings, and refuses a short link secret', () => {
    expect(loadConfig({})).toMatchObject({
      mediaMaxBytes: 16 * 1024 * 1024,
      mediaLinkSecret: undefined,
      mediaLinkTtlMs: 7 * 24 * 3_600_000,
      publicUrl: undefined,
    });
    expect(
      loadConfig({ MEDIA_MAX_MB: '2', PUBLIC_URL: 'https://helpdesk.example.go.id/', MEDIA_LINK_DAYS: '1' }),
    ).toMatchObject({
      mediaMaxBytes: 2 * 1024 * 1024,
      publicUrl: 'https://helpdesk.example.go.id',
      mediaLinkTtlMs: 24 * 3_600_000,
    });
    expect(() => loadConfig({ MEDIA_LINK_SECRET: 'pendek' })).toThrow(/MEDIA_LINK_SECRET: paling sedikit 32/);
    expect(() => loadConfig({ MEDIA_MAX_MB: '0' })).toThrow(/MEDIA_MAX_MB/);
  });

  it('reads the owner lock ttl (default 30 s) and the simulator as an exclusive channel, in Indonesian when wrong', () => {
    expect(loadConfig({})).toMatchObject({ ownerLockTtlMs: 30_000, simulatorExclusive: false });
    expect(loadConfig({ OWNER_LOCK_TTL_SECONDS: '3', SIMULATOR_EXCLUSIVE: '1' })).toMatchObject({
      ownerLockTtlMs: 3_000,
      simulatorExclusive: true,
    });
    expect(() => loadConfig({ OWNER_LOCK_TTL_SECONDS: '0.5' })).toThrow(
      /OWNER_LOCK_TTL_SECONDS: paling sedikit 1 detik/,
    );
    expect(() => loadConfig({ OWNER_LOCK_TTL_SECONDS: 'lama' })).toThrow(
      /OWNER_LOCK_TTL_SECONDS: harus angka/,
    );
    expect(() => loadConfig({ SIMULATOR_EXCLUSIVE: 'ya' })).toThrow(
      /SIMULATOR_EXCLUSIVE: isi 1 \(ya\) atau 0/,
    );
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        PORT: 'tiga ribu',
        LOG_LEVEL: 'loud',
        REDIS_URL: 'localhost:6379',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'REDIS_URL']) expect(message).toContain(name);
  });

  it('refuses to open the simulator to the network without SIMULATOR_TOKEN, and says so', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(
      /SIMULATOR_TOKEN: wajib diisi karena HOST=0\.0\.0\.0/,
    );
    expect(() => loadConfig({ HOST: '10.1.2.3', CHANNELS: 'simulator' })).toThrow(ConfigError);
    expect(loadConfig({ HOST: '0.0.0.0', SIMULATOR_TOKEN: 'a'.repeat(32) }).simulatorToken).toBe(
      'a'.repeat(32),
    );
    // Loopback needs no token: the quick start stays two commands.
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
      expect(loadConfig({ HOST: host }).simulatorToken).toBeUndefined();
    expect(() => loadConfig({ SIMULATOR_TOKEN: 'pendek' })).toThrow(/SIMULATOR_TOKEN.*16 karakter/s);
  });

  it('reads the admin token (≥ 16 characters) and where the WhatsApp session is kept', () => {
    expect(loadConfig({})).toMatchObject({ adminToken: undefined, whatsappAuth: 'local' });
    expect(loadConfig({ ADMIN_TOKEN: 'b'.repeat(24), WHATSAPP_AUTH: 'remote' })).toMatchObject({
      adminToken: 'b'.repeat(24),
      whatsappAuth: 'remote',
    });
    expect(() => loadConfig({ ADMIN_TOKEN: 'pendek' })).toThrow(/ADMIN_TOKEN.*16 karakter/s);
    expect(() => loadConfig({ WHATSAPP_AUTH: 's3' })).toThrow(/WHATSAPP_AUTH.*local.*remote/s);
  });
});
