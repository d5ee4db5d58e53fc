/**
 * An admin's staff decisions from the dashboard: approving a pending request (the same as chat
 * `/setujui-staf <nomor>`: commands/staff-setup.ts approveStaff, which tells the person), switching an
 * approved staff row off or on again. Each is recorded in ConfigChange.
 */
import { approveStaff } from '../commands/staff-setup.ts';
import { emptyAfterCommit, runAfterCommit } from '../step/after-commit.ts';
import { recordConfigChange } from './config-change.ts';
import type { PageCtx } from './context.ts';

export const staffStatusText = {
  notAdmin: 'Hanya admin yang dapat menyetujui atau menonaktifkan staf.',
  unknown: 'Staf itu tidak ditemukan. Tidak ada yang diubah.',
  badAction: 'Tindakan tidak dikenal. Tidak ada yang diubah.',
  notPending: 'Permintaan itu sudah diputuskan. Tidak ada yang diubah.',
  notApproved: 'Staf itu belum disetujui; setujui dulu permintaannya.',
  demo: 'Staf demo tidak dapat diaktifkan lagi di luar mode demo.',
  already: (active: boolean) => (active ? 'Staf itu sudah aktif.' : 'Staf itu sudah nonaktif.'),
  switched: (name: string, active: boolean) =>
    active ? `✅ ${name} aktif lagi sebagai staf.` : `✅ ${name} dinonaktifkan sebagai staf.`,
};

const ACTIONS = ['setujui', 'nonaktifkan', 'aktifkan'] as const;
type StaffAction = (typeof ACTIONS)[number];

/** Runs the admin's form; null when the viewer may not see the staff page at all (404). */
export async function changeStaffStatus(
  c: PageCtx,
  body: Record<string, string | undefined>,
): Promise<string | null> {
  if (!c.who.coordinator) return null;
  if (!c.who.roles.has('ADMIN')) return staffStatusText.notAdmin;
  const action = ACTIONS.find((a) => a === body.action) as StaffAction | undefined;
  if (!action) return staffStatusText.badAction;
  const id = /^\d{1,10}$/.test(body.staffId ?? '') ? Number(body.staffId) : null;
  const deps = c.deps.conversation;
  const after = emptyAfterCommit();
  const flash = await c.db.$transaction(async (tx) => {
    const row = id === null ? null : await tx.staff.findUnique({ where: { id }, include: { contact: true } });
    if (!row) return staffStatusText.unknown;
    const state = (s: { active: boolean; approvedAt: Date | null }) => ({
      active: s.active,
      approved: s.approvedAt !== null,
    });
    let reply: string;
    let next: { active: boolean; approvedAt: Date | null };
    if (action === 'setujui') {
      if (row.approvedAt || !row.active) return staffStatusText.notPending;
      reply = (await approveStaff(tx, { name: 'setujui-staf', rest: String(row.id) }, c.now, after)).join(
        '\n',
      );
      next = { active: true, approvedAt: c.now };
    } else {
      const active = action === 'aktifkan';
      if (!row.approvedAt) return staffStatusText.notApproved;
      if (row.active === active) return staffStatusText.already(active);
      if (active && row.approvedBy === 'demo' && !c.deps.demo) return staffStatusText.demo;
      await tx.staff.update({ where: { id: row.id }, data: { active } });
      reply = staffStatusText.switched(row.contact.name ?? `kontak #${row.contactId}`, active);
      next = { active, approvedAt: row.approvedAt };
    }
    await recordConfigChange(tx, {
      accountId: c.session.account.id,
      kind: 'staff',
      subject: `staff:${row.id}`,
      before: { ...state(row), role: row.role, teamGroupId: row.teamGroupId, provider: row.provider },
      after: { ...state(next), role: row.role, teamGroupId: row.teamGroupId, provider: row.provider },
      at: c.now,
    });
    deps.log.info({ staffId: row.id, action, by: c.session.account.username }, 'staff status changed');
    return reply;
  });
  await runAfterCommit(deps, after);
  return flash;
}
