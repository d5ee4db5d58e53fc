/**
 * The evaluation report's Indonesian words: the Lampiran's headings as the regulation writes them
 * (002:725-760), the counting rules printed in its notes, and the labels of its extra columns.
 */
import type { TicketKind, TicketStatus } from '../domain.ts';
import type { MissedTarget } from './evaluation.ts';

/** Headings exactly as the Lampiran writes them. */
export const LAMPIRAN = {
  a: 'A. Evaluasi Penyelenggaraan Permintaan Layanan',
  aRow: 'Permintaan Layanan',
  aCount: 'Jumlah Permintaan Layanan',
  aTarget: 'Pencapaian Target Pemenuhan Layanan',
  formB: 'FORMULIR B – Prioritas Penanganan Gangguan',
  formBPriority: 'Prioritas Penanganan Gangguan',
  responseTarget: 'Target Waktu Tanggap',
  resolutionTarget: 'Target Waktu Penyelesaian',
  b: 'B. Evaluasi Penyelenggaraan Penanganan Gangguan',
  bRow: 'Penanganan Gangguan',
  bCount: 'Jumlah Gangguan',
  bTarget: 'Pencapaian Target Penanganan Gangguan',
  met: 'Terpenuhi',
  notMet: 'Tidak Terpenuhi',
  satisfaction: 'Tingkat Kepuasan Pelayanan',
  evaluation: 'Evaluasi',
  followUp: 'Tindak Lanjut',
  aSucceeded: 'Ringkasan jenis/ragam layanan yang berhasil memenuhi target',
  aFailed: 'Ringkasan jenis/ragam layanan yang tidak berhasil memenuhi target',
  aObstacles: 'Hambatan yang mengakibatkan tidak terpenuhinya target',
  aImprovements: 'Peluang penyempurnaan kerangka kerja permintaan layanan',
  bSucceeded: 'Ringkasan ragam penanganan gangguan yang berhasil memenuhi target',
  bFailed: 'Ringkasan ragam penanganan gangguan yang tidak berhasil memenuhi target',
  bObstacles: 'Hambatan yang mengakibatkan tidak terpenuhinya target',
  bImprovements: 'Peluang penyempurnaan kerangka kerja penanganan gangguan',
} as const;

/** Our own headings, for the tables the Lampiran does not lay out. */
export const LABELS = {
  title: 'Laporan Evaluasi Manajemen Layanan SPBE',
  ratings: 'Jumlah Penilaian',
  notMeasured: 'Tidak Terukur',
  open: 'Masih Berjalan',
  metPercent: '% Terpenuhi',
  details: 'Rincian',
  detail: 'Keterangan',
  count: 'Jumlah',
  openLine: 'Masih berjalan (belum ditutup, termasuk yang menunggu konfirmasi pelapor)',
  notMeasuredLine: 'Tidak terukur (ditutup tanpa catatan pencapaian target)',
  autoClosedLine: 'Ditutup otomatis tanpa konfirmasi pelapor (sudah termasuk dalam jumlah)',
  cancelledLine: 'Dibatalkan (tidak dihitung)',
  convertedLine: 'Dialihkan jenisnya (dihitung pada tiket barunya)',
  rejectedLine: 'Permintaan perubahan ditolak (tidak dihitung)',
  unprioritisedLine: 'Gangguan tanpa prioritas',
  byGroup: 'Permintaan Layanan per Kelompok Layanan',
  group: 'Kelompok Layanan',
  noGroup: '(tanpa kelompok)',
  fulfilmentTarget: 'Target Pemenuhan Layanan',
  byPriority: 'Penanganan Gangguan per Prioritas',
  priority: 'Prioritas',
  noPriority: '(tanpa prioritas)',
  byServiceSheet: 'Per Layanan',
  byServiceRequests: 'Permintaan Layanan per Layanan',
  byServiceIncidents: 'Penanganan Gangguan per Layanan',
  service: 'Layanan',
  recurringSheet: 'Gangguan Berulang',
  recurring: 'Gangguan Berulang per Layanan, Kategori dan Penyebab',
  category: 'Kategori',
  cause: 'Penyebab',
  noCategory: '(tanpa kategori)',
  noCause: '(penyebab belum diisi)',
  occurrences: 'Jumlah Kejadian',
  tickets: 'Tiket',
  exceptionsSheet: 'Pengecualian',
  exceptions: 'Laporan Pengecualian: Tiket yang Tidak Memenuhi Target',
  code: 'Kode Tiket',
  kind: 'Jenis',
  missedTarget: 'Target Terlewati',
  due: 'Batas Waktu',
  actual: 'Realisasi',
  breach: 'Tercatat Terlewati',
  assignee: 'Petugas',
  status: 'Status',
  notYet: 'belum',
  notesSheet: 'Catatan',
  notes: 'Catatan Penghitungan',
  rules: 'Aturan penghitungan',
  periodLine: (label: string, from: string, to: string, zone: string) =>
    `Periode: ${label} (${from} s.d. ${to}, zona ${zone})`,
  generatedLine: (at: string) => `Dibuat: ${at}`,
  none: '(tidak ada)',
  notFilled: '(belum diisi koordinator)',
  summaryLine: (name: string, met: number, measured: number, percent: string) =>
    `${name}: ${met} dari ${measured} terpenuhi (${percent}%)`,
} as const;

export const KIND_LABELS: Record<TicketKind, string> = {
  REQUEST: 'Permintaan Layanan',
  INCIDENT: 'Gangguan',
};

export const MISSED_LABELS: Record<MissedTarget, string> = {
  response: 'Waktu tanggap',
  resolution: 'Waktu penyelesaian',
  fulfilment: 'Pemenuhan layanan',
};

/** Statuses as staff read them in a report. */
export const STATUS_LABELS: Record<TicketStatus, string> = {
  OPEN: 'Baru',
  ASSIGNED: 'Ditangani',
  IN_PROGRESS: 'Dikerjakan',
  WAITING_REPORTER: 'Menunggu pelapor',
  RESOLVED: 'Selesai, menunggu konfirmasi',
  CLOSED: 'Ditutup',
  CANCELLED: 'Dibatalkan',
  CONVERTED: 'Dialihkan',
};

/** The counting rules the regulation leaves open, as decided (spec §6), printed in every report. */
export function countingRules(thresholdPercent: string, recurringMin: number): string[] {
  return [
    'Tiket dihitung pada periode pengajuannya (waktu tiket dibuat), menurut zona waktu layanan.',
    'Permintaan layanan terpenuhi bila target pemenuhan layanannya tercapai.',
    'Gangguan terpenuhi bila target waktu tanggap dan target waktu penyelesaiannya sama-sama tercapai; satu target terlewati sudah berarti tidak terpenuhi.',
    'Jumlah = Terpenuhi + Tidak Terpenuhi + Tidak Terukur + Masih Berjalan.',
    'Tiket yang dibatalkan dan permintaan perubahan yang ditolak tidak dihitung dalam jumlah; dicatat tersendiri.',
    'Tiket yang dialihkan jenisnya (permintaan menjadi gangguan atau sebaliknya) dihitung pada tiket barunya.',
    'Masih berjalan: tiket yang belum ditutup, termasuk yang sudah diselesaikan tetapi belum dikonfirmasi pelapor.',
    'Tidak terukur: tiket yang ditutup tanpa catatan pencapaian target; tidak pernah dihitung sebagai terpenuhi.',
    'Ditutup otomatis: pelapor tidak mengonfirmasi dalam batas waktu; dihitung menurut catatan targetnya dan ditampilkan tersendiri.',
    'Tingkat Kepuasan Pelayanan = rata-rata penilaian pelapor, 1 (Tidak Puas) sampai 5 (Memuaskan), satu desimal, beserta jumlah penilaian.',
    'Target waktu tanggap dan penyelesaian per layanan dihitung atas tiket yang sudah ditutup.',
    `Ringkasan evaluasi: layanan dengan sedikitnya ${thresholdPercent}% tiket terukur memenuhi target dianggap berhasil.`,
    `Gangguan berulang: layanan, kategori dan penyebab yang sama muncul sedikitnya ${recurringMin} kali dalam periode.`,
  ];
}
