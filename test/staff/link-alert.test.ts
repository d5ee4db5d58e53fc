/**
 * The logout alert: a channel reports that it lost its link, and the admins on the other channels hear
 * of it once an hour at most — here on Telegram (the fake Bot API) and in the simulator.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { linkLostText } from '../../src/staff/link-alert.ts';
import { startFakeTelegram } from '../support/fake-telegram.ts';
import { useHelpdesk } from '../support/helpdesk.ts';

const fake = await startFakeTelegram('123:TEST');
const ADMIN = 5001;
const h = useHelpdesk({
  CHANNELS: 'simulator,telegram',
  TELEGRAM_BOT_TOKEN: '123:TEST',
  TELEGRAM_API_ROOT: fake.url,
  HELPDESK_ADMINS: `telegram:${ADMIN},simulator:admin-sim`,
  ADMIN_TOKEN: 'token-admin-0123456789abcdef',
});
afterAll(() => fake.close());

/** Lets the send workers run: whatever was going to be sent by now has been. */
const settle = async () => {
  const end = Date.now() + 30_000;
  while ((await h.db.prisma.outboundMessage.count({ where: { status: 'PENDING' } })) > 0) {
    if (Date.now() > end) throw new Error('outbox not drained within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the alert when a channel loses its link', () => {
  it('tells the admins on the other channels once that the WhatsApp number must be linked again, and where', async () => {
    await h.app.channelEvent('whatsapp', { type: 'link_lost', reason: 'logged_out' });
    const [alert] = await fake.waitForSent(ADMIN, 1, 30_000);
    expect(alert?.text).toMatch(/Nomor WhatsApp helpdesk keluar/);
    expect(alert?.text).toContain('/whatsapp');
    expect(alert?.text).toContain('Perangkat tertaut → Tautkan perangkat');
    const sim = await h.waitForOut('admin-sim', 1, 30_000);
    expect(sim.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual([alert?.text]);

    // The channel reports it again (it restarts, logs out again): nothing new within the hour.
    await h.app.channelEvent('whatsapp', { type: 'link_lost', reason: 'logged_out' });
    await h.app.channelEvent('whatsapp', { type: 'link_lost', reason: 'logged_out' });
    await settle();
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.sent(ADMIN)).toHaveLength(1);
    expect((await h.messages('admin-sim')).filter((m) => m.direction === 'out')).toHaveLength(1);
  });

  it('tells them once more for another reason (the session refused), once', async () => {
    await h.app.channelEvent('whatsapp', { type: 'link_lost', reason: 'auth_failure' });
    await h.app.channelEvent('whatsapp', { type: 'link_lost', reason: 'auth_failure' });
    const sent = await fake.waitForSent(ADMIN, 2, 30_000);
    expect(sent[1]?.text).toMatch(/ditolak saat masuk ke WhatsApp Web/);
    await settle();
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.sent(ADMIN)).toHaveLength(2);
  });

  it('does not tell admins on the channel that lost its link', async () => {
    const before = fake.sent(ADMIN).length;
    await h.app.channelEvent('telegram', { type: 'link_lost', reason: 'logged_out' });
    const sim = await h.waitForOut('admin-sim', 3, 30_000);
    expect(sim.filter((m) => m.direction === 'out').at(-1)?.text).toMatch(/Kanal telegram terputus/);
    await settle();
    expect(fake.sent(ADMIN)).toHaveLength(before);
  });

  it('says to set ADMIN_TOKEN first when the link page is closed', () => {
    expect(linkLostText('whatsapp', 'logged_out', false)).toMatch(/Isi ADMIN_TOKEN.*\/whatsapp/s);
    expect(linkLostText('whatsapp', 'logged_out', true)).toMatch(/masuk dengan ADMIN_TOKEN/);
  });
});
