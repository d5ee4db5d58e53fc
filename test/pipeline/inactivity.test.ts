import { describe, expect, it } from 'vitest';
import { useHelpdesk } from '../support/helpdesk.ts';

// Long enough that a slow machine answers every message well inside it.
const h = useHelpdesk({ INACTIVITY_MINUTES: String(4 / 60) }); // 4 s

const ended = /kami simpan sampai/;

describe('the inactivity check (real PostgreSQL and Redis)', () => {
  it('does not end a report while the reporter keeps answering, and ends it once they go quiet', async () => {
    const chat = '6282000000014';
    await h.say(chat, '3');
    // Each answer comes 1.5 s after the last reply; together they take longer than the inactivity
    // time, so the check armed by the first message fires while the reporter is still typing.
    for (const text of ['simpeg', 'tidak bisa login', 'sejak jam 8 tadi']) {
      await new Promise((r) => setTimeout(r, 1_500));
      await h.say(chat, text);
    }
    const before = (await h.messages(chat)).filter((m) => m.direction === 'out');
    expect(before.some((m) => ended.test(m.text))).toBe(false);
    const all = await h.waitForOut(chat, before.length + 1, 20_000);
    expect(all.at(-1)?.text).toMatch(ended);
    // Once: the checks that fired early arm one more each, not one per message.
    await new Promise((r) => setTimeout(r, 5_000));
    expect((await h.messages(chat)).filter((m) => ended.test(m.text))).toHaveLength(1);
  });
});
