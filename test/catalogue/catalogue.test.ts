import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import { syncCatalogue } from '../../src/catalogue/sync.ts';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { ContentError } from '../../src/errors.ts';
import { useTestDatabase } from '../support/db.ts';

const DEFAULT_FILE = path.join(ROOT_DIR, 'prisma/seed/catalogue.yaml');
const db = useTestDatabase();

function writeTemp(content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'katalog-')), 'catalogue.yaml');
  fs.writeFileSync(file, content);
  return file;
}

const VALID_SERVICE = `
    name: Reset Password E-Mail
    description: Reset
    group: akun
    kinds: [request]
    classification: NORMAL
    nature: ADMINISTRASI
    provider: Aptika
    manager: Aptika
    technical_team: Aptika
    access: helpdesk
    availability_target: 95%
    help_contact: helpdesk
    help_hours: 08.00-16.00
    availability: 24/7`;

describe('default catalogue', () => {
  const catalogue = loadCatalogue(DEFAULT_FILE);

  it('has the six service groups of Tabel 4.2 with their fulfilment targets', () => {
    const targets = Object.fromEntries(catalogue.groups.map((g) => [g.name, g.target]));
    expect(targets).toEqual({
      'Akun Layanan': { value: 3, unit: 'hours' },
      'Hosting Aplikasi': { value: 14, unit: 'days' },
      'Dukungan Perangkat Lunak': { value: 1, unit: 'days' },
      'Infrastruktur Jaringan': { value: 3, unit: 'days' },
      'Perangkat Perkantoran': { value: 3, unit: 'days' },
      'Video Conferencing': { value: 3, unit: 'days' },
    });
  });

  it('offers the example services of the regulation and named applications as incident targets', () => {
    const names = catalogue.services.map((s) => s.name);
    for (const n of [
      'Pembuatan Akun E-Mail',
      'Reset Password E-Mail',
      'Perubahan Hak Akses',
      'SRIKANDI',
      'Hosting Aplikasi',
      'Dukungan Perangkat Lunak Berlisensi',
      'Pemasangan Titik Jaringan LAN/WLAN',
      'Perangkat Perkantoran',
      'Video Conference / Live Streaming',
      'Pengembangan Aplikasi',
      'Permintaan Perubahan Aplikasi',
      'Penetration Testing',
      'SIMPEG',
    ])
      expect(names).toContain(n);
    const simpeg = catalogue.services.find((s) => s.code === 'simpeg');
    expect(simpeg).toMatchObject({ requestable: false, reportable: true, fulfilment: null });
  });

  it('takes a service’s own fulfilment target over its group’s (SRIKANDI: 1 jam)', () => {
    const srikandi = catalogue.services.find((s) => s.code === 'srikandi');
    expect(srikandi?.fulfilment).toEqual({ value: 1, unit: 'hours' });
    expect(catalogue.services.find((s) => s.code === 'email-reset')?.fulfilment).toEqual({
      value: 3,
      unit: 'hours',
    });
  });
});

describe('the default catalogue against the seed’s example catalogue (002:382-446)', () => {
  const catalogue = loadCatalogue(DEFAULT_FILE);
  const byCode = (code: string) => catalogue.services.find((s) => s.code === code);

  it('invents no availability target: none is set where the seed gives none (002:364)', () => {
    expect(catalogue.services.filter((s) => s.availabilityTarget !== null).map((s) => s.code)).toEqual([]);
  });

  it('warns, without failing, about every Kritis and Esensial service without one (002:364 "wajib")', () => {
    expect(catalogue.warnings).toHaveLength(1);
    const [warning] = catalogue.warnings;
    expect(warning).toMatch(/wajib punya target ketersediaan/);
    for (const s of catalogue.services) {
      const named = warning?.includes(`(${s.code}, `);
      expect(named, s.code).toBe(s.classification !== 'NORMAL');
    }
  });

  it('has SRIKANDI as the seed has it (002:435-446)', () => {
    expect(byCode('srikandi')).toMatchObject({
      name: 'SRIKANDI',
      description:
        'Layanan terkait Sistem Informasi Kearsipan Dinamis Terintegrasi, di antaranya: create account, reset password',
      providerName: 'ANRI',
      managerName: 'Staf di Seksi X pada Direktorat Y',
      technicalTeamName: 'Kemenkominfo',
      accessInfo: 'https://arsip.go.id',
      helpContact: 'helpdesk@arsip.go.id',
      helpHours: '08.00 – 16.00',
      fulfilment: { value: 1, unit: 'hours' },
      availability: '24/7',
      availabilityTarget: null,
      clock24: true,
    });
  });

  it('has the seed’s e-mail and application services with the Bidang Aptika Diskominfo as every role (002:406-425)', () => {
    for (const [code, name] of [
      ['email-akun', 'Pembuatan Akun E-Mail'],
      ['email-reset', 'Reset Password E-Mail'],
      ['pengembangan-aplikasi', 'Pengembangan Aplikasi'],
      ['perubahan-aplikasi', 'Permintaan Perubahan Aplikasi'],
      ['pentest', 'Penetration Testing'],
    ] as const)
      expect(byCode(code), code).toMatchObject({
        name,
        providerName: 'Bidang Aptika Diskominfo',
        managerName: 'Bidang Aptika Diskominfo',
        technicalTeamName: 'Bidang Aptika Diskominfo',
        availability: '24/7',
      });
  });
});

// What each entry takes: R a service request, I an incident report.
const KINDS: Record<string, 'R' | 'I' | 'RI'> = {
  'email-akun': 'R',
  'email-reset': 'R',
  'akun-aplikasi': 'R',
  'hak-akses': 'R',
  srikandi: 'RI',
  hosting: 'R',
  pentest: 'R',
  lisensi: 'R',
  jaringan: 'R',
  internet: 'I',
  email: 'I',
  'pusat-data': 'I',
  'perangkat-kantor': 'RI',
  vicon: 'RI',
  'pengembangan-aplikasi': 'R',
  'perubahan-aplikasi': 'R',
  konsultasi: 'R',
  simpeg: 'I',
  ekinerja: 'I',
  lpse: 'I',
  jdih: 'I',
  sipd: 'I',
  'website-pemda': 'I',
};
const kindsOf = (s: { requestable: boolean; reportable: boolean }) =>
  `${s.requestable ? 'R' : ''}${s.reportable ? 'I' : ''}`;

describe('the kinds of ticket each entry takes', () => {
  const catalogue = loadCatalogue(DEFAULT_FILE);

  it('are read from `kinds` for every entry of the default catalogue', () => {
    expect(Object.fromEntries(catalogue.services.map((s) => [s.code, kindsOf(s)]))).toEqual(KINDS);
  });

  it('give every requestable entry a fulfilment target', () => {
    for (const s of catalogue.services.filter((x) => x.requestable))
      expect(s.fulfilment, s.code).not.toBeNull();
  });

  it('leave no alias naming two entries of the same kind', () => {
    for (const kind of ['requestable', 'reportable'] as const) {
      const owner = new Map<string, string>();
      for (const s of catalogue.services.filter((x) => x[kind])) {
        for (const alias of s.aliases) {
          const key = alias.toLowerCase().trim();
          expect(owner.get(key), `${kind}: "${alias}" in ${s.code}`).toBeUndefined();
          owner.set(key, s.code);
        }
      }
    }
  });

  it('keep "internet" and "koneksi" off the LAN/WLAN point request: those are outages', () => {
    const jaringan = catalogue.services.find((s) => s.code === 'jaringan');
    expect(jaringan?.aliases).not.toContain('internet');
    expect(jaringan?.aliases).not.toContain('koneksi');
    expect(catalogue.services.find((s) => s.code === 'internet')?.aliases).toEqual(
      expect.arrayContaining(['internet', 'wifi', 'wi-fi', 'internet kantor', 'jaringan lemot']),
    );
  });

  it('classify the new infrastructure entries by Tabel 4.1 (regional: Esensial)', () => {
    const pick = (code: string) => {
      const s = catalogue.services.find((x) => x.code === code);
      return s && { classification: s.classification, nature: s.nature, fulfilment: s.fulfilment };
    };
    expect(pick('internet')).toEqual({
      classification: 'ESENSIAL',
      nature: 'ADMINISTRASI',
      fulfilment: null,
    });
    expect(pick('email')).toEqual({ classification: 'ESENSIAL', nature: 'ADMINISTRASI', fulfilment: null });
    expect(pick('pusat-data')).toEqual({ classification: 'ESENSIAL', nature: 'PUBLIK', fulfilment: null });
    expect(catalogue.services.find((s) => s.code === 'akun-aplikasi')).toMatchObject({
      name: 'Akun & Password Aplikasi',
      groupCode: 'akun',
      fulfilment: { value: 3, unit: 'hours' },
    });
  });
});

describe('loading the catalogue into the database', () => {
  it('is idempotent: loading twice leaves one row per service', async () => {
    const catalogue = loadCatalogue(DEFAULT_FILE);
    await syncCatalogue(db.prisma, catalogue);
    await syncCatalogue(db.prisma, catalogue);
    expect(await db.prisma.service.count()).toBe(catalogue.services.length);
    expect(await db.prisma.serviceGroup.count()).toBe(6);
    const srikandi = await db.prisma.service.findUniqueOrThrow({ where: { code: 'srikandi' } });
    expect(srikandi).toMatchObject({ classification: 'KRITIS', fulfilmentValue: 1, fulfilmentUnit: 'hours' });
  });

  it('writes the kinds: requestable and reportable per entry', async () => {
    const catalogue = loadCatalogue(DEFAULT_FILE);
    await syncCatalogue(db.prisma, catalogue);
    const rows = await db.prisma.service.findMany({ where: { active: true } });
    expect(Object.fromEntries(rows.map((s) => [s.code, kindsOf(s)]))).toEqual(KINDS);
    // An edit of the kinds reaches the row on the next load.
    const edited = {
      ...catalogue,
      services: catalogue.services.map((s) => (s.code === 'hosting' ? { ...s, reportable: true } : s)),
    };
    await syncCatalogue(db.prisma, edited);
    expect(await db.prisma.service.findUniqueOrThrow({ where: { code: 'hosting' } })).toMatchObject({
      requestable: true,
      reportable: true,
    });
    await syncCatalogue(db.prisma, catalogue);
    expect(await db.prisma.service.findUniqueOrThrow({ where: { code: 'hosting' } })).toMatchObject({
      reportable: false,
    });
  });

  it('applies edits and deactivates a service removed from the file without deleting it', async () => {
    const catalogue = loadCatalogue(DEFAULT_FILE);
    const edited = {
      ...catalogue,
      services: catalogue.services
        .filter((s) => s.code !== 'jdih')
        .map((s) => (s.code === 'simpeg' ? { ...s, helpHours: '07.30–15.30' } : s)),
    };
    const result = await syncCatalogue(db.prisma, edited);
    expect(result.deactivated).toBe(1);
    expect(await db.prisma.service.findUniqueOrThrow({ where: { code: 'jdih' } })).toMatchObject({
      active: false,
    });
    expect(await db.prisma.service.findUniqueOrThrow({ where: { code: 'simpeg' } })).toMatchObject({
      helpHours: '07.30–15.30',
    });
    await syncCatalogue(db.prisma, catalogue);
    expect(await db.prisma.service.findUniqueOrThrow({ where: { code: 'jdih' } })).toMatchObject({
      active: true,
    });
  });
});

describe('a malformed catalogue file', () => {
  const groups = 'groups:\n  - { code: akun, name: Akun Layanan, target: 3 jam }\n';

  it.each([
    ['broken YAML', 'groups: [\n', 'file'],
    ['no services', groups, 'services'],
    [
      'a bad group target',
      'groups:\n  - { code: akun, name: Akun, target: sebentar }\nservices: []\n',
      'groups[0].target',
    ],
    [
      'an unknown classification',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('NORMAL', 'PENTING')}\n`,
      'services[0] (email-reset).classification',
    ],
    [
      'an unknown group',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('group: akun', 'group: surat')}\n`,
      'services[0] (email-reset).group',
    ],
    [
      'a missing name',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('name: Reset Password E-Mail', '')}\n`,
      'services[0] (email-reset).name',
    ],
    ['a bad code', `${groups}services:\n  - code: Email Reset${VALID_SERVICE}\n`, 'services[0].code'],
    [
      'no kinds',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('    kinds: [request]\n', '')}\n`,
      'services[0] (email-reset).kinds',
    ],
    [
      'empty kinds',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('[request]', '[]')}\n`,
      'services[0] (email-reset).kinds',
    ],
    [
      'an unknown kind',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('[request]', '[request, gangguan]')}\n`,
      'services[0] (email-reset).kinds',
    ],
    [
      'kinds that are not a list',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('[request]', 'request')}\n`,
      'services[0] (email-reset).kinds',
    ],
    [
      'the old requestable key',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('kinds: [request]', 'requestable: true')}\n`,
      'services[0] (email-reset).requestable',
    ],
    [
      'a duplicate code',
      `${groups}services:\n  - code: email-reset${VALID_SERVICE}\n  - code: email-reset${VALID_SERVICE}\n`,
      'services[1] (email-reset)',
    ],
  ])('with %s names the file and the entry', (_what, content, entry) => {
    const file = writeTemp(content);
    let error: unknown;
    try {
      loadCatalogue(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).entry).toBe(entry);
    expect((error as ContentError).message).toContain(file);
  });

  it('says what is wrong with the kinds, in Indonesian', () => {
    const message = (content: string) => {
      try {
        loadCatalogue(writeTemp(content));
      } catch (e) {
        return (e as ContentError).message;
      }
      throw new Error('expected a ContentError');
    };
    const file = (service: string) => `${groups}services:\n  - code: email-reset${service}\n`;
    expect(message(file(VALID_SERVICE.replace('[request]', '[request, gangguan]')))).toMatch(
      /"gangguan" bukan jenis tiket; yang boleh hanya request .* dan incident/,
    );
    expect(message(file(VALID_SERVICE.replace('[request]', '[]')))).toMatch(/tidak kosong/);
    expect(message(file(VALID_SERVICE.replace('kinds: [request]', 'requestable: false')))).toMatch(
      /sudah diganti: tulis "kinds: \[request\]"/,
    );
  });

  it('loads a minimal valid file', () => {
    const file = writeTemp(`${groups}services:\n  - code: email-reset${VALID_SERVICE}\n`);
    expect(loadCatalogue(file).services[0]).toMatchObject({
      fulfilment: { value: 3, unit: 'hours' },
      requestable: true,
      reportable: false,
    });
  });

  it('reads [request, incident] and [incident]', () => {
    const both = writeTemp(
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('[request]', '[request, incident]')}\n`,
    );
    expect(loadCatalogue(both).services[0]).toMatchObject({ requestable: true, reportable: true });
    const incident = writeTemp(
      `${groups}services:\n  - code: email-reset${VALID_SERVICE.replace('[request]', '[incident]')}\n`,
    );
    expect(loadCatalogue(incident).services[0]).toMatchObject({ requestable: false, reportable: true });
  });
});
