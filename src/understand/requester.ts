/**
 * Who a reporter is, from their one answer to "nama lengkap dan instansi/OPD Anda?" (Formulir D a,
 * Formulir E b; 002:471, 002:501): a name, an OPD (or "Masyarakat umum" for a citizen) and an optional
 * 18-digit NIP. Pure; people answer in every shape ("budi, dinkes", "Siti Aminah - Bappeda NIP 19870101
 * 201001 2 003", "saya warga, nama andi"), so this reads loosely and never fails: what it cannot tell
 * stays null.
 */

export interface Requester {
  name: string | null;
  /** The OPD as typed, or {@link CITIZEN} for a citizen. */
  opd: string | null;
  /** 18 digits, without spaces. */
  nip: string | null;
}

/** What a citizen's OPD is recorded as. */
export const CITIZEN = 'Masyarakat umum';

const MAX_NAME = 80;
const MAX_OPD = 120;

/** 18 digits, with spaces, dots or dashes between groups ("19870101 201001 2 003"). */
const NIP = /(?:\bnip\b\.?\s*[:.]?\s*)?((?:\d[\s.-]?){17}\d)(?!\d)/i;

/** Words an OPD name starts with: where the name ends when nothing separates the two. */
const OPD_WORDS = new Set([
  'dinas',
  'dinkes',
  'disdik',
  'dindik',
  'disdikbud',
  'diskominfo',
  'kominfo',
  'diskominfosatik',
  'disdukcapil',
  'dukcapil',
  'dishub',
  'disnaker',
  'disperindag',
  'dinsos',
  'dpmptsp',
  'dpmpd',
  'dlh',
  'dpupr',
  'pupr',
  'badan',
  'bappeda',
  'bapenda',
  'bkpsdm',
  'bkd',
  'bpkad',
  'bpbd',
  'bpkd',
  'kesbangpol',
  'inspektorat',
  'sekretariat',
  'setda',
  'sekda',
  'dprd',
  'setwan',
  'bagian',
  'bag',
  'kecamatan',
  'kec',
  'kelurahan',
  'kel',
  'desa',
  'rsud',
  'puskesmas',
  'pkm',
  'uptd',
  'upt',
  'satpol',
  'kantor',
  'sekolah',
  'sdn',
  'smpn',
  'smp',
  'sd',
  'kabupaten',
  'pemkab',
  'pemda',
  'bidang',
  'subbag',
  'instansi',
  'opd',
]);

/** Words that say the person is a citizen, not an officer of an OPD. */
const CITIZEN_WORDS =
  /\b((warga|masyarakat)(\s+(umum|biasa|sini))?|pribadi|perorangan|bukan\s+(asn|pns|pegawai))\b/gi;

/** Openings and labels around the answer: "nama saya", "perkenalkan", "saya", "nama:", "opd:". */
const FILLER =
  /\b(perkenalkan|nama\s+saya|nama\s+sy|namaku|saya|sy|aku|nama|dengan|dgn|adalah|yaitu|ya|pak|bapak|bu|ibu|mas|mbak|kak|min|admin|asn|pns|pegawai|dari|dr|di|asal|instansi|unit\s+kerja|unit|opd|kantor\s+saya)\b\s*[:.]?/gi;

/** Where one part of the answer ends and the next begins. */
const SEPARATORS = /\s*(?:[,;/|()\n]|\s[-–—]\s|\s(?:dari|dr|di|asal|instansi|opd|unit kerja)\s)\s*/i;

export function readRequester(answer: string): Requester {
  let text = ` ${answer.replace(/\s+/g, ' ').trim()} `;
  const nipMatch = NIP.exec(text);
  const nip = nipMatch?.[1] ? nipMatch[1].replace(/\D/g, '') : null;
  if (nipMatch) text = text.replace(nipMatch[0], ' , ');
  text = text.replace(/\bnip\b\.?\s*[:.]?/gi, ' ');

  const citizen = CITIZEN_WORDS.test(text);
  CITIZEN_WORDS.lastIndex = 0;
  if (citizen) text = text.replace(/\b(saya|sy|aku)\s+/gi, ' ').replace(CITIZEN_WORDS, ' , ');

  // Labelled answers: "Nama: Budi, OPD: Dinkes".
  const labelledOpd = /\b(?:opd|instansi|unit kerja|unit)\s*:\s*([^,;\n]+)/i.exec(text);
  let opd: string | null = labelledOpd?.[1] ? labelledOpd[1] : null;
  if (labelledOpd) text = text.replace(labelledOpd[0], ' , ');

  const parts = text
    .split(SEPARATORS)
    .map((p) => stripFiller(p))
    .filter((p) => /\p{L}{2,}/u.test(p));
  let name: string | null = null;
  for (const part of parts) {
    const words = part.split(' ');
    const at = words.findIndex((w) => OPD_WORDS.has(w.toLowerCase().replace(/\.$/, '')));
    if (at === 0) {
      if (!opd) opd = part;
      continue;
    }
    if (at > 0 && !name) {
      // "budi dinkes": the name, then the OPD.
      name = words.slice(0, at).join(' ');
      if (!opd) opd = words.slice(at).join(' ');
      continue;
    }
    if (!name) name = part;
    else if (!opd) opd = part;
  }
  if (opd) opd = clean(opd.replace(/^\s*(opd|instansi)\b\s*/i, ''));
  return {
    name: name ? capitalise(name).slice(0, MAX_NAME) : null,
    opd: citizen && !opd ? CITIZEN : opd ? capitalise(opd, true).slice(0, MAX_OPD) : null,
    nip,
  };
}

/** A part without surrounding punctuation. */
function clean(part: string): string {
  return part
    .replace(/[.:!?"'`*_]+$/g, '')
    .replace(/^[\s.:,!?"'`*_-]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A part without the words that only introduce it ("nama saya", "pak", "dari"). */
function stripFiller(part: string): string {
  const words = clean(part).split(' ');
  // An OPD keeps its own words ("Kantor Kecamatan", "Unit Layanan Pengadaan").
  const opdAt = words.findIndex((w) => OPD_WORDS.has(w.toLowerCase().replace(/\.$/, '')));
  const head = opdAt < 0 ? words : words.slice(0, opdAt);
  const tail = opdAt < 0 ? [] : words.slice(opdAt);
  return clean([head.join(' ').replace(FILLER, ' '), ...tail].join(' '));
}

/**
 * Agency abbreviations people type in lower case that have vowels, so the no-vowel rule below misses
 * them; the ones read as words ("Bappeda", "Dinkes", "Setda") are written that way and stay so.
 */
const ABBREVIATIONS = new Set(['rsud', 'bpkad', 'pupr', 'bapenda', 'bpkpd', 'upt', 'uptd', 'opd']);

/**
 * "budi santoso" → "Budi Santoso"; what is typed with capitals already ("BKPSDM", "McD") stays. In an OPD
 * an abbreviation typed in lower case is written in capitals: "bkpsdm" → "BKPSDM", "rsud" → "RSUD".
 */
function capitalise(text: string, agency = false): string {
  return text
    .split(' ')
    .map((w) => {
      if (w !== w.toLowerCase()) return w;
      if (agency && (ABBREVIATIONS.has(w) || (w.length >= 2 && /^[a-z]+$/.test(w) && !/[aiueo]/.test(w))))
        return w.toUpperCase();
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join(' ');
}
