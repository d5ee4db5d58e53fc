/**
 * The real whatsapp-web.js Client on Debian's Chromium, on a machine without internet: it launches the
 * browser, cannot reach WhatsApp Web, says so, and leaves no browser behind. Proves the browser path
 * (no downloaded Chrome, the flags a root server needs) without a phone or a network.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import wweb from 'whatsapp-web.js';
import { realClientFactory } from '../../../adapters/whatsapp/client.ts';

const CHROMIUM = '/usr/bin/chromium';

function chromiumProcesses(profile: string): number {
  try {
    return execFileSync('pgrep', ['-f', profile]).toString().trim().split('\n').filter(Boolean).length;
  } catch {
    return 0; // pgrep exits 1 when nothing matches
  }
}

describe('the real whatsapp-web.js Client on Debian’s Chromium, offline', () => {
  it('launches Chromium, fails to reach WhatsApp Web with a network error, and leaves nothing running', {
    timeout: 120_000,
  }, async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: bash .ci/run installs Debian's chromium`).toBe(
      true,
    );
    const dir = mkdtempSync(join(tmpdir(), 'wa-real-'));
    try {
      const client = realClientFactory({
        clientId: 'smoke',
        authStrategy: new wweb.LocalAuth({ clientId: 'smoke', dataPath: dir }),
        executablePath: CHROMIUM,
      });
      const error = await client.initialize().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      // No internet here: the browser started and the page load failed (a DNS or connection error),
      // rather than "Could not find Chrome" or a sandbox refusal.
      expect(error?.message).toMatch(/net::ERR_|ENOTFOUND|EAI_AGAIN|Navigation|timeout/i);
      expect(error?.message).not.toMatch(/Could not find|sandbox/i);
      await client.destroy().catch(() => undefined);
      const end = Date.now() + 20_000;
      while (chromiumProcesses(dir) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
      expect(chromiumProcesses(dir)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
