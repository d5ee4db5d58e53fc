/**
 * A reporter's Telegram file, downloaded for the media store: getFile gives a path, valid for at least
 * an hour, under the Bot API's file URL (`<api root>/file/bot<token>/<path>`). The file id itself stays
 * valid, so the inbound job can do this whenever it runs. The cloud Bot API serves files up to 20 MB
 * ("file is too big" beyond); a local `telegram-bot-api` server in --local mode answers with a path on
 * its own disk instead, which is not fetched (the attachment keeps its file id).
 */
import { TelegramError } from 'telegraf';
import type { Attachment, DownloadedFile } from '../../src/channel.ts';
import { downloadLimited } from '../../src/media/download.ts';

/** What a Telegram attachment is when neither the message nor the download says: photos are JPEG. */
const KIND_MIME: Partial<Record<Attachment['kind'], string>> = {
  image: 'image/jpeg',
  audio: 'audio/ogg',
  video: 'video/mp4',
};

export async function fetchTelegramFile(
  call: <T>(method: string, payload: object) => Promise<T>,
  opts: { token: string; apiRoot: string },
  a: Attachment,
  maxBytes: number,
): Promise<DownloadedFile | { tooLarge: true }> {
  let file: { file_path?: string; file_size?: number };
  try {
    file = await call('getFile', { file_id: a.ref });
  } catch (e) {
    if (e instanceof TelegramError && /file is too big/i.test(e.description)) return { tooLarge: true };
    throw new Error(
      e instanceof TelegramError ? `telegram getFile: ${e.code} ${e.description}` : 'telegram getFile failed',
    );
  }
  if (file.file_size !== undefined && file.file_size > maxBytes) return { tooLarge: true };
  if (!file.file_path || file.file_path.startsWith('/'))
    throw new Error('telegram getFile: no downloadable file_path (a local Bot API server?)');
  const path = file.file_path.split('/').map(encodeURIComponent).join('/');
  const got = await downloadLimited(`${opts.apiRoot.replace(/\/+$/, '')}/file/bot${opts.token}/${path}`, {
    maxBytes,
  });
  if ('tooLarge' in got) return got;
  const mime =
    a.mime ??
    KIND_MIME[a.kind] ??
    (got.mime && got.mime !== 'application/octet-stream' ? got.mime : undefined);
  return { bytes: got.bytes, mime: mime ?? 'application/octet-stream', ...(a.name ? { name: a.name } : {}) };
}
