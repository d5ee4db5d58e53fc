/**
 * What a dashboard account may see: the same Standing a chat command computes for its linked contact
 * (commands/run.ts: approved, active staff rows; a Pengelola Layanan of the current helpdesk group or
 * registered privately; HELPDESK_ADMINS), typed from no group. An admin account sees everything.
 */
import type { Standing } from '../commands/context.ts';
import type { Db } from '../db/client.ts';
import type { StaffRole } from '../domain.ts';
import { isAdmin } from '../staff/admins.ts';

export async function accountStanding(
  db: Db,
  admins: ReadonlySet<string>,
  account: { admin: boolean; contactId: number | null },
): Promise<Standing> {
  const roles = new Set<StaffRole>(account.admin ? ['ADMIN'] : []);
  let staff: Standing['staff'] = [];
  if (account.contactId !== null) {
    const [identities, desk, rows] = await Promise.all([
      db.contactIdentity.findMany({ where: { contactId: account.contactId } }),
      db.teamGroup.findFirst({ where: { helpdesk: true }, orderBy: { id: 'asc' } }),
      db.staff.findMany({ where: { contactId: account.contactId, active: true, approvedAt: { not: null } } }),
    ]);
    staff = rows.filter(
      (s) => s.role !== 'PENGELOLA_LAYANAN' || s.teamGroupId === null || s.teamGroupId === desk?.id,
    );
    for (const s of staff) roles.add(s.role);
    if (isAdmin(admins, identities)) roles.add('ADMIN');
  }
  return {
    roles,
    staff,
    coordinator: roles.has('KOORDINATOR') || roles.has('ADMIN'),
    group: null,
    teamGroupIds: staff
      .filter((s) => s.role === 'PENGELOLA_TEKNIS' && s.teamGroupId !== null)
      .map((s) => s.teamGroupId as number),
    officer: roles.has('PENGELOLA_LAYANAN'),
  };
}

const ROLE_WORDS: Record<StaffRole, string> = {
  ADMIN: 'Admin',
  KOORDINATOR: 'Koordinator Layanan',
  PENGELOLA_LAYANAN: 'Pengelola Layanan',
  PENGELOLA_TEKNIS: 'Pengelola Teknis',
  PENYEDIA: 'Penyedia Layanan',
};

/** Roles in words, as the pages show them. */
export function roleWordsOf(roles: Iterable<StaffRole>): string {
  return [...new Set(roles)].map((r) => ROLE_WORDS[r] ?? r).join(', ') || 'tanpa peran';
}

/** The viewer's roles as the page header shows them. */
export const roleWords = (who: Standing): string => roleWordsOf(who.roles);
