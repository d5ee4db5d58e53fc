/** The dashboard's page shell: header, navigation, the flash message, one local stylesheet. Pure. */
import { escapeHtml } from '../http/html.ts';
import { CSRF_FIELD } from './csrf.ts';

export const BASE = '/dashboard';

/** Shorthand: the text escaped for HTML. */
export const e = (text: string | number | null | undefined): string => escapeHtml(String(text ?? ''));

export interface Viewer {
  username: string;
  roles: string;
  csrf: string;
}

const NAV: [string, string][] = [
  ['', 'Tiket'],
  ['/sla', 'SLA'],
  ['/laporan', 'Laporan'],
  ['/kepuasan', 'Kepuasan'],
  ['/katalog', 'Katalog'],
  ['/faq', 'FAQ'],
  ['/kanal', 'Kanal'],
  ['/staf', 'Staf'],
];

/** The hidden CSRF field every form carries. */
export const csrfField = (token: string) => `<input type="hidden" name="${CSRF_FIELD}" value="${e(token)}">`;

export function page(opts: {
  title: string;
  body: string;
  viewer?: Viewer;
  flash?: string | null;
  active?: string;
  /** Reload the page after this many seconds (the Kanal page while WhatsApp waits to be linked). */
  refreshSeconds?: number;
}): string {
  const v = opts.viewer;
  const nav = v
    ? `<nav>${NAV.map(
        ([path, label]) =>
          `<a href="${BASE}${path}"${opts.active === path ? ' aria-current="page"' : ''}>${label}</a>`,
      ).join('')}</nav>
<form method="post" action="${BASE}/logout" class="logout">${csrfField(v.csrf)}<span>${e(v.username)} · ${e(v.roles)}</span><button type="submit">Keluar</button></form>`
    : '';
  const flash = opts.flash
    ? `<div class="flash" role="status">${e(opts.flash).replace(/\n/g, '<br>')}</div>`
    : '';
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${opts.refreshSeconds ? `<meta http-equiv="refresh" content="${opts.refreshSeconds}">` : ''}<title>${e(opts.title)} — Dasbor Helpdesk SPBE</title>
<link rel="stylesheet" href="${BASE}/gaya.css"></head>
<body><header><a class="brand" href="${BASE}">Helpdesk SPBE</a>${nav}</header>
<main><h1>${e(opts.title)}</h1>${flash}${opts.body}</main></body></html>`;
}

/** A table: header cells and rows of already-escaped cells. */
export function table(headers: string[], rows: string[][], empty = 'Tidak ada data.'): string {
  if (!rows.length) return `<p class="empty">${e(empty)}</p>`;
  return `<div class="scroll"><table><thead><tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</tbody></table></div>`;
}

/** A select box with an empty "semua" choice. */
export function select(name: string, label: string, options: [string, string][], value: string | undefined) {
  return `<label>${e(label)}<select name="${e(name)}"><option value="">semua</option>${options
    .map(([v, l]) => `<option value="${e(v)}"${v === value ? ' selected' : ''}>${e(l)}</option>`)
    .join('')}</select></label>`;
}
