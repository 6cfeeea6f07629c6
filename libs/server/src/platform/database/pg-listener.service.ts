import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** How long to wait before connecting again after the LISTEN connection is lost. */
export const LISTEN_RETRY_MS = 2000;

interface Subscription {
  /** a NOTIFY arrived on the channel */
  notified: (payload: string) => void;
  /** the connection now hears the channel (true), or lost it (false): notifies may have been missed meanwhile */
  hearing?: (listening: boolean) => void;
}

/**
 * One LISTEN connection per process, shared by whoever needs to hear Postgres NOTIFYs (the outbox relay, the
 * directory's category copy). Connected on the first subscription and re-established when it drops; subscribers
 * are told when hearing starts and stops, so they can catch up on what they may have missed.
 */
@Injectable()
export class PgListener implements OnApplicationShutdown {
  private readonly logger = new Logger('pg-listen');
  private readonly channels = new Map<string, Subscription[]>();
  private client: Client | null = null;
  private connecting = false;
  private stopped = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  subscribe(channel: string, subscription: Subscription): void {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    const list = this.channels.get(channel) ?? [];
    list.push(subscription);
    this.channels.set(channel, list);
    if (this.client) void this.client.query(`LISTEN ${channel}`).then(() => subscription.hearing?.(true), () => undefined);
    else void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.connecting || this.client) return;
    this.connecting = true;
    // keep-alive: a connection a NAT or firewall silently dropped is noticed, so hearing stops (and catches up)
    const client = new Client({ connectionString: this.config.DATABASE_URL, keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: 'gridops-listen' });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      this.tell((s) => s.hearing?.(false));
      if (!this.stopped) setTimeout(() => void this.connect(), LISTEN_RETRY_MS).unref();
    };
    client.on('notification', (n) => this.channels.get(n.channel)?.forEach((s) => s.notified(n.payload ?? '')));
    client.on('error', onLost);
    client.on('end', onLost);
    try {
      await client.connect();
      // set before the LISTENs, so a subscription arriving meanwhile LISTENs itself (twice is harmless)
      this.client = client;
      for (const channel of [...this.channels.keys()]) await client.query(`LISTEN ${channel}`);
      this.tell((s) => s.hearing?.(true));
    } catch (err) {
      this.logger.warn(`LISTEN failed, trying again in ${LISTEN_RETRY_MS} ms: ${(err as Error).message}`);
      await client.end().catch(() => undefined);
      onLost();
    } finally {
      this.connecting = false;
    }
  }

  private tell(fn: (s: Subscription) => void): void {
    for (const list of this.channels.values()) list.forEach(fn);
  }
}
