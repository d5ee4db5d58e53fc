/** What a failed Bot API call means for the send path: the port's ChannelError kinds. */
import { TelegramError } from 'telegraf';
import { ChannelError } from '../../src/channel.ts';

/** 400 answers about the chat itself: no retry can make them succeed. */
const REJECTED_400 =
  /chat not found|group chat was upgraded|bot was kicked|user is deactivated|peer_id_invalid|not enough rights|have no rights|need administrator rights|chat_write_forbidden|topic_closed|topic_deleted|message thread not found/i;

/** The supergroup a group became, when Telegram says so (400 with parameters.migrate_to_chat_id). */
export function migratedTo(e: unknown): number | undefined {
  return e instanceof TelegramError ? e.parameters?.migrate_to_chat_id : undefined;
}

/** Maps any failure of a Bot API call to a ChannelError; the message names no token and no text. */
export function toChannelError(e: unknown, method: string): ChannelError {
  if (e instanceof ChannelError) return e;
  if (e instanceof TelegramError) {
    // No cause: a TelegramError carries the request's payload (the message text) into any log of it;
    // the code and Telegram's description say all there is.
    const what = `telegram ${method}: ${e.code} ${e.description}`;
    if (e.code === 429) {
      const seconds = e.parameters?.retry_after ?? 1;
      return new ChannelError(what, 'rate_limited', { retryAfterMs: seconds * 1000 });
    }
    // 403: blocked by the user, kicked from the group, not a member, user deactivated.
    if (e.code === 403) return new ChannelError(what, 'rejected');
    if (e.code === 400 && (REJECTED_400.test(e.description) || migratedTo(e) !== undefined))
      return new ChannelError(what, 'rejected');
    return new ChannelError(what, 'transient');
  }
  const err = e as { name?: string; type?: string; code?: string; message?: string };
  // node-fetch's FetchError of type "system" (refused, reset, DNS), an abort (our timeout).
  if (
    err?.name === 'AbortError' ||
    err?.name === 'TimeoutError' ||
    (err?.name === 'FetchError' && err.type !== 'invalid-json')
  )
    return new ChannelError(
      `telegram ${method}: ${err.code ?? err.type ?? err.name} (tidak terjangkau)`,
      'unreachable',
      {
        cause: e,
      },
    );
  return new ChannelError(`telegram ${method}: ${err?.message ?? String(e)}`, 'transient', { cause: e });
}
