import { randomInt } from 'node:crypto';
import type { ChannelErrorKind } from '../../../src/channel.ts';
import { type ConformanceDriver, describeConformance } from '../../support/conformance.ts';
import { FAKE_ERRORS, FakeWhatsAppNetwork } from '../../support/fake-whatsapp.ts';
import type { RunningHelpdesk } from '../../support/helpdesk.ts';

const FAILURE: Record<ChannelErrorKind, () => Error> = {
  rate_limited: FAKE_ERRORS.rate_limited,
  unreachable: FAKE_ERRORS.unreachable,
  transient: FAKE_ERRORS.transient,
  rejected: FAKE_ERRORS.rejected,
};

/**
 * WhatsApp's side: the fake phone network behind the fake whatsapp-web.js Client the app is handed.
 * WhatsApp has no buttons: a tap is typing the choice's number, and a message's choices are the numbered
 * list under its text (their ids are the outbox row's).
 */
function whatsappDriver(): ConformanceDriver {
  const network = new FakeWhatsAppNetwork();
  let h: RunningHelpdesk;
  let next = randomInt(1_000_000, 9_000_000);

  /** WhatsApp acknowledges nothing: a delivery is done once the helpdesk stored the message. */
  async function stored(chatId: string, externalId: string): Promise<void> {
    const end = Date.now() + 60_000;
    for (;;) {
      const row = await h.db.prisma.inboundMessage.findFirst({
        where: { channel: 'whatsapp', chatId, externalId },
        select: { id: true },
      });
      if (row) return;
      if (Date.now() > end) throw new Error(`whatsapp message ${externalId} in ${chatId} was not stored`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  return {
    channel: 'whatsapp',
    maxText: 4_000,
    async start() {
      return { CHANNELS: 'whatsapp', WHATSAPP_MIN_GAP_SECONDS: '0' };
    },
    appOptions: () => ({ whatsappClientFactory: network.factory }),
    attach(helpdesk) {
      h = helpdesk;
    },
    async stop() {},
    newChat: () => `62812${next++}@c.us`,
    async deliver(chatId, text, messageId) {
      const msg = network.say(chatId, text, messageId ? { id: messageId } : {});
      await stored(chatId, msg.id._serialized);
    },
    async tap(chatId, message, choiceId) {
      const n = message.choices.findIndex((c) => c.id === choiceId);
      if (n < 0) throw new Error(`no choice ${choiceId} in ${message.externalId}`);
      const msg = network.say(chatId, String(n + 1));
      await stored(chatId, msg.id._serialized);
    },
    async sent(chatId) {
      const sent = network.sent(chatId);
      const rows = await h.db.prisma.outboundMessage.findMany({
        where: { channel: 'whatsapp', chatId, externalId: { in: sent.map((s) => s.id) } },
        select: { externalId: true, choices: true },
      });
      const choicesOf = new Map(
        rows.map((r) => [r.externalId, (r.choices ?? []) as { id: string; label: string }[]]),
      );
      return sent.map((s) => {
        const choices = choicesOf.get(s.id) ?? [];
        // The text as the core wrote it: the numbered list under it is how the choices show.
        const list = choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
        const text =
          choices.length && s.text.endsWith(list) ? s.text.slice(0, -list.length).trimEnd() : s.text;
        return { externalId: s.id, text, choices };
      });
    },
    async fail(chatId, kind, count) {
      network.failNextSends(chatId, FAILURE[kind], count);
    },
    attempts: async (chatId) => network.attempts(chatId),
  };
}

describeConformance('whatsapp', whatsappDriver);
