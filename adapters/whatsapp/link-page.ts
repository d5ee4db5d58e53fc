/**
 * The link page /whatsapp: where an admin links the helpdesk number — the QR code to scan with the
 * phone (or the pairing code to type in), the session's state in words, refreshed as WhatsApp rotates
 * the code. Whoever scans the code owns the number, so the page is shown only behind ADMIN_TOKEN and
 * answers 404 when none is configured. Nothing here writes the code to a log.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { protectWithToken } from '../../src/http/access.ts';
import { escapeHtml } from '../../src/http/html.ts';

/** What the page shows: the session's state and, while it waits to be linked, the code to link with. */
export interface LinkView {
  /** A ChannelStatus state, or 'waiting_for_link'. */
  state: string;
  /** The QR code's content (the `qr` event), while waiting for link. */
  qr?: string;
  /** The pairing code (the `code` event) when linking by phone number. */
  pairingCode?: string;
  /** When the state or the code last changed (ISO time): the page reloads when it moves. */
  updatedAt: string;
}

/** Each state in words, as the page and /whatsapp/state say it. */
export const STATE_WORDS: Readonly<Record<string, string>> = {
  starting: 'Memulai',
  waiting_for_link: 'Menunggu ditautkan',
  connected: 'Terhubung',
  reconnecting: 'Menyambung ulang',
  logged_out: 'Keluar — perlu ditautkan ulang',
  disconnected: 'Berhenti',
};

export const stateWords = (state: string): string => STATE_WORDS[state] ?? state;

/** What the page says under the state, when there is no code to show. */
const STATE_NOTES: Readonly<Record<string, string>> = {
  starting: 'WhatsApp Web sedang dibuka. Kode untuk menautkan muncul di sini sebentar lagi.',
  waiting_for_link: 'Kode sedang disiapkan; halaman ini memperbarui diri.',
  connected: 'Nomor helpdesk sudah tertaut dan menerima pesan. Tidak ada yang perlu dilakukan.',
  reconnecting: 'Sambungan ke WhatsApp terputus; helpdesk menyambung ulang sendiri.',
  logged_out:
    'Nomor helpdesk keluar dari WhatsApp Web (perangkat dilepas dari ponsel, atau sesinya tidak berlaku lagi). Kode baru untuk menautkan ulang muncul di sini.',
  disconnected: 'Kanal WhatsApp sedang tidak berjalan.',
};

const CLOSED =
  'Halaman /whatsapp tertutup karena ADMIN_TOKEN belum diisi di konfigurasi; isi ADMIN_TOKEN (paling sedikit 16 karakter) lalu mulai ulang helpdesk.';

/** Seconds between two looks at /whatsapp/state: often while a code may rotate, seldom once linked. */
const POLL_WAITING_S = 3;
const POLL_LINKED_S = 15;

/** "ABCD1234" as WhatsApp shows it: "ABCD-1234". */
function formatPairingCode(code: string): string {
  const c = code.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}

function stateJson(v: LinkView) {
  return {
    state: v.state,
    label: stateWords(v.state),
    updatedAt: v.updatedAt,
    hasQr: v.state === 'waiting_for_link' && Boolean(v.qr),
    ...(v.state === 'waiting_for_link' && v.pairingCode
      ? { pairingCode: formatPairingCode(v.pairingCode) }
      : {}),
  };
}

async function renderPage(v: LinkView, nonce: string): Promise<string> {
  const waiting = v.state === 'waiting_for_link';
  const parts: string[] = [];
  if (waiting && v.pairingCode)
    parts.push(`<section><h2>Tautkan dengan kode</h2>
<p class="code" aria-label="Kode penautan">${escapeHtml(formatPairingCode(v.pairingCode))}</p>
<ol><li>Buka WhatsApp di ponsel nomor helpdesk.</li>
<li>Ketuk <b>⋮</b> (Android) atau <b>Pengaturan</b> (iPhone) → <b>Perangkat tertaut</b> → <b>Tautkan perangkat</b>.</li>
<li>Pilih <b>Tautkan dengan nomor telepon saja</b>, lalu ketik kode di atas.</li></ol></section>`);
  if (waiting && v.qr) {
    // The code drawn as an image in the page: its text is not in the page to copy, nor in any log.
    const svg = await QRCode.toString(v.qr, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    parts.push(`<section><h2>Pindai kode QR</h2>
<div class="qr" role="img" aria-label="Kode QR untuk menautkan">${svg}</div>
<ol><li>Buka WhatsApp di ponsel nomor helpdesk.</li>
<li>Ketuk <b>⋮</b> (Android) atau <b>Pengaturan</b> (iPhone) → <b>Perangkat tertaut</b> → <b>Tautkan perangkat</b>.</li>
<li>Arahkan kamera ke kode ini. Kode berganti tiap beberapa detik; halaman ini ikut memperbarui diri.</li></ol></section>`);
  }
  if (!parts.length) parts.push(`<p>${escapeHtml(STATE_NOTES[v.state] ?? '')}</p>`);
  const pollS = v.state === 'connected' ? POLL_LINKED_S : POLL_WAITING_S;
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<noscript><meta http-equiv="refresh" content="${pollS * 3}"></noscript>
<title>WhatsApp Helpdesk — ${escapeHtml(stateWords(v.state))}</title>
<style nonce="${nonce}">body{font-family:system-ui,sans-serif;max-width:28rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45;color:#111}
h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}
.state{display:inline-block;padding:.25rem .7rem;border-radius:1rem;background:#eee;font-weight:600}
.state.connected{background:#d7f5dd;color:#0a5c1f}.state.logged_out{background:#fde2e1;color:#8a1c14}
.state.waiting_for_link{background:#fff3cd;color:#6b4e00}
.qr{background:#fff;padding:.5rem;border:1px solid #ddd;border-radius:.5rem}
.qr svg{display:block;width:100%;max-width:22rem;height:auto;margin:0 auto}
.code{font:700 2.6rem/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.12em;text-align:center;margin:.6rem 0;word-break:break-all}
ol{padding-left:1.2rem}small{color:#555}</style></head>
<body><h1>WhatsApp Helpdesk</h1>
<p>Status: <span class="state ${escapeHtml(v.state)}" id="state">${escapeHtml(stateWords(v.state))}</span></p>
${parts.join('\n')}
<p><small>Diperbarui <time id="at" datetime="${escapeHtml(v.updatedAt)}">${escapeHtml(v.updatedAt)}</time></small></p>
<script nonce="${nonce}">(function(){
var shown=${JSON.stringify({ state: v.state, updatedAt: v.updatedAt }).replace(/</g, '\\u003c')};
var at=document.getElementById('at');var d=new Date(shown.updatedAt);
if(!isNaN(d))at.textContent=d.toLocaleTimeString('id-ID');
function look(){fetch('/whatsapp/state',{credentials:'same-origin',cache:'no-store'}).then(function(r){
if(r.status===401){location.reload();return null}return r.ok?r.json():null}).then(function(s){
if(s&&(s.state!==shown.state||s.updatedAt!==shown.updatedAt))location.reload()}).catch(function(){})}
setInterval(look,${pollS * 1000});})();</script>
</body></html>`;
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

/**
 * Adds GET /whatsapp (the page) and GET /whatsapp/state (the state as JSON, which the page polls) to
 * the server, behind `token` (ADMIN_TOKEN); without a token both answer 404 saying why.
 */
export function registerLinkPage(
  http: FastifyInstance,
  opts: { link: () => LinkView; token: string | undefined },
): void {
  if (!opts.token) {
    http.get('/whatsapp', async (_req, reply) =>
      noStore(reply).code(404).type('text/plain; charset=utf-8').send(CLOSED),
    );
    http.get('/whatsapp/state', async (_req, reply) => noStore(reply).code(404).send({ error: CLOSED }));
    return;
  }
  protectWithToken(http, opts.token, {
    page: '/whatsapp',
    cookie: 'admin_session',
    title: 'WhatsApp Helpdesk',
    intro:
      'Halaman ini menampilkan kode untuk menautkan nomor helpdesk dan dilindungi token. Masukkan token admin (ADMIN_TOKEN).',
    subject: 'Halaman WhatsApp',
    realm: 'admin',
  });
  http.get('/whatsapp', async (_req, reply) => {
    const nonce = randomBytes(16).toString('base64');
    const html = await renderPage(opts.link(), nonce);
    return noStore(reply)
      .header(
        'content-security-policy',
        `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
      )
      .type('text/html; charset=utf-8')
      .send(html);
  });
  http.get('/whatsapp/state', async (_req, reply) => noStore(reply).send(stateJson(opts.link())));
}
