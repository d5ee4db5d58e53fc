/** What each audit-trail event means, in the words staff read in chat and in reports. Pure. */

const LABELS: Record<string, string> = {
  created: 'dicatat',
  claim: 'diambil petugas',
  start: 'mulai dikerjakan',
  ask_reporter: 'pertanyaan ke pelapor',
  reporter_answered: 'pelapor menjawab',
  resolve: 'dinyatakan selesai',
  confirm: 'dikonfirmasi pelapor',
  reopen: 'dibuka lagi oleh pelapor',
  auto_close: 'ditutup otomatis (tanpa konfirmasi)',
  cancel: 'dibatalkan',
  estimate: 'estimasi waktu',
  update: 'kabar perkembangan',
  priority_changed: 'prioritas diubah',
  moved: 'dialihkan ke layanan lain',
  follower_linked: 'pelapor lain ikut',
  reporter_note: 'pesan tambahan pelapor',
  attachment_added: 'lampiran ditambahkan',
  human_requested: 'pelapor minta bicara dengan petugas',
  rated: 'penilaian',
  feedback: 'masukan',
  approved: 'disetujui Penyedia Layanan',
  rejected: 'ditolak Penyedia Layanan',
  converted: 'dilanjutkan dengan tiket lain',
  forwarded: 'diteruskan ke tim teknis',
  sla_response_reminder: 'pengingat waktu tanggap',
  sla_response_breach: 'batas tanggap terlewat',
  sla_resolution_warning: 'peringatan batas penyelesaian',
  sla_resolution_breach: 'batas penyelesaian terlewat',
  sla_estimate_exceeded: 'estimasi terlewat',
  sla_question_reminder: 'pengingat pertanyaan',
  sla_confirmation_reminder: 'pengingat konfirmasi',
  sla_auto_close: 'ditutup otomatis',
};

/** The Indonesian label of an event type; an unknown type reads as itself with spaces. */
export function eventLabel(type: string): string {
  return LABELS[type] ?? type.replace(/_/g, ' ');
}
