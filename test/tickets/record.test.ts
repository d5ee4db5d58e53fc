/** The Formulir D/E record of a ticket, shaped and rendered without a database (002:469-478, 498-514). */
import { describe, expect, it } from 'vitest';
import { renderTicketForm, type TicketSource, ticketForm } from '../../src/tickets/record.ts';

const at = (iso: string) => new Date(iso);
const base: TicketSource = {
  code: 'GGN-2026-0007',
  kind: 'INCIDENT',
  status: 'IN_PROGRESS',
  service: { code: 'simpeg', name: 'SIMPEG' },
  createdAt: at('2026-03-02T01:00:00Z'),
  reporter: { name: null, opd: null, nip: null, phone: null, email: null, identities: [] },
  requesterName: 'Budi Santoso',
  requesterOpd: 'Dinas Kesehatan',
  requesterNip: null,
  reportingMethod: 'TELEPON',
  channel: 'whatsapp',
  chatId: '628111@c.us',
  recordedBy: 'Sari',
  category: null,
  urgency: null,
  impact: 'MINOR',
  priority: 'P5',
  classification: null,
  approvalRequired: false,
  approval: null,
  approvedAt: null,
  approvedBy: null,
  approvalNote: null,
  description: 'printer tidak bisa mencetak',
  since: '',
  configurationItem: null,
  assignee: null,
  cause: null,
  resolution: null,
  resolvedAt: null,
  reporterConfirmedAt: null,
  closedAt: null,
  closedWithoutConfirm: false,
  responseDueAt: at('2026-03-02T01:30:00Z'),
  firstResponseAt: at('2026-03-02T01:10:00Z'),
  responseMet: true,
  resolutionDueAt: at('2026-03-02T05:00:00Z'),
  resolutionMet: null,
  rating: null,
  feedback: null,
  convertedFrom: null,
  convertedTo: null,
  events: [
    {
      at: at('2026-03-02T01:00:00Z'),
      type: 'created',
      actor: 'staff:4',
      data: { reportingMethod: 'TELEPON' },
    },
  ],
  actorNames: new Map([['staff:4', 'Sari']]),
};

describe('ticketForm', () => {
  it('keeps every field, unknown ones null (an empty "sejak" too)', () => {
    const f = ticketForm(base, at('2026-03-02T02:00:00Z'));
    expect(f).toMatchObject({
      category: null,
      cause: null,
      since: null,
      configurationItem: null,
      rating: null,
    });
    expect(f.requester).toEqual({ name: 'Budi Santoso', opd: 'Dinas Kesehatan', nip: null, contact: null });
    expect(f.activities).toEqual([
      {
        at: '2026-03-02T01:00:00.000Z',
        actor: 'Sari',
        event: 'created',
        detail: 'tiket dicatat: via telepon',
      },
    ]);
  });

  it('counts an unreached target past its due time as missed, and one still running as open', () => {
    expect(ticketForm(base, at('2026-03-02T02:00:00Z')).targets.resolution).toEqual({
      dueAt: '2026-03-02T05:00:00.000Z',
      at: null,
      met: null,
    });
    expect(ticketForm(base, at('2026-03-02T06:00:00Z')).targets.resolution?.met).toBe(false);
  });

  it('names the target of a request "fulfilment" and shows it in the calendar zone (WITA)', () => {
    const f = ticketForm({ ...base, kind: 'REQUEST', code: 'LYN-2026-0001' }, at('2026-03-02T02:00:00Z'));
    expect(f.targets.fulfilment).toBeDefined();
    expect(f.targets.resolution).toBeUndefined();
    const text = renderTicketForm(f, { zone: 'Asia/Makassar' });
    expect(text).toContain('c. Tanggal dan Jam Permintaan Layanan: Senin, 2 Maret 2026 pukul 09.00 WITA');
    expect(text).toContain('• Tanggapan: batas Senin, 2 Maret 2026 pukul 09.30 WITA, tercapai');
  });
});
