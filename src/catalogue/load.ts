/**
 * Reads the editable service catalogue (prisma/seed/catalogue.yaml). Every problem names the file and
 * the entry so a helpdesk officer can fix it without reading code.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import type { ServiceNature, SystemClass, TargetDuration } from '../domain.ts';
import { ContentError } from '../errors.ts';
import { parseDuration } from '../sla/duration.ts';

export interface CatalogueGroup {
  code: string;
  name: string;
  examples: string;
  target: TargetDuration;
}

export interface CatalogueService {
  code: string;
  name: string;
  description: string;
  aliases: string[];
  groupCode: string | null;
  /** Takes service requests (Permintaan Layanan): `kinds` lists `request`. */
  requestable: boolean;
  /** Takes incident reports (Penanganan Gangguan): `kinds` lists `incident`. */
  reportable: boolean;
  fulfilment: TargetDuration | null;
  approvalRequired: boolean;
  classification: SystemClass;
  nature: ServiceNature;
  providerName: string;
  managerName: string;
  technicalTeamName: string;
  accessInfo: string;
  /** Target ketersediaan: only where the catalogue sets one (required for Kritis and Esensial, 002:357). */
  availabilityTarget: string | null;
  helpContact: string;
  helpHours: string;
  availability: string;
  /** Targets run on a 24/7 clock (`clock: 24/7`) instead of office hours (`clock: jam-kerja`). */
  clock24: boolean;
  /** The default kategori of its incidents; one of the catalogue's `categories`. */
  category: string | null;
}

export interface Catalogue {
  groups: CatalogueGroup[];
  services: CatalogueService[];
  /** Kategori gangguan (Formulir E d) staff choose from. */
  categories: string[];
  /** What the file lacks that the regulation asks for, in Indonesian, for the operator (logged at start). */
  warnings: string[];
}

/** Used when the catalogue lists no `categories`. */
export const DEFAULT_CATEGORIES = [
  'Aplikasi',
  'Akun & Akses',
  'Jaringan',
  'Perangkat Keras',
  'Server & Pusat Data',
  'Keamanan Informasi',
  'Lainnya',
];
export const CLOCKS = ['24/7', 'jam-kerja'] as const;

const CODE = /^[a-z0-9][a-z0-9-]*$/;
export const CLASSES: SystemClass[] = ['KRITIS', 'ESENSIAL', 'NORMAL'];
export const NATURES: ServiceNature[] = ['PUBLIK', 'ADMINISTRASI'];
/** The ticket kinds a service may take, as written in `kinds:`. */
export const KINDS = ['request', 'incident'] as const;
type Kind = (typeof KINDS)[number];

type Raw = Record<string, unknown>;

export function loadCatalogue(file: string): Catalogue {
  return parseCatalogue(file, fs.readFileSync(file, 'utf8'));
}

/**
 * The catalogue in `text`, by the same rules as the file at start-up: the dashboard checks an edit with
 * it before anything is written. `file` names the file in messages.
 */
export function parseCatalogue(file: string, text: string): Catalogue {
  let doc: unknown;
  try {
    doc = parse(text, { merge: true });
  } catch (e) {
    throw new ContentError(file, 'file', `tidak dapat dibaca sebagai YAML: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new ContentError(file, 'file', 'harus berisi "groups" dan "services"');
  const groupsRaw = doc.groups;
  const servicesRaw = doc.services;
  if (!Array.isArray(groupsRaw)) throw new ContentError(file, 'groups', 'harus berupa daftar');
  const groups = groupsRaw.map((g, i) => readGroup(file, `groups[${i}]`, g));
  const groupTargets = new Map(groups.map((g) => [g.code, g.target]));
  if (groupTargets.size !== groups.length) throw new ContentError(file, 'groups', 'ada kode kelompok ganda');
  if (!Array.isArray(servicesRaw) || servicesRaw.length === 0)
    throw new ContentError(file, 'services', 'harus berupa daftar yang tidak kosong');

  const categories = readCategories(file, doc.categories);
  const seen = new Set<string>();
  const services = servicesRaw.map((s, i) => {
    const svc = readService(file, `services[${i}]`, s, groupTargets, categories);
    if (seen.has(svc.code))
      throw new ContentError(file, `services[${i}] (${svc.code})`, 'kode layanan sudah dipakai entri lain');
    seen.add(svc.code);
    return svc;
  });
  return { groups, services, categories, warnings: catalogueWarnings(services) };
}

/**
 * Kritis and Esensial services must have a target ketersediaan (002:364). Not an error: the deployment
 * decides the number, the operator is told which entries still lack one.
 */
export function catalogueWarnings(services: readonly CatalogueService[]): string[] {
  const missing = services.filter(
    (s) =>
      s.availabilityTarget === null && (s.classification === 'KRITIS' || s.classification === 'ESENSIAL'),
  );
  if (missing.length === 0) return [];
  const list = missing.map((s) => `${s.name} (${s.code}, ${s.classification.toLowerCase()})`).join(', ');
  return [
    `Katalog layanan: layanan Kritis dan Esensial wajib punya target ketersediaan (availability_target), ` +
      `tetapi belum ditetapkan untuk ${missing.length} layanan: ${list}.`,
  ];
}

function readCategories(file: string, raw: unknown): string[] {
  if (raw === undefined || raw === null) return DEFAULT_CATEGORIES;
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((c) => typeof c !== 'string' || !c.trim()))
    throw new ContentError(file, 'categories', 'harus berupa daftar teks yang tidak kosong');
  const list = raw.map((c: string) => c.trim());
  if (new Set(list.map((c) => c.toLowerCase())).size !== list.length)
    throw new ContentError(file, 'categories', 'ada kategori yang ditulis dua kali');
  return list;
}

function readGroup(file: string, at: string, raw: unknown): CatalogueGroup {
  if (!isObject(raw)) throw new ContentError(file, at, 'harus berupa objek');
  const f = fields(file, at, raw);
  const code = f.code('code');
  const targetText = f.text('target');
  const target = parseDuration(targetText);
  if (!target)
    throw new ContentError(file, `${at}.target`, `"${targetText}" bukan durasi (contoh: "3 jam", "14 hari")`);
  return { code, name: f.text('name'), examples: f.optionalText('examples') ?? '', target };
}

function readService(
  file: string,
  at: string,
  raw: unknown,
  groupTargets: Map<string, TargetDuration>,
  categories: string[],
): CatalogueService {
  if (!isObject(raw)) throw new ContentError(file, at, 'harus berupa objek');
  const code = fields(file, at, raw).code('code');
  const where = `${at} (${code})`;
  const f = fields(file, where, raw);
  const groupCode = f.optionalText('group') ?? null;
  if (groupCode !== null && !groupTargets.has(groupCode))
    throw new ContentError(file, `${where}.group`, `kelompok "${groupCode}" tidak ada di "groups"`);
  const kinds = readKinds(file, where, raw);
  const requestable = kinds.has('request');
  const reportable = kinds.has('incident');
  let fulfilment: TargetDuration | null = null;
  const targetText = f.optionalText('fulfilment_target');
  if (targetText !== undefined) {
    fulfilment = parseDuration(targetText);
    if (!fulfilment)
      throw new ContentError(
        file,
        `${where}.fulfilment_target`,
        `"${targetText}" bukan durasi (contoh: "1 jam")`,
      );
  } else if (groupCode !== null) {
    fulfilment = groupTargets.get(groupCode) ?? null;
  }
  if (requestable && !fulfilment)
    throw new ContentError(
      file,
      `${where}.fulfilment_target`,
      'layanan yang dapat diminta perlu target pemenuhan',
    );
  const classification = f.oneOf('classification', CLASSES);
  const availability = f.text('availability');
  const clock = f.optionalText('clock');
  if (clock !== undefined && !(CLOCKS as readonly string[]).includes(clock))
    throw new ContentError(file, `${where}.clock`, `"${clock}" bukan salah satu dari ${CLOCKS.join(', ')}`);
  const categoryText = f.optionalText('category');
  const category = categoryText
    ? categories.find((c) => c.toLowerCase() === categoryText.toLowerCase())
    : null;
  if (category === undefined)
    throw new ContentError(
      file,
      `${where}.category`,
      `"${categoryText}" tidak ada di "categories" (${categories.join(', ')})`,
    );
  return {
    code,
    name: f.text('name'),
    description: f.text('description'),
    aliases: f.list('aliases'),
    groupCode,
    requestable,
    reportable,
    fulfilment,
    approvalRequired: raw.approval_required === undefined ? false : f.bool('approval_required'),
    classification,
    nature: f.oneOf('nature', NATURES),
    providerName: f.text('provider'),
    managerName: f.text('manager'),
    technicalTeamName: f.text('technical_team'),
    accessInfo: f.text('access'),
    availabilityTarget: f.optionalText('availability_target') ?? null,
    helpContact: f.text('help_contact'),
    helpHours: f.text('help_hours'),
    availability,
    // Default: a Kritis service available round the clock keeps a 24/7 clock (002:299, 431).
    clock24: clock === undefined ? classification === 'KRITIS' && availability === '24/7' : clock === '24/7',
    category,
  };
}

/** `kinds: [request]`, `[incident]` or `[request, incident]`; the old `requestable` key is refused. */
function readKinds(file: string, where: string, raw: Raw): Set<Kind> {
  if (raw.requestable !== undefined)
    throw new ContentError(
      file,
      `${where}.requestable`,
      'kolom ini sudah diganti: tulis "kinds: [request]", "kinds: [incident]" atau "kinds: [request, incident]"',
    );
  const v = raw.kinds;
  const expected = `isi dengan daftar jenis tiket: [request], [incident] atau [request, incident]`;
  if (v === undefined || v === null)
    throw new ContentError(file, `${where}.kinds`, `wajib diisi; ${expected}`);
  if (!Array.isArray(v) || v.length === 0)
    throw new ContentError(file, `${where}.kinds`, `harus berupa daftar yang tidak kosong; ${expected}`);
  const kinds = new Set<Kind>();
  for (const k of v) {
    if (typeof k !== 'string' || !(KINDS as readonly string[]).includes(k))
      throw new ContentError(
        file,
        `${where}.kinds`,
        `"${String(k)}" bukan jenis tiket; yang boleh hanya request (permintaan layanan) dan incident (gangguan)`,
      );
    if (kinds.has(k as Kind)) throw new ContentError(file, `${where}.kinds`, `"${k}" ditulis dua kali`);
    kinds.add(k as Kind);
  }
  return kinds;
}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Typed readers of one YAML entry's fields that fail with the entry's path. */
function fields(file: string, at: string, raw: Raw) {
  const fail = (key: string, problem: string): never => {
    throw new ContentError(file, `${at}.${key}`, problem);
  };
  const optionalText = (key: string): string | undefined => {
    const v = raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') return fail(key, 'harus berupa teks');
    const s = String(v).trim();
    return s === '' ? undefined : s;
  };
  const text = (key: string): string => optionalText(key) ?? fail(key, 'wajib diisi');
  return {
    text,
    optionalText,
    code: (key: string): string => {
      const v = text(key);
      return CODE.test(v) ? v : fail(key, `"${v}" tidak sah: pakai huruf kecil, angka dan tanda minus`);
    },
    bool: (key: string): boolean => {
      const v = raw[key];
      return typeof v === 'boolean' ? v : fail(key, 'harus true atau false');
    },
    list: (key: string): string[] => {
      const v = raw[key];
      if (v === undefined || v === null) return [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
        return fail(key, 'harus berupa daftar teks');
      return v as string[];
    },
    oneOf: <T extends string>(key: string, allowed: T[]): T => {
      const v = text(key);
      return (allowed as string[]).includes(v)
        ? (v as T)
        : fail(key, `"${v}" bukan salah satu dari ${allowed.join(', ')}`);
    },
  };
}
