/**
 * One ticket: every Formulir D/E field (tickets/record.ts, the same text as `helpdesk ticket show`), its
 * attachments, its whole timeline, and the forms of the chat commands staff have on it. A ticket the
 * viewer does not oversee is "not found", as an unknown code is.
 */
import type { FastifyReply } from 'fastify';
import type { Attachment } from '../../channel.ts';
import { sendMedia } from '../../http/download.ts';
import { mediaIdOf, readMedia } from '../../media/store.ts';
import { readTicket } from '../../tickets/read.ts';
import { renderTicketForm, ticketForm } from '../../tickets/record.ts';
import { ACTIONS } from '../actions.ts';
import type { PageCtx } from '../context.ts';
import { BASE, csrfField, e, page } from '../layout.ts';
import { ticketTimeline } from '../timeline.ts';
import { visibleTicket } from '../visible-ticket.ts';
import { when } from './when.ts';

/** The form's text as definition lists: "label: value" lines, headings, and bullet lines under a label. */
function formHtml(text: string): string {
  const sections: { heading: string | null; rows: [string, string[]][] }[] = [{ heading: null, rows: [] }];
  for (const line of text.split('\n').slice(2)) {
    if (!line.trim()) continue;
    const section = sections.at(-1) as (typeof sections)[number];
    const bullet = /^\s+[•-]?\s*(.*)$/.exec(line);
    const last = section.rows.at(-1);
    if (bullet && last) {
      last[1].push(bullet[1] ?? '');
      continue;
    }
    const m = /^(?:•\s*)?([^:]+):\s?(.*)$/.exec(line);
    const label = m?.[1] ?? '';
    if (m && !m[2] && !/^[a-z]\. /.test(label)) sections.push({ heading: label, rows: [] });
    else section.rows.push(m ? [label, m[2] ? [m[2]] : []] : ['', [line]]);
  }
  return sections
    .filter((s) => s.rows.length)
    .map(
      (s) =>
        `${s.heading ? `<h3>${e(s.heading)}</h3>` : ''}<dl class="form">${s.rows
          .map(([label, values]) => `<dt>${e(label)}</dt><dd>${values.map(e).join('<br>') || '-'}</dd>`)
          .join('\n')}</dl>`,
    )
    .join('\n');
}

export async function ticketPage(c: PageCtx, typed: string, flash: string | null): Promise<string | null> {
  const t = await visibleTicket(c, typed);
  if (!t) return null;
  const source = await readTicket(c.db, t.code);
  if (!source) return null;
  const cal = c.deps.conversation.calendar;
  const text = renderTicketForm(ticketForm(source, c.now), cal);
  const [heading, summary] = text.split('\n');
  const attachments = (t.attachments as unknown as Attachment[]).map((a, i) => {
    const id = mediaIdOf(a.ref);
    const label = `${a.name ?? `${a.kind} ${i + 1}`}${a.caption ? ` — ${a.caption}` : ''}`;
    return id
      ? `<li><a href="${BASE}/tiket/${e(t.code)}/lampiran/${id}">${e(label)}</a></li>`
      : `<li>${e(label)} (${a.refused ? 'tidak disimpan: terlalu besar' : 'belum tersimpan'})</li>`;
  });
  const timeline = await ticketTimeline(c.db, t, source.actorNames);
  const items = timeline.map(
    (i) =>
      `<li class="${i.kind}"><div class="meta">${e(when(i.at, cal))} · ${e(i.who)}</div><div class="text">${e(i.text)}</div></li>`,
  );
  const actions = Object.entries(ACTIONS)
    .filter(([, a]) => a.shown(t))
    .map(
      ([name, a]) => `<form method="post" action="${BASE}/tiket/${e(t.code)}/aksi">${csrfField(c.viewer.csrf)}
<input type="hidden" name="action" value="${e(name)}"><strong>${e(a.label)}</strong>
${a.field ? `<label>${e(a.field)}<textarea name="text"${a.required ? ' required' : ''}></textarea></label>` : ''}
<button type="submit">${e(a.button)}</button></form>`,
    );
  const canAct = c.session.account.contactId !== null;
  return page({
    title: heading ?? t.code,
    viewer: c.viewer,
    flash,
    body: `<p>${e(summary)}</p>
${formHtml(text)}
<h2>Lampiran</h2>${attachments.length ? `<ul>${attachments.join('')}</ul>` : '<p class="empty">Tidak ada lampiran.</p>'}
<h2>Tindakan</h2>${
      canAct
        ? `<div class="actions">${actions.join('\n')}</div>`
        : '<p class="empty">Akun ini belum ditautkan ke kontak staf, jadi tidak dapat bertindak atas tiket.</p>'
    }
<h2>Riwayat lengkap</h2><ol class="timeline">${items.join('\n')}</ol>`,
  });
}

/** One of the ticket's stored attachments, for a viewer who oversees it; null when not theirs or none. */
export async function ticketAttachment(c: PageCtx, typed: string, idText: string, reply: FastifyReply) {
  const t = await visibleTicket(c, typed);
  const id = /^\d{1,10}$/.test(idText) ? Number(idText) : 0;
  if (!t || !(t.attachments as unknown as Attachment[]).some((a) => mediaIdOf(a.ref) === id)) return null;
  const media = await readMedia(c.db, id);
  if (!media) return null;
  return sendMedia(reply, media);
}
