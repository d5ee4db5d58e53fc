/**
 * The whole helpdesk with the real whatsapp-web.js Client on Debian's Chromium, on a machine without
 * internet: WhatsApp Web cannot be reached, /healthz says so, the channel tries again with backoff, the
 * simulator keeps answering, and stopping leaves no Chromium behind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientSettings } from '../../../adapters/whatsapp/client.ts';
import { realClientFactory } from '../../../adapters/whatsapp/client.ts';
import { useHelpdesk } from '../../support/helpdesk.ts';

const made: ClientSettings[] = [];
const h = useHelpdesk(
  { CHANNELS: 'simulator,whatsapp', WHATSAPP_CLIENT_ID: 'offline-test' },
  // The real Client, counted.
  {
    whatsappClientFactory: (s) => {
      made.push(s);
      return realClientFactory(s);
    },
  },
);

function chromiumProcesses(profile: string): number {
  try {
    return execFileSync('pgrep', ['-f', profile]).toString().trim().split('\n').filter(Boolean).length;
  } catch {
    return 0; // pgrep exits 1 when nothing matches
  }
}

async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 90_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the helpdesk with the real WhatsApp Client and no internet', () => {
  it('reports WhatsApp unreachable on /healthz, retries with backoff, serves the simulator, and stops cleanly', {
    timeout: 180_000,
  }, async () => {
    expect(existsSync('/usr/bin/chromium'), '/usr/bin/chromium is missing: bash .ci/run installs it').toBe(
      true,
    );
    const health = async () =>
      (await (await fetch(`${h.app.url}/healthz`)).json()) as {
        channels: Record<string, { state: string; lastError?: string }>;
      };
    const whatsapp = await until(async () => {
      const w = (await health()).channels.whatsapp;
      return w?.lastError ? w : undefined;
    }, 'the first failed start');
    expect(whatsapp.state).toBe('reconnecting');
    expect(whatsapp.lastError).toMatch(/WhatsApp Web tidak terjangkau \(net::ERR_/);
    // Tried again (after about 2 s, then 4 s): a new Client each time.
    await until(() => (made.length >= 3 ? true : undefined), 'two more attempts', 60_000);
    expect(made.every((s) => s.executablePath === '/usr/bin/chromium')).toBe(true);

    // The other channels are unaffected.
    const replies = await h.say('6285100000001', 'jam layanan helpdesk');
    expect(replies.map((r) => r.text).join('\n')).toMatch(/Jam layanan/i);

    // Stopping the channel (as the app does first on its way down) destroys the Client and ends the attempts.
    const profile = path.join('whatsapp', 'session-offline-test');
    await h.app.channels.get('whatsapp')?.stop();
    await until(() => (chromiumProcesses(profile) === 0 ? true : undefined), 'no Chromium left', 30_000);
    const attempts = made.length;
    await new Promise((r) => setTimeout(r, 5_000));
    expect(made.length).toBe(attempts);
    expect(chromiumProcesses(profile)).toBe(0);
    expect((await health()).channels.whatsapp?.state).toBe('disconnected');
  });
});
