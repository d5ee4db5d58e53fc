/**
 * A WhatsApp logout end to end: the fake whatsapp-web.js Client logs out, the channel reports link_lost,
 * and the admin hears of it on Telegram (the fake Bot API), once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { WhatsAppChannel } from '../../../adapters/whatsapp/index.ts';
import { startFakeTelegram } from '../../support/fake-telegram.ts';
import { FakeWhatsAppNetwork } from '../../support/fake-whatsapp.ts';
import { useHelpdesk } from '../../support/helpdesk.ts';

const telegram = await startFakeTelegram('123:TEST');
const network = new FakeWhatsAppNetwork();
const ADMIN = 5001;
const h = useHelpdesk(
  {
    CHANNELS: 'whatsapp,telegram',
    TELEGRAM_BOT_TOKEN: '123:TEST',
    TELEGRAM_API_ROOT: telegram.url,
    HELPDESK_ADMINS: `telegram:${ADMIN}`,
    ADMIN_TOKEN: 'token-admin-0123456789abcdef',
  },
  { whatsappClientFactory: network.factory },
);
afterAll(() => telegram.close());

describe('a WhatsApp logout', () => {
  it('reaches the admin on Telegram once, and the link page offers a new QR code', async () => {
    const whatsapp = () => h.app.channels.get('whatsapp') as WhatsAppChannel;
    await network.waitFor(() => whatsapp().status().state === 'connected', 60_000, 'connected');
    network.disconnect('LOGOUT');
    const [alert] = await telegram.waitForSent(ADMIN, 1, 60_000);
    expect(alert?.text).toMatch(/Nomor WhatsApp helpdesk keluar/);
    expect(alert?.text).toContain('/whatsapp');
    await network.waitFor(() => whatsapp().link().qr, 60_000, 'a new QR code');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(telegram.sent(ADMIN)).toHaveLength(1);
  });
});
