/** Slack Web API failures → the port's error kinds (src/channel.ts). */
import { ChannelError } from '../../src/channel.ts';

/**
 * Answers that no retry can change: the conversation is gone or closed to the bot, the user is
 * deactivated, or the token/app is misconfigured (invalid_auth and friends need an operator, not a
 * retry), or the request itself is malformed.
 */
const REJECTED = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'ekm_access_denied',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

/** Errors that mean the bot's credentials are not (or no longer) valid. */
export const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

interface SlackLikeError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  headers?: Record<string, string>;
  original?: { code?: string; name?: string; message?: string; cause?: { code?: string } };
}

/** What failed, short and without secrets or message text (for logs and status). */
export function describeSlackError(e: unknown): string {
  const err = e as SlackLikeError;
  if (err?.code === 'slack_webapi_platform_error') return err.data?.error ?? 'platform_error';
  if (err?.code === 'slack_webapi_rate_limited_error') return `rate_limited (${err.retryAfter ?? '?'} s)`;
  if (err?.code === 'slack_webapi_http_error') return `HTTP ${err.statusCode}`;
  if (err?.code === 'slack_webapi_request_error') {
    const o = err.original;
    return `unreachable: ${o?.cause?.code ?? o?.code ?? o?.name ?? 'request failed'}`;
  }
  return e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
}

/** Maps what the Slack SDK threw to a ChannelError of the right kind. */
export function toChannelError(e: unknown): ChannelError {
  if (e instanceof ChannelError) return e;
  const err = e as SlackLikeError;
  const what = `Slack: ${describeSlackError(e)}`;
  switch (err?.code) {
    case 'slack_webapi_rate_limited_error':
      return new ChannelError(what, 'rate_limited', {
        cause: e,
        retryAfterMs: Math.max(1, err.retryAfter ?? 1) * 1000,
      });
    case 'slack_webapi_platform_error': {
      const code = err.data?.error ?? '';
      if (code === 'ratelimited' || code === 'rate_limited')
        return new ChannelError(what, 'rate_limited', { cause: e, retryAfterMs: 1000 });
      return new ChannelError(what, REJECTED.has(code) ? 'rejected' : 'transient', { cause: e });
    }
    case 'slack_webapi_http_error': {
      if (err.statusCode === 429) {
        const header = Number(err.headers?.['retry-after'] ?? err.headers?.['Retry-After']);
        return new ChannelError(what, 'rate_limited', {
          cause: e,
          retryAfterMs: (Number.isFinite(header) && header > 0 ? header : 1) * 1000,
        });
      }
      return new ChannelError(what, 'transient', { cause: e });
    }
    case 'slack_webapi_request_error':
      return new ChannelError(what, 'unreachable', { cause: e });
    default:
      return new ChannelError(what, 'transient', { cause: e });
  }
}
