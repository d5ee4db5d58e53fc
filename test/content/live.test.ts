/**
 * A content change made through one process reaches the others: two helpdesk processes (ROLE=all and
 * ROLE=worker) on one database and one Redis; the first writes the files and calls `changed()`, the
 * second's FAQ matcher and service finder answer with the new content, without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Helpdesk, startHelpdesk } from '../../src/app.ts';
import { catalogueEntries, withEntry } from '../../src/catalogue/edit.ts';
import { faqFields, faqFileText } from '../../src/faq/edit.ts';
import { normalizeText } from '../../src/faq/normalize.ts';
import { silentLog, testConfig } from '../support/app.ts';
import { contentCopy } from '../support/content-copy.ts';
import { testRedisUrl } from '../support/env.ts';
import { useHelpdesk } from '../support/helpdesk.ts';
import { until } from '../support/until.ts';

const copy = contentCopy();
const prefix = `t${Math.random().toString(36).slice(2, 10)}`;
const h = useHelpdesk({ ...copy.env, QUEUE_PREFIX: prefix });
let worker: Helpdesk;

beforeAll(async () => {
  worker = await startHelpdesk(
    testConfig({
      DATABASE_URL: h.db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      ROLE: 'worker',
      ...copy.env,
    }),
    silentLog,
  );
});
afterAll(async () => {
  await worker?.stop();
});

describe('content reloaded in every process', () => {
  it("a new FAQ answer and a new service alias written by one process are the other's next answers", async () => {
    const question = 'Jam berapa helpdesk buka?';
    expect(worker.conversation.faq.match(question)).toMatchObject({ id: 'jam-layanan' });
    const file = path.join(copy.faqDir, 'jam-layanan.md');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      faqFileText(text, { ...faqFields(text), answer: 'Helpdesk buka pukul 07.30 (uji).' }),
    );
    const catalogue = fs.readFileSync(copy.catalogueFile, 'utf8');
    const simpeg = catalogueEntries(catalogue).find((s) => s.code === 'simpeg') ?? {};
    const aliases = [...(simpeg.aliases as string[]), 'sikepo'];
    fs.writeFileSync(copy.catalogueFile, withEntry(catalogue, 'simpeg', { aliases }));
    const finds = (app: Helpdesk) =>
      JSON.stringify(
        app.conversation.understander.services.find(normalizeText('sikepo'), 'sikepo', 'incident'),
      );
    expect(finds(worker)).not.toContain('simpeg');

    await h.app.content.changed();

    const answer = await until('the worker to answer with the new text', () => {
      const m = worker.conversation.faq.match(question);
      return m.id !== null && m.answer.includes('07.30') && m.answer;
    });
    expect(answer).toBe('Helpdesk buka pukul 07.30 (uji).');
    await until('the worker to find SIMPEG by its new alias', () => finds(worker).includes('simpeg'));
    // The process that wrote sees it at once, and the database has the alias.
    expect(h.app.conversation.faq.match(question)).toMatchObject({
      answer: 'Helpdesk buka pukul 07.30 (uji).',
    });
    const row = await h.db.prisma.service.findUniqueOrThrow({ where: { code: 'simpeg' } });
    expect(row.aliases).toContain('sikepo');
  });
});
