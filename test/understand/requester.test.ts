/**
 * The one answer to "who are you?" read as the pemohon / identitas pelapor (Formulir D a, 002:471;
 * Formulir E b, 002:501): name, OPD or citizen, optional NIP.
 */
import { describe, expect, it } from 'vitest';
import { CITIZEN, readRequester } from '../../src/understand/requester.ts';

describe('readRequester (002:471 pemohon, 002:501 identitas pelapor)', () => {
  it.each([
    ['budi, dinkes', 'Budi', 'Dinkes', null],
    ['Budi Santoso, Dinas Kesehatan', 'Budi Santoso', 'Dinas Kesehatan', null],
    ['Siti Aminah - Bappeda NIP 19870101 201001 2 003', 'Siti Aminah', 'Bappeda', '198701012010012003'],
    ['saya warga, nama andi', 'Andi', CITIZEN, null],
    ['Nama saya Rina Marlina dari Dinas Pendidikan', 'Rina Marlina', 'Dinas Pendidikan', null],
    ['pak joko dr kecamatan cikande', 'Joko', 'Kecamatan Cikande', null],
    ['Dewi / BKPSDM / 198905122015032001', 'Dewi', 'BKPSDM', '198905122015032001'],
    ['Agus Salim (Diskominfo)', 'Agus Salim', 'Diskominfo', null],
    ['Nama: Hendra Gunawan, OPD: Bagian Umum Setda', 'Hendra Gunawan', 'Bagian Umum Setda', null],
    ['ahmad fauzi bpkad', 'Ahmad Fauzi', 'BPKAD', null],
    ['andi, bkpsdm', 'Andi', 'BKPSDM', null],
    ['wati, rsud serang', 'Wati', 'RSUD Serang', null],
    ['joni, bappeda', 'Joni', 'Bappeda', null],
    ['Yusuf, masyarakat umum', 'Yusuf', CITIZEN, null],
    ['rudi hartono', 'Rudi Hartono', null, null],
    ['Lina, RSUD Serang, nip 19900101-201501-2-001', 'Lina', 'RSUD Serang', '199001012015012001'],
    ['sy tono di puskesmas ciruas', 'Tono', 'Puskesmas Ciruas', null],
    ['Perkenalkan, saya Maya dari Sekretariat DPRD', 'Maya', 'Sekretariat DPRD', null],
    ['warga biasa', null, CITIZEN, null],
  ])('%j → name %j, OPD %j, NIP %j', (answer, name, opd, nip) => {
    expect(readRequester(answer)).toEqual({ name, opd, nip });
  });

  it('keeps nothing from an answer that names no one', () => {
    expect(readRequester('-')).toEqual({ name: null, opd: null, nip: null });
    expect(readRequester('123')).toEqual({ name: null, opd: null, nip: null });
  });

  it('caps what it keeps', () => {
    const r = readRequester(`${'a'.repeat(200)}, ${'Dinas '.repeat(40)}`);
    expect(r.name?.length).toBeLessThanOrEqual(80);
    expect(r.opd?.length).toBeLessThanOrEqual(120);
  });
});
