import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/db/paths.ts';
import { tempDir } from './support/app.ts';
import { useTestDatabase } from './support/db.ts';
import { testRedisUrl } from './support/env.ts';

const BIN = path.join(ROOT_DIR, 'src/cli/helpdesk.mjs');
const db = useTestDatabase();

function run(env: Record<string, string>): {
  child: ChildProcess;
  output: () => { out: string; err: string };
} {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: tempDir('helpdesk-main'), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  return { child, output: () => ({ out, err }) };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('helpdesk start (the npm start process)', () => {
  it('prints its URL, serves /healthz, and stops cleanly on SIGTERM', async () => {
    const { child, output } = run({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), PORT: '0' });
    const exit = exitOf(child);
    let url: string | undefined;
    for (let i = 0; i < 300 && !url; i++) {
      url = /berjalan di (http:\/\/\S+)/.exec(output().out)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, output().err).toBeDefined();
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output().out).toContain('Helpdesk berhenti.');
  });

  it('exits 2 listing every bad variable', async () => {
    const { child, output } = run({ PORT: 'abc', DATABASE_URL: 'mysql://db' });
    expect(await exitOf(child)).toBe(2);
    expect(output().err).toMatch(/PORT/);
    expect(output().err).toMatch(/DATABASE_URL/);
  });

  it('exits 1 with one readable line, not a stack trace, when the database is unreachable', async () => {
    const { child, output } = run({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/helpdesk' });
    expect(await exitOf(child)).toBe(1);
    const err = output().err.trim();
    expect(err).toMatch(
      /^Gagal memulai helpdesk: tidak dapat terhubung ke PostgreSQL di 127\.0\.0\.1:1\/helpdesk/,
    );
    expect(err).not.toMatch(/\n\s+at /);
  });
});
