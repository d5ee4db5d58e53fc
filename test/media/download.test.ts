/** downloadLimited against a local HTTP server: never more than the cap is read, announced or not. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { downloadLimited } from '../../src/media/download.ts';

let served = 0;
const server = http.createServer((req, res) => {
  const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
  if (req.url?.startsWith('/missing')) {
    res.writeHead(404);
    return res.end('no');
  }
  const announce = req.url?.startsWith('/announced');
  res.writeHead(200, {
    'content-type': 'image/png; charset=binary',
    ...(announce ? { 'content-length': String(size) } : {}),
  });
  // Chunked, 1 KB at a time: a reader that stops early stops the sending.
  let left = size;
  const push = () => {
    while (left > 0) {
      const n = Math.min(1024, left);
      left -= n;
      served += n;
      if (!res.write(Buffer.alloc(n, 1))) return void res.once('drain', push);
    }
    res.end();
  };
  push();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('downloadLimited', () => {
  it('reads a file within the cap whole, with its type', async () => {
    const got = await downloadLimited(`${base}/chunked?size=5000`, { maxBytes: 5000 });
    expect(got).toMatchObject({ mime: 'image/png' });
    expect('bytes' in got && got.bytes.length).toBe(5000);
  });

  it('refuses an announced file over the cap before reading it', async () => {
    expect(await downloadLimited(`${base}/announced?size=50000`, { maxBytes: 4000 })).toEqual({
      tooLarge: true,
    });
  });

  it('stops reading an unannounced file once it passes the cap', async () => {
    served = 0;
    expect(await downloadLimited(`${base}/chunked?size=50000000`, { maxBytes: 10_000 })).toEqual({
      tooLarge: true,
    });
    // Far less than the 50 MB was sent: the reader hung up.
    expect(served).toBeLessThan(20_000_000);
  });

  it('fails on an error status, naming only the status', async () => {
    await expect(downloadLimited(`${base}/missing`, { maxBytes: 10 })).rejects.toThrow(
      'download failed: HTTP 404',
    );
  });
});
