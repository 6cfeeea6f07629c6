import type { QueryClient } from '@tanstack/query-core';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type CaseEventMessage, type ClientToServerEvents, type LiveAuth, type ServerToClientEvents } from '@gridops/contracts';
import { applyCaseEvent, refetchAllCases } from './case-cache';
import { resumePoint } from './resume-point';
import { SeqGaps } from './seq-gaps';

/** What a board shows in its corner: 实时 live · 重连中 reconnecting · 数据可能过期 stale. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'stale';

export interface LiveClientOptions {
  /** the api origin, e.g. `http://localhost:3000` (socket.io lives at the origin, not under /api) */
  origin: string;
  /**
   * The current access token; asked again on every (re)connect, so a refreshed token is used. `fresh` is true when
   * the server closed the socket or refused the handshake (the token expired or its user changed): answer a newly
   * refreshed token then, not the one that was just turned away.
   */
  getToken: (opts: { fresh: boolean }) => string | Promise<string>;
  queryClient: QueryClient;
  /** the signed-in user's id: lists asked for with `assignee=me` / `checker=me` are then patched, not refetched */
  userId?: string;
  /** disconnected this long → `stale` */
  staleAfterMs?: number;
  /**
   * a seq gap is checked with a `resume` after this pause (late messages of concurrent commits arrive meanwhile);
   * while the server cannot yet tell about the lowest awaited seq, the checks double their pause up to 30 s
   */
  gapCheckDelayMs?: number;
  /** while connected, a `resume` this often anyway: a lost message with no event after it is found too */
  idleCheckMs?: number;
  /** first wait before re-handshaking after the server closed the socket or refused it; doubles up to 30 s */
  retryDelayMs?: number;
  /** receive case events grouped in `case.batch` frames (default true: far cheaper for the server to fan out) */
  batch?: boolean;
  /** for tests: socket.io-client options such as transports */
  socketOptions?: Parameters<typeof io>[1];
}

export interface LiveClient {
  readonly state: LiveState;
  /** the highest seq applied */
  readonly lastSeq: string | null;
  /** seqs below it not received and not yet known to be none of this reader's (the first 100) */
  readonly missing: string[];
  onState(fn: (s: LiveState) => void): () => void;
  on<E extends keyof ServerToClientEvents>(event: E, fn: ServerToClientEvents[E]): () => void;
  close(): void;
}

const RECENT = 2000;
const MAX_GAP_CHECK_MS = 30_000;

const MAX_RETRY_MS = 30_000;
/** a connection the server cut after this long was a working one (its token expired): reconnect at once */
const LASTED_MS = 5_000;

/**
 * The console's live connection: connects with the access token, resumes on every (re)connect from the last seq —
 * or from the seq of the oldest snapshot shown, before any event arrived —
 * patches the TanStack Query cache from case events, checks seq gaps with a resume and refetches on `resync`, and
 * exposes the connection state.
 *
 * The server closes a socket when its token expires and when its user is deactivated or changed, and refuses a
 * handshake with a stale token; socket.io does not reconnect by itself after either. The client does: it asks for a
 * fresh token and connects again — at once after a server close (an expired token is the common case), with
 * doubling waits (retryDelayMs … 30 s) while handshakes keep being refused (a signed-out user gets nowhere).
 */
export function createLiveClient(opts: LiveClientOptions): LiveClient {
  const staleAfter = opts.staleAfterMs ?? 15_000;
  const gapDelay = opts.gapCheckDelayMs ?? 1_000;
  const idleCheck = opts.idleCheckMs ?? 60_000;
  let state: LiveState = 'connecting';
  let lastSeq: bigint | null = null;
  const seen = new Set<string>();
  /** seqs below lastSeq still awaited (#16): a resume starts below the lowest, and its answer settles the others */
  const gaps = new SeqGaps();
  let gapCheckMs = gapDelay;
  let idleTimer: ReturnType<typeof setInterval> | null = null;
  const stateListeners = new Set<(s: LiveState) => void>();
  let staleTimer: ReturnType<typeof setTimeout> | null = null;
  let gapTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (s: LiveState) => {
    if (s === state) return;
    state = s;
    stateListeners.forEach((fn) => fn(s));
  };

  const retryDelay = opts.retryDelayMs ?? 1_000;
  let closed = false;
  let wantFresh = false;
  /** handshakes refused, or connections cut right after they opened, since the last connection that lasted */
  let cutInARow = 0;
  let connectedAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${opts.origin}${LIVE_NAMESPACE}`, {
    auth: (cb) => {
      const fresh = wantFresh;
      wantFresh = false;
      void Promise.resolve()
        .then(() => opts.getToken({ fresh }))
        .catch(() => '')
        .then((token) => cb({ token, batch: opts.batch ?? true } satisfies LiveAuth));
    },
    ...opts.socketOptions,
  });

  /** connect again with a fresh token, after `delayMs` */
  const reconnectFresh = (delayMs: number) => {
    if (closed || retryTimer) return;
    wantFresh = true;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed && !socket.connected) socket.connect();
    }, delayMs);
  };

  const resyncListeners = new Set<() => void>();
  /** events were missed and cannot be replayed: every case query is refetched, and screens refetch the rest */
  const resync = () => {
    lastSeq = null;
    seen.clear();
    gaps.clear();
    void refetchAllCases(opts.queryClient);
    resyncListeners.forEach((fn) => fn());
  };

  /**
   * From below the lowest seq still awaited — an event with a lower seq can commit after a higher one this client
   * already has (#16) — else after the last event applied, or, before any arrived, after the oldest snapshot the
   * screens show (their answers carry the seq they were read at): a quiet board that loses its network still gets
   * what happened meanwhile. Nothing to resume from after an absence: resync. Replayed events it already has are
   * skipped (`isNew`).
   */
  const resumeFrom = (): bigint | null => {
    const low = gaps.lowest();
    return low !== null ? low - 1n : resumePoint(lastSeq, opts.queryClient);
  };
  const resume = (wasAway: boolean) => {
    const from = resumeFrom();
    if (from !== null) socket.emit('resume', { afterSeq: from.toString() });
    else if (wasAway) resync();
  };

  /** ask about the awaited seqs after `gapCheckMs` (one check at a time) */
  const checkGapsSoon = () => {
    if (gapTimer || gaps.empty || closed) return;
    gapTimer = setTimeout(() => {
      gapTimer = null;
      // concurrent commits often arrive slightly out of seq order: ask only if something is still awaited
      if (!gaps.empty && socket.connected) resume(false);
    }, gapCheckMs);
  };

  /**
   * The server replayed everything after `afterSeq` that was committed up to `settledThrough`: the awaited seqs in
   * between that it did not bring are not this reader's. Those above stay awaited and are asked about again — at
   * once-a-gapCheckDelayMs pace while the answers move on, more slowly while a long transaction holds the lowest.
   */
  const onResumeDone = (m: { afterSeq?: string; settledThrough?: string | null }) => {
    const before = gaps.lowest();
    if (m.afterSeq && m.settledThrough) gaps.settle(BigInt(m.afterSeq), BigInt(m.settledThrough));
    if (gaps.empty) {
      gapCheckMs = gapDelay;
      return;
    }
    gapCheckMs = gaps.lowest() === before ? Math.min(gapCheckMs * 2, MAX_GAP_CHECK_MS) : gapDelay;
    checkGapsSoon();
  };

  /** new to this client: above the last seq, or one it awaits (a replay brings back what it already has too) */
  const isNew = (seq: bigint, key: string) => !seen.has(key) && (lastSeq === null || seq > lastSeq || gaps.has(seq));

  // screens' case-event handlers: called once per event, after the cache is patched, whether it came alone or batched
  const caseListeners = { 'case.created': new Set<(m: CaseEventMessage) => void>(), 'case.updated': new Set<(m: CaseEventMessage) => void>() };

  const apply = (m: CaseEventMessage) => {
    const seq = BigInt(m.seq);
    // replays, late duplicates, and events that reached two of this socket's rooms
    if (!isNew(seq, m.seq)) return;
    seen.add(m.seq);
    if (seen.size > RECENT) seen.delete(seen.values().next().value as string);
    if (lastSeq !== null && seq > lastSeq + 1n) {
      // a jump: other scopes' events, events still to commit, or messages lost on the way — a resume tells which
      gaps.add(lastSeq + 1n, seq - 1n);
      checkGapsSoon();
    } else if (lastSeq !== null && seq < lastSeq) gaps.remove(seq);
    if (lastSeq === null || seq > lastSeq) lastSeq = seq;
    applyCaseEvent(opts.queryClient, m, { userId: opts.userId });
    caseListeners[m.type === 'report' ? 'case.created' : 'case.updated'].forEach((fn) => fn(m));
  };

  socket.on('case.created', apply);
  socket.on('case.updated', apply);
  socket.on('case.batch', (messages) => messages.forEach(apply));
  socket.on('resync', resync);
  socket.on('resume.done', onResumeDone);
  socket.on('connect', () => {
    connectedAt = Date.now();
    if (staleTimer) clearTimeout(staleTimer);
    staleTimer = null;
    const wasAway = state === 'reconnecting' || state === 'stale';
    setState('live');
    // the first connection too: snapshots read before it may miss what happened while it was being made
    resume(wasAway);
    // a message lost with no event after it leaves no jump to see: ask now and then anyway (cheap when nothing is
    // new). Only once an event arrived: before, the point would be a snapshot's seq, perhaps old enough for a resync
    idleTimer ??= setInterval(() => {
      if (socket.connected && !gapTimer && lastSeq !== null) resume(false);
    }, idleCheck);
  });
  socket.on('disconnect', (reason) => {
    if (closed) return;
    setState('reconnecting');
    staleTimer ??= setTimeout(() => setState('stale'), staleAfter);
    // closed by the server (token expired, user changed): socket.io leaves it closed; come back with a fresh token —
    // at once after a connection that lasted, with doubling waits when connections keep being cut at once
    if (reason === 'io server disconnect') {
      if (Date.now() - connectedAt >= LASTED_MS) cutInARow = 0;
      reconnectFresh(cutInARow === 0 ? 0 : Math.min(retryDelay * 2 ** (cutInARow - 1), MAX_RETRY_MS));
      cutInARow++;
    }
  });
  socket.on('connect_error', () => {
    if (state === 'live' || state === 'connecting') setState('reconnecting');
    staleTimer ??= setTimeout(() => setState('stale'), staleAfter);
    // refused by the server (socket.io gives up on those); a network failure is retried by socket.io itself
    if (!socket.active) reconnectFresh(Math.min(retryDelay * 2 ** cutInARow++, MAX_RETRY_MS));
  });

  return {
    get state() {
      return state;
    },
    get lastSeq() {
      return lastSeq === null ? null : lastSeq.toString();
    },
    get missing() {
      return gaps.list();
    },
    onState(fn) {
      stateListeners.add(fn);
      return () => stateListeners.delete(fn);
    },
    on(event, fn) {
      if (event === 'case.created' || event === 'case.updated') {
        const set = caseListeners[event as 'case.created' | 'case.updated'];
        const handler = fn as (m: CaseEventMessage) => void;
        set.add(handler);
        return () => set.delete(handler);
      }
      if (event === 'resync') {
        const handler = fn as () => void;
        resyncListeners.add(handler);
        return () => resyncListeners.delete(handler);
      }
      socket.on(event, fn as never);
      return () => socket.off(event, fn as never);
    },
    close() {
      closed = true;
      socket.close();
      if (retryTimer) clearTimeout(retryTimer);
      if (staleTimer) clearTimeout(staleTimer);
      if (gapTimer) clearTimeout(gapTimer);
      if (idleTimer) clearInterval(idleTimer);
    },
  };
}
