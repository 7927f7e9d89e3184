import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Logger } from '../../logger.js';
import { SYNC_CHANNEL } from './outbox-listener.js';

/**
 * Wakes the delivery workers after intakes committed, with one NOTIFY for all the intakes of a
 * short window (`delayMs`), sent on its own after their commits. A NOTIFY inside the intake's
 * statement would make every intake take PostgreSQL's one notification lock at commit, which is
 * held through the commit's WAL flush: intakes of every unit would commit one at a time. A wake-up
 * lost (the process stopped in the window) only delays deliveries until the lanes' next poll.
 */
export class SyncWakeUp {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
    private readonly delayMs = 20,
  ) {}

  /** These connectors have new records (committed): wake their lanes soon. */
  soon(connectors: Iterable<string>): void {
    for (const key of connectors) this.pending.add(key);
    if (this.timer || this.pending.size === 0) return;
    this.timer = setTimeout(() => void this.send(), this.delayMs);
    this.timer.unref();
  }

  private async send(): Promise<void> {
    const keys = [...this.pending];
    this.pending.clear();
    this.timer = null;
    try {
      await sql`select pg_notify(${SYNC_CHANNEL}, ${keys.join(',')})`.execute(this.orm.em.getKysely());
    } catch (error) {
      this.logger.warn({ err: error }, 'could not wake the delivery workers; they will find the records at their next poll');
    }
  }
}
