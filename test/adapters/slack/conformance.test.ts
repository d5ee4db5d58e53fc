import type { ChannelErrorKind } from '../../../src/channel.ts';
import { type ConformanceDriver, describeConformance, type SentMessage } from '../../support/conformance.ts';
import {
  eventEnvelope,
  type FakeFailure,
  type FakeSlack,
  slackRequest,
  startFakeSlack,
} from '../../support/fake-slack.ts';
import type { RunningHelpdesk } from '../../support/helpdesk.ts';

const SECRET = 'conformance-signing-secret';

/** What a person sees of mrkdwn the adapter escaped. */
const shown = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Slack's side: the fake Web API receives the bot's posts; signed requests deliver what people do. */
function slackDriver(): ConformanceDriver {
  let fake: FakeSlack;
  let h: RunningHelpdesk;
  let chats = 0;
  let seq = 0;
  const events = () => `${h.app.url}/slack/events`;
  const userOf = (chatId: string) => `U${chatId.slice(1)}`;
  const acknowledged = async (res: Response) => {
    if (res.status !== 200) throw new Error(`Slack request refused: ${res.status} ${await res.text()}`);
  };
  const failures: Record<ChannelErrorKind, (retryAfterMs?: number) => FakeFailure> = {
    rate_limited: (ms) => ({ status: 429, retryAfter: Math.max(1, Math.ceil((ms ?? 1000) / 1000)) }),
    unreachable: () => ({ drop: true }),
    transient: () => ({ status: 500 }),
    rejected: () => ({ error: 'channel_not_found' }),
  };
  return {
    channel: 'slack',
    maxText: 40_000,
    async start() {
      fake = await startFakeSlack();
      return {
        CHANNELS: 'slack',
        SLACK_BOT_TOKEN: 'xoxb-conformance',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
      };
    },
    attach(running) {
      h = running;
    },
    stop: async () => {
      await fake?.close();
    },
    newChat: () =>
      `D${String(++chats).padStart(4, '0')}${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    async deliver(chatId, text, messageId) {
      const ts = messageId ?? `1730000000.${String(++seq).padStart(6, '0')}`;
      const event = { type: 'message', channel: chatId, channel_type: 'im', user: userOf(chatId), text, ts };
      // A redelivery of one message is Slack's retry: the same event id.
      await acknowledged(
        await slackRequest(events(), SECRET, {
          json: eventEnvelope(event, messageId ? `Ev-${chatId}-${messageId}` : undefined),
        }),
      );
    },
    async tap(chatId, message: SentMessage, choiceId) {
      const post = fake.posts(chatId).find((p) => p.ts === message.externalId);
      const button = post?.blocks
        ?.flatMap((b) => b.elements ?? [])
        .find((e) => e.value === choiceId || e.action_id === choiceId);
      if (!post || !button) throw new Error(`no button ${choiceId} on ${message.externalId}`);
      await acknowledged(
        await slackRequest(events(), SECRET, {
          payload: {
            type: 'block_actions',
            user: { id: userOf(chatId) },
            channel: { id: chatId },
            container: { type: 'message', message_ts: post.ts, channel_id: chatId },
            message: { ts: post.ts, text: post.text, blocks: post.blocks },
            actions: [
              {
                type: 'button',
                action_id: button.action_id,
                value: button.value,
                text: button.text,
                action_ts: `1730000001.${String(++seq).padStart(6, '0')}`,
              },
            ],
          },
        }),
      );
    },
    sent: async (chatId) =>
      fake.posts(chatId).map((p) => ({
        externalId: p.ts,
        text: shown(p.text),
        choices: (p.blocks ?? [])
          .filter((b) => b.type === 'actions')
          .flatMap((b) => b.elements ?? [])
          .map((e) => ({ id: String(e.value), label: e.text.text.replace(/^\d+\.\s+/, '') })),
      })),
    async fail(chatId, kind, count, retryAfterMs) {
      fake.failNext('chat.postMessage', failures[kind](retryAfterMs), count, chatId);
    },
    attempts: async (chatId) =>
      fake.calls('chat.postMessage').filter((r) => r.args.channel === chatId).length,
  };
}

describeConformance('slack', slackDriver);
