/**
 * Downloading a platform's file for the media store, never reading more than the size cap: a larger
 * file is refused when the server announces its length, or as soon as more than the cap has arrived.
 * Used by the adapters' `fetchAttachment` (the Bot API's file URL, Slack's url_private_download).
 */

export interface LimitedDownload {
  bytes: Buffer;
  /** The Content-Type the server sent (without parameters), if any. */
  mime: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** GETs `url`; throws on a network failure, a timeout or a non-2xx answer (the status only, no body). */
export async function downloadLimited(
  url: string,
  opts: { maxBytes: number; headers?: Record<string, string>; timeoutMs?: number },
): Promise<LimitedDownload | { tooLarge: true }> {
  const res = await fetch(url, {
    headers: opts.headers ?? {},
    signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`download failed: HTTP ${res.status}`);
  }
  const mime = res.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
  const announced = Number(res.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > opts.maxBytes) {
    await res.body?.cancel();
    return { tooLarge: true };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (res.body)
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      // Leaving the loop cancels the stream: nothing more is read.
      if (total > opts.maxBytes) return { tooLarge: true };
      chunks.push(Buffer.from(chunk));
    }
  return { bytes: Buffer.concat(chunks, total), mime };
}
