import pg from 'pg';
import type { Logger } from '../../logger.js';
import { SYNC_CHANNEL } from '../outbox/outbox-listener.js';

/**
 * LISTENs on the outbox's NOTIFY channel so that dispatchers start delivering as soon as a change
 * commits, instead of at their next poll. Best effort: if the connection drops, polling still
 * delivers everything, and the listener reconnects with a growing pause.
 */
export class SyncNotifications {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryMs = 500;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly onNotify: (connectorKeys: string[]) => void,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (message.channel === SYNC_CHANNEL) this.onNotify((message.payload ?? '').split(',').filter(Boolean));
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'sync notification connection lost; polling continues');
      this.reconnectLater(client);
    });
    try {
      await client.connect();
      await client.query(`listen ${SYNC_CHANNEL}`);
      this.client = client;
      this.retryMs = 500;
      if (this.stopped) await client.end();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not listen for sync notifications; polling continues');
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: pg.Client): void {
    if (this.client === client) this.client = null;
    void client.end().catch(() => {});
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }
}
