/**
 * The SPBE evaluation report (Lampiran A, Formulir B, B: 002:725-760) over a dataset seeded directly in
 * a real PostgreSQL database. The expected figures are folded here from the fixture list itself, never
 * from the report code, and compared with what `helpdesk report` prints.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runReportCli } from '../../src/cli/report.ts';
import { tempDir } from '../support/app.ts';
import { allDayCalendarFile } from '../support/calendar.ts';
import { runCli } from '../support/cli.ts';
import { useTestDatabase } from '../support/db.ts';

const db = useTestDatabase();

type Kind = 'REQUEST' | 'INCIDENT';
type Status =
  | 'OPEN'
  | 'ASSIGNED'
  | 'IN_PROGRESS'
  | 'WAITING_REPORTER'
  | 'RESOLVED'
  | 'CLOSED'
  | 'CANCELLED'
  | 'CONVERTED';
type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6';

/** One fixture ticket, in the test's own words. */
interface Fx {
  kind: Kind;
  service: 'akun' | 'hosting' | 'konsultasi' | 'simpeg' | 'lpse';
  status: Status;
  /** Submission instant (UTC); the period is 2026-S1 in WIB. */
  at: string;
  priority?: Priority;
  response?: boolean | null;
  resolution?: boolean | null;
  rating?: number;
  auto?: boolean;
  rejected?: boolean;
  category?: string;
  cause?: string;
  /** The SLA worker recorded a breach of this target. */
  breach?: 'response' | 'resolution';
  /** Made from the previous fixture by a kind change. */
  fromPrevious?: boolean;
}

const FIXTURES: Fx[] = [
  // Requests on the Akun Layanan group (target < 3 jam).
  {
    kind: 'REQUEST',
    service: 'akun',
    status: 'CLOSED',
    at: '2026-01-05T03:00:00Z',
    resolution: true,
    rating: 5,
  },
  {
    kind: 'REQUEST',
    service: 'akun',
    status: 'CLOSED',
    at: '2026-01-06T03:00:00Z',
    resolution: true,
    rating: 4,
  },
  {
    kind: 'REQUEST',
    service: 'akun',
    status: 'CLOSED',
    at: '2026-02-10T03:00:00Z',
    resolution: false,
    rating: 2,
    breach: 'resolution',
  },
  {
    kind: 'REQUEST',
    service: 'akun',
    status: 'CLOSED',
    at: '2026-03-01T03:00:00Z',
    resolution: null,
    auto: true,
  },
  {
    kind: 'REQUEST',
    service: 'akun',
    status: 'CLOSED',
    at: '2026-03-02T03:00:00Z',
    resolution: true,
    auto: true,
  },
  { kind: 'REQUEST', service: 'akun', status: 'IN_PROGRESS', at: '2026-06-20T03:00:00Z' },
  { kind: 'REQUEST', service: 'akun', status: 'RESOLVED', at: '2026-06-21T03:00:00Z', resolution: true },
  { kind: 'REQUEST', service: 'akun', status: 'CANCELLED', at: '2026-04-01T03:00:00Z' },
  // The first instant of the period in WIB (1 Jan 00.00) and the last one (30 Jun 23.59).
  {
    kind: 'REQUEST',
    service: 'akun',
    status: 'CLOSED',
    at: '2025-12-31T17:00:00Z',
    resolution: true,
    rating: 3,
  },
  { kind: 'REQUEST', service: 'akun', status: 'CLOSED', at: '2026-06-30T16:59:00Z', resolution: true },
  // Outside the period by a minute, on either side.
  {
    kind: 'REQUEST',
    service: 'akun',
    status: 'CLOSED',
    at: '2025-12-31T16:59:00Z',
    resolution: false,
    rating: 1,
  },
  {
    kind: 'REQUEST',
    service: 'akun',
    status: 'CLOSED',
    at: '2026-06-30T17:00:00Z',
    resolution: false,
    rating: 1,
  },
  // Hosting (< 14 hari): a rejected change request and a met one.
  {
    kind: 'REQUEST',
    service: 'hosting',
    status: 'CLOSED',
    at: '2026-02-01T03:00:00Z',
    resolution: true,
    rating: 4,
  },
  { kind: 'REQUEST', service: 'hosting', status: 'CLOSED', at: '2026-02-02T03:00:00Z', rejected: true },
  { kind: 'REQUEST', service: 'hosting', status: 'CLOSED', at: '2026-02-03T03:00:00Z', resolution: false },
  // A service outside any group, without a fulfilment target: closed but not measured.
  {
    kind: 'REQUEST',
    service: 'konsultasi',
    status: 'CLOSED',
    at: '2026-05-05T03:00:00Z',
    resolution: null,
    rating: 5,
  },
  // A request that was really a malfunction (002:465), and the incident made from it.
  { kind: 'REQUEST', service: 'simpeg', status: 'CONVERTED', at: '2026-03-10T03:00:00Z' },
  {
    kind: 'INCIDENT',
    service: 'simpeg',
    status: 'CLOSED',
    at: '2026-03-10T04:00:00Z',
    priority: 'P2',
    response: true,
    resolution: true,
    rating: 5,
    category: 'Aplikasi',
    cause: 'Server database penuh',
    fromPrevious: true,
  },
  // Incidents across priorities.
  {
    kind: 'INCIDENT',
    service: 'simpeg',
    status: 'CLOSED',
    at: '2026-01-15T02:00:00Z',
    priority: 'P2',
    response: false,
    resolution: true,
    rating: 3,
    category: 'Aplikasi',
    cause: 'server database  PENUH',
    breach: 'response',
  },
  {
    kind: 'INCIDENT',
    service: 'simpeg',
    status: 'CLOSED',
    at: '2026-02-15T02:00:00Z',
    priority: 'P2',
    response: true,
    resolution: false,
    rating: 2,
    category: 'aplikasi',
    cause: 'Server database penuh',
    breach: 'resolution',
  },
  {
    kind: 'INCIDENT',
    service: 'simpeg',
    status: 'CLOSED',
    at: '2026-04-15T02:00:00Z',
    priority: 'P4',
    response: true,
    resolution: true,
    rating: 4,
    category: 'Aplikasi',
    cause: 'Sertifikat kedaluwarsa',
  },
  {
    kind: 'INCIDENT',
    service: 'simpeg',
    status: 'CLOSED',
    at: '2026-05-15T02:00:00Z',
    priority: 'P4',
    response: true,
    resolution: null,
    auto: true,
    category: 'Aplikasi',
    cause: 'Sertifikat kedaluwarsa',
  },
  {
    kind: 'INCIDENT',
    service: 'lpse',
    status: 'CLOSED',
    at: '2026-01-20T02:00:00Z',
    priority: 'P1',
    response: true,
    resolution: true,
    rating: 5,
    category: 'Jaringan',
  },
  {
    kind: 'INCIDENT',
    service: 'lpse',
    status: 'CLOSED',
    at: '2026-01-21T02:00:00Z',
    priority: 'P1',
    response: false,
    resolution: false,
    rating: 1,
    category: 'Jaringan',
    breach: 'response',
  },
  {
    kind: 'INCIDENT',
    service: 'lpse',
    status: 'IN_PROGRESS',
    at: '2026-06-01T02:00:00Z',
    priority: 'P3',
    response: false,
    category: 'Jaringan',
    breach: 'response',
  },
  {
    kind: 'INCIDENT',
    service: 'lpse',
    status: 'CANCELLED',
    at: '2026-06-02T02:00:00Z',
    priority: 'P3',
    category: 'Perangkat',
    cause: 'Kabel putus',
  },
  {
    kind: 'INCIDENT',
    service: 'lpse',
    status: 'CLOSED',
    at: '2026-06-03T02:00:00Z',
    priority: 'P6',
    response: true,
    resolution: true,
    rating: 4,
    category: 'Perangkat',
    cause: 'Kabel putus',
  },
  {
    kind: 'INCIDENT',
    service: 'lpse',
    status: 'WAITING_REPORTER',
    at: '2026-06-04T02:00:00Z',
    priority: 'P5',
    response: true,
    category: 'Perangkat',
  },
  // Outside the period.
  {
    kind: 'INCIDENT',
    service: 'lpse',
    status: 'CLOSED',
    at: '2026-07-02T02:00:00Z',
    priority: 'P1',
    response: false,
    resolution: false,
    rating: 1,
    category: 'Jaringan',
  },
];

const SERVICES = {
  akun: { name: 'Pembuatan Akun E-Mail', group: 'AKUN' },
  hosting: { name: 'Hosting Aplikasi', group: 'HOSTING' },
  konsultasi: { name: 'Konsultasi TIK', group: null },
  simpeg: { name: 'SIMPEG', group: null },
  lpse: { name: 'LPSE', group: null },
} as const;

const START = Date.parse('2025-12-31T17:00:00Z');
const END = Date.parse('2026-06-30T17:00:00Z');
const OPEN: Status[] = ['OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER', 'RESOLVED'];
const inPeriod = (f: Fx) => Date.parse(f.at) >= START && Date.parse(f.at) < END;
const leftOut = (f: Fx) => f.status === 'CANCELLED' || f.status === 'CONVERTED' || f.rejected === true;

/** The test's own fold: what the report must say about these fixtures. */
function expected(list: Fx[]) {
  const counted = list.filter((f) => !leftOut(f));
  const closed = counted.filter((f) => !OPEN.includes(f.status));
  const flags = (f: Fx) => (f.kind === 'INCIDENT' ? [f.response, f.resolution] : [f.resolution]);
  const ratings = counted.map((f) => f.rating).filter((r): r is number => r !== undefined);
  return {
    total: counted.length,
    met: closed.filter((f) => flags(f).every((x) => x === true)).length,
    notMet: closed.filter((f) => flags(f).some((x) => x === false)).length,
    notMeasured: closed.filter((f) => !flags(f).includes(false) && !flags(f).every((x) => x === true)).length,
    open: counted.length - closed.length,
    autoClosed: closed.filter((f) => f.auto).length,
    cancelled: list.filter((f) => f.status === 'CANCELLED' && !f.rejected).length,
    converted: list.filter((f) => f.status === 'CONVERTED').length,
    rejected: list.filter((f) => f.rejected).length,
    satisfaction: {
      mean: ratings.length
        ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 10) / 10
        : null,
      count: ratings.length,
    },
  };
}

const period = FIXTURES.filter(inPeriod);
const requests = period.filter((f) => f.kind === 'REQUEST');
const incidents = period.filter((f) => f.kind === 'INCIDENT');
const codes = new Map<Fx, string>(
  FIXTURES.map((f, i) => [
    f,
    `${f.kind === 'REQUEST' ? 'LYN' : 'GGN'}-2026-${String(i + 1).padStart(4, '0')}`,
  ]),
);

let env: NodeJS.ProcessEnv;
const report = (args: string[]) => runCli((a, io) => runReportCli(a, io, { env }), ['report', ...args]);

async function seed(): Promise<void> {
  const p = db.prisma;
  await p.serviceGroup.createMany({
    data: [
      { code: 'AKUN', name: 'Akun Layanan', fulfilmentValue: 3, fulfilmentUnit: 'hours' },
      { code: 'HOSTING', name: 'Hosting Aplikasi', fulfilmentValue: 14, fulfilmentUnit: 'days' },
    ],
  });
  const serviceIds = new Map<string, number>();
  for (const [code, s] of Object.entries(SERVICES)) {
    const row = await p.service.create({
      data: {
        code,
        name: s.name,
        description: s.name,
        requestable: true,
        groupCode: s.group,
        classification: 'ESENSIAL',
        nature: 'PUBLIK',
        providerName: 'Diskominfo',
        managerName: 'Helpdesk',
        technicalTeamName: 'Tim Teknis',
        accessInfo: '-',
        helpContact: '-',
        helpHours: '08.00-16.00',
        availability: '24/7',
      },
    });
    serviceIds.set(code, row.id);
  }
  const reporter = await p.contact.create({ data: { name: 'Siti' } });
  const budi = await p.contact.create({ data: { name: 'Budi Santoso' } });
  const staff = await p.staff.create({ data: { contactId: budi.id, role: 'PENGELOLA_TEKNIS' } });
  let previous: number | null = null;
  for (const f of FIXTURES) {
    const at = new Date(f.at);
    const closed = f.status === 'CLOSED';
    const t: { id: number } = await p.ticket.create({
      data: {
        code: codes.get(f) as string,
        kind: f.kind,
        status: f.status,
        serviceId: serviceIds.get(f.service) as number,
        reporterId: reporter.id,
        channel: 'simulator',
        chatId: 'siti',
        description: 'uji',
        priority: f.priority ?? null,
        category: f.category ?? null,
        cause: f.cause ?? null,
        responseDueAt: f.kind === 'INCIDENT' ? new Date(at.getTime() + 30 * 60_000) : null,
        resolutionDueAt: new Date(at.getTime() + 3 * 3_600_000),
        firstResponseAt:
          f.response === undefined ? null : new Date(at.getTime() + (f.response ? 10 : 50) * 60_000),
        responseMet: f.response ?? null,
        resolutionMet: f.resolution ?? null,
        resolvedAt: closed ? new Date(at.getTime() + (f.resolution === false ? 5 : 2) * 3_600_000) : null,
        reporterConfirmedAt:
          closed && !f.auto ? new Date(at.getTime() + (f.resolution === false ? 6 : 2.5) * 3_600_000) : null,
        closedAt: closed ? new Date(at.getTime() + 7 * 3_600_000) : null,
        closedWithoutConfirm: f.auto ?? false,
        approvalRequired: f.rejected ?? false,
        approval: f.rejected ? 'REJECTED' : null,
        rating: f.rating ?? null,
        assigneeId: f.response === undefined ? null : staff.id,
        convertedFromId: f.fromPrevious ? previous : null,
        createdAt: at,
      },
    });
    if (f.breach)
      await p.ticketEvent.create({
        data: {
          ticketId: t.id,
          type: `sla_${f.breach}_breach`,
          actor: 'system',
          at: new Date(at.getTime() + (f.breach === 'response' ? 30 : 180) * 60_000),
        },
      });
    previous = t.id;
  }
}

beforeAll(async () => {
  await seed();
  env = { DATABASE_URL: db.url, CALENDAR_FILE: allDayCalendarFile(), DATA_DIR: tempDir('report-data') };
});

async function jsonReport(args = ['--period', '2026-S1']) {
  const r = await report([...args, '--format', 'json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

describe('helpdesk report: the figures of Lampiran A and B (002:725-760)', () => {
  it('counts requests as the fixture says: met, not met, not measured, open, and those left out', async () => {
    const json = await jsonReport();
    expect(json.period).toMatchObject({ label: '2026-S1', from: '2026-01-01', to: '2026-06-30' });
    const want = expected(requests);
    expect(json.requests).toMatchObject(want);
    // Sanity of the fixture itself: every kind of case is there.
    expect(Object.values(want).every((v) => v !== 0)).toBe(true);
    expect(want.total).toBe(want.met + want.notMet + want.notMeasured + want.open);
  });

  it('counts an incident as met only when both its response and resolution targets were met', async () => {
    const json = await jsonReport();
    const { total, met, notMet, notMeasured, open, autoClosed, cancelled, converted, satisfaction } =
      expected(incidents);
    expect(json.incidents).toMatchObject({
      total,
      met,
      notMet,
      notMeasured,
      open,
      autoClosed,
      cancelled,
      converted,
      satisfaction,
    });
    for (const p of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const) {
      const e = expected(incidents.filter((f) => f.priority === p));
      expect(json.incidents.byPriority[p], p).toMatchObject({
        total: e.total,
        met: e.met,
        notMet: e.notMet,
        open: e.open,
        satisfaction: e.satisfaction,
      });
    }
  });

  it('gives each service its own row, with response and resolution apart for incidents', async () => {
    const json = await jsonReport();
    for (const kind of ['REQUEST', 'INCIDENT'] as const)
      for (const service of Object.keys(SERVICES)) {
        const list = period.filter((f) => f.kind === kind && f.service === service);
        const e = expected(list);
        const row = json.byService.find(
          (r: { kind: string; service: { code: string } }) => r.kind === kind && r.service.code === service,
        );
        if (!e.total) {
          expect(row, `${kind} ${service}`).toBeUndefined();
          continue;
        }
        expect(row, `${kind} ${service}`).toMatchObject({
          total: e.total,
          met: e.met,
          notMet: e.notMet,
          open: e.open,
        });
        if (kind === 'INCIDENT') {
          const closed = list.filter((f) => !leftOut(f) && f.status === 'CLOSED');
          expect(row.response).toEqual({
            met: closed.filter((f) => f.response === true).length,
            notMet: closed.filter((f) => f.response === false).length,
          });
          expect(row.resolution).toEqual({
            met: closed.filter((f) => f.resolution === true).length,
            notMet: closed.filter((f) => f.resolution === false).length,
          });
        }
      }
    const akun = expected(requests.filter((f) => f.service === 'akun'));
    expect(
      json.byGroup.find((g: { group: { code: string } | null }) => g.group?.code === 'AKUN'),
    ).toMatchObject({
      total: akun.total,
      met: akun.met,
      target: { value: 3, unit: 'hours' },
    });
  });

  it('lists recurring incidents per service, kategori and penyebab, most frequent first (002:492-496)', async () => {
    const json = await jsonReport();
    const key = (f: Fx) =>
      [f.service, f.category ?? '', f.cause ?? '']
        .map((s) => s.trim().replace(/\s+/g, ' ').toLowerCase())
        .join('|');
    const counts = new Map<string, number>();
    for (const f of incidents.filter((x) => !leftOut(x))) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
    const want = [...counts.values()].filter((n) => n >= 2).sort((a, b) => b - a);
    expect(json.recurring.map((r: { count: number }) => r.count)).toEqual(want);
    // Case and spacing do not split a cause; an unknown cause is a key of its own. Ties go by service name.
    expect(json.recurring.slice(0, 2)).toMatchObject([
      { service: { code: 'lpse' }, category: 'Jaringan', cause: null, count: 3 },
      { service: { code: 'simpeg' }, category: 'Aplikasi', cause: 'Server database penuh', count: 3 },
    ]);
    // "Kabel putus" happened twice, but one of them was cancelled: it does not recur.
    expect(json.recurring.some((r: { cause: string | null }) => r.cause === 'Kabel putus')).toBe(false);
  });

  it('lists every missed target with its due time, actual time, breach event and assignee', async () => {
    const json = await jsonReport();
    const want: string[] = [];
    for (const f of period.filter((x) => !leftOut(x))) {
      if (f.kind === 'INCIDENT' && f.response === false) want.push(`${codes.get(f)} response`);
      if (f.resolution === false)
        want.push(`${codes.get(f)} ${f.kind === 'INCIDENT' ? 'resolution' : 'fulfilment'}`);
    }
    const got = json.exceptions.map((x: { code: string; target: string }) => `${x.code} ${x.target}`);
    expect(got.sort()).toEqual(want.sort());
    const lpseP1 = FIXTURES.find(
      (f) => f.service === 'lpse' && f.priority === 'P1' && f.response === false && inPeriod(f),
    );
    const row = json.exceptions.find(
      (x: { code: string; target: string }) => x.code === codes.get(lpseP1 as Fx) && x.target === 'response',
    );
    expect(row).toMatchObject({
      dueAt: '2026-01-21T02:30:00.000Z',
      actualAt: '2026-01-21T02:50:00.000Z',
      breachAt: '2026-01-21T02:30:00.000Z',
      assignee: 'Budi Santoso',
      status: 'CLOSED',
    });
  });

  it('prints the counting rules in its notes', async () => {
    const json = await jsonReport();
    expect(json.rules.join('\n')).toContain(
      'target waktu tanggap dan target waktu penyelesaiannya sama-sama tercapai',
    );
    expect(json.rules.join('\n')).toContain('periode pengajuannya');
  });

  it('reads a --from/--to range like the period it covers', async () => {
    const ranged = await jsonReport(['--from', '2026-01-01', '--to', '2026-06-30']);
    expect(ranged.period.label).toBe('2026-S1');
    expect(ranged.requests).toEqual((await jsonReport()).requests);
    const january = await jsonReport(['--period', '2026-01']);
    expect(january.requests.total).toBe(
      expected(requests.filter((f) => f.at < '2026-01-31T17:00:00Z')).total,
    );
  });
});

describe('helpdesk report: the files', () => {
  it('writes an xlsx that opens with the Lampiran headings and the same numbers', async () => {
    const file = path.join(tempDir('laporan'), 'laporan.xlsx');
    const r = await report(['--period', '2026-S1', '--format', 'xlsx', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'A',
      'Formulir B',
      'B',
      'Per Layanan',
      'Gangguan Berulang',
      'Pengecualian',
      'Catatan',
    ]);
    const rowsOf = (name: string) => {
      const rows: unknown[][] = [];
      wb.getWorksheet(name)?.eachRow((row) => {
        rows.push((row.values as unknown[]).slice(1));
      });
      return rows;
    };
    const find = (name: string, first: string) => rowsOf(name).find((row) => row[0] === first);

    const a = rowsOf('A');
    expect(a[0]?.[0]).toBe('A. Evaluasi Penyelenggaraan Permintaan Layanan');
    const aHeader = a.find((row) => row.includes('Jumlah Permintaan Layanan'));
    expect(aHeader).toEqual(
      expect.arrayContaining(['Pencapaian Target Pemenuhan Layanan', 'Tingkat Kepuasan Pelayanan']),
    );
    expect(a.some((row) => row.includes('Terpenuhi') && row.includes('Tidak Terpenuhi'))).toBe(true);
    const req = expected(requests);
    expect(find('A', 'Permintaan Layanan')?.slice(1, 6)).toEqual([
      req.total,
      req.met,
      req.notMet,
      req.satisfaction.mean,
      req.satisfaction.count,
    ]);
    expect(a.flat()).toContain('Hambatan yang mengakibatkan tidak terpenuhinya target');
    expect(a.flat()).toContain('Tindak Lanjut');

    expect(find('Formulir B', 'P1')).toEqual(['P1', '< 15 menit', '< 12 jam']);
    expect(find('Formulir B', 'P4')).toEqual(['P4', '< 1,5 jam', '< 48 jam']);
    expect(rowsOf('Formulir B').flat()).toEqual(
      expect.arrayContaining([
        'Prioritas Penanganan Gangguan',
        'Target Waktu Tanggap',
        'Target Waktu Penyelesaian',
      ]),
    );

    const b = rowsOf('B');
    expect(b[0]?.[0]).toBe('B. Evaluasi Penyelenggaraan Penanganan Gangguan');
    expect(b.flat()).toEqual(
      expect.arrayContaining([
        'Jumlah Gangguan',
        'Pencapaian Target Penanganan Gangguan',
        'Tingkat Kepuasan Pelayanan',
      ]),
    );
    const inc = expected(incidents);
    expect(find('B', 'Penanganan Gangguan')?.slice(1, 4)).toEqual([inc.total, inc.met, inc.notMet]);

    // The header row is bold and the columns are sized.
    const sheetA = wb.getWorksheet('A');
    let headerRow = 0;
    sheetA?.eachRow((row, n) => {
      if (!headerRow && (row.values as unknown[]).includes('Jumlah Permintaan Layanan')) headerRow = n;
    });
    expect(sheetA?.getRow(headerRow).getCell(2).font?.bold).toBe(true);
    expect(sheetA?.getColumn(2).width).toBeGreaterThan(10);

    const exceptions = rowsOf('Pengecualian');
    expect(exceptions.filter((row) => /^(LYN|GGN)-/.test(String(row[0])))).toHaveLength(
      (await jsonReport()).exceptions.length,
    );
  });

  it('refuses to write an xlsx to the screen', async () => {
    const r = await report(['--period', '2026-S1', '--format', 'xlsx']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('--out');
  });

  it('prints Markdown tables with the Lampiran headings', async () => {
    const r = await report(['--period', '2026-S1']);
    expect(r.code).toBe(0);
    const md = r.out;
    for (const heading of [
      '## A. Evaluasi Penyelenggaraan Permintaan Layanan',
      '## FORMULIR B – Prioritas Penanganan Gangguan',
      '## B. Evaluasi Penyelenggaraan Penanganan Gangguan',
      '### Evaluasi',
      '### Tindak Lanjut',
    ])
      expect(md).toContain(heading);
    expect(md).toContain('Jumlah Permintaan Layanan | Pencapaian Target Pemenuhan Layanan: Terpenuhi');
    const req = expected(requests);
    const mean = String(req.satisfaction.mean).replace('.', ',');
    expect(md).toContain(
      `| Permintaan Layanan | ${req.total} | ${req.met} | ${req.notMet} | ${mean} | ${req.satisfaction.count} |`,
    );
    expect(md).toContain('| P1 | < 15 menit | < 12 jam |');
  });

  it('writes CSV: one table after another, each with a title row, a blank line between', async () => {
    const r = await report(['--period', '2026-S1', '--format', 'csv']);
    expect(r.code).toBe(0);
    const tables = r.out.trimEnd().split('\r\n\r\n');
    expect(tables[0]?.split('\r\n')[0]).toBe('A. Evaluasi Penyelenggaraan Permintaan Layanan');
    const req = expected(requests);
    expect(tables[0]).toContain(
      `Permintaan Layanan,${req.total},${req.met},${req.notMet},${req.satisfaction.mean},`,
    );
    expect(tables.some((t) => t.startsWith('FORMULIR B – Prioritas Penanganan Gangguan\r\n'))).toBe(true);
  });
});

describe('helpdesk report note: the coordinator’s Hambatan, Peluang and Tindak Lanjut', () => {
  it('stores them per period and section and prints them in the report; empty ones say so', async () => {
    const set = await report([
      'note',
      '--period',
      '2026-S1',
      '--section',
      'requests',
      '--obstacles',
      'Petugas helpdesk hanya dua orang',
      '--improvements',
      'Formulir permintaan akun dibuat daring',
      '--follow-up',
      'Tambah satu petugas pada semester II',
    ]);
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    expect(set.out).toContain('disimpan');
    // Changing one text keeps the others.
    const again = await report([
      'note',
      '--period',
      '2026-s1',
      '--section',
      'requests',
      '--follow-up',
      'Rekrut dua petugas',
    ]);
    expect(again.code).toBe(0);

    const json = await jsonReport();
    expect(json.evaluation.requests.texts).toEqual({
      obstacles: 'Petugas helpdesk hanya dua orang',
      improvements: 'Formulir permintaan akun dibuat daring',
      followUp: 'Rekrut dua petugas',
    });
    expect(json.evaluation.incidents.texts).toBeNull();
    const md = (await report(['--from', '2026-01-01', '--to', '2026-06-30'])).out;
    expect(md).toContain('- Petugas helpdesk hanya dua orang');
    expect(md).toContain('Rekrut dua petugas');
    const b = md.slice(md.indexOf('## B. Evaluasi'));
    expect(b).toContain('(belum diisi koordinator)');
    // Another period has its own texts.
    expect((await jsonReport(['--period', '2026-S2'])).evaluation.requests.texts).toBeNull();
  });

  it('refuses a bad section, period or an empty note, and stores nothing', async () => {
    const before = await db.prisma.evaluationNote.count();
    for (const args of [
      ['--period', '2026-S1', '--section', 'gangguan', '--obstacles', 'x'],
      ['--period', '2026-S3', '--section', 'incidents', '--obstacles', 'x'],
      ['--period', '2026-S1', '--section', 'incidents'],
      ['--section', 'incidents', '--obstacles', 'x'],
    ]) {
      const r = await report(['note', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/tidak dikenal|tidak dikenali|tidak ada teks|sebutkan --period/);
    }
    expect(await db.prisma.evaluationNote.count()).toBe(before);
  });

  it('refuses a bad period or format for the report with a clear message', async () => {
    expect((await report(['--period', 'semester 1'])).err).toContain('tidak dikenali');
    expect((await report(['--period', '2026-S1', '--format', 'pdf'])).err).toContain(
      'format "pdf" tidak dikenal',
    );
    expect((await report(['--from', '2026-01-01'])).err).toContain('--from dan --to');
    expect(
      (await report(['--period', '2026-S1', '--from', '2026-01-01', '--to', '2026-03-31'])).err,
    ).toContain('tidak sama');
  });
});
