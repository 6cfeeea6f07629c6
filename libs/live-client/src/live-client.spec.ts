import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { QueryClient } from '@tanstack/query-core';
import { createLiveClient, type LiveClient } from './live-client';

const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};

/** A real socket.io server with the gateway's namespace, on a free port. */
async function liveServer(): Promise<{ io: Server; origin: string; close(): Promise<void> }> {
  const http: HttpServer = createServer();
  const io = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { io, origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => io.close(() => resolve())) };
}

/**
 * The live client against a real socket.io server that behaves like the api's /live gateway: it refuses a handshake
 * whose token it does not accept and closes sockets itself (a token expired, its user changed). socket.io-client
 * gives up after either; the live client must come back with a fresh token.
 */
describe('the live client when the server closes or refuses it', () => {
  let server: Awaited<ReturnType<typeof liveServer>>;
  let origin: string;
  let accepted: Set<string>;
  const handshakes: string[] = [];
  const connected: Socket[] = [];
  let client: LiveClient | null = null;

  beforeEach(async () => {
    accepted = new Set(['good-1', 'good-2']);
    handshakes.length = 0;
    connected.length = 0;
    server = await liveServer();
    origin = server.origin;
    const ns = server.io.of('/live');
    ns.use((socket, next) => {
      const token = String((socket.handshake.auth as { token?: unknown }).token);
      handshakes.push(token);
      next(accepted.has(token) ? undefined : new Error('unauthorized: the access token is invalid or expired'));
    });
    ns.on('connection', (s) => connected.push(s));
  });
  afterEach(async () => {
    client?.close();
    client = null;
    await server.close();
  });


  it('re-handshakes with a fresh token after the server closed its socket', async () => {
    const asked: boolean[] = [];
    client = createLiveClient({
      origin,
      getToken: ({ fresh }) => (asked.push(fresh), fresh ? 'good-2' : 'good-1'),
      queryClient: new QueryClient(),
      socketOptions: { transports: ['websocket'] },
    });
    await until('the first connection', () => client?.state === 'live');
    connected[0].disconnect(true); // as the gateway does at the token's expiry
    await until('the second connection', () => connected.length === 2 && client?.state === 'live');
    expect(asked).toEqual([false, true]);
    expect(handshakes).toEqual(['good-1', 'good-2']);
  });

  it('asks for a fresh token after a refused handshake, and keeps trying with waits while it is refused', async () => {
    accepted.delete('good-2');
    const tokens = ['stale', 'still-stale', 'good-1'];
    const asked: boolean[] = [];
    client = createLiveClient({
      origin,
      getToken: ({ fresh }) => (asked.push(fresh), tokens[Math.min(asked.length - 1, tokens.length - 1)]),
      queryClient: new QueryClient(),
      retryDelayMs: 20,
      socketOptions: { transports: ['websocket'] },
    });
    await until('a connection with an accepted token', () => client?.state === 'live');
    expect(handshakes).toEqual(['stale', 'still-stale', 'good-1']);
    expect(asked).toEqual([false, true, true]);
  });

  it('stops trying once closed', async () => {
    accepted.clear();
    client = createLiveClient({ origin, getToken: () => 'nope', queryClient: new QueryClient(), retryDelayMs: 20, socketOptions: { transports: ['websocket'] } });
    await until('a refused handshake', () => handshakes.length >= 1);
    client.close();
    const seen = handshakes.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(handshakes.length).toBe(seen);
  });
});

/**
 * Issue 15 item 12: a board that has not yet received a live event and then loses its network must still get what
 * happened meanwhile. What it starts from (open map, figures, lists) carries the seq it was read at; the client
 * resumes from the oldest of those — or from its last event, once one arrived — and resyncs when it has neither.
 */
describe('the live client resumes a quiet screen from the seq of what it shows', () => {
  let server: Awaited<ReturnType<typeof liveServer>>;
  let origin: string;
  const connected: Socket[] = [];
  const resumes: string[] = [];
  let client: LiveClient | null = null;

  beforeEach(async () => {
    connected.length = 0;
    resumes.length = 0;
    server = await liveServer();
    origin = server.origin;
    server.io.of('/live').on('connection', (s) => {
      connected.push(s);
      s.on('resume', (m: { afterSeq: string }) => resumes.push(m.afterSeq));
    });
  });
  afterEach(async () => {
    client?.close();
    client = null;
    await server.close();
  });

  const start = async (qc: QueryClient) => {
    client = createLiveClient({ origin, getToken: () => 'token', queryClient: qc, socketOptions: { transports: ['websocket'] } });
    await until('the first connection', () => client?.state === 'live' && connected.length === 1);
  };
  /** the network goes away and comes back (the server side drops the socket; the client connects again) */
  const outage = async () => {
    connected[0].disconnect(true);
    await until('the reconnection', () => connected.length === 2 && client?.state === 'live');
  };
  const summary = { id: 'c1', version: 1 } as never;

  it('before any event: resumes from the oldest snapshot shown', async () => {
    const qc = new QueryClient();
    await start(qc);
    qc.setQueryData(['cases', 'open-map'], { seq: '41', pins: [] });
    qc.setQueryData(['board', 'stats', 'town'], { seq: '37', kpis: {} });
    qc.setQueryData(['cases', 'list', {}], { items: [], nextCursor: null, seq: '44' });
    await outage();
    await until('a resume', () => resumes.length > 0);
    expect(resumes).toEqual(['37']);
  });

  it('after an event: resumes from the last event', async () => {
    const qc = new QueryClient();
    await start(qc);
    qc.setQueryData(['board', 'stats', 'town'], { seq: '37' });
    connected[0].emit('case.updated', { seq: '52', type: 'note', caseId: 'c1', fromState: null, toState: null, actor: { role: 'operator', name: 'x' }, at: new Date().toISOString(), case: summary });
    await until('the event', () => client?.lastSeq === '52');
    await outage();
    await until('a resume', () => resumes.length > 0);
    expect(resumes).toEqual(['52']);
  });

  it('with neither: everything is refetched after the outage', async () => {
    const qc = new QueryClient();
    await start(qc);
    qc.setQueryData(['cases', 'list', {}], { items: [], nextCursor: null }); // no seq: nothing to resume from
    let resynced = 0;
    client?.on('resync', () => resynced++);
    await outage();
    await until('the resync', () => resynced === 1);
    expect(qc.getQueryState(['cases', 'list', {}])?.isInvalidated).toBe(true);
    expect(resumes).toEqual([]);
  });

  it('a snapshot read before the first connection is resumed from as soon as the socket connects', async () => {
    const qc = new QueryClient();
    qc.setQueryData(['cases', 'open-map'], { seq: '9' });
    await start(qc);
    await until('a resume', () => resumes.length > 0);
    expect(resumes).toEqual(['9']);
  });
});
