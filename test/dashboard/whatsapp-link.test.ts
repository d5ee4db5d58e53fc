/**
 * The WhatsApp link code on the Kanal page, in Chromium, with the fake whatsapp-web.js Client: an admin
 * sees the QR code drawn in the page while the number waits to be linked; once the phone scans it the
 * page, refreshing itself, says the number is connected. A coordinator sees no code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WhatsAppChannel } from '../../adapters/whatsapp/index.ts';
import { createAccount } from '../../src/dashboard/accounts.ts';
import { useChromium } from '../support/chromium.ts';
import { FakeWhatsAppNetwork } from '../support/fake-whatsapp.ts';
import { useHelpdesk } from '../support/helpdesk.ts';
import { until } from '../support/until.ts';

const PASSWORD = 'kata-sandi-rahasia-1';
const network = new FakeWhatsAppNetwork({ linked: false });
const h = useHelpdesk({ CHANNELS: 'simulator,whatsapp' }, { whatsappClientFactory: network.factory });
const { loggedIn, shot } = useChromium(() => h.app.url ?? '', PASSWORD);

beforeAll(async () => {
  await createAccount(h.db.prisma, { username: 'kepala', password: PASSWORD, admin: true });
  // Outside the demo: a coordinator registered in chat and approved.
  await h.db.prisma.contact.create({
    data: {
      name: 'Koordinator 1',
      identities: { create: { channel: 'simulator', externalId: 'koordinator1' } },
      staff: { create: { role: 'KOORDINATOR', approvedAt: new Date(), approvedBy: 'test' } },
    },
  });
  await createAccount(h.db.prisma, {
    username: 'koordinator',
    password: PASSWORD,
    admin: false,
    link: 'simulator:koordinator1',
  });
});

describe('WhatsApp link code on the Kanal page', () => {
  it('an admin scans the QR code drawn on the page; the page then says the number is connected', async () => {
    const whatsapp = () => h.app.channels.get('whatsapp') as WhatsAppChannel;
    const qr = await until('a QR code offered', () => whatsapp().link().qr, 60_000);
    const page = await loggedIn('kepala');
    await page.goto(`${h.app.url}/dashboard/kanal`);
    const code = page.locator('.qr[role=img] svg');
    expect(await code.count()).toBe(1);
    expect(await page.textContent('.link-state')).toBe('menunggu ditautkan (pindai kode QR)');
    // The code is drawn, never written out: its text is nowhere in the page.
    expect(await page.content()).not.toContain(qr);
    await shot(page, 'kanal-whatsapp-1280x800');
    const phone = await loggedIn('kepala', { width: 390, height: 844 });
    await phone.goto(`${h.app.url}/dashboard/kanal`);
    await shot(phone, 'kanal-whatsapp-390x844');

    // A coordinator runs the routing, not the number: no code for them.
    const coord = await loggedIn('koordinator');
    await coord.goto(`${h.app.url}/dashboard/kanal`);
    expect(await coord.locator('.qr').count()).toBe(0);

    network.scan();
    // No reload by the test: the page refreshes itself while it waits.
    await until(
      'the page to say connected',
      async () =>
        // The page may be reloading itself just then.
        (await page.textContent('.link-state').catch(() => null)) === 'tersambung',
      60_000,
    );
    expect(await page.locator('.qr').count()).toBe(0);
  });
});
