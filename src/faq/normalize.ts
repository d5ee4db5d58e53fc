/**
 * Indonesian chat-text normalisation shared by the FAQ matcher and the conversation engine.
 *
 * Pipeline: {@link cleanText} (case, accents, emoji, invisible marks, punctuation) →
 * {@link normalizeTokens} (chat slang and abbreviations from {@link SLANG} and {@link PHRASES}) →
 * {@link analyzeText} (stopwords, stemming with natural's Indonesian stemmer, protected IT words).
 */
import { createRequire } from 'node:module';

// natural's package index loads its storage back-ends, which call dotenv at import time (printing to
// stdout and reading .env) and take ~0.6 s. The Indonesian stemmer and stopword list are standalone
// CommonJS files, so they are required directly: no side effect, ~10 ms.
const require = createRequire(import.meta.url);

interface IndonesianStemmer {
  stem(token: string): string;
}
const stemmerId = require('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as IndonesianStemmer;
const naturalStopwords = (require('natural/lib/natural/util/stopwords_id.js') as { words: string[] }).words;
const rootWords: ReadonlySet<string> = new Set(
  require('natural/lib/natural/stemmers/indonesian/data/kata-dasar.json') as string[],
);

/**
 * Informal spellings → standard form, one token to one or more words. The single place to add chat
 * slang; keys are already lowercase, accent-free and without punctuation.
 */
export const SLANG: Readonly<Record<string, string>> = {
  // pronouns and people
  sy: 'saya',
  sya: 'saya',
  aq: 'saya',
  aku: 'saya',
  gw: 'saya',
  gue: 'saya',
  gua: 'saya',
  org: 'orang',
  cs: 'petugas',
  it: 'tik',
  // question words
  gmn: 'bagaimana',
  gmna: 'bagaimana',
  gimana: 'bagaimana',
  gimna: 'bagaimana',
  bgmn: 'bagaimana',
  bgm: 'bagaimana',
  brp: 'berapa',
  brapa: 'berapa',
  knp: 'kenapa',
  napa: 'kenapa',
  ngapa: 'kenapa',
  kmn: 'kemana',
  dmn: 'dimana',
  // negation and modality
  tdk: 'tidak',
  gk: 'tidak',
  ga: 'tidak',
  gak: 'tidak',
  gag: 'tidak',
  nggak: 'tidak',
  ngga: 'tidak',
  engga: 'tidak',
  enggak: 'tidak',
  ndak: 'tidak',
  kagak: 'tidak',
  tak: 'tidak',
  g: 'tidak',
  bs: 'bisa',
  bsa: 'bisa',
  gbs: 'tidak bisa',
  gabisa: 'tidak bisa',
  gakbisa: 'tidak bisa',
  gkbisa: 'tidak bisa',
  tdkbisa: 'tidak bisa',
  blm: 'belum',
  blum: 'belum',
  belom: 'belum',
  udh: 'sudah',
  sdh: 'sudah',
  udah: 'sudah',
  dah: 'sudah',
  uda: 'sudah',
  pengen: 'ingin',
  pingin: 'ingin',
  pgn: 'ingin',
  // function words
  yg: 'yang',
  dgn: 'dengan',
  dg: 'dengan',
  utk: 'untuk',
  untk: 'untuk',
  krn: 'karena',
  karna: 'karena',
  jg: 'juga',
  lg: 'lagi',
  dr: 'dari',
  kl: 'kalau',
  kalo: 'kalau',
  klo: 'kalau',
  klu: 'kalau',
  tp: 'tapi',
  tpi: 'tapi',
  sm: 'sama',
  ama: 'sama',
  dpt: 'dapat',
  bkn: 'bukan',
  jd: 'jadi',
  jdi: 'jadi',
  sdg: 'sedang',
  lgi: 'lagi',
  skrg: 'sekarang',
  skrng: 'sekarang',
  aja: 'saja',
  aj: 'saja',
  trs: 'terus',
  gt: 'gitu',
  pny: 'punya',
  pnya: 'punya',
  sampe: 'sampai',
  nyampe: 'sampai',
  // time
  hr: 'hari',
  bln: 'bulan',
  thn: 'tahun',
  jm: 'jam',
  td: 'tadi',
  tdi: 'tadi',
  kmrn: 'kemarin',
  kmren: 'kemarin',
  kemaren: 'kemarin',
  kmaren: 'kemarin',
  kmarin: 'kemarin',
  smlm: 'semalam',
  sjk: 'sejak',
  pgi: 'pagi',
  mlm: 'malam',
  brsn: 'barusan',
  cepet: 'cepat',
  tetep: 'tetap',
  wkt: 'waktu',
  malem: 'malam',
  // courtesy
  tlg: 'tolong',
  tolongin: 'tolong',
  mksh: 'terima kasih',
  makasih: 'terima kasih',
  makasi: 'terima kasih',
  mkasih: 'terima kasih',
  trimakasih: 'terima kasih',
  terimakasih: 'terima kasih',
  trims: 'terima kasih',
  tks: 'terima kasih',
  thx: 'terima kasih',
  thanks: 'terima kasih',
  // verbs
  // "buat" alone is mostly "for"; the making sense survives as "pembuatan"/"dibuatkan".
  bikin: 'pembuatan',
  bkin: 'pembuatan',
  bikinin: 'dibuatkan',
  bikinkan: 'dibuatkan',
  dibikin: 'dibuatkan',
  dibikinin: 'dibuatkan',
  ngasih: 'beri',
  ngasi: 'beri',
  mulu: 'terus',
  list: 'daftar',
  kelupaan: 'lupa',
  lupain: 'lupa',
  melulu: 'terus',
  lock: 'kunci',
  kelock: 'terkunci',
  kekunci: 'terkunci',
  mnt: 'minta',
  ngajuin: 'ajukan',
  ngajukan: 'ajukan',
  ngadu: 'mengadu',
  laporin: 'laporkan',
  ngelapor: 'lapor',
  batalin: 'batalkan',
  dibatalin: 'dibatalkan',
  cancel: 'batal',
  dicancel: 'batal',
  ngobrol: 'bicara',
  ngomong: 'bicara',
  dapetin: 'dapatkan',
  bales: 'balas',
  dibales: 'dibalas',
  nentuin: 'tentukan',
  nentukan: 'tentukan',
  naruh: 'taruh',
  ngedit: 'edit',
  beres: 'selesai',
  kelar: 'selesai',
  konek: 'koneksi',
  nyambung: 'sambung',
  rubah: 'ubah',
  dirubah: 'diubah',
  merubah: 'mengubah',
  pake: 'pakai',
  dipake: 'dipakai',
  liat: 'lihat',
  ngeliat: 'lihat',
  nanya: 'tanya',
  nanyain: 'tanya',
  gaada: 'tidak ada',
  gada: 'tidak ada',
  kaga: 'tidak',
  emg: 'memang',
  bnyk: 'banyak',
  jgn: 'jangan',
  hrs: 'harus',
  sblm: 'sebelum',
  stlh: 'setelah',
  tgl: 'tanggal',
  nmr: 'nomor',
  nomer: 'nomor',
  tlp: 'telepon',
  telp: 'telepon',
  telpon: 'telepon',
  nelpon: 'telepon',
  kntr: 'kantor',
  bener: 'benar',
  bner: 'benar',
  // IT vocabulary
  pw: 'password',
  pass: 'password',
  passwd: 'password',
  pwd: 'password',
  paswd: 'password',
  sandi: 'password',
  katasandi: 'password',
  lemot: 'lambat',
  lelet: 'lambat',
  lola: 'lambat',
  inet: 'internet',
  imel: 'email',
  emel: 'email',
  surel: 'email',
  mail: 'email',
  gmail: 'email',
  apk: 'aplikasi',
  app: 'aplikasi',
  apps: 'aplikasi',
  aplikas: 'aplikasi',
  acc: 'akun',
  account: 'akun',
  ticket: 'tiket',
  eror: 'error',
  erorr: 'error',
  err: 'error',
  install: 'instal',
  vidcon: 'vicon',
  videocall: 'vicon',
  videoconference: 'vicon',
  pentes: 'pentest',
  signin: 'login',
  logon: 'login',
  pc: 'komputer',
  kompi: 'komputer',
  wa: 'whatsapp',
  hp: 'handphone',
  sparepart: 'sukucadang',
  onderdil: 'sukucadang',
};

/**
 * Multi-word spellings → canonical tokens, matched on the words as typed and again after
 * {@link SLANG} (so "e-mail", which {@link cleanText} turns into "e mail", becomes "email", and
 * "ga jadi" becomes "batal").
 */
export const PHRASES: ReadonlyArray<readonly [string, string]> = [
  ['kata sandi', 'password'],
  ['pass word', 'password'],
  ['e mail', 'email'],
  ['wi fi', 'wifi'],
  ['log in', 'login'],
  ['sign in', 'login'],
  ['video conference', 'vicon'],
  ['video conferencing', 'vicon'],
  ['video konferensi', 'vicon'],
  ['konferensi video', 'vicon'],
  ['vidio conference', 'vicon'],
  ['zoom meeting', 'vicon zoom'],
  ['penetration testing', 'pentest'],
  ['penetration test', 'pentest'],
  ['pen test', 'pentest'],
  ['uji penetrasi', 'pentest'],
  ['customer service', 'petugas'],
  ['service request', 'permintaan layanan'],
  ['live streaming', 'streaming'],
  ['suku cadang', 'sukucadang'],
  ['go id', 'goid'],
  ['tidak jadi', 'batal'],
  ['stand by', 'standby'],
  ['tanggal merah', 'libur'],
  ['hari besar', 'libur'],
  // Greetings and thanks: "malam" and "bantuan" are topic words on their own, not in these.
  ['selamat pagi', 'selamat'],
  ['selamat siang', 'selamat'],
  ['selamat sore', 'selamat'],
  ['selamat malam', 'selamat'],
  ['terima kasih atas bantuannya', 'terima kasih'],
  ['terima kasih atas bantuan', 'terima kasih'],
  ['terima kasih bantuannya', 'terima kasih'],
];

/**
 * IT and loan words the Indonesian stemmer must not touch (it is dictionary-based and strips
 * prefix-like starts from unknown words). Affixed forms such as "passwordnya", "direset" or
 * "ngecek" are reduced to these bases by {@link stemWord}.
 */
export const PROTECTED_WORDS: ReadonlySet<string> = new Set([
  'password',
  'email',
  'server',
  'login',
  'logout',
  'internet',
  'wifi',
  'website',
  'web',
  'hosting',
  'domain',
  'subdomain',
  'admin',
  'reset',
  'update',
  'upload',
  'download',
  'instal',
  'printer',
  'laptop',
  'komputer',
  'monitor',
  'mouse',
  'keyboard',
  'scanner',
  'router',
  'modem',
  'kabel',
  'lan',
  'wlan',
  'zoom',
  'vicon',
  'streaming',
  'meeting',
  'webinar',
  'youtube',
  'pentest',
  'srikandi',
  'simpeg',
  'sipd',
  'lpse',
  'akun',
  'tiket',
  'status',
  'menu',
  'cek',
  'error',
  'bug',
  'data',
  'database',
  'backup',
  'lisensi',
  'software',
  'hardware',
  'windows',
  'office',
  'antivirus',
  'virus',
  'operator',
  'helpdesk',
  'online',
  'offline',
  'sla',
  'user',
  'username',
  'role',
  'otp',
  'link',
  'chat',
  'bot',
  'spbe',
  'tik',
  'opd',
  'nip',
  'nik',
  'vpn',
  'cloud',
  'sistem',
  'form',
  'fitur',
  'export',
  'excel',
  'whatsapp',
  'handphone',
  'sukucadang',
  'maintenance',
  'uptime',
  'downtime',
  'rating',
  'feedback',
  'request',
  'insiden',
  'eskalasi',
  'konfirmasi',
  'aktivasi',
  'vm',
  'print',
  'edit',
]);

/**
 * Words natural's Indonesian stopword list drops but which carry meaning for an IT helpdesk
 * ("tidak bisa *masuk*", "*minta* akses", "berapa *lama*", "jam *kerja*").
 */
export const KEPT_STOPWORDS: ReadonlySet<string> = new Set([
  'masuk',
  'minta',
  'masalah',
  'kerja',
  'hari',
  'bulan',
  'lama',
  'tanya',
  'jawab',
  'jawaban',
  'pertanyaan',
  'kembali',
  'orang',
  'pukul',
  'naik',
  'keluar',
]);

/** Chat particles, greetings and fillers that carry no topic. */
export const EXTRA_STOPWORDS: ReadonlySet<string> = new Set([
  'dong',
  'nih',
  'deh',
  'sih',
  'ya',
  'yah',
  'yaa',
  'kak',
  'kakak',
  'min',
  'mimin',
  'gan',
  'om',
  'pak',
  'bu',
  'mas',
  'mbak',
  'mba',
  'bang',
  'bro',
  'sis',
  'kok',
  'loh',
  'lho',
  'aja',
  'doang',
  'banget',
  'bgt',
  'pls',
  'please',
  'plis',
  'gitu',
  'gini',
  'tuh',
  'tu',
  'ni',
  'eh',
  'hehe',
  'haha',
  'wkwk',
  'wkwkwk',
  'oke',
  'ok',
  'okay',
  'sip',
  'siap',
  'tolong',
  'terima',
  'kasih',
  'selamat',
  'pagi',
  'siang',
  'sore',
  'assalamualaikum',
  'permisi',
  'maaf',
  'mohon',
  'punya',
  'kami',
  'kita',
  'kemana',
  'dimana',
  'mana',
  'ingin',
  'butuh',
  'perlu',
  'terus',
  'tapi',
  'bilang',
  // Domain-generic: every question here is about TIK procedures, so these words point nowhere.
  'tik',
  'prosedur',
  'mekanisme',
  'langkah',
  'tahapan',
  'syarat',
  'persyaratan',
  // Organisation words: present in half the messages, they say who asks, not what about.
  'opd',
  'dinas',
  'kantor',
  'instansi',
  'pemda',
  'pemkab',
  'pemkot',
  'pemprov',
  'kominfo',
  'diskominfo',
  'kabupaten',
  'kota',
  'setda',
  'bidang',
  'bagian',
]);

/** The effective stopword list: natural's Indonesian list minus {@link KEPT_STOPWORDS}, plus {@link EXTRA_STOPWORDS}. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  ...naturalStopwords.filter((w) => !KEPT_STOPWORDS.has(w)),
  ...EXTRA_STOPWORDS,
]);

/** True when `word` (already normalised) carries no topic and is dropped by {@link analyzeText}. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

// Zero-width characters, bidi controls (LRM/RLM, embeddings, isolates), BOM and soft hyphen: they
// are removed without leaving a space, because they often sit inside a word.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const COMBINING_MARKS = /\p{M}+/gu;
// "akun2" is the chat spelling of the reduplication "akun-akun": keep the word once.
const REDUPLICATION_2 = /(\p{L}{3,})2(?!\p{N})/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const DIGITS_THEN_WORD = /(\p{N})(\p{L}{3,})/gu;
const WORD_THEN_DIGITS = /(\p{L}{3,})(\p{N})/gu;
// "tolonggg", "pwww": three or more of the same letter are never standard Indonesian spelling.
const REPEATED_LETTER = /(\p{L})\1{2,}/gu;

/**
 * Lowercase, strip accents, emoji, zero-width/bidi marks and punctuation; collapse whitespace.
 * Ticket codes lose their hyphens here ("GGN-2026-0001" → "ggn 2026 0001"): parse them from the raw text.
 */
export function cleanText(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(REDUPLICATION_2, '$1')
    .replace(NOT_WORD, ' ')
    .replace(DIGITS_THEN_WORD, '$1 $2')
    .replace(WORD_THEN_DIGITS, '$1 $2')
    .replace(REPEATED_LETTER, '$1')
    .trim();
}

// First word of each phrase → the phrases starting with it, longest first (greedy match).
const PHRASE_INDEX: ReadonlyMap<string, ReadonlyArray<{ words: string[]; replacement: string[] }>> = (() => {
  const index = new Map<string, Array<{ words: string[]; replacement: string[] }>>();
  for (const [phrase, replacement] of PHRASES) {
    const words = phrase.split(' ');
    const first = words[0];
    if (first === undefined) continue;
    const list = index.get(first) ?? [];
    list.push({ words, replacement: replacement.split(' ') });
    list.sort((a, b) => b.words.length - a.words.length);
    index.set(first, list);
  }
  return index;
})();

function joinPhrases(words: readonly string[], expandSlang: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const token = words[i] as string;
    const phrase = PHRASE_INDEX.get(token)?.find(({ words: p }) => p.every((w, k) => words[i + k] === w));
    if (phrase !== undefined) {
      out.push(...phrase.replacement);
      i += phrase.words.length;
      continue;
    }
    // Government application names are spelt "e-kinerja", "e-sakip": keep them one word, or the
    // stemmer reads "kinerja" as "kerja".
    const next = words[i + 1];
    if (token === 'e' && next !== undefined && /^\p{L}{3,}$/u.test(next)) {
      out.push(`e${next}`);
      i += 2;
      continue;
    }
    // Own keys only: a word like "constructor" must not find Object.prototype's.
    const slang = expandSlang && Object.hasOwn(SLANG, token) ? SLANG[token] : undefined;
    if (slang === undefined) out.push(token);
    else out.push(...slang.split(' '));
    i += 1;
  }
  return out;
}

/** {@link cleanText}, then slang and abbreviations expanded: the words as a standard-Indonesian list. */
export function normalizeTokens(text: string): string[] {
  const cleaned = cleanText(text);
  if (cleaned === '') return [];
  // Phrases are matched on the words as typed ("e mail" must not become "e email" through the slang
  // entry for "mail"), then once more after slang expansion ("ga jadi" → "tidak jadi" → "batal").
  return joinPhrases(joinPhrases(cleaned.split(' '), true), false);
}

/** {@link normalizeTokens} joined with single spaces, e.g. "Gmn reset PW e-mail??" → "bagaimana reset password email". */
export function normalizeText(text: string): string {
  return normalizeTokens(text).join(' ');
}

const LOANWORD_PREFIXES = ['', 'di', 'ter', 'nge', 'ng', 'menge', 'me', 'ke', 'pe', 'penge'];
const LOANWORD_SUFFIXES = [
  '',
  'nya',
  'in',
  'kan',
  'an',
  'i',
  'ku',
  'mu',
  'lah',
  'kah',
  'pun',
  'innya',
  'annya',
];
const POSSESSIVE_SUFFIX = /^(.{3,}?)(nya|ku|mu)$/;

function loanwordBase(word: string): string | undefined {
  for (const prefix of LOANWORD_PREFIXES) {
    if (!word.startsWith(prefix)) continue;
    for (const suffix of LOANWORD_SUFFIXES) {
      if (prefix === '' && suffix === '') continue;
      if (!word.endsWith(suffix) || word.length - prefix.length - suffix.length < 2) continue;
      const base = word.slice(prefix.length, word.length - suffix.length);
      if (PROTECTED_WORDS.has(base)) return base;
    }
  }
  return undefined;
}

// The stemmer is a dictionary walk (~20 µs a word); chat vocabulary is small and repetitive.
const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

/**
 * Root of one normalised word: protected IT words and their affixed forms map to the base word;
 * other words go through natural's Indonesian stemmer; a word the stemmer does not know keeps its
 * spelling minus a possessive "-nya"/"-ku"/"-mu".
 */
export function stemWord(word: string): string {
  if (word.length < 3 || PROTECTED_WORDS.has(word) || /\p{N}/u.test(word)) return word;
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  let stem = loanwordBase(word);
  if (stem === undefined) {
    stem = stemmerId.stem(word);
    if (stem === word) {
      const possessive = POSSESSIVE_SUFFIX.exec(word);
      if (possessive?.[1] !== undefined) stem = possessive[1];
    }
    if (stem.length < 2) stem = word;
  }
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, stem);
  return stem;
}

/**
 * True when `word` or its stem is one of the ~30,000 roots of natural's Indonesian dictionary: a real
 * word, so not a typo to correct ("uang" is not a misspelt "hang").
 */
export function isDictionaryWord(word: string): boolean {
  return rootWords.has(word) || rootWords.has(stemWord(word));
}

/** One analysed word: `surface` is the normalised spelling, `stem` its root. */
export interface AnalyzedToken {
  surface: string;
  stem: string;
}

/** Whether a normalised word is worth indexing: not a stopword, not a lone letter, not a long number. */
export function isContentWord(word: string): boolean {
  if (word.length < 2 && !/^\p{N}$/u.test(word)) return false;
  // Years, ticket sequence numbers, phone numbers and NIKs say nothing about the topic.
  if (/^\p{N}{3,}$/u.test(word)) return false;
  return !STOPWORDS.has(word);
}

/** Content words of `text` with their stems, in order (duplicates kept). */
export function analyzeTokens(text: string): AnalyzedToken[] {
  const out: AnalyzedToken[] = [];
  for (const surface of normalizeTokens(text)) {
    if (!isContentWord(surface)) continue;
    const stem = stemWord(surface);
    out.push({ surface, stem });
  }
  return out;
}

/** The stems of the content words of `text`: what the FAQ matcher indexes and compares. */
export function analyzeText(text: string): string[] {
  return analyzeTokens(text).map((t) => t.stem);
}
