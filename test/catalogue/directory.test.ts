/**
 * The service directory ranks what a person typed among the services that take the ticket kind: an
 * incident is never matched to a request-only entry, a request never to an incident-only one.
 * Built from the rows the catalogue sync writes to a real database.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadServiceDirectory, type ServiceDirectory } from '../../src/catalogue/directory.ts';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import { syncCatalogue } from '../../src/catalogue/sync.ts';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();
let directory: ServiceDirectory;

beforeAll(async () => {
  await syncCatalogue(db.prisma, loadCatalogue(path.join(ROOT_DIR, 'prisma/seed/catalogue.yaml')));
  directory = await loadServiceDirectory(db.prisma);
});

const best = (text: string, kind?: 'request' | 'incident') => directory.rank(text, kind)[0]?.code;

describe('ServiceDirectory.rank', () => {
  it('carries the kinds in the options the conversation sees', () => {
    const option = (code: string) => directory.options.find((o) => o.code === code);
    expect(option('internet')).toMatchObject({ requestable: false, reportable: true, fulfilment: null });
    expect(option('jaringan')).toMatchObject({ requestable: true, reportable: false });
    expect(option('vicon')).toMatchObject({ requestable: true, reportable: true });
  });

  it('matches an outage of the internet to "internet", not to the LAN/WLAN point request', () => {
    const ranked = directory.rank('internet mati', 'incident');
    expect(ranked[0]?.code).toBe('internet');
    expect(ranked.map((r) => r.code)).not.toContain('jaringan');
  });

  it('matches a new LAN point asked as a request to "jaringan"', () => {
    expect(best('pasang titik lan baru', 'request')).toBe('jaringan');
    expect(directory.rank('pasang titik lan baru', 'incident').map((r) => r.code)).not.toContain('jaringan');
  });

  it.each([
    ['internet mati', 'internet'],
    ['wifi kantor lemot', 'internet'],
    ['jaringan lemot dari pagi', 'internet'],
    ['wi-fi putus terus', 'internet'],
    ['email gak bisa kirim', 'email'],
    ['surel tidak masuk', 'email'],
    ['server down', 'pusat-data'],
    ['data center mati', 'pusat-data'],
    ['kepegawaian', 'simpeg'],
    ['skp', 'ekinerja'],
    ['lelang', 'lpse'],
    ['tender', 'lpse'],
    ['persuratan', 'srikandi'],
    ['tte', 'srikandi'],
    ['web dinas down', 'website-pemda'],
    ['zoom putus', 'vicon'],
    ['gmeet', 'vicon'],
    ['printer', 'perangkat-kantor'],
  ])('incident "%s" → %s', (text, code) => {
    expect(best(text, 'incident')).toBe(code);
  });

  it.each([
    ['lupa pw email', 'email-reset'],
    ['bikin email baru', 'email-akun'],
    ['lupa password simpeg', 'akun-aplikasi'],
    ['akun sipd', 'akun-aplikasi'],
    ['minta server', 'hosting'],
    ['zoom', 'vicon'],
    ['pentest', 'pentest'],
  ])('request "%s" → %s', (text, code) => {
    expect(best(text, 'request')).toBe(code);
  });

  it('never offers an entry that does not take the kind', () => {
    const byCode = new Map(directory.options.map((o) => [o.code, o]));
    const texts = [
      'internet mati',
      'pasang titik lan baru',
      'jaringan kabel lan putus',
      'lupa password email',
      'email dinas error',
      'server hosting mati',
      'minta vm baru',
      'akun simpeg terkunci',
      'website baru',
      'aplikasi error',
    ];
    for (const text of texts) {
      for (const r of directory.rank(text, 'incident'))
        expect(byCode.get(r.code)?.reportable, text).toBe(true);
      for (const r of directory.rank(text, 'request'))
        expect(byCode.get(r.code)?.requestable, text).toBe(true);
    }
  });

  it('ranks every service when no kind is given', () => {
    const codes = directory.rank('internet', undefined).map((r) => r.code);
    expect(codes[0]).toBe('internet');
    expect(directory.rank('titik lan').map((r) => r.code)[0]).toBe('jaringan');
  });
});
