import { randomUUID } from 'node:crypto';
import type { ChannelErrorKind } from '../../../src/channel.ts';
import { type ConformanceDriver, describeConformance, type SentMessage } from '../../support/conformance.ts';
import type { RunningHelpdesk } from '../../support/helpdesk.ts';

/** The simulator's "platform" is its HTTP API and chat log. */
function simulatorDriver(): ConformanceDriver {
  let h: RunningHelpdesk;
  const api = (path: string) => `${h.app.url}/api/simulator${path}`;
  const json = (body: unknown) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const post = async (chatId: string, body: Record<string, unknown>) => {
    const res = await fetch(api('/messages'), json({ chatId, messageId: randomUUID(), ...body }));
    if (res.status !== 202) throw new Error(`simulator refused: ${res.status} ${await res.text()}`);
  };
  return {
    channel: 'simulator',
    maxText: 4_096,
    start: async () => ({ CHANNELS: 'simulator' }),
    attach(running) {
      h = running;
    },
    stop: async () => {},
    newChat: () => `62851${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    deliver: (chatId, text, messageId) => post(chatId, { text, ...(messageId ? { messageId } : {}) }),
    tap: (chatId, message: SentMessage, choiceId) =>
      post(chatId, {
        text: message.choices.find((c) => c.id === choiceId)?.label ?? choiceId,
        choice: choiceId,
      }),
    sent: async (chatId) => {
      const rows = (await (await fetch(api(`/chats/${chatId}/messages`))).json()) as {
        id: number;
        direction: string;
        text: string;
        choices?: { id: string; label: string }[];
      }[];
      return rows
        .filter((r) => r.direction === 'out')
        .map((r) => ({ externalId: `sim-${r.id}`, text: r.text, choices: r.choices ?? [] }));
    },
    fail: async (chatId, kind: ChannelErrorKind, count, retryAfterMs) => {
      const res = await fetch(
        api(`/chats/${chatId}/trouble`),
        json({ kind, count, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }),
      );
      if (res.status !== 204) throw new Error(`trouble refused: ${res.status}`);
    },
    attempts: async (chatId) =>
      ((await (await fetch(api(`/chats/${chatId}/trouble`))).json()) as { attempts: number }).attempts,
  };
}

describeConformance('simulator', simulatorDriver);
