/**
 * The record of one ticket as the regulation's forms keep it: Formulir Permintaan Layanan (D, for
 * requests, 002:469-478) or Formulir Penanganan Gangguan (E, for incidents, 002:498-514), with its
 * events and its targets met or missed. Pure: the caller reads the rows, this shapes and renders them.
 */
import type {
  ApprovalStatus,
  ChannelName,
  Impact,
  Priority,
  ReportingMethod,
  TicketKind,
  TicketStatus,
} from '../domain.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import { describeDue } from '../sla/priority.ts';
import { METHOD_WORDS } from './reporting-method.ts';

/** What the record is made from: the ticket row and what it points to, names already looked up. */
export interface TicketSource {
  code: string;
  kind: TicketKind;
  status: TicketStatus;
  service: { code: string; name: string };
  createdAt: Date;
  reporter: {
    name: string | null;
    opd: string | null;
    nip: string | null;
    phone: string | null;
    email: string | null;
    identities: { channel: ChannelName; externalId: string; displayName: string | null }[];
  };
  requesterName: string | null;
  requesterOpd: string | null;
  requesterNip: string | null;
  reportingMethod: ReportingMethod | null;
  channel: ChannelName;
  chatId: string;
  /** The officer who recorded it (/catat), by name. */
  recordedBy: string | null;
  category: string | null;
  urgency: string | null;
  impact: Impact | null;
  priority: Priority | null;
  classification: string | null;
  approvalRequired: boolean;
  approval: ApprovalStatus | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  approvalNote: string | null;
  description: string;
  since: string | null;
  configurationItem: string | null;
  /** The Pengelola Teknis who took it, by name. */
  assignee: string | null;
  cause: string | null;
  resolution: string | null;
  resolvedAt: Date | null;
  reporterConfirmedAt: Date | null;
  closedAt: Date | null;
  closedWithoutConfirm: boolean;
  responseDueAt: Date | null;
  firstResponseAt: Date | null;
  responseMet: boolean | null;
  resolutionDueAt: Date | null;
  resolutionMet: boolean | null;
  rating: number | null;
  feedback: string | null;
  convertedFrom: string | null;
  convertedTo: string | null;
  events: { at: Date; type: string; actor: string; data: unknown }[];
  /** "staff:3" → "Teknisi 1", "reporter:12" → "Budi Santoso". */
  actorNames: ReadonlyMap<string, string>;
}

export interface Target {
  dueAt: string | null;
  /** When it was reached (first response; resolution confirmed or closed). */
  at: string | null;
  /** Null while it can still be met, or when the ticket has no such target. */
  met: boolean | null;
}

export interface Activity {
  at: string;
  actor: string;
  event: string;
  detail: string;
}

/** Every field of the form; a field not known yet is null, never missing. Times are ISO 8601. */
export interface TicketForm {
  code: string;
  kind: TicketKind;
  status: TicketStatus;
  service: { code: string; name: string };
  recordedAt: string;
  requester: { name: string | null; opd: string | null; nip: string | null; contact: string | null };
  reportingMethod: ReportingMethod;
  category: string | null;
  urgency: string | null;
  impact: Impact | null;
  priority: Priority | null;
  classification: string | null;
  approval: {
    required: boolean;
    status: ApprovalStatus | null;
    decidedAt: string | null;
    decidedBy: string | null;
    note: string | null;
  };
  progressConfirmation: { channel: ChannelName; chatId: string; relayedBy: string | null };
  description: string;
  since: string | null;
  configurationItem: string | null;
  technicalStaff: string | null;
  activities: Activity[];
  cause: string | null;
  resolution: string | null;
  resolvedAt: string | null;
  reporterConfirmedAt: string | null;
  closedAt: string | null;
  closedWithoutConfirmation: boolean;
  targets: { response: Target; resolution?: Target; fulfilment?: Target };
  rating: number | null;
  feedback: string | null;
  convertedFrom: string | null;
  convertedTo: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function target(dueAt: Date | null, at: Date | null, met: boolean | null, now: Date): Target {
  // Not reached and already past due: missed, even before anyone records it.
  const missed = met === null && at === null && dueAt !== null && now > dueAt;
  return { dueAt: iso(dueAt), at: iso(at), met: missed ? false : met };
}

/** The form of one ticket; `now` decides whether an unreached target is already missed. */
export function ticketForm(t: TicketSource, now: Date): TicketForm {
  const identity = t.reporter.identities.find((i) => i.channel === t.channel) ?? t.reporter.identities[0];
  const reached = t.reporterConfirmedAt ?? t.closedAt;
  const finish = target(t.resolutionDueAt, reached, t.resolutionMet, now);
  return {
    code: t.code,
    kind: t.kind,
    status: t.status,
    service: t.service,
    recordedAt: t.createdAt.toISOString(),
    requester: {
      name: t.requesterName ?? t.reporter.name ?? identity?.displayName ?? null,
      opd: t.requesterOpd ?? t.reporter.opd,
      nip: t.requesterNip ?? t.reporter.nip,
      contact:
        t.reporter.phone ??
        t.reporter.email ??
        (identity ? `${identity.channel}:${identity.externalId}` : null),
    },
    // Rows older than the field came in on their chat platform.
    reportingMethod: t.reportingMethod ?? (t.channel.toUpperCase() as ReportingMethod),
    category: t.category,
    urgency: t.urgency,
    impact: t.impact,
    priority: t.priority,
    classification: t.classification,
    approval: {
      required: t.approvalRequired,
      status: t.approval,
      decidedAt: iso(t.approvedAt),
      decidedBy: t.approvedBy ? (t.actorNames.get(t.approvedBy) ?? t.approvedBy) : null,
      note: t.approvalNote,
    },
    progressConfirmation: { channel: t.channel, chatId: t.chatId, relayedBy: t.recordedBy },
    description: t.description,
    since: t.since || null,
    configurationItem: t.configurationItem,
    technicalStaff: t.assignee,
    activities: t.events.map((e) => ({
      at: e.at.toISOString(),
      actor: t.actorNames.get(e.actor) ?? e.actor,
      event: e.type,
      detail: describeEvent(e.type, (e.data ?? {}) as Record<string, unknown>),
    })),
    cause: t.cause,
    resolution: t.resolution,
    resolvedAt: iso(t.resolvedAt),
    reporterConfirmedAt: iso(t.reporterConfirmedAt),
    closedAt: iso(t.closedAt),
    closedWithoutConfirmation: t.closedWithoutConfirm,
    targets: {
      response: target(t.responseDueAt, t.firstResponseAt, t.responseMet, now),
      ...(t.kind === 'INCIDENT' ? { resolution: finish } : { fulfilment: finish }),
    },
    rating: t.rating,
    feedback: t.feedback,
    convertedFrom: t.convertedFrom,
    convertedTo: t.convertedTo,
  };
}

const EVENT_WORDS: Record<string, string> = {
  created: 'tiket dicatat',
  claim: 'diambil (tanggapan pertama)',
  start: 'mulai dikerjakan, kabar perkembangan',
  update: 'kabar perkembangan',
  estimate: 'estimasi penyelesaian',
  priority_changed: 'prioritas diubah',
  ask_reporter: 'bertanya ke pelapor',
  reporter_answered: 'pelapor menjawab',
  reporter_note: 'catatan pelapor',
  resolve: 'dinyatakan selesai',
  confirm: 'dikonfirmasi selesai oleh pelapor',
  reopen: 'dibuka kembali oleh pelapor',
  auto_close: 'ditutup tanpa konfirmasi',
  cancel: 'dibatalkan',
  moved: 'dialihkan ke layanan lain',
  rated: 'dinilai',
  feedback: 'masukan pelapor',
  follower_linked: 'pelapor lain ikut gangguan ini',
  attachment_added: 'lampiran ditambahkan',
  human_requested: 'pelapor minta bicara dengan petugas',
};

/** One event in a few words, with what it carried that a reader needs. */
function describeEvent(type: string, data: Record<string, unknown>): string {
  const word = EVENT_WORDS[type] ?? type.replace(/_/g, ' ');
  const str = (k: string) =>
    typeof data[k] === 'string' || typeof data[k] === 'number' ? String(data[k]) : '';
  const extra =
    type === 'created' && typeof data.reportingMethod === 'string'
      ? `via ${METHOD_WORDS[data.reportingMethod as ReportingMethod] ?? data.reportingMethod}`
      : type === 'priority_changed' || type === 'moved'
        ? `${str('from')} → ${str('to')}`
        : type === 'resolve'
          ? str('resolution')
          : type === 'ask_reporter'
            ? str('question')
            : type === 'rated'
              ? str('rating')
              : // Progress, answers, notes: what was written (a first /update is the "start").
                str('text');
  return extra ? `${word}: ${extra}` : word;
}

export const KIND_WORDS: Record<TicketKind, string> = {
  REQUEST: 'Permintaan Layanan',
  INCIDENT: 'Penanganan Gangguan',
};
export const STATUS_WORDS: Record<TicketStatus, string> = {
  OPEN: 'Baru, belum diambil',
  ASSIGNED: 'Diambil petugas',
  IN_PROGRESS: 'Sedang dikerjakan',
  WAITING_REPORTER: 'Menunggu jawaban pelapor',
  RESOLVED: 'Selesai, menunggu konfirmasi pelapor',
  CLOSED: 'Ditutup',
  CANCELLED: 'Dibatalkan',
  CONVERTED: 'Dilanjutkan dengan tiket jenis lain',
};
const IMPACT_WORDS: Record<Impact, string> = { MAJOR: 'Besar', MINOR: 'Kecil' };
const APPROVAL_WORDS: Record<ApprovalStatus, string> = {
  PENDING: 'menunggu persetujuan',
  APPROVED: 'disetujui',
  REJECTED: 'ditolak',
};
const RATING_WORDS = ['', 'Tidak Puas', 'Kurang Puas', 'Cukup', 'Puas', 'Memuaskan'];
const EMPTY = '-';

/** The form in Indonesian, with the regulation's labels in the regulation's order. */
export function renderTicketForm(f: TicketForm, calendar: Pick<BusinessCalendar, 'zone'>): string {
  const when = (s: string | null) => (s ? describeDue(new Date(s), calendar) : EMPTY);
  const v = (s: string | null | undefined) => (s?.trim() ? s : EMPTY);
  const requester = [
    f.requester.name ?? '(tanpa nama)',
    f.requester.opd ? `OPD ${f.requester.opd}` : null,
    f.requester.nip ? `NIP ${f.requester.nip}` : null,
    f.requester.contact ? `kontak ${f.requester.contact}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const confirmation = `${f.progressConfirmation.channel} ${f.progressConfirmation.chatId}${
    f.progressConfirmation.relayedBy ? `, disampaikan oleh petugas ${f.progressConfirmation.relayedBy}` : ''
  }`;
  const approval = f.approval.required
    ? [
        f.approval.status ? APPROVAL_WORDS[f.approval.status] : 'belum diminta',
        f.approval.decidedBy ? `oleh ${f.approval.decidedBy}` : null,
        f.approval.decidedAt ? when(f.approval.decidedAt) : null,
        f.approval.note ? `(${f.approval.note})` : null,
      ]
        .filter(Boolean)
        .join(' ')
    : 'tidak diperlukan';
  const rating =
    f.rating !== null
      ? `${f.rating} (${RATING_WORDS[f.rating] ?? ''})${f.feedback ? `; masukan: ${f.feedback}` : ''}`
      : EMPTY;
  const activities = f.activities.length
    ? f.activities.map((a) => `   • ${when(a.at)} — ${a.actor} — ${a.detail}`)
    : [`   ${EMPTY}`];
  const symptom = f.since ? `${f.description} (sejak: ${f.since})` : f.description;

  const lines: [string, string | null][] =
    f.kind === 'REQUEST'
      ? [
          ['a. Pemohon Layanan', requester],
          ['b. Deskripsi Permintaan Layanan', symptom],
          ['c. Tanggal dan Jam Permintaan Layanan', when(f.recordedAt)],
          [
            'd. Klasifikasi Permintaan Layanan',
            [v(f.classification), f.urgency ? `urgensi ${f.urgency}` : null].filter(Boolean).join(', '),
          ],
          ['e. Persetujuan atas Permintaan Layanan', approval],
          ['f. Pelaksana Pemenuhan Permintaan Layanan', v(f.technicalStaff)],
          [
            'g. Tanggal dan Jam Konfirmasi Pemohon Layanan atas Pemenuhan Permintaan Layanan',
            when(f.reporterConfirmedAt),
          ],
          ['h. Penilaian Kepuasan Pelayanan dan Masukan Penyempurnaan', rating],
        ]
      : [
          ['a. Tanggal dan jam pencatatan gangguan', when(f.recordedAt)],
          ['b. Identitas pelapor', requester],
          ['c. Metode pelaporan', METHOD_WORDS[f.reportingMethod]],
          ['d. Kategori gangguan', v(f.category)],
          ['e. Urgensi dari gangguan', v(f.urgency)],
          ['f. Dampak dari gangguan', f.impact ? IMPACT_WORDS[f.impact] : EMPTY],
          ['g. Prioritas gangguan', v(f.priority)],
          ['h. Metode konfirmasi perkembangan gangguan kepada pelapor', confirmation],
          ['i. Deskripsi gejala gangguan', symptom],
          ['j. Status gangguan', STATUS_WORDS[f.status]],
          ['k. Komponen konfigurasi yang terkait/terdampak gangguan', v(f.configurationItem)],
          ['l. Identitas Pengelola Teknis', v(f.technicalStaff)],
          ['m. Aktivitas penanganan gangguan', null],
          ['n. Penyebab gangguan', v(f.cause)],
          ['o. Tanggal dan jam solusi terkonfirmasi oleh pelapor', when(f.reporterConfirmedAt)],
          ['p. Tanggal dan jam penutupan laporan gangguan', when(f.closedAt)],
        ];

  const out = [
    `${f.kind === 'REQUEST' ? 'Formulir Permintaan Layanan' : 'Formulir Penanganan Gangguan'} — ${f.code}`,
    `Layanan: ${f.service.name} (${f.service.code}) · ${KIND_WORDS[f.kind]} · ${STATUS_WORDS[f.status]}`,
    '',
  ];
  for (const [label, value] of lines) {
    if (value === null) out.push(`${label}:`, ...activities);
    else out.push(`${label}: ${value || EMPTY}`);
  }
  out.push('', 'Lainnya:');
  if (f.kind === 'REQUEST') {
    out.push(`• Metode pelaporan: ${METHOD_WORDS[f.reportingMethod]}`);
    out.push(`• Status: ${STATUS_WORDS[f.status]}`);
    out.push(`• Metode konfirmasi perkembangan: ${confirmation}`);
    out.push(`• Kategori: ${v(f.category)}`);
  } else {
    out.push(`• Penilaian: ${rating}`);
  }
  out.push(`• Solusi: ${v(f.resolution)}${f.resolvedAt ? ` (${when(f.resolvedAt)})` : ''}`);
  out.push(
    `• Ditutup: ${when(f.closedAt)}${f.closedWithoutConfirmation ? ' — tanpa konfirmasi pelapor' : ''}`,
  );
  if (f.convertedFrom) out.push(`• Berasal dari tiket ${f.convertedFrom}`);
  if (f.convertedTo) out.push(`• Dilanjutkan sebagai tiket ${f.convertedTo}`);
  if (f.kind === 'REQUEST') {
    out.push('', 'Aktivitas:', ...activities);
  }
  const finish = f.targets.resolution ?? f.targets.fulfilment;
  out.push(
    '',
    'Target:',
    `• Tanggapan: ${describeTarget(f.targets.response, when)}`,
    `• ${f.kind === 'INCIDENT' ? 'Penyelesaian' : 'Pemenuhan'}: ${finish ? describeTarget(finish, when) : EMPTY}`,
  );
  return `${out.join('\n')}\n`;
}

function describeTarget(t: Target, when: (s: string | null) => string): string {
  if (!t.dueAt) return 'tidak ada target';
  const verdict = t.met === null ? 'belum tercapai' : t.met ? 'TERPENUHI' : 'TERLEWATI';
  return `batas ${when(t.dueAt)}${t.at ? `, tercapai ${when(t.at)}` : ''} — ${verdict}`;
}
