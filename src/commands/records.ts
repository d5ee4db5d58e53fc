/**
 * Staff commands that fill in or correct the Formulir D/E fields of a ticket (002:471-478, 002:499-514):
 * urgensi, kategori, item konfigurasi, penyebab. Internal records: nobody but the staff chat hears of
 * them; each change is an audit event with the old and the new value.
 */
import type { Urgency } from '../domain.ts';
import { staffText } from '../escalation/messages.ts';
import { matchCategory, readUrgencyWord } from '../tickets/fields.ts';
import { classificationFor } from '../tickets/starting-record.ts';
import { recordEvent } from '../tickets/store.ts';
import { actorLabel, type Ctx, type TicketCommand } from './context.ts';

/** Longest item konfigurasi or penyebab kept. */
const MAX_TEXT = 500;

export const recordText = {
  badUrgency: (code: string) =>
    `Urgensi harus *tinggi*, *sedang* atau *rendah*. Contoh: /urgensi ${code} tinggi`,
  badCategory: (code: string, typed: string, choices: readonly string[]) =>
    `Kategori "${typed}" tidak ada di daftar. Pilih salah satu: ${choices.join(', ')}. Contoh: /kategori ${code} jaringan`,
  tooLong: `Teks terlalu panjang; maksimal ${MAX_TEXT} karakter.`,
  incidentOnly: (code: string, field: string) =>
    `Tiket ${code}: ${field} hanya dicatat untuk tiket gangguan (GGN).`,
  notRecordable: (code: string) =>
    `Tiket ${code}: tiket sudah dibatalkan atau diganti jenisnya; catatannya tidak diubah.`,
  unchanged: (code: string, field: string, value: string) =>
    `${field} ${code} sudah ${value}; tidak ada yang diubah.`,
  changed: (code: string, field: string, from: string | null, to: string) =>
    `📝 ${field} ${code}: ${from ? `${from} → ` : ''}${to}.`,
  classification: (value: string) => `Klasifikasi permintaan: ${value}.`,
  causeNeeded: (code: string) =>
    `Tiket ${code} belum bisa dinyatakan selesai: penyebab gangguan wajib dicatat. Tulis juga penyebabnya, contoh: /selesai ${code} Server direstart. penyebab: memori penuh`,
};

const URGENCY_WORDS: Record<Urgency, string> = { TINGGI: 'tinggi', SEDANG: 'sedang', RENDAH: 'rendah' };

/** Null when the ticket's record may still be written, else the refusal. */
function refusal(ctx: Ctx, field: string, incidentOnly: boolean): string | null {
  const t = ctx.ticket;
  if (t.status === 'CANCELLED' || t.status === 'CONVERTED') return recordText.notRecordable(t.code);
  if (incidentOnly && t.kind !== 'INCIDENT') return recordText.incidentOnly(t.code, field.toLowerCase());
  return null;
}

/** Writes one field and its audit event; `extra`: fields that follow from it (the klasifikasi). */
async function write(
  ctx: Ctx,
  event: string,
  field: 'urgency' | 'category' | 'configurationItem' | 'cause',
  to: string,
  extra: Record<string, { from: string | null; to: string }> = {},
): Promise<void> {
  const { tx, ticket, now } = ctx;
  const data: Record<string, string> = { [field]: to };
  for (const [k, v] of Object.entries(extra)) data[k] = v.to;
  await tx.ticket.update({ where: { id: ticket.id }, data });
  await recordEvent(
    tx,
    ticket.id,
    event,
    actorLabel(ctx),
    ctx.src.channel,
    { field, from: ticket[field], to, ...extra },
    now,
  );
}

/** A free-text field (item konfigurasi, penyebab). */
async function setText(
  ctx: Ctx,
  command: string,
  label: string,
  event: string,
  field: 'configurationItem' | 'cause',
): Promise<string[]> {
  const text = ctx.rest.trim();
  if (!text) return [staffText.usage(command)];
  const refused = refusal(ctx, label, true);
  if (refused) return [refused];
  if (text.length > MAX_TEXT) return [recordText.tooLong];
  const from = ctx.ticket[field];
  if (from === text) return [recordText.unchanged(ctx.ticket.code, label, text)];
  await write(ctx, event, field, text);
  return [recordText.changed(ctx.ticket.code, label, from, text)];
}

/** Records the penyebab an incident was resolved with (from /selesai); nothing when unchanged. */
export async function noteCause(ctx: Ctx, cause: string): Promise<void> {
  const { ticket } = ctx;
  if (ticket.cause === cause) return;
  await recordEvent(
    ctx.tx,
    ticket.id,
    'cause_recorded',
    actorLabel(ctx),
    ctx.src.channel,
    { field: 'cause', from: ticket.cause, to: cause },
    ctx.now,
  );
}

const HANDLERS = {
  async urgensi(ctx: Ctx): Promise<string[]> {
    const { ticket } = ctx;
    if (!ctx.rest.trim()) return [staffText.usage('urgensi')];
    const urgency = readUrgencyWord(ctx.rest);
    if (!urgency) return [recordText.badUrgency(ticket.code)];
    const refused = refusal(ctx, 'Urgensi', false);
    if (refused) return [refused];
    if (ticket.urgency === urgency)
      return [recordText.unchanged(ticket.code, 'Urgensi', URGENCY_WORDS[urgency])];
    const service = ctx.deps.services.byId.get(ticket.serviceId) ?? { ...ticket.service, groupCode: null };
    const classification = await classificationFor(ctx.tx, { kind: ticket.kind, service }, urgency);
    await write(
      ctx,
      'urgency_changed',
      'urgency',
      urgency,
      classification ? { classification: { from: ticket.classification, to: classification } } : {},
    );
    const from = ticket.urgency ? (URGENCY_WORDS[ticket.urgency as Urgency] ?? ticket.urgency) : null;
    return [
      [
        recordText.changed(ticket.code, 'Urgensi', from, URGENCY_WORDS[urgency]),
        classification ? recordText.classification(classification) : null,
      ]
        .filter(Boolean)
        .join(' '),
    ];
  },

  async kategori(ctx: Ctx): Promise<string[]> {
    const { ticket } = ctx;
    const typed = ctx.rest.trim();
    if (!typed) return [staffText.usage('kategori')];
    const refused = refusal(ctx, 'Kategori', true);
    if (refused) return [refused];
    const category = matchCategory(typed, ctx.deps.categories);
    if (!category) return [recordText.badCategory(ticket.code, typed.slice(0, 60), ctx.deps.categories)];
    if (ticket.category === category) return [recordText.unchanged(ticket.code, 'Kategori', category)];
    await write(ctx, 'category_changed', 'category', category);
    return [recordText.changed(ticket.code, 'Kategori', ticket.category, category)];
  },

  item(ctx: Ctx): Promise<string[]> {
    return setText(ctx, 'item', 'Item konfigurasi', 'configuration_item_changed', 'configurationItem');
  },

  penyebab(ctx: Ctx): Promise<string[]> {
    return setText(ctx, 'penyebab', 'Penyebab', 'cause_recorded', 'cause');
  },
};

/** The record commands, each for the ticket's team or a coordinator. */
export const RECORD_COMMANDS: Record<string, TicketCommand> = Object.fromEntries(
  Object.entries(HANDLERS).map(([name, run]) => [name, { run }]),
);
