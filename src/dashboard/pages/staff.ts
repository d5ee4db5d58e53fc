/**
 * Staff and dashboard accounts: who is staff in the chat channels (role, team, approval), which account
 * is linked to whom; an admin creates accounts here, linked to a staff member's contact so the account
 * has exactly their chat roles. Coordinators see the list; only admins create accounts and approve,
 * switch off or on staff rows (staff-status.ts).
 */

import { HelpdeskError } from '../../errors.ts';
import { maskIdentity } from '../../escalation/messages.ts';
import { createAccount } from '../accounts.ts';
import type { PageCtx } from '../context.ts';
import { BASE, csrfField, e, page, table } from '../layout.ts';
import { roleWordsOf } from '../standing.ts';

export const staffText = {
  notAllowed: 'Daftar staf hanya untuk Koordinator Layanan dan admin.',
  created: (u: string) => `✅ Akun dasbor "${u}" dibuat. Sampaikan kata sandinya langsung kepada pemiliknya.`,
  notAdmin: 'Hanya admin yang dapat membuat akun dasbor.',
  badContact: 'Pilih staf yang akan ditautkan, atau centang admin.',
};

const admin = (c: PageCtx) => c.who.roles.has('ADMIN');

export async function staffPage(c: PageCtx, flash: string | null): Promise<string> {
  const base = { title: 'Staf dan akun', viewer: c.viewer, flash, active: '/staf' };
  if (!c.who.coordinator) return page({ ...base, body: `<p>${e(staffText.notAllowed)}</p>` });
  const [staff, accounts] = await Promise.all([
    c.db.staff.findMany({
      include: { contact: { include: { identities: true, dashboardAccounts: true } }, teamGroup: true },
      orderBy: [{ contactId: 'asc' }, { role: 'asc' }],
    }),
    c.db.dashboardAccount.findMany({ include: { contact: true }, orderBy: { username: 'asc' } }),
  ]);
  const decide = (s: { id: number; active: boolean; approvedAt: Date | null }) => {
    const [action, label] = !s.approvedAt
      ? ['setujui', 'Setujui']
      : s.active
        ? ['nonaktifkan', 'Nonaktifkan']
        : ['aktifkan', 'Aktifkan lagi'];
    return `<form method="post" action="${BASE}/staf/status" class="inline">${csrfField(c.viewer.csrf)}<input type="hidden" name="staffId" value="${s.id}"><input type="hidden" name="action" value="${action}"><button type="submit">${label}</button></form>`;
  };
  const rows = staff.map((s) => [
    e(`#${s.id}`),
    e(s.contact.name ?? '-'),
    e(s.contact.identities.map((i) => `${i.channel}:${maskIdentity(i.externalId)}`).join(', ')),
    e(roleWordsOf([s.role])),
    e(s.teamGroup?.name ?? s.provider ?? '-'),
    e(!s.active ? 'nonaktif' : s.approvedAt ? 'disetujui' : 'menunggu persetujuan'),
    e(s.contact.dashboardAccounts.map((a) => a.username).join(', ') || '-'),
    ...(admin(c) ? [decide(s)] : []),
  ]);
  const accountRows = accounts.map((a) => [
    e(a.username),
    e(a.admin ? 'admin' : 'peran dari kontak'),
    e(a.contact?.name ?? (a.contactId ? `kontak #${a.contactId}` : '-')),
    e(a.lockedUntil && a.lockedUntil > c.now ? 'terkunci sementara' : 'aktif'),
  ]);
  const contacts = [...new Map(staff.filter((s) => s.active).map((s) => [s.contactId, s.contact])).values()];
  const form = admin(c)
    ? `<h2>Buat akun dasbor</h2><form method="post" action="${BASE}/staf/akun" class="filters">${csrfField(c.viewer.csrf)}
<label>Nama pengguna<input name="username" required autocomplete="off"></label>
<label>Kata sandi (min. 10 karakter)<input type="password" name="password" required autocomplete="new-password"></label>
<label>Tautkan ke staf<select name="contactId"><option value="">— tidak ditautkan —</option>${contacts
        .map((ct) => `<option value="${ct.id}">${e(ct.name ?? `kontak #${ct.id}`)}</option>`)
        .join('')}</select></label>
<label>Admin<input type="checkbox" name="admin" value="ya"></label>
<button type="submit">Buat akun</button></form>`
    : '';
  return page({
    ...base,
    body: `<h2>Staf di kanal chat</h2>${table(['No.', 'Nama', 'Identitas', 'Peran', 'Tim / penyedia', 'Status', 'Akun dasbor', ...(admin(c) ? ['Tindakan'] : [])], rows, 'Belum ada staf.')}
<h2>Akun dasbor</h2>${table(['Nama pengguna', 'Jenis', 'Kontak', 'Keadaan'], accountRows)}${form}`,
  });
}

/** Creates an account from the admin's form; null when the viewer may not see this page at all. */
export async function createAccountFromForm(c: PageCtx, body: Record<string, string | undefined>) {
  if (!c.who.coordinator) return null;
  if (!admin(c)) return staffText.notAdmin;
  const isAdmin = body.admin === 'ya';
  const contactId = /^\d{1,10}$/.test(body.contactId ?? '') ? Number(body.contactId) : null;
  const identity = contactId
    ? await c.db.contactIdentity.findFirst({
        where: { contactId, contact: { staff: { some: {} } } },
        orderBy: { id: 'asc' },
      })
    : null;
  if (!isAdmin && !identity) return staffText.badContact;
  try {
    await createAccount(c.db, {
      username: body.username ?? '',
      password: body.password ?? '',
      admin: isAdmin,
      ...(identity ? { link: `${identity.channel}:${identity.externalId}` } : {}),
    });
  } catch (err) {
    if (err instanceof HelpdeskError) return err.message;
    throw err;
  }
  const username = (body.username ?? '').trim().toLowerCase();
  c.deps.conversation.log.info(
    {
      account: username,
      by: c.session.account.username,
      admin: isAdmin,
      contactId: identity?.contactId ?? null,
    },
    'dashboard account created',
  );
  return staffText.created(username);
}
