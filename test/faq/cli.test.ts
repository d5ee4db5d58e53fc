import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFaqCli } from '../../src/cli/faq.ts';
import { FAQ_FALLBACK_MESSAGE } from '../../src/faq/messages.ts';
import { runCli } from '../support/cli.ts';

const run = (args: string[], stdinText = '') => runCli(runFaqCli, args, stdinText);

describe('faq ask', () => {
  it('prints the answer of the best topic', async () => {
    const { code, out } = await run(['faq', 'ask', 'lupa pw email']);
    expect(code).toBe(0);
    expect(out).toContain('Reset password e-mail');
  });

  it('accepts the words without quotes and without the leading "faq"', async () => {
    const { code, out } = await run(['ask', 'wifi', 'kantor', 'lemot']);
    expect(code).toBe(0);
    expect(out).toContain('Wi-Fi');
  });

  it('offers the menu and a human when not sure', async () => {
    const { code, out } = await run(['faq', 'ask', 'cuaca besok gimana']);
    expect(code).toBe(0);
    expect(out.trim()).toBe(FAQ_FALLBACK_MESSAGE);
    expect(out).toContain('menu');
    expect(out).toContain('petugas');
  });

  it('--json prints one line {query, id, score, answer}', async () => {
    const { code, out } = await run(['faq', 'ask', '--json', 'lupa pw email']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['query', 'id', 'score', 'answer']);
    expect(parsed.query).toBe('lupa pw email');
    expect(parsed.id).toBe('reset-password-email');
    expect(typeof parsed.score).toBe('number');
    expect(parsed.answer).toEqual(expect.stringContaining('Reset password'));
  });

  it('--json gives null id and answer when not confident', async () => {
    const { out } = await run(['faq', 'ask', '--json', 'ok']);
    const parsed = JSON.parse(out) as Record<string, unknown>;
    expect(parsed).toEqual({ query: 'ok', id: null, score: expect.any(Number), answer: null });
  });

  it('reads one query per stdin line without text arguments', async () => {
    const { code, out } = await run(
      ['faq', 'ask', '--json'],
      'lupa pw email\n\nhalo\r\nstatus GGN-2026-0001',
    );
    expect(code).toBe(0);
    const results = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { query: string; id: string | null });
    expect(results.map((r) => [r.query, r.id])).toEqual([
      ['lupa pw email', 'reset-password-email'],
      ['halo', null],
      ['status GGN-2026-0001', 'cek-status-tiket'],
    ]);
  });

  it('separates plain answers from stdin with a blank line', async () => {
    const { out } = await run(['faq', 'ask'], 'lupa pw email\nhalo\n');
    expect(out).toContain('Reset password e-mail');
    expect(out).toContain(`\n\n${FAQ_FALLBACK_MESSAGE}\n`);
  });

  it('returns 1 with the file and field on a malformed FAQ folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-cli-'));
    try {
      writeFileSync(join(dir, 'rusak.md'), '---\ntitle: A\n---\nJawaban');
      const { code, err } = await run(['faq', 'ask', '--dir', dir, 'halo']);
      expect(code).toBe(1);
      expect(err).toContain('rusak.md');
      expect(err).toContain('questions');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns 2 on usage errors', async () => {
    expect((await run(['faq'])).code).toBe(2);
    expect((await run(['faq', 'tanya', 'x'])).code).toBe(2);
    expect((await run(['faq', 'ask', '--threshold', '2', 'x'])).code).toBe(2);
    expect((await run(['faq', 'ask', '--dir'])).code).toBe(2);
    expect((await run(['faq', 'ask', '--bogus'])).err).toContain('--bogus');
  });
});

describe('faq eval', () => {
  it('prints both shares', async () => {
    const { code, out } = await run(['faq', 'eval']);
    expect(code).toBe(0);
    expect(out).toMatch(/Dalam cakupan\s*: \d+\/\d+ topik benar \(\d+,\d %\)/);
    expect(out).toMatch(/Di luar cakupan\s*: \d+\/\d+ ditolak \(\d+,\d %\)/);
  });

  it('--json prints the evaluation object', async () => {
    const { out } = await run(['faq', 'eval', '--json']);
    const parsed = JSON.parse(out) as { inScope: { share: number }; outOfScope: { share: number } };
    expect(parsed.inScope.share).toBeGreaterThan(0);
    expect(parsed.outOfScope.share).toBeGreaterThan(0);
  });
});
