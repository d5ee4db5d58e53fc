/**
 * `helpdesk ticket show <kode> [--json]`: the Formulir D (002:469-478) or E (002:498-514) of one ticket,
 * read from the database a running helpdesk wrote.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTicketCli, type TicketCliIo } from '../../src/cli/ticket.ts';
import { tempDir } from '../support/app.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { runCli } from '../support/cli.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const calendarFile = allDayCalendarFile();
const h = useHelpdesk({ CALENDAR_FILE: calendarFile });
const teknisi1 = { group: true, from: 'teknisi1', name: 'Teknisi 1' };
const show = (...args: string[]) =>
  runCli(
    (a: string[], io: TicketCliIo) =>
      runTicketCli(a, io, {
        DATABASE_URL: h.db.url,
        DATA_DIR: tempDir('ticket-cli'),
        CALENDAR_FILE: calendarFile,
        LOG_LEVEL: 'silent',
      }),
    ['ticket', 'show', ...args],
  );

/** Every field of the form, in English (issue 12 item 8). */
const KEYS = [
  'code',
  'kind',
  'status',
  'service',
  'recordedAt',
  'requester',
  'reportingMethod',
  'category',
  'urgency',
  'impact',
  'priority',
  'classification',
  'approval',
  'progressConfirmation',
  'description',
  'since',
  'configurationItem',
  'technicalStaff',
  'activities',
  'cause',
  'resolution',
  'resolvedAt',
  'reporterConfirmedAt',
  'closedAt',
  'closedWithoutConfirmation',
  'targets',
  'rating',
  'feedback',
  'convertedFrom',
  'convertedTo',
];

const inOrder = (text: string, labels: string[]) => {
  const at = labels.map((l) => text.indexOf(l));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
};

describe('helpdesk ticket show', () => {
  let incident = '';
  let request = '';

  beforeAll(async () => {
    // An incident reported in a chat, taken through its whole lifecycle.
    const reporter = '6285000000101';
    incident = await h.reportIncident(reporter, {
      service: 'simpeg',
      symptom: 'tidak bisa login, muncul error 500',
      since: 'sejak jam 8 pagi',
      impact: 'semua pegawai kena',
    });
    await h.say('pt-simpeg', `/ambil ${incident}`, teknisi1);
    await h.say('pt-simpeg', `/update ${incident} sedang cek server`, teknisi1);
    await h.say('pt-simpeg', `/kategori ${incident} aplikasi`, teknisi1);
    await h.say('pt-simpeg', `/item ${incident} server aplikasi SIMPEG`, teknisi1);
    await h.say(
      'pt-simpeg',
      `/selesai ${incident} layanan login di-restart penyebab: sesi basis data penuh`,
      teknisi1,
    );
    await h.say(reporter, '1');
    await h.say(reporter, '4');
    await h.say(reporter, 'cepat, terima kasih');

    // A request that came by letter, recorded by a helpdesk officer.
    const officer = 'petugas-cli';
    const [asked] = await h.say(officer, '/daftar-staf pengelola-layanan', { name: 'Sari Petugas' });
    await h.say('admin', `/setujui-staf ${/nomor (\d+)/.exec(asked?.text ?? '')?.[1]}`);
    const [recorded] = await h.say(
      officer,
      '/catat surat permintaan email-akun\nnama: Siti Aminah\nopd: Bappeda\nkontak: 0812-1111-2222\nuraian: akun e-mail untuk pegawai baru',
    );
    request = /LYN-\d{4}-\d{4}/.exec(recorded?.text ?? '')?.[0] ?? '';
    expect(incident).not.toBe('');
    expect(request).not.toBe('');
  });

  it('prints a closed incident as Formulir E, labels in the regulation order (002:498-514)', async () => {
    const { code, out } = await show(incident);
    expect(code).toBe(0);
    expect(out).toContain(`Formulir Penanganan Gangguan — ${incident}`);
    inOrder(out, [
      'a. Tanggal dan jam pencatatan gangguan',
      'b. Identitas pelapor',
      'c. Metode pelaporan: simulator',
      'd. Kategori gangguan',
      'e. Urgensi dari gangguan',
      'f. Dampak dari gangguan: Besar',
      'g. Prioritas gangguan: P3',
      'h. Metode konfirmasi perkembangan gangguan kepada pelapor: simulator 6285000000101',
      'i. Deskripsi gejala gangguan: tidak bisa login, muncul error 500',
      'j. Status gangguan: Ditutup',
      'k. Komponen konfigurasi',
      'l. Identitas Pengelola Teknis: Teknisi 1',
      'm. Aktivitas penanganan gangguan:',
      'Teknisi 1 — diambil (tanggapan pertama)',
      'Teknisi 1 — mulai dikerjakan, kabar perkembangan: sedang cek server',
      'Teknisi 1 — dinyatakan selesai: layanan login di-restart',
      'n. Penyebab gangguan',
      'o. Tanggal dan jam solusi terkonfirmasi oleh pelapor',
      'p. Tanggal dan jam penutupan laporan gangguan',
      'Target:',
    ]);
    expect(out).toMatch(/o\. Tanggal dan jam solusi terkonfirmasi oleh pelapor: \w+, .* WIB/);
    expect(out).toMatch(/• Tanggapan: batas .* WIB, tercapai .* — TERPENUHI/);
    expect(out).toMatch(/• Penyelesaian: batas .* — TERPENUHI/);
    expect(out).toContain('4 (Puas); masukan: cepat, terima kasih');
  });

  it('--json prints one object with every field in English, unknown ones null', async () => {
    const { code, out } = await show(incident, '--json');
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    const form = JSON.parse(out) as Record<string, unknown>;
    for (const key of KEYS) expect(form[key], key).not.toBeUndefined();
    expect(form).toMatchObject({
      code: incident,
      kind: 'INCIDENT',
      status: 'CLOSED',
      service: { code: 'simpeg', name: 'SIMPEG' },
      reportingMethod: 'SIMULATOR',
      impact: 'MAJOR',
      priority: 'P3',
      since: 'sejak jam 8 pagi',
      technicalStaff: 'Teknisi 1',
      resolution: 'layanan login di-restart',
      closedWithoutConfirmation: false,
      rating: 4,
      feedback: 'cepat, terima kasih',
      convertedFrom: null,
      convertedTo: null,
      progressConfirmation: { channel: 'simulator', chatId: '6285000000101', relayedBy: null },
      targets: { response: { met: true }, resolution: { met: true } },
    });
    const approval = form.approval as Record<string, unknown>;
    for (const key of ['required', 'status', 'decidedAt', 'decidedBy', 'note'])
      expect(approval[key], key).not.toBeUndefined();
    const requester = form.requester as Record<string, unknown>;
    for (const key of ['name', 'opd', 'nip', 'contact']) expect(requester[key], key).not.toBeUndefined();
    const events = (form.activities as { event: string; actor: string; at: string }[]).map((a) => a.event);
    expect(events).toEqual(
      expect.arrayContaining(['created', 'claim', 'start', 'resolve', 'confirm', 'rated', 'feedback']),
    );
  });

  it('fills every Formulir E field over a complete incident lifecycle (002:498-514)', async () => {
    const form = JSON.parse((await show(incident, '--json')).out) as Record<string, unknown>;
    // a–p of Formulir E, by their English names: each one known, none left empty.
    const formulirE = {
      recordedAt: 'a. tanggal dan jam pencatatan',
      requester: 'b. identitas pelapor',
      reportingMethod: 'c. metode pelaporan',
      category: 'd. kategori',
      urgency: 'e. urgensi',
      impact: 'f. dampak',
      priority: 'g. prioritas',
      progressConfirmation: 'h. metode konfirmasi perkembangan',
      description: 'i. deskripsi gejala',
      status: 'j. status',
      configurationItem: 'k. komponen konfigurasi',
      technicalStaff: 'l. identitas Pengelola Teknis',
      activities: 'm. aktivitas penanganan',
      cause: 'n. penyebab',
      reporterConfirmedAt: 'o. solusi terkonfirmasi pelapor',
      closedAt: 'p. penutupan',
    };
    for (const [key, label] of Object.entries(formulirE)) {
      expect(form[key], label).not.toBeNull();
      expect(form[key], label).not.toBe('');
    }
    expect(form).toMatchObject({
      category: 'Aplikasi',
      configurationItem: 'server aplikasi SIMPEG',
      cause: 'sesi basis data penuh',
      urgency: expect.stringMatching(/^(TINGGI|SEDANG|RENDAH)$/),
      requester: { name: 'Budi Santoso', opd: 'Dinas Kesehatan' },
    });
  });

  it('prints a request recorded by an officer as Formulir D (002:469-478)', async () => {
    const { code, out } = await show(request.toLowerCase());
    expect(code).toBe(0);
    expect(out).toContain(`Formulir Permintaan Layanan — ${request}`);
    inOrder(out, [
      'a. Pemohon Layanan: Siti Aminah, OPD Bappeda, kontak 081211112222',
      'b. Deskripsi Permintaan Layanan: akun e-mail untuk pegawai baru',
      'c. Tanggal dan Jam Permintaan Layanan',
      'd. Klasifikasi Permintaan Layanan',
      'e. Persetujuan atas Permintaan Layanan',
      'f. Pelaksana Pemenuhan Permintaan Layanan',
      'g. Tanggal dan Jam Konfirmasi Pemohon Layanan',
      'h. Penilaian Kepuasan Pelayanan dan Masukan Penyempurnaan',
      'Metode pelaporan: surat',
      'disampaikan oleh petugas Sari Petugas',
      'Sari Petugas — tiket dicatat: via surat',
      '• Pemenuhan: batas',
    ]);
    const json = JSON.parse((await show(request, '--json')).out) as Record<string, unknown>;
    for (const key of KEYS) expect(json[key], key).not.toBeUndefined();
    expect(json).toMatchObject({
      kind: 'REQUEST',
      reportingMethod: 'SURAT',
      requester: { name: 'Siti Aminah', opd: 'Bappeda', nip: null, contact: '081211112222' },
      progressConfirmation: { chatId: 'petugas-cli', relayedBy: 'Sari Petugas' },
      targets: { response: {}, fulfilment: { met: null, at: null } },
      rating: null,
      cause: null,
    });
  });

  it('says so and exits 1 for an unknown or unreadable code', async () => {
    const unknown = await show('GGN-2026-9999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Tiket GGN-2026-9999 tidak ditemukan');
    const unreadable = await show('tiket-saya');
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toContain('tidak dikenali');
  });
});
