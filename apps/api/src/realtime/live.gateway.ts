import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { LIVE_NAMESPACE, type ClientToServerEvents, type LiveAuth, type ServerToClientEvents } from '@gridops/contracts';
import { LiveReplayService, TokenService, actorOf, roomsToJoin, type Principal } from '@gridops/server';
import { GatewayPublisher } from './gateway-publisher';

interface SocketData {
  principal: Principal;
  /** asked for `case.batch` frames */
  batch: boolean;
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * `/live`: the boards' websocket. The handshake carries the same access token as REST (`auth: { token }`); a socket
 * joins exactly the rooms its read scope allows (live-rooms.ts). `resume { afterSeq }` replays what it missed.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true } })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket> {
  private readonly logger = new Logger('live');

  constructor(
    private readonly tokens: TokenService,
    private readonly replay: LiveReplayService,
    private readonly publisher: GatewayPublisher,
  ) {}

  afterInit(ns: LiveNamespace): void {
    ns.use((socket, next) => {
      // the client's word, unchecked: each field is unknown until tested
      const auth = (socket.handshake.auth ?? {}) as { [K in keyof LiveAuth]?: unknown };
      const token = auth.token;
      if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthorized: connect with auth: { token: <access token> }'));
      void this.tokens.verifyAccess(token).then((principal) => {
        if (!principal) return next(new Error('unauthorized: the access token is invalid or expired'));
        socket.data.principal = principal;
        socket.data.batch = auth.batch === true;
        next();
      }, next);
    });
    this.publisher.attach(ns as unknown as Namespace);
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    await socket.join(roomsToJoin(actorOf(socket.data.principal), socket.data.batch));
  }

  @SubscribeMessage('resume')
  async resume(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    const afterSeq = (body as { afterSeq?: unknown } | null)?.afterSeq;
    const result = await this.replay.since(typeof afterSeq === 'string' ? afterSeq : String(afterSeq ?? ''), actorOf(socket.data.principal)).catch((err: unknown) => {
      this.logger.warn(`resume failed: ${(err as Error).message}`);
      return { kind: 'resync' as const, reason: 'replay unavailable, refetch' };
    });
    if (result.kind === 'resync') {
      socket.emit('resync', { reason: result.reason });
      return;
    }
    for (const m of result.events) socket.emit(m.type === 'report' ? 'case.created' : 'case.updated', m);
    socket.emit('resume.done', { replayed: result.events.length, lastSeq: result.events.at(-1)?.seq ?? null });
  }
}
