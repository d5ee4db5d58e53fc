/**
 * Metode pelaporan (Formulir E c, 002:501): how a report reached the helpdesk, in Indonesian, and the
 * note that marks progress of a ticket an officer recorded for someone else (/catat).
 */
import type { ReportingMethod } from '../domain.ts';

/** Lowercase, as it reads inside a sentence: "lapor via telepon". */
export const METHOD_WORDS: Readonly<Record<ReportingMethod, string>> = {
  WHATSAPP: 'WhatsApp',
  TELEGRAM: 'Telegram',
  SLACK: 'Slack',
  SIMULATOR: 'simulator',
  TELEPON: 'telepon',
  SURAT: 'surat',
  EMAIL: 'e-mail',
  DATANG_LANGSUNG: 'datang langsung',
};

/** The methods an officer records with /catat: the report came outside the chat platforms. */
export const RECORDED_METHODS: ReadonlySet<ReportingMethod> = new Set([
  'TELEPON',
  'SURAT',
  'EMAIL',
  'DATANG_LANGSUNG',
]);

/** What a recorded ticket carries about the person it is for. */
export interface OnBehalf {
  recordedById?: number | null;
  requesterName?: string | null;
  reportingMethod?: ReportingMethod | null;
}

/**
 * "(untuk Budi Santoso, lapor via telepon)" for a ticket an officer recorded for someone, so the officer
 * knows whom to pass the message on to; null for a ticket its reporter opened from their own chat.
 */
export function onBehalfNote(t: OnBehalf): string | null {
  if (!t.recordedById || !t.requesterName) return null;
  return noteFor(t.requesterName, t.reportingMethod ?? null);
}

/** "(untuk Budi Santoso, lapor via telepon)"; without a method, "(untuk Budi Santoso)". */
export function noteFor(name: string, method: ReportingMethod | null): string {
  return `(untuk ${name}${method ? `, lapor via ${METHOD_WORDS[method]}` : ''})`;
}

/** `text` with the note on a line of its own after it, when the ticket has one. */
export function withOnBehalfNote(text: string, t: OnBehalf): string {
  const note = onBehalfNote(t);
  return note && text ? `${text}\n${note}` : text;
}
