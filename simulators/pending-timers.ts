import type { ServerResponse } from 'node:http';

/**
 * The waits the simulators make (latency, hung "timeout" requests), tracked so that stop() can end
 * them at once: a test that stops the simulators must not keep the process alive for a minute
 * because one request was being held. A wait also ends when its client hangs up.
 */
export class PendingTimers {
  private readonly waiting = new Set<() => void>();

  sleep(ms: number, res?: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        res?.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting.add(done);
      res?.once('close', done);
    });
  }

  /** How many waits are under way (requests being delayed or held). */
  get size(): number {
    return this.waiting.size;
  }

  releaseAll(): void {
    for (const done of [...this.waiting]) done();
  }
}
