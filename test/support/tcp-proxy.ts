/**
 * A TCP proxy in front of a real server (PostgreSQL in the fault tests), whose state the test sets:
 * - up: forwards both ways;
 * - down: every connection is closed and new ones are refused (the listener is closed, so a client
 *   gets ECONNREFUSED, as from a stopped server);
 * - stall: connections are accepted and kept, but nothing is forwarded either way (a paused server).
 */
import net from 'node:net';

export type ProxyMode = 'up' | 'down' | 'stall';

export interface TcpProxy {
  port: number;
  mode(): ProxyMode;
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'up';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let server: net.Server | null = null;
  let port = 0;

  const onConnection = (client: net.Socket) => {
    if (mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
    if (mode === 'stall') pause(pair);
  };
  const pause = (p: { client: net.Socket; upstream: net.Socket }) => {
    p.client.unpipe(p.upstream);
    p.upstream.unpipe(p.client);
    p.client.pause();
    p.upstream.pause();
  };
  const resume = (p: { client: net.Socket; upstream: net.Socket }) => {
    p.client.pipe(p.upstream);
    p.upstream.pipe(p.client);
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(onConnection);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        port = (s.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await listen();
  return {
    get port() {
      return port;
    },
    mode: () => mode,
    async setMode(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (next === 'down') {
        for (const p of pairs) {
          p.client.destroy();
          p.upstream.destroy();
        }
        pairs.clear();
        await unlisten();
        return;
      }
      if (previous === 'down') {
        // The same port again; retried because the OS may hold it a moment.
        for (let i = 0; ; i++) {
          try {
            await listen();
            break;
          } catch (e) {
            if (i >= 50) throw e;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      }
      for (const p of pairs) next === 'stall' ? pause(p) : resume(p);
    },
    async close() {
      mode = 'down';
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pairs.clear();
      await unlisten();
    },
  };
}
