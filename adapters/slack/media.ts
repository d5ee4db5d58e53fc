/**
 * A reporter's Slack file, downloaded for the media store: files.info gives its current
 * `url_private_download`, which serves the file to a request with the bot token (scope `files:read`).
 * Without the scope, or with a wrong token, Slack answers that URL with its sign-in page instead of
 * the file: that is a failure, not a file. The file id stays valid while the file exists, so the
 * inbound job can do this whenever it runs.
 */
import type { WebClient } from '@slack/web-api';
import type { Attachment, DownloadedFile } from '../../src/channel.ts';
import { downloadLimited } from '../../src/media/download.ts';
import { describeSlackError } from './errors.ts';

export async function fetchSlackFile(
  web: WebClient,
  botToken: string,
  a: Attachment,
  maxBytes: number,
): Promise<DownloadedFile | { tooLarge: true }> {
  let file: {
    url_private_download?: string;
    url_private?: string;
    size?: number;
    mimetype?: string;
    name?: string;
  };
  try {
    file = ((await web.files.info({ file: a.ref })) as { file?: typeof file }).file ?? {};
  } catch (e) {
    throw new Error(`slack files.info: ${describeSlackError(e)}`);
  }
  if (file.size !== undefined && file.size > maxBytes) return { tooLarge: true };
  const url = file.url_private_download ?? file.url_private;
  if (!url) throw new Error('slack files.info: the file has no download URL');
  const got = await downloadLimited(url, { maxBytes, headers: { authorization: `Bearer ${botToken}` } });
  if ('tooLarge' in got) return got;
  const mime = a.mime ?? file.mimetype ?? got.mime ?? 'application/octet-stream';
  if (got.mime === 'text/html' && mime !== 'text/html')
    throw new Error('slack file download answered with a page, not the file (token without files:read?)');
  const name = a.name ?? file.name;
  return { bytes: got.bytes, mime, ...(name ? { name } : {}) };
}
