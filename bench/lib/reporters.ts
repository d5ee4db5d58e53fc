/**
 * Simulated reporters: each one is a chat on the simulator channel (over HTTP, as the simulator page
 * posts) going through realistic conversations, one message at a time — the next message is typed only
 * after the bot's turn has been delivered, as a person would, so concurrency = number of chats.
 *
 * Conversations (picked at random, deterministic per chat):
 * - FAQ question (informal, from test/faq/queries.yaml) — 1 message;
 * - service request: "2" → service name → description → "1" — 4 messages, ends with a LYN- code;
 * - incident: "3" → service → symptom → since when → impact — 5 messages, ends with a GGN- code; when
 *   the service already has an open incident the bot links the reporter after the service (2 messages);
 * - status check: "status <own code>" — 1 message (an FAQ question while the chat has no ticket yet).
 */
import http from 'node:http';
import path from 'node:path';
import { loadCatalogue } from '../../src/catalogue/load.ts';
import { ROOT_DIR } from '../../src/db/paths.ts';
import { loadFaqCases } from '../../src/faq/evaluate.ts';
import { seededRandom } from './stats.ts';

export const TURN_TIMEOUT_MS = 30_000;

// A question that happens to be a command (cancel, status, a menu number) would take the chat into a
// flow the script does not follow; the FAQ script asks plain questions.
const COMMAND_LIKE = /\b(batal\w*|cancel|status|cek|lacak|progres\w*|perkembangan|menu|ggn|lyn)\b|^\s*\d/i;
const FAQ_QUERIES = loadFaqCases(path.join(ROOT_DIR, 'test/faq/queries.yaml'))
  .filter((c) => c.expected !== null && !COMMAND_LIKE.test(c.query))
  .map((c) => c.query);

const catalogue = loadCatalogue(path.join(ROOT_DIR, 'prisma/seed/catalogue.yaml'));
const REQUEST_SERVICES = catalogue.services
  .filter((s) => s.requestable && s.code !== 'konsultasi')
  .map((s) => s.name.toLowerCase());
const INCIDENT_SERVICES = catalogue.services.filter((s) => s.reportable).map((s) => s.name.toLowerCase());

const REQUEST_DESCRIPTIONS = [
  'mohon dibuatkan untuk staf baru di bidang perencanaan, unit Bappeda',
  'lupa password sejak cuti kemarin, mohon direset untuk akun dinas saya',
  'butuh untuk rapat koordinasi hari kamis jam 9 di ruang rapat lantai 2',
  'printer di ruang keuangan sudah tidak bisa menarik kertas, mohon diganti',
  'mohon akses ke aplikasi untuk operator baru kecamatan',
  'perlu lisensi office untuk 3 laptop baru di sekretariat',
];
const SYMPTOMS = [
  'tidak bisa login, muncul error 502 bad gateway',
  'halaman tidak bisa dibuka sama sekali dari kantor',
  'lambat sekali, upload dokumen gagal terus',
  'data yang disimpan hilang setelah refresh',
  'muncul pesan sesi berakhir setiap beberapa menit',
];
const SINCE = ['sejak jam 9 tadi', 'pagi ini', 'kemarin sore', 'sejak senin', 'barusan'];
const IMPACT = ['1', '2', 'hanya saya', 'semua pegawai di kantor'];

export interface TurnResult {
  /** The last ticket code a reply of the turn named, if any. */
  code: string | null;
  replies: number;
}

export class Stopped extends Error {}
export class TurnFailed extends Error {}

export interface World {
  url: string;
  stopping: boolean;
  /** performance.now() bounds of the measured window (turns starting inside it are recorded). */
  window: { start: number; end: number };
  turnLatencyMs: number[];
  counts: {
    turns: number;
    httpErrors: number;
    /** 503s (the app shedding load within its 1 s accept deadline) delivered again, as a platform does. */
    redeliveries: number;
    timeouts: number;
    /** Replies that arrived when the chat was not waiting for one. */
    stray: number;
    requestsOpened: number;
    incidentsOpenedOrLinked: number;
    statusChecks: number;
    faqQuestions: number;
    /** A conversation that did not end the way the script expects (no ticket code at the end). */
    offScript: number;
  };
}

/**
 * The simulator page's POST, on node:http with kept-alive connections: the load generator shares the
 * machine's cores with the helpdesk, and with fetch() it took 0.4–0.5 ms of CPU per message (this way
 * 0.15–0.2 ms), leaving that much less to the app it measures.
 */
const agent = new http.Agent({ keepAlive: true });
function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function newWorld(url: string): World {
  return {
    url,
    stopping: false,
    window: { start: Number.POSITIVE_INFINITY, end: Number.POSITIVE_INFINITY },
    turnLatencyMs: [],
    counts: {
      turns: 0,
      httpErrors: 0,
      redeliveries: 0,
      timeouts: 0,
      stray: 0,
      requestsOpened: 0,
      incidentsOpenedOrLinked: 0,
      statusChecks: 0,
      faqQuestions: 0,
      offScript: 0,
    },
  };
}

interface Waiter {
  replies: number;
  code: string | null;
  resolve: (r: TurnResult) => void;
  timer: NodeJS.Timeout;
}

export class Reporter {
  private waiter: Waiter | null = null;
  private seq = 0;
  private readonly ownCodes: string[] = [];
  private readonly random: () => number;

  constructor(
    readonly chatId: string,
    private readonly world: World,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  /** A reply was sent to this chat. */
  onSent(final: boolean, code: string | null): void {
    const w = this.waiter;
    if (!w) {
      this.world.counts.stray++;
      return;
    }
    w.replies++;
    if (code) w.code = code;
    if (final) {
      this.waiter = null;
      clearTimeout(w.timer);
      w.resolve({ code: w.code, replies: w.replies });
    }
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  /** Sends one message and waits for the bot's whole turn. */
  async say(text: string): Promise<TurnResult> {
    if (this.world.stopping) throw new Stopped();
    const messageId = `${this.chatId}-${++this.seq}`;
    const start = performance.now();
    // Registered before posting: the reply can arrive before the HTTP response does.
    const turn = new Promise<TurnResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new TurnFailed('timeout'));
      }, TURN_TIMEOUT_MS);
      this.waiter = { replies: 0, code: null, resolve, timer };
    });
    turn.catch(() => {});
    try {
      for (;;) {
        const status = await post(
          `${this.world.url}/api/simulator/messages`,
          JSON.stringify({ chatId: this.chatId, text, messageId, name: 'Pelapor Bench' }),
        );
        if (status === 202) break;
        // As a platform does: the same message again a moment later (recognised if it was stored).
        if (status !== 503 || this.world.stopping) throw new Error(`HTTP ${status}`);
        this.world.counts.redeliveries++;
        await new Promise((r) => setTimeout(r, 200));
      }
    } catch {
      if (this.waiter) clearTimeout(this.waiter.timer);
      this.waiter = null;
      this.world.counts.httpErrors++;
      throw new TurnFailed('http');
    }
    let result: TurnResult;
    try {
      result = await turn;
    } catch (e) {
      this.world.counts.timeouts++;
      throw e;
    }
    const end = performance.now();
    this.world.counts.turns++;
    if (start >= this.world.window.start && start < this.world.window.end)
      this.world.turnLatencyMs.push(end - start);
    return result;
  }

  /** Conversations until the world stops; a failed turn ends that conversation, not the reporter. */
  async run(): Promise<void> {
    while (!this.world.stopping) {
      const r = this.random();
      try {
        if (r < 0.3) await this.faq();
        else if (r < 0.6) await this.request();
        else if (r < 0.85) await this.incident();
        else await this.status();
      } catch (e) {
        if (e instanceof Stopped) return;
        if (!(e instanceof TurnFailed)) throw e;
      }
    }
  }

  private async faq(): Promise<void> {
    this.world.counts.faqQuestions++;
    await this.say(this.pick(FAQ_QUERIES));
  }

  private async request(): Promise<void> {
    await this.say('2');
    await this.say(this.pick(REQUEST_SERVICES));
    await this.say(this.pick(REQUEST_DESCRIPTIONS));
    const done = await this.say('1');
    if (done.code?.startsWith('LYN-')) {
      this.ownCodes.push(done.code);
      this.world.counts.requestsOpened++;
    } else this.world.counts.offScript++;
  }

  private async incident(): Promise<void> {
    await this.say('3');
    const service = await this.say(this.pick(INCIDENT_SERVICES));
    if (service.code) {
      // A known outage: the bot linked this reporter to the open incident.
      this.ownCodes.push(service.code);
      this.world.counts.incidentsOpenedOrLinked++;
      return;
    }
    await this.say(this.pick(SYMPTOMS));
    await this.say(this.pick(SINCE));
    const done = await this.say(this.pick(IMPACT));
    if (done.code?.startsWith('GGN-')) {
      this.ownCodes.push(done.code);
      this.world.counts.incidentsOpenedOrLinked++;
    } else this.world.counts.offScript++;
  }

  private async status(): Promise<void> {
    const code = this.ownCodes[this.ownCodes.length - 1];
    if (!code) return this.faq();
    this.world.counts.statusChecks++;
    const shown = await this.say(`status ${code}`);
    if (shown.code !== code) this.world.counts.offScript++;
  }
}
