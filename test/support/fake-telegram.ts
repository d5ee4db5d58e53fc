/**
 * A fake Telegram Bot API server on 127.0.0.1:<random port>, written from the Bot API documentation
 * (https://core.telegram.org/bots/api): the real telegraf client talks HTTP to it through
 * `TELEGRAM_API_ROOT`. It implements the methods the helpdesk uses — getMe, getUpdates (long polling
 * with offset and timeout), setWebhook/deleteWebhook, sendMessage (HTML parse mode checked as Telegram
 * does, 4,096 characters), editMessageReplyMarkup, answerCallbackQuery, getFile and the file download
 * URL (`/file/bot<token>/<file_path>`, files up to 20 MB as the cloud Bot API) — records every request,
 * and can be told to fail the next sends to a chat the way Telegram does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_BOT = {
  id: 7000001,
  is_bot: true,
  first_name: 'Helpdesk SPBE',
  username: 'helpdesk_spbe_bot',
};

export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  is_bot?: boolean;
}

export interface RecordedRequest {
  method: string;
  body: Record<string, unknown>;
}

/** A message the bot sent, as the fake stored it. */
export interface SentMessage {
  message_id: number;
  chat_id: string;
  /** What the bot sent (HTML). */
  html: string;
  /** What the reader sees: tags removed, entities decoded. */
  text: string;
  /** The bold runs of `text`. */
  bold: string[];
  message_thread_id?: number;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
}

export type SendFailure =
  | 'rate_limited'
  | 'blocked'
  | 'kicked'
  | 'chat_not_found'
  | 'migrated'
  | 'server_error'
  | 'unreachable';

type Update = { update_id: number } & Record<string, unknown>;

export interface FakeTelegram {
  url: string;
  token: string;
  bot: typeof FAKE_BOT;
  requests: RecordedRequest[];
  /** Calls of one method, in order. */
  calls(method: string): Record<string, unknown>[];
  /** Queues an update for getUpdates (update_id assigned); returns it. */
  queue(update: Record<string, unknown>): Update;
  /** A person's message in a chat: private when chatId is the user's id, else a (super)group. */
  message(
    chatId: number,
    from: FakeUser,
    text: string,
    extra?: Record<string, unknown>,
  ): { update: Update; message: Record<string, unknown> & { message_id: number } };
  /** A tap on a button of a message the bot sent. */
  tap(sent: SentMessage, from: FakeUser, data: string): Update;
  /** Builds the update without queueing it (for the webhook). */
  build(chatId: number, from: FakeUser, text: string, extra?: Record<string, unknown>): Update;
  sent(chatId?: number | string): SentMessage[];
  waitForSent(chatId: number | string, count: number, timeoutMs?: number): Promise<SentMessage[]>;
  /** The next `times` sends to the chat fail this way. */
  failNext(
    chatId: number | string,
    kind: SendFailure,
    opts?: {
      times?: number;
      retryAfter?: number;
      migrateTo?: number /** sends let through first */;
      after?: number;
    },
  ): void;
  /** The offset Telegram considers confirmed: updates below it are gone. */
  confirmedOffset(): number;
  /** Updates queued and not yet confirmed. */
  pending(): Update[];
  webhook(): { url: string; secret?: string } | null;
  /**
   * A file a person sends: getFile knows it by `fileId` and the file URL serves `bytes`. Returns what a
   * message carries of it (file_id, file_unique_id, file_size).
   */
  addFile(
    fileId: string,
    bytes: Buffer,
    opts?: { path?: string },
  ): { file_id: string; file_unique_id: string; file_size: number };
  /** File downloads served (by file_path). */
  downloads: string[];
  /** POSTs an update to the webhook set with setWebhook, as Telegram does; returns the HTTP status. */
  deliver(update: Update, secret?: string | null): Promise<number>;
  waitFor<T>(fn: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'code',
  'pre',
  'tg-spoiler',
]);

/** Telegram's HTML parse mode, strictly: only known tags, balanced; every other < > & escaped. */
export function parseTelegramHtml(html: string): { text: string; bold: string[] } | { error: string } {
  let text = '';
  const bold: string[] = [];
  const open: { tag: string; at: number }[] = [];
  for (let i = 0; i < html.length; ) {
    const c = html.charAt(i);
    if (c === '<') {
      const m = /^<(\/?)([a-z-]+)>/.exec(html.slice(i));
      if (!m || !TAGS.has(m[2] as string))
        return { error: `Bad Request: can't parse entities: Unsupported start tag at byte offset ${i}` };
      if (m[1]) {
        const top = open.pop();
        if (!top || top.tag !== m[2])
          return { error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}` };
        if (top.tag === 'b' || top.tag === 'strong') bold.push(text.slice(top.at));
      } else open.push({ tag: m[2] as string, at: text.length });
      i += m[0].length;
    } else if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+);/.exec(html.slice(i));
      if (!m)
        return { error: `Bad Request: can't parse entities: Character '&' is reserved at byte offset ${i}` };
      const name = m[1] as string;
      text +=
        name === 'lt'
          ? '<'
          : name === 'gt'
            ? '>'
            : name === 'amp'
              ? '&'
              : name === 'quot'
                ? '"'
                : String.fromCodePoint(Number(name.slice(1)));
      i += m[0].length;
    } else if (c === '>') {
      return { error: `Bad Request: can't parse entities: Character '>' is reserved at byte offset ${i}` };
    } else {
      text += c;
      i++;
    }
  }
  if (open.length) return { error: "Bad Request: can't parse entities: Can't find end tag" };
  return { text, bold };
}

export async function startFakeTelegram(token = '123:TEST'): Promise<FakeTelegram> {
  const requests: RecordedRequest[] = [];
  let nextUpdateId = 5000;
  let confirmed = 0;
  let updates: Update[] = [];
  const waiters = new Set<() => void>();
  const messageIds = new Map<string, number>();
  const sent: SentMessage[] = [];
  const failures = new Map<
    string,
    { kind: SendFailure; retryAfter: number; migrateTo: number; skip: number }[]
  >();
  let hook: { url: string; secret?: string } | null = null;
  let closing = false;
  const files = new Map<string, { bytes: Buffer; path: string }>();
  const downloads: string[] = [];
  /** The cloud Bot API's limit for getFile. */
  const GET_FILE_LIMIT = 20 * 1024 * 1024;

  const nextMessageId = (chatId: string) => {
    const id = (messageIds.get(chatId) ?? 0) + 1;
    messageIds.set(chatId, id);
    return id;
  };
  const wake = () => {
    for (const w of [...waiters]) w();
  };

  const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
  const error = (code: number, description: string, parameters?: Record<string, unknown>) => ({
    status: code,
    body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
  });

  async function answer(
    method: string,
    body: Record<string, unknown>,
    req: http.IncomingMessage,
  ): Promise<{ status: number; body: unknown } | 'drop'> {
    switch (method) {
      case 'getMe':
        return ok(FAKE_BOT);
      case 'setWebhook':
        hook = { url: String(body.url), ...(body.secret_token ? { secret: String(body.secret_token) } : {}) };
        return ok(true);
      case 'deleteWebhook':
        hook = null;
        if (body.drop_pending_updates) updates = [];
        return ok(true);
      case 'getUpdates': {
        if (hook)
          return error(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          );
        const offset = Number(body.offset ?? 0);
        if (offset > confirmed) {
          confirmed = offset;
          updates = updates.filter((u) => u.update_id >= offset);
        }
        const timeout = Number(body.timeout ?? 0);
        const limit = Number(body.limit ?? 100);
        if (updates.length === 0 && timeout > 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(t);
              waiters.delete(done);
              req.socket.off('close', done);
              resolve();
            };
            const t = setTimeout(done, timeout * 1000);
            waiters.add(done);
            req.socket.once('close', done);
          });
        }
        return ok(updates.slice(0, limit));
      }
      case 'sendMessage': {
        const chatId = String(body.chat_id);
        const queued = failures.get(chatId);
        const head = queued?.[0];
        let failure: typeof head;
        if (head && head.skip > 0) head.skip--;
        else failure = queued?.shift();
        if (queued && queued.length === 0) failures.delete(chatId);
        if (failure) {
          switch (failure.kind) {
            case 'rate_limited':
              return error(429, `Too Many Requests: retry after ${failure.retryAfter}`, {
                retry_after: failure.retryAfter,
              });
            case 'blocked':
              return error(403, 'Forbidden: bot was blocked by the user');
            case 'kicked':
              return error(403, 'Forbidden: bot was kicked from the group chat');
            case 'chat_not_found':
              return error(400, 'Bad Request: chat not found');
            case 'migrated':
              return error(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
                migrate_to_chat_id: failure.migrateTo,
              });
            case 'server_error':
              return error(500, 'Internal Server Error');
            case 'unreachable':
              return 'drop';
          }
        }
        const html = String(body.text ?? '');
        let text = html;
        let bold: string[] = [];
        if (body.parse_mode === 'HTML') {
          const parsed = parseTelegramHtml(html);
          if ('error' in parsed) return error(400, parsed.error);
          ({ text, bold } = parsed);
        }
        if (text.length === 0) return error(400, 'Bad Request: message text is empty');
        if (text.length > 4096) return error(400, 'Bad Request: message is too long');
        const m: SentMessage = {
          message_id: nextMessageId(chatId),
          chat_id: chatId,
          html,
          text,
          bold,
          ...(body.message_thread_id !== undefined
            ? { message_thread_id: Number(body.message_thread_id) }
            : {}),
          ...(body.reply_markup ? { reply_markup: body.reply_markup as SentMessage['reply_markup'] } : {}),
        };
        sent.push(m);
        const numericChat = Number(chatId);
        return ok({
          message_id: m.message_id,
          date: Math.floor(Date.now() / 1000),
          chat:
            numericChat < 0
              ? { id: numericChat, type: 'supergroup', title: 'Grup' }
              : { id: numericChat, type: 'private', first_name: 'Warga' },
          from: FAKE_BOT,
          text,
          ...(m.message_thread_id !== undefined
            ? { message_thread_id: m.message_thread_id, is_topic_message: true }
            : {}),
          ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
        });
      }
      case 'editMessageReplyMarkup': {
        const m = sent.find(
          (s) => s.chat_id === String(body.chat_id) && s.message_id === Number(body.message_id),
        );
        if (!m) return error(400, 'Bad Request: message to edit not found');
        const markup = body.reply_markup as SentMessage['reply_markup'] | undefined;
        if (markup?.inline_keyboard?.length) m.reply_markup = markup;
        else delete m.reply_markup;
        return ok(true);
      }
      case 'answerCallbackQuery':
        return ok(true);
      case 'getFile': {
        const f = files.get(String(body.file_id ?? ''));
        if (!f) return error(400, 'Bad Request: invalid file_id');
        if (f.bytes.length > GET_FILE_LIMIT) return error(400, 'Bad Request: file is too big');
        return ok({
          file_id: String(body.file_id),
          file_unique_id: `u-${String(body.file_id)}`,
          file_size: f.bytes.length,
          file_path: f.path,
        });
      }
      default:
        return error(404, 'Not Found');
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
      if (download && req.method === 'GET') {
        const path = decodeURIComponent(download[2] as string);
        const f = download[1] === token ? [...files.values()].find((x) => x.path === path) : undefined;
        if (!f) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
        }
        downloads.push(path);
        // As Telegram's file server: the bytes, typed only by their extension.
        res.writeHead(200, {
          'content-type': path.endsWith('.jpg') ? 'image/jpeg' : 'application/octet-stream',
          'content-length': String(f.bytes.length),
        });
        return res.end(f.bytes);
      }
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
      const send = (status: number, body: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!m) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
      if (m[1] !== token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
      }
      const method = m[2] as string;
      requests.push({ method, body });
      const result = await answer(method, body, req);
      if (result === 'drop') {
        req.socket.destroy();
        return;
      }
      // telegraf turns a 5xx into an error with the status text, as for the real API behind a proxy.
      send(result.status, result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const build: FakeTelegram['build'] = (chatId, from, text, extra = {}) => {
    const isPrivate = chatId > 0;
    const message = {
      message_id: nextMessageId(String(chatId)),
      date: Math.floor(Date.now() / 1000),
      chat: isPrivate
        ? { id: chatId, type: 'private', first_name: from.first_name }
        : { id: chatId, type: 'supergroup', title: 'Pengelola Teknis' },
      from: { is_bot: false, ...from },
      ...(text === '' ? {} : { text }),
      ...extra,
    };
    return { update_id: nextUpdateId++, message };
  };

  const fake: FakeTelegram = {
    url: `http://127.0.0.1:${port}`,
    token,
    bot: FAKE_BOT,
    requests,
    calls: (method) => requests.filter((r) => r.method === method).map((r) => r.body),
    queue(update) {
      const u = { update_id: nextUpdateId++, ...update } as Update;
      updates.push(u);
      wake();
      return u;
    },
    message(chatId, from, text, extra) {
      const update = build(chatId, from, text, extra);
      updates.push(update);
      wake();
      return { update, message: update.message as Record<string, unknown> & { message_id: number } };
    },
    tap(m, from, data) {
      const chatId = Number(m.chat_id);
      const u: Update = {
        update_id: nextUpdateId++,
        callback_query: {
          id: `${Date.now()}${Math.floor(Math.random() * 1e6)}`,
          from: { is_bot: false, ...from },
          chat_instance: '42',
          data,
          message: {
            message_id: m.message_id,
            date: Math.floor(Date.now() / 1000),
            chat:
              chatId < 0
                ? { id: chatId, type: 'supergroup', title: 'Grup' }
                : { id: chatId, type: 'private', first_name: from.first_name },
            from: FAKE_BOT,
            text: m.text,
            ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
          },
        },
      };
      updates.push(u);
      wake();
      return u;
    },
    build,
    sent: (chatId) => (chatId === undefined ? [...sent] : sent.filter((s) => s.chat_id === String(chatId))),
    async waitForSent(chatId, count, timeoutMs = 20_000) {
      return fake
        .waitFor(() => {
          const got = fake.sent(chatId);
          return got.length >= count ? got : undefined;
        }, timeoutMs)
        .catch(() => {
          throw new Error(
            `timed out waiting for ${count} messages to ${chatId}; have: ${JSON.stringify(fake.sent(chatId).map((s) => s.text.slice(0, 60)))}`,
          );
        });
    },
    failNext(chatId, kind, opts = {}) {
      const key = String(chatId);
      const list = failures.get(key) ?? [];
      for (let i = 0; i < (opts.times ?? 1); i++)
        list.push({
          kind,
          retryAfter: opts.retryAfter ?? 3,
          migrateTo: opts.migrateTo ?? -1009999999999,
          skip: i === 0 ? (opts.after ?? 0) : 0,
        });
      failures.set(key, list);
    },
    confirmedOffset: () => confirmed,
    pending: () => [...updates],
    webhook: () => hook,
    addFile(fileId, bytes, opts = {}) {
      const path = opts.path ?? `documents/file_${files.size}.bin`;
      files.set(fileId, { bytes, path });
      return { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: bytes.length };
    },
    downloads,
    async deliver(update, secret) {
      if (!hook) throw new Error('no webhook set');
      const s = secret === undefined ? hook.secret : secret;
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(s ? { 'x-telegram-bot-api-secret-token': s } : {}),
        },
        body: JSON.stringify(update),
      });
      await res.arrayBuffer();
      return res.status;
    },
    async waitFor(fn, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = fn();
        if (v !== undefined && v !== false) return v as never;
        if (Date.now() > end) throw new Error('timed out waiting for the fake Telegram');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      if (closing) return;
      closing = true;
      wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
