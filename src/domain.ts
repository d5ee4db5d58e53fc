/**
 * Domain vocabulary shared by the pure modules. The string values equal the Prisma enums in
 * prisma/schema.prisma, so rows and pure code exchange them without mapping.
 */

export type ChannelName = 'whatsapp' | 'telegram' | 'slack' | 'simulator';

/** Klasifikasi sistem (Tabel 4.1). */
export type SystemClass = 'KRITIS' | 'ESENSIAL' | 'NORMAL';

/** PUBLIK = Layanan Publik, ADMINISTRASI = Layanan Administrasi Pemerintahan. */
export type ServiceNature = 'PUBLIK' | 'ADMINISTRASI';

/** Dampak: MAJOR stops the service for everyone / many users, MINOR affects one or a few. */
export type Impact = 'MAJOR' | 'MINOR';

export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6';

export type TicketKind = 'REQUEST' | 'INCIDENT';

export type TicketStatus =
  | 'OPEN'
  | 'ASSIGNED'
  | 'IN_PROGRESS'
  | 'WAITING_REPORTER'
  | 'RESOLVED'
  | 'CLOSED'
  | 'CANCELLED'
  | 'CONVERTED';

/** Metode pelaporan (Formulir E c): the chat platforms, and what staff record for others (/catat). */
export type ReportingMethod =
  | 'WHATSAPP'
  | 'TELEGRAM'
  | 'SLACK'
  | 'SIMULATOR'
  | 'TELEPON'
  | 'SURAT'
  | 'EMAIL'
  | 'DATANG_LANGSUNG';

/** Urgensi (Formulir D d, Formulir E e). */
export type Urgency = 'TINGGI' | 'SEDANG' | 'RENDAH';

export const URGENCIES: readonly Urgency[] = ['TINGGI', 'SEDANG', 'RENDAH'];

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export type StaffRole = 'PENGELOLA_LAYANAN' | 'PENGELOLA_TEKNIS' | 'KOORDINATOR' | 'PENYEDIA' | 'ADMIN';

/** A target length as the regulation writes it ("< 3 jam", "< 14 hari"). */
export interface TargetDuration {
  value: number;
  unit: 'minutes' | 'hours' | 'days';
}
