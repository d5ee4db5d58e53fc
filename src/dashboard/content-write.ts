/**
 * What the Katalog and FAQ pages share when they change a content file: one change at a time in this
 * process (read, check and write are one step, so two editors do not overwrite each other's change),
 * the checked text written atomically, the change recorded in ConfigChange, then applied live in every
 * process (content/live.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../content/write-file.ts';
import type { ContentError } from '../errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { type ConfigKind, recordConfigChange } from './config-change.ts';
import type { PageCtx } from './context.ts';

let chain: Promise<unknown> = Promise.resolve();

/** Runs `fn` after every content change started before it in this process. */
export function oneChangeAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = chain.catch(() => {}).then(fn);
  chain = run;
  return run;
}

/** The problem in words for the form, naming the file as the officer knows it (faq/simpeg.md). */
export function contentProblem(c: PageCtx, err: ContentError): string {
  const inFaq = path.dirname(err.file) === c.deps.faqDir;
  const name = inFaq ? `faq/${path.basename(err.file)}` : path.basename(err.file);
  return `Perubahan tidak disimpan. ${err.message.replace(err.file, name)}`;
}

/** Writes (or, with `text: null`, removes) a checked content file, records the change, applies it. */
export async function writeContentChange(
  c: PageCtx,
  change: {
    file: string;
    text: string | null;
    kind: ConfigKind;
    subject: string;
    before: Prisma.InputJsonValue;
    after: Prisma.InputJsonValue;
  },
): Promise<void> {
  if (change.text === null) await fs.rm(change.file);
  else await writeFileAtomically(change.file, change.text);
  await recordConfigChange(c.db, {
    accountId: c.session.account.id,
    kind: change.kind,
    subject: change.subject,
    before: change.before,
    after: change.after,
    at: c.now,
  });
  c.deps.conversation.log.info(
    { kind: change.kind, subject: change.subject, by: c.session.account.username },
    'content changed from the dashboard',
  );
  await c.deps.content.changed();
}
