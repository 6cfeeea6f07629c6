import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './processes';

/**
 * A TCP forwarder for failure tests: put it between a child process and Postgres (or anything), then `cut()` to make
 * the dependency vanish (listener closed, live connections destroyed: new connects are refused) and `restore()` to
 * bring it back on the same port — or `stall()` to make it hang: connections stay open, nothing gets through.
 */
export interface TcpProxy {
  port: number;
  /** stop listening and destroy every live connection */
  cut(): Promise<void>;
  /** stop forwarding, both ways, on every connection, now and later: what is sent waits in the proxy until close */
  stall(): void;
  /** listen again on the same port */
  restore(): Promise<void>;
  /** cut for good (cleanup) */
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, opts: { port?: number } = {}): Promise<TcpProxy> {
  const port = opts.port ?? (await freePort());
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let server: Server | null = null;
  let stalled = false;

  const track = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const srv = createServer((client) => {
        const upstream = connect(target);
        track(client);
        track(upstream);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        const pair: [Socket, Socket] = [client, upstream];
        pairs.add(pair);
        client.once('close', () => pairs.delete(pair));
        // a socket not piped and without a data listener reads nothing: a stalled proxy just leaves it so
        if (!stalled) {
          client.pipe(upstream);
          upstream.pipe(client);
        }
      });
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        srv.off('error', reject);
        server = srv;
        resolve();
      });
    });

  const cut = async (): Promise<void> => {
    const srv = server;
    server = null;
    const closed = srv ? new Promise<void>((resolve) => srv.close(() => resolve())) : Promise.resolve();
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };

  await listen();
  return {
    port,
    cut,
    stall() {
      stalled = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async restore() {
      if (server) return;
      await listen();
    },
    close: cut,
  };
}

const DEFAULT_PORTS: Record<string, number> = { 'postgres:': 5432, 'postgresql:': 5432, 'redis:': 6379 };

/** A proxy in front of the service a connection URL names (postgres://…, redis://…), and that URL through it. */
export async function proxyFor(url: string): Promise<{ proxy: TcpProxy; url: string }> {
  const direct = new URL(url);
  const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || DEFAULT_PORTS[direct.protocol]) });
  const via = new URL(url);
  via.port = String(proxy.port);
  return { proxy, url: via.toString() };
}
