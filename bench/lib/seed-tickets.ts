/**
 * The tickets a helpdesk has after months of use, written straight into a phase's database with
 * set-based SQL (INSERT … SELECT generate_series: seconds for 100,000 tickets) once the helpdesk has
 * started — its catalogue sync made the Service rows — and before any reporter runs, so the seeding is
 * not measured. Seeded after start, the tickets have no SLA timers in Redis: none fires during the
 * measured window (the timers' own cost is the SLA timer section).
 *
 * - Open tickets: half incidents (impact, urgency, the priority Tabel 4.4 gives it on its service, due
 *   times), half requests; spread evenly over the catalogue's reportable / requestable services and over
 *   OPEN, ASSIGNED and IN_PROGRESS; reported in the last 14 days.
 * - Closed tickets: a third incidents; CLOSED (confirmed by the reporter or closed without an answer),
 *   resolved and closed in the past, reported over the last two years.
 * - Every ticket has a reporter Contact with a WhatsApp or Telegram identity (about two tickets per
 *   contact), a `created` event and the events of the steps that gave it its status (claim, start;
 *   confirm or auto_close for a closed one), a code numbered on from the kind's yearly counter as the
 *   app numbers them, and the counter moved on. The assignee is one seeded technician.
 */
import type pg from 'pg';
import type { Impact, ServiceNature, SystemClass } from '../../src/domain.ts';
import { derivePriority, PRIORITY_TARGETS } from '../../src/sla/priority.ts';

export interface DataSize {
  open: number;
  closed: number;
}

interface ServiceRow {
  id: number;
  reportable: boolean;
  requestable: boolean;
  nature: ServiceNature;
  classification: SystemClass;
  category: string | null;
}

const MINUTES = { minutes: 1, hours: 60, days: 24 * 60 } as const;

/** A priority's targets in wall-clock minutes (the seeded due times need not follow the office calendar). */
function targetMinutes(impact: Impact, s: ServiceRow) {
  const priority = derivePriority(impact, s.nature, s.classification);
  const { response, resolution } = PRIORITY_TARGETS[priority];
  return {
    priority,
    response: response.value * MINUTES[response.unit],
    resolution: resolution.value * MINUTES[resolution.unit],
  };
}

/** Seeds `size` tickets into the database `db` is connected to; `zone` numbers codes by local year. */
export async function seedTickets(db: pg.Client, size: DataSize, zone: string): Promise<void> {
  const total = size.open + size.closed;
  if (total === 0) return;
  // The services the simulated reporters ask for: not konsultasi, where "talk to a person" tickets go.
  const { rows: services } = await db.query<ServiceRow>(
    `SELECT id, reportable, requestable, nature, classification, category FROM "Service"
      WHERE active AND code <> 'konsultasi' ORDER BY id`,
  );
  const reportable = services.filter((s) => s.reportable);
  const requestable = services.filter((s) => s.requestable);
  if (!reportable.length || !requestable.length) throw new Error('seed: the catalogue has no services yet');
  const incident = reportable.map((s) => ({
    s,
    major: targetMinutes('MAJOR', s),
    minor: targetMinutes('MINOR', s),
  }));

  await db.query('BEGIN');
  try {
    await db.query(`
      CREATE TEMP TABLE seed_service (kind "TicketKind", idx int, id int, category text,
        major "Priority", major_resp int, major_res int, minor "Priority", minor_resp int, minor_res int)
        ON COMMIT DROP`);
    await db.query(
      `INSERT INTO seed_service
       SELECT 'INCIDENT'::"TicketKind", ord - 1, id, category, major, major_resp, major_res, minor, minor_resp, minor_res
         FROM unnest($1::int[], $2::text[], $3::"Priority"[], $4::int[], $5::int[], $6::"Priority"[],
                     $7::int[], $8::int[]) WITH ORDINALITY
              AS u(id, category, major, major_resp, major_res, minor, minor_resp, minor_res, ord)
       UNION ALL
       SELECT 'REQUEST'::"TicketKind", ord - 1, id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
         FROM unnest($9::int[]) WITH ORDINALITY AS r(id, ord)`,
      [
        incident.map((x) => x.s.id),
        incident.map((x) => x.s.category),
        incident.map((x) => x.major.priority),
        incident.map((x) => x.major.response),
        incident.map((x) => x.major.resolution),
        incident.map((x) => x.minor.priority),
        incident.map((x) => x.minor.response),
        incident.map((x) => x.minor.resolution),
        requestable.map((s) => s.id),
      ],
    );

    // Reporters: about two tickets each; 7 in 10 on WhatsApp, the rest on Telegram.
    const contacts = Math.max(1, Math.ceil(total / 2));
    await db.query('CREATE TEMP TABLE seed_contact (n int PRIMARY KEY, id int) ON COMMIT DROP');
    await db.query(
      `WITH c AS (
         INSERT INTO "Contact" ("name", "opd", "createdAt")
         SELECT 'Pelapor ' || g,
                (ARRAY['BAPPEDA', 'BKPSDM', 'Dinas Kesehatan', 'Dinas Pendidikan', 'DPMPTSP', 'Disdukcapil',
                       'Kecamatan Cikande', 'RSUD', 'Sekretariat Daerah', 'Diskominfo'])[1 + g % 10],
                (now() AT TIME ZONE 'UTC') - interval '800 days'
           FROM generate_series(1, $1::int) g
         RETURNING id)
       INSERT INTO seed_contact SELECT row_number() OVER (ORDER BY id), id FROM c`,
      [contacts],
    );
    await db.query(`
      INSERT INTO "ContactIdentity" ("contactId", "channel", "externalId", "displayName")
      SELECT id, CASE WHEN n % 10 < 7 THEN 'whatsapp' ELSE 'telegram' END::"ChannelName",
             CASE WHEN n % 10 < 7 THEN '628' || lpad(n::text, 9, '0') || '@c.us' ELSE (700000000 + n)::text END,
             'Pelapor ' || n
        FROM seed_contact`);
    const {
      rows: [tech],
    } = await db.query<{ id: number }>(`
      WITH c AS (INSERT INTO "Contact" ("name", "opd") VALUES ('Teknisi Seed', 'Diskominfo') RETURNING id)
      INSERT INTO "Staff" ("contactId", "role", "approvedAt", "approvedBy")
      SELECT id, 'PENGELOLA_TEKNIS', now() AT TIME ZONE 'UTC', 'seed' FROM c RETURNING id`);

    // What each ticket is, before its code: g numbers open tickets from 1 and closed ones after them.
    await db.query(
      `CREATE TEMP TABLE seed_ticket ON COMMIT DROP AS
       WITH spec AS (
         SELECT g, CASE WHEN g % 2 = 0 THEN 'INCIDENT' ELSE 'REQUEST' END::"TicketKind" AS kind,
                (ARRAY['OPEN', 'ASSIGNED', 'IN_PROGRESS'])[1 + (g / 2) % 3]::"TicketStatus" AS status,
                (now() AT TIME ZONE 'UTC') - make_interval(mins => ((g::bigint * 7919) % 20160)::int) AS created
           FROM generate_series(1, $1::int) g
         UNION ALL
         SELECT g, CASE WHEN g % 3 = 0 THEN 'INCIDENT' ELSE 'REQUEST' END::"TicketKind",
                'CLOSED'::"TicketStatus",
                (now() AT TIME ZONE 'UTC') - interval '7 days'
                  - make_interval(mins => ((g::bigint * 7919) % (723 * 1440))::int)
           FROM generate_series($1::int + 1, $1::int + $2::int) g
       ), placed AS (
         SELECT spec.*, EXTRACT(YEAR FROM (created AT TIME ZONE 'UTC') AT TIME ZONE $3)::int AS year,
                1 + (g - 1) % $4::int AS contact_n,
                (g / 2) % (SELECT count(*) FROM seed_service ss WHERE ss.kind = spec.kind) AS service_idx
           FROM spec
       )
       , numbered AS (
         SELECT placed.*, coalesce(c.last, 0)
                  + row_number() OVER (PARTITION BY placed.kind, placed.year ORDER BY created, g) AS seq
           FROM placed LEFT JOIN "TicketCounter" c ON c.kind = placed.kind AND c.year = placed.year
       )
       -- As formatTicketCode writes them: at least four digits, more past 9999.
       SELECT numbered.*, CASE WHEN kind = 'INCIDENT' THEN 'GGN' ELSE 'LYN' END || '-' || year || '-'
                || lpad(seq::text, greatest(4, length(seq::text)), '0') AS code
         FROM numbered`,
      [size.open, size.closed, zone, contacts],
    );

    await db.query(
      `INSERT INTO "Ticket" ("code", "kind", "status", "serviceId", "reporterId", "channel", "chatId",
          "reportingMethod", "requesterName", "requesterOpd", "description", "category", "since", "impact",
          "urgency", "priority", "assigneeId", "responseDueAt", "resolutionDueAt", "firstResponseAt",
          "resolvedAt", "resolution", "cause", "reporterConfirmedAt", "closedAt", "closedWithoutConfirm",
          "responseMet", "resolutionMet", "rating", "createdAt", "updatedAt")
       SELECT t.code, t.kind, t.status, s.id, c.id, i.channel, i."externalId",
              upper(i.channel::text)::"ReportingMethod", 'Pelapor ' || t.contact_n, con.opd,
              CASE WHEN t.kind = 'INCIDENT'
                   THEN (ARRAY['tidak bisa login, muncul error 502', 'halaman tidak bisa dibuka dari kantor',
                               'lambat sekali, upload dokumen gagal', 'data hilang setelah disimpan'])[1 + t.g % 4]
                   ELSE (ARRAY['mohon dibuatkan akun untuk staf baru', 'mohon reset password akun dinas',
                               'mohon akses untuk operator baru kecamatan'])[1 + t.g % 3] END,
              s.category,
              CASE WHEN t.kind = 'INCIDENT' THEN 'sejak pagi' END,
              CASE WHEN t.kind = 'INCIDENT' THEN p.impact END,
              CASE WHEN t.kind = 'INCIDENT' THEN p.urgency END,
              p.priority,
              CASE WHEN t.status <> 'OPEN' THEN $1::int END,
              CASE WHEN t.kind = 'INCIDENT' THEN t.created + make_interval(mins => p.resp) END,
              t.created + make_interval(mins => coalesce(p.res, 3 * 1440)),
              CASE WHEN t.status <> 'OPEN' THEN t.created + interval '20 minutes' END,
              d.resolved, CASE WHEN d.resolved IS NOT NULL THEN 'sudah diperbaiki dan dicek bersama pelapor' END,
              CASE WHEN d.resolved IS NOT NULL AND t.kind = 'INCIDENT' THEN 'konfigurasi server berubah' END,
              CASE WHEN d.resolved IS NOT NULL AND NOT d.unconfirmed THEN d.closed END,
              d.closed, coalesce(d.unconfirmed, false),
              CASE WHEN d.resolved IS NOT NULL AND t.kind = 'INCIDENT' THEN true END,
              CASE WHEN d.resolved IS NOT NULL THEN t.g % 7 <> 0 END,
              CASE WHEN d.resolved IS NOT NULL AND NOT d.unconfirmed THEN 3 + t.g % 3 END,
              t.created, coalesce(d.closed, least(t.created + interval '20 minutes', now() AT TIME ZONE 'UTC'))
         FROM seed_ticket t
         JOIN seed_service s ON s.kind = t.kind AND s.idx = t.service_idx
         JOIN seed_contact c ON c.n = t.contact_n
         JOIN "Contact" con ON con.id = c.id
         JOIN "ContactIdentity" i ON i."contactId" = c.id
         CROSS JOIN LATERAL (
           SELECT CASE WHEN t.g % 3 = 0 THEN 'MAJOR' ELSE 'MINOR' END::"Impact" AS impact,
                  (ARRAY['TINGGI', 'SEDANG', 'RENDAH'])[1 + t.g % 3] AS urgency,
                  CASE WHEN t.kind <> 'INCIDENT' THEN NULL WHEN t.g % 3 = 0 THEN s.major ELSE s.minor END AS priority,
                  CASE WHEN t.g % 3 = 0 THEN s.major_resp ELSE s.minor_resp END AS resp,
                  CASE WHEN t.g % 3 = 0 THEN s.major_res ELSE s.minor_res END AS res) p
         CROSS JOIN LATERAL (
           SELECT CASE WHEN t.status = 'CLOSED' THEN t.created + make_interval(hours => 4 + t.g % 44) END AS resolved,
                  CASE WHEN t.status = 'CLOSED' THEN t.created + make_interval(hours => 28 + t.g % 92) END AS closed,
                  CASE WHEN t.status = 'CLOSED' THEN t.g % 4 = 0 END AS unconfirmed) d`,
      [tech?.id],
    );

    // The audit trail: created, then each step the ticket went through.
    await db.query(`
      INSERT INTO "TicketEvent" ("ticketId", "at", "type", "actor", "channel", "data")
      SELECT tk.id, e.at, e.type, e.actor, e.channel, e.data
        FROM "Ticket" tk
        JOIN seed_ticket t ON t.code = tk.code
        CROSS JOIN LATERAL (VALUES
          (tk."createdAt", 'created', 'reporter:' || tk."reporterId", tk.channel,
           jsonb_build_object('status', 'OPEN', 'priority', tk.priority, 'attachments', '[]'::jsonb,
                              'reportingMethod', tk."reportingMethod"), true),
          (tk."firstResponseAt", 'claim', 'staff:' || tk."assigneeId", NULL::"ChannelName",
           '{"from": "OPEN", "to": "ASSIGNED"}'::jsonb, tk.status IN ('ASSIGNED', 'IN_PROGRESS')),
          (tk."firstResponseAt" + interval '5 minutes', 'start', 'staff:' || tk."assigneeId", NULL,
           '{"from": "ASSIGNED", "to": "IN_PROGRESS"}'::jsonb, tk.status = 'IN_PROGRESS'),
          (tk."closedAt", CASE WHEN tk."closedWithoutConfirm" THEN 'auto_close' ELSE 'confirm' END,
           CASE WHEN tk."closedWithoutConfirm" THEN 'system' ELSE 'reporter:' || tk."reporterId" END,
           tk.channel, '{"from": "RESOLVED", "to": "CLOSED"}'::jsonb, tk.status = 'CLOSED')
        ) AS e(at, type, actor, channel, data, happened)
       WHERE e.happened`);

    await db.query(`
      INSERT INTO "TicketCounter" ("kind", "year", "last")
      SELECT kind, year, max(seq) FROM seed_ticket GROUP BY kind, year
      ON CONFLICT ("kind", "year") DO UPDATE SET "last" = greatest("TicketCounter"."last", EXCLUDED."last")`);
    await db.query('COMMIT');
  } catch (e) {
    await db.query('ROLLBACK').catch(() => {});
    throw e;
  }
  // A database that grew over months has been vacuumed and analysed: plans and visibility as in use.
  await db.query(
    'VACUUM ANALYZE "Contact", "ContactIdentity", "Staff", "Ticket", "TicketEvent", "TicketCounter"',
  );
}
