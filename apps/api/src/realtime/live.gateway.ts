import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { LIVE_NAMESPACE, type ClientToServerEvents, type LiveAuth, type ServerToClientEvents } from '@gridops/contracts';
import { LiveReplayService, Metrics, ShutdownState, TokenService, UserAccessService, actorOf, roomsToJoin, socketsByRoomKind, userRoom, type Principal, type UserAccessChange } from '@gridops/server';
import { GatewayPublisher } from './gateway-publisher';

interface SocketData {
  principal: Principal;
  /** the user's token version the handshake's token carried */
  version: number;
  /** when the handshake's token expires: the socket is closed then */
  expiresAtMs: number;
  /** asked for `case.batch` frames */
  batch: boolean;
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Every socket's token is checked against its user this often (cache reads; a backstop for a missed NOTIFY). */
export const LIVE_RECHECK_MS = 30_000;
/** setTimeout's limit; a token living longer is checked again then */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `/live`: the boards' websocket. The handshake carries the same access token as REST (`auth: { token }`); a socket
 * joins exactly the rooms its read scope allows (live-rooms.ts). `resume { afterSeq }` replays what it missed.
 *
 * A socket lives no longer than its token: it is closed (`io server disconnect`) when the token expires — the live
 * client then re-handshakes with a fresh one and resumes — and at once when its user's token version moves on
 * (deactivated, role/片区/unit changed, new password), which every api instance hears (UserAccessService).
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true } })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnModuleDestroy {
  private readonly logger = new Logger('live');
  private ns: LiveNamespace | null = null;
  private stopListening: (() => void) | null = null;
  private recheck: NodeJS.Timeout | null = null;

  constructor(
    private readonly tokens: TokenService,
    private readonly access: UserAccessService,
    private readonly replay: LiveReplayService,
    private readonly publisher: GatewayPublisher,
    private readonly shutdown: ShutdownState,
    private readonly metrics: Metrics,
  ) {}

  afterInit(ns: LiveNamespace): void {
    this.ns = ns;
    ns.use((socket, next) => {
      // shutting down: the client backs off and tries again, by then at another instance
      if (this.shutdown.draining) return next(new Error('draining: this instance is shutting down, reconnect'));
      // the client's word, unchecked: each field is unknown until tested
      const auth = (socket.handshake.auth ?? {}) as { [K in keyof LiveAuth]?: unknown };
      const token = auth.token;
      if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthorized: connect with auth: { token: <access token> }'));
      void this.tokens.verifyAccessToken(token).then((verified) => {
        if (!verified) return next(new Error('unauthorized: the access token is invalid or expired'));
        socket.data.principal = verified.principal;
        socket.data.version = verified.version;
        socket.data.expiresAtMs = verified.expiresAtMs;
        socket.data.batch = auth.batch === true;
        next();
      }, next);
    });
    this.publisher.attach(ns as unknown as Namespace);
    this.metrics.provide({ sockets: () => socketsByRoomKind(ns.adapter.rooms) });
    this.stopListening = this.access.onChange((change) => this.userChanged(change));
    this.recheck = setInterval(() => void this.recheckAll(), LIVE_RECHECK_MS);
    this.recheck.unref();
  }

  onModuleDestroy(): void {
    this.stopListening?.();
    if (this.recheck) clearInterval(this.recheck);
  }

  /**
   * Shutdown: close every socket (`io server disconnect`). The live client reconnects with a fresh handshake and
   * resumes from its last seq — at another instance, once this one has stopped listening.
   */
  disconnectAll(): number {
    const sockets = [...(this.ns?.sockets.values() ?? [])];
    for (const socket of sockets) socket.disconnect(true);
    return sockets.length;
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    this.closeAtExpiry(socket);
    await socket.join(roomsToJoin(actorOf(socket.data.principal), socket.data.batch));
    // a change heard between the handshake's check and the join found no socket in the user's room to close
    if (!(await this.stillValid(socket))) socket.disconnect(true);
  }

  @SubscribeMessage('resume')
  async resume(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    if (!(await this.stillValid(socket))) {
      socket.disconnect(true);
      return;
    }
    const asked = (body as { afterSeq?: unknown } | null)?.afterSeq;
    const afterSeq = typeof asked === 'string' ? asked : String(asked ?? '');
    const result = await this.replay.since(afterSeq, actorOf(socket.data.principal)).catch((err: unknown) => {
      this.logger.warn(`resume failed: ${(err as Error).message}`);
      return { kind: 'resync' as const, reason: 'replay unavailable, refetch' };
    });
    if (!socket.connected) return;
    if (result.kind === 'resync') {
      socket.emit('resync', { reason: result.reason });
      return;
    }
    for (const m of result.events) socket.emit(m.type === 'report' ? 'case.created' : 'case.updated', m);
    socket.emit('resume.done', { replayed: result.events.length, lastSeq: result.events.at(-1)?.seq ?? null, afterSeq, settledThrough: result.settledThrough });
  }

  private closeAtExpiry(socket: LiveSocket): void {
    const arm = () => {
      const left = socket.data.expiresAtMs - Date.now();
      if (left <= 0) {
        socket.disconnect(true);
        return;
      }
      const timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      timer.unref();
      socket.once('disconnect', () => clearTimeout(timer));
    };
    arm();
  }

  private async stillValid(socket: LiveSocket): Promise<boolean> {
    if (Date.now() >= socket.data.expiresAtMs) return false;
    return this.access.isCurrent(socket.data.principal.id, socket.data.version);
  }

  /** Heard on every instance: close this instance's sockets of the user whose tokens no longer hold. */
  private userChanged(change: UserAccessChange): void {
    const ns = this.ns;
    if (!ns) return;
    const ids = ns.adapter.rooms.get(userRoom(change.userId));
    if (!ids) return;
    for (const id of [...ids]) {
      const socket = ns.sockets.get(id);
      if (!socket) continue;
      const holds = change.state !== null && change.state.active && change.state.version === socket.data.version;
      if (!holds) socket.disconnect(true);
    }
  }

  /** Backstop: sockets whose user changed while this instance could not hear it (cache reads, mostly). */
  private async recheckAll(): Promise<void> {
    const ns = this.ns;
    if (!ns) return;
    for (const socket of [...ns.sockets.values()]) {
      if (!socket.data.principal) continue;
      const ok = await this.stillValid(socket).catch(() => true); // the database away: keep the socket, try again later
      if (!ok) socket.disconnect(true);
    }
  }
}
