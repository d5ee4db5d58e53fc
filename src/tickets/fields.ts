/**
 * The Formulir D/E fields staff and the bot fill in (002:471-478, 002:499-514), as pure rules: urgensi
 * from the priority, klasifikasi permintaan, a kategori typed loosely, the penyebab written with a
 * solution.
 */
import type { Priority, Urgency } from '../domain.ts';

/** Urgensi of an incident nobody said anything about: its priority's (P1–P2 tinggi … P5–P6 rendah). */
export function urgencyOfPriority(priority: Priority): Urgency {
  if (priority === 'P1' || priority === 'P2') return 'TINGGI';
  if (priority === 'P3' || priority === 'P4') return 'SEDANG';
  return 'RENDAH';
}

/** Urgensi of a request nobody said anything about. */
export const REQUEST_URGENCY: Urgency = 'SEDANG';

/** "tinggi" / "sedang" / "rendah" (and the English words staff type too), or null. */
export function readUrgencyWord(text: string): Urgency | null {
  const w = text.trim().toLowerCase();
  if (/^(tinggi|high|urgent)$/.test(w)) return 'TINGGI';
  if (/^(sedang|medium|normal)$/.test(w)) return 'SEDANG';
  if (/^(rendah|low)$/.test(w)) return 'RENDAH';
  return null;
}

/** Klasifikasi permintaan (Formulir D d): "Akun Layanan · urgensi sedang". */
export function classificationOf(group: string, urgency: Urgency): string {
  return `${group} · urgensi ${urgency.toLowerCase()}`;
}

/**
 * The kategori of `categories` that `text` names: the whole name in any case, else the one category a
 * word of it starts with ("akun" → "Akun & Akses", "server" → "Server & Pusat Data"). Null when none
 * or more than one fits.
 */
export function matchCategory(text: string, categories: readonly string[]): string | null {
  const typed = words(text);
  if (typed.length === 0) return null;
  const exact = categories.find((c) => words(c).join(' ') === typed.join(' '));
  if (exact) return exact;
  const fitting = categories.filter((c) => {
    const own = words(c);
    return typed.every((t) => own.some((o) => o.startsWith(t)));
  });
  return fitting.length === 1 ? (fitting[0] ?? null) : null;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && w !== 'dan');
}

/**
 * "/selesai <solusi> penyebab: <penyebab>": the solution and the cause (after "penyebab:" or "sebab:",
 * any case). Without the marker the whole text is the solution.
 */
export function splitCause(text: string): { solution: string; cause: string | null } {
  const m = /(?:^|[\s.,;])(?:penyebab(?:nya)?|sebab(?:nya)?)\s*:\s*/i.exec(text);
  if (!m) return { solution: text.trim(), cause: null };
  const solution = text.slice(0, m.index).replace(/[\s,;:]+$/, '');
  const cause = text.slice(m.index + m[0].length).trim();
  return { solution, cause: cause || null };
}
