/**
 * A fake Slack at its network boundary, written from Slack's public documentation: the Web API methods
 * the adapter uses (auth.test, chat.postMessage, chat.update, users.info, files.info,
 * apps.connections.open) over HTTP on 127.0.0.1, and the files' `url_private_download` (the bytes to a
 * request with the bot token, Slack's sign-in page otherwise), answering as Slack does (HTTP 200 with `ok: false, error` for API errors, 429 with
 * Retry-After when rate limited). It records every request and can be told to fail the next calls. The
 * other direction — Slack calling the helpdesk — is `slackRequest`, which signs a body as Slack does.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_BOT_USER = 'UBOT0001';
export const FAKE_BOT_ID = 'BBOT0001';
export const FAKE_TEAM = 'T0000001';

export interface FakeRequest {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
}

export interface FakePost {
  channel: string;
  ts: string;
  text: string;
  thread_ts?: string;
  blocks?: {
    type: string;
    text?: { text: string };
    elements?: { action_id?: string; value?: string; text: { text: string } }[];
  }[];
}

/** How the next call of a method fails. */
export type FakeFailure =
  | { error: string } // HTTP 200 { ok: false, error }
  | { status: 429; retryAfter: number }
  | { status: number } // e.g. 500, 503
  | { drop: true }; // the connection is cut: a network failure

export interface FakeSlack {
  /** http://127.0.0.1:<port> */
  url: string;
  /** What SLACK_API_URL should be: url + '/api/'. */
  apiUrl: string;
  requests: FakeRequest[];
  /** chat.postMessage calls that succeeded, in order (optionally of one channel). */
  posts(channel?: string): FakePost[];
  /** chat.update calls that succeeded. */
  updates(): FakePost[];
  calls(method: string): FakeRequest[];
  /** The next `times` calls of `method` (to `channel`, when given) fail so. */
  failNext(method: string, failure: FakeFailure, times?: number, channel?: string): void;
  /** A user users.info knows. */
  addUser(id: string, profile: { name: string; realName?: string; displayName?: string }): void;
  /** A file a person shared: returns the file object a message event carries in `files[]`. */
  addFile(
    id: string,
    bytes: Buffer,
    /** hidden: the URL answers with the sign-in page, as for a token without files:read. */
    opts: { name: string; mimetype: string; hidden?: boolean },
  ): { id: string; name: string; mimetype: string; size: number; url_private_download: string };
  /** Downloads of files (their ids), with the token sent. */
  downloads: { id: string; authorization: string | undefined }[];
  /** Waits until `count` messages were posted (in a channel). */
  waitForPosts(count: number, channel?: string, timeoutMs?: number): Promise<FakePost[]>;
  reset(): void;
  close(): Promise<void>;
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = /^[[{]/.test(v)
      ? (() => {
          try {
            return JSON.parse(v);
          } catch {
            return v;
          }
        })()
      : v;
  }
  return args;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const requests: FakeRequest[] = [];
  const posted: FakePost[] = [];
  const updated: FakePost[] = [];
  const failures = new Map<string, { failure: FakeFailure; channel: string | undefined }[]>();
  /** The bot token the app calls the Web API with: the file URLs want the same. */
  let lastToken: string | undefined;
  const users = new Map<string, { name: string; realName?: string; displayName?: string }>();
  const files = new Map<string, { bytes: Buffer; name: string; mimetype: string; hidden?: boolean }>();
  const downloads: FakeSlack['downloads'] = [];
  let seq = 0;
  const nextTs = () => `${1_700_000_000 + Math.floor(seq / 1000)}.${String(++seq).padStart(6, '0')}`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const download = /^\/files-pri\/[^/]+-([^/]+)\/download\/[^/?]+$/.exec(req.url ?? '');
      if (download && req.method === 'GET') {
        const f = files.get(download[1] as string);
        downloads.push({ id: download[1] as string, authorization: req.headers.authorization });
        // Slack answers a request without the right token with its sign-in page, status 200.
        if (!f || f.hidden || req.headers.authorization !== `Bearer ${lastToken}`) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end('<!DOCTYPE html><title>Slack</title><p>Sign in to Slack</p>');
        }
        res.writeHead(200, { 'content-type': f.mimetype, 'content-length': String(f.bytes.length) });
        return res.end(f.bytes);
      }
      const method = (req.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, '');
      const args = parseArgs(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
      requests.push({ method, args, authorization: req.headers.authorization });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const pending = failures.get(method) ?? [];
      const at = pending.findIndex((f) => f.channel === undefined || f.channel === String(args.channel));
      const failure = at >= 0 ? pending.splice(at, 1)[0]?.failure : undefined;
      if (failure) {
        if ('drop' in failure) return req.socket.destroy();
        if ('error' in failure) return json(200, { ok: false, error: failure.error });
        if ('retryAfter' in failure)
          return json(
            429,
            { ok: false, error: 'ratelimited' },
            { 'retry-after': String(failure.retryAfter) },
          );
        return json(failure.status, { ok: false, error: 'internal_error' });
      }
      if (!req.headers.authorization?.startsWith('Bearer '))
        return json(200, { ok: false, error: 'not_authed' });
      lastToken = req.headers.authorization.slice('Bearer '.length);
      switch (method) {
        case 'auth.test':
          return json(200, {
            ok: true,
            url: 'https://fake.slack.com/',
            team: 'Fake',
            user: 'helpdesk',
            team_id: FAKE_TEAM,
            user_id: FAKE_BOT_USER,
            bot_id: FAKE_BOT_ID,
          });
        case 'chat.postMessage': {
          const channel = String(args.channel ?? '');
          if (!channel) return json(200, { ok: false, error: 'channel_not_found' });
          const ts = nextTs();
          const post: FakePost = {
            channel,
            ts,
            text: String(args.text ?? ''),
            ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
            ...(Array.isArray(args.blocks) ? { blocks: args.blocks as FakePost['blocks'] } : {}),
          };
          posted.push(post);
          return json(200, { ok: true, channel, ts, message: { text: post.text, ts, bot_id: FAKE_BOT_ID } });
        }
        case 'chat.update': {
          const post: FakePost = {
            channel: String(args.channel),
            ts: String(args.ts),
            text: String(args.text ?? ''),
            ...(Array.isArray(args.blocks) ? { blocks: args.blocks as FakePost['blocks'] } : {}),
          };
          updated.push(post);
          return json(200, { ok: true, channel: post.channel, ts: post.ts, text: post.text });
        }
        case 'users.info': {
          const id = String(args.user ?? '');
          const u = users.get(id);
          if (!u) return json(200, { ok: false, error: 'user_not_found' });
          return json(200, {
            ok: true,
            user: {
              id,
              name: u.name,
              real_name: u.realName ?? u.name,
              profile: { real_name: u.realName ?? u.name, display_name: u.displayName ?? '' },
            },
          });
        }
        case 'files.info': {
          const id = String(args.file ?? '');
          const f = files.get(id);
          if (!f) return json(200, { ok: false, error: 'file_not_found' });
          return json(200, { ok: true, file: fileObject(id, f) });
        }
        case 'apps.connections.open':
          return json(200, { ok: false, error: 'invalid_auth' });
        default:
          return json(200, { ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const fileObject = (id: string, f: { bytes: Buffer; name: string; mimetype: string }) => ({
    id,
    name: f.name,
    title: f.name,
    mimetype: f.mimetype,
    size: f.bytes.length,
    url_private: `${url}/files-pri/${FAKE_TEAM}-${id}/${encodeURIComponent(f.name)}`,
    url_private_download: `${url}/files-pri/${FAKE_TEAM}-${id}/download/${encodeURIComponent(f.name)}`,
  });

  const fake: FakeSlack = {
    url,
    apiUrl: `${url}/api/`,
    requests,
    posts: (channel) => posted.filter((p) => channel === undefined || p.channel === channel),
    updates: () => [...updated],
    calls: (method) => requests.filter((r) => r.method === method),
    failNext(method, failure, times = 1, channel) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push({ failure, channel });
      failures.set(method, list);
    },
    addUser(id, profile) {
      users.set(id, profile);
    },
    addFile(id, bytes, opts) {
      const f = { bytes, ...opts };
      files.set(id, f);
      return fileObject(id, f);
    },
    downloads,
    async waitForPosts(count, channel, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const list = fake.posts(channel);
        if (list.length >= count) return list;
        if (Date.now() > end)
          throw new Error(
            `timed out waiting for ${count} Slack posts${channel ? ` in ${channel}` : ''}; have: ${JSON.stringify(list.map((p) => p.text.slice(0, 80)))}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    reset() {
      requests.length = 0;
      posted.length = 0;
      updated.length = 0;
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** The headers Slack sends with a body: `v0=HMAC_SHA256(secret, "v0:" + ts + ":" + body)`. */
export function slackSignature(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const sig = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${sig}` };
}

/**
 * Slack calling the helpdesk: POSTs a signed body to `url` (…/slack/events). Events go as JSON, slash
 * commands as a form, interactions as a form with a `payload` field.
 */
export async function slackRequest(
  url: string,
  secret: string,
  body:
    | { json: Record<string, unknown> }
    | { form: Record<string, string> }
    | { payload: Record<string, unknown> },
  opts: { timestamp?: number; retryNum?: number; signature?: string } = {},
): Promise<Response> {
  let raw: string;
  let contentType: string;
  if ('json' in body) {
    raw = JSON.stringify(body.json);
    contentType = 'application/json';
  } else {
    raw = new URLSearchParams(
      'form' in body ? body.form : { payload: JSON.stringify(body.payload) },
    ).toString();
    contentType = 'application/x-www-form-urlencoded';
  }
  const headers: Record<string, string> = {
    'content-type': contentType,
    ...slackSignature(secret, raw, opts.timestamp),
  };
  if (opts.signature) headers['x-slack-signature'] = opts.signature;
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body: raw });
}

let eventSeq = 0;

/** An Events API envelope around `event`, as Slack delivers it. */
export function eventEnvelope(event: Record<string, unknown>, eventId?: string): Record<string, unknown> {
  return {
    token: 'verification-token-unused',
    team_id: FAKE_TEAM,
    api_app_id: 'A0000001',
    type: 'event_callback',
    event_id: eventId ?? `Ev${Date.now()}${++eventSeq}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: FAKE_TEAM, user_id: FAKE_BOT_USER, is_bot: true }],
    event,
  };
}

let threadSeq = 0;

/** A staff member writes in a thread of a channel, delivered to the helpdesk as Slack would. */
export async function sayInSlackThread(
  eventsUrl: string,
  secret: string,
  m: { channel: string; user: string; threadTs: string; text: string },
): Promise<Response> {
  const event = {
    type: 'message',
    channel: m.channel,
    channel_type: 'channel',
    user: m.user,
    text: m.text,
    ts: `1720000100.${String(++threadSeq).padStart(6, '0')}`,
    thread_ts: m.threadTs,
  };
  return slackRequest(eventsUrl, secret, { json: eventEnvelope(event) });
}
