import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AVAILABLE_CHANNELS } from '../../../adapters/index.ts';
import { localAuthPath } from '../../../adapters/whatsapp/auth.ts';
import { loadConfig } from '../../../src/config.ts';

describe('WhatsApp settings', () => {
  it('runs on Debian’s Chromium with a session named helpdesk, 24 h of backlog and a daily cap by default', () => {
    expect(AVAILABLE_CHANNELS).toContain('whatsapp');
    const c = loadConfig({ CHANNELS: 'whatsapp', DATA_DIR: '/srv/helpdesk' });
    expect(c).toMatchObject({
      chromiumPath: '/usr/bin/chromium',
      whatsappClientId: 'helpdesk',
      whatsappPairingNumber: undefined,
      whatsappMaxBacklogMs: 24 * 3_600_000,
      whatsappDailyCap: 1000,
      whatsappMinGapMs: 2000,
      whatsappProbeMs: 10 * 60_000,
    });
    expect(localAuthPath(c.dataDir)).toBe(path.join('/srv/helpdesk', 'whatsapp'));
  });

  it('reads every variable', () => {
    const c = loadConfig({
      CHROMIUM_PATH: '/opt/chromium/chrome',
      WHATSAPP_CLIENT_ID: 'dinas-kominfo_1',
      WHATSAPP_PAIRING_NUMBER: '6281234567890',
      WHATSAPP_MAX_BACKLOG_HOURS: '6',
      WHATSAPP_DAILY_CAP: '300',
      WHATSAPP_MIN_GAP_SECONDS: '1.5',
      WHATSAPP_PROBE_MINUTES: '3',
    });
    expect(c).toMatchObject({
      chromiumPath: '/opt/chromium/chrome',
      whatsappClientId: 'dinas-kominfo_1',
      whatsappPairingNumber: '6281234567890',
      whatsappMaxBacklogMs: 6 * 3_600_000,
      whatsappDailyCap: 300,
      whatsappMinGapMs: 1500,
      whatsappProbeMs: 3 * 60_000,
    });
  });

  it('refuses a bad value with a message in Indonesian', () => {
    expect(() => loadConfig({ WHATSAPP_PAIRING_NUMBER: '+62 812-3456-7890' })).toThrow(
      /WHATSAPP_PAIRING_NUMBER: nomor internasional tanpa \+/,
    );
    expect(() => loadConfig({ WHATSAPP_PAIRING_NUMBER: '08123456789' })).toThrow(/WHATSAPP_PAIRING_NUMBER/);
    expect(() => loadConfig({ WHATSAPP_CLIENT_ID: 'nomor utama' })).toThrow(
      /WHATSAPP_CLIENT_ID: huruf, angka, _ atau - saja/,
    );
    expect(() => loadConfig({ WHATSAPP_DAILY_CAP: '0' })).toThrow(/WHATSAPP_DAILY_CAP: paling sedikit 1/);
    expect(() => loadConfig({ WHATSAPP_MIN_GAP_SECONDS: 'dua' })).toThrow(
      /WHATSAPP_MIN_GAP_SECONDS: harus angka/,
    );
    expect(() => loadConfig({ WHATSAPP_MAX_BACKLOG_HOURS: '-1' })).toThrow(/WHATSAPP_MAX_BACKLOG_HOURS/);
  });
});
