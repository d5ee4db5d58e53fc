/**
 * The coordinator's evaluation texts (Hambatan, Peluang penyempurnaan, Tindak Lanjut) per report period
 * and section: Lampiran A (requests) and B (incidents), 002:725-760.
 */
import type { Prisma } from '../generated/prisma/client.ts';

/** A client or a transaction: the report reads inside a chat command's transaction too. */
type Db = Prisma.TransactionClient;

import type { EvaluationTexts } from './evaluation.ts';

export type NoteSection = 'requests' | 'incidents';
export const NOTE_SECTIONS: readonly NoteSection[] = ['requests', 'incidents'];

/** Both sections' texts for a period label ("2026-S1"); null where nothing was written yet. */
export async function getEvaluationNotes(
  db: Db,
  period: string,
): Promise<Record<NoteSection, EvaluationTexts | null>> {
  const rows = await db.evaluationNote.findMany({ where: { period } });
  const pick = (section: NoteSection): EvaluationTexts | null => {
    const row = rows.find((r) => r.section === section);
    return row ? { obstacles: row.obstacles, improvements: row.improvements, followUp: row.followUp } : null;
  };
  return { requests: pick('requests'), incidents: pick('incidents') };
}

/** Writes the given texts of one section; texts left undefined keep what was written before. */
export async function setEvaluationNote(
  db: Db,
  note: { period: string; section: NoteSection; updatedBy: string } & Partial<EvaluationTexts>,
): Promise<EvaluationTexts> {
  const texts: Partial<EvaluationTexts> = {};
  if (note.obstacles !== undefined) texts.obstacles = note.obstacles.trim();
  if (note.improvements !== undefined) texts.improvements = note.improvements.trim();
  if (note.followUp !== undefined) texts.followUp = note.followUp.trim();
  const row = await db.evaluationNote.upsert({
    where: { period_section: { period: note.period, section: note.section } },
    create: { period: note.period, section: note.section, updatedBy: note.updatedBy, ...texts },
    update: { updatedBy: note.updatedBy, ...texts },
  });
  return { obstacles: row.obstacles, improvements: row.improvements, followUp: row.followUp };
}
