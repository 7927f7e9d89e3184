import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How busy this process is serving requests: the API's in-flight request count and the event
 * loop's recent delay. The delivery lanes read it to yield to the API when both run in one process
 * (`npm start`): a delivery is never urgent to the second, an officer at the counter is. One per
 * process, because the event loop is (the API and the workers may be two applications of one
 * process, as in the intake bench); a worker-only process (`npm run worker`) sees no requests and
 * only its own loop's delay.
 */
export class ProcessLoad {
  private inFlight = 0;
  private histogram: ReturnType<typeof monitorEventLoopDelay> | null = null;
  private delayMs = 0;
  private sampledAt = 0;

  /** Counts one request until `done` is called (the HTTP server wraps every request). */
  requestStarted(): () => void {
    this.inFlight += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
    };
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /**
   * The event loop's p99 delay over the last window (about 200 ms), in ms: what a request arriving
   * now would wait before its code runs. The histogram starts on first use (no cost to a process
   * that never asks).
   */
  eventLoopDelayMs(now = Date.now()): number {
    if (!this.histogram) {
      this.histogram = monitorEventLoopDelay({ resolution: 10 });
      this.histogram.enable();
      this.sampledAt = now;
    }
    if (now - this.sampledAt >= 200) {
      this.delayMs = this.histogram.percentile(99) / 1e6;
      this.histogram.reset();
      this.sampledAt = now;
    }
    return this.delayMs;
  }
}

export const processLoad = new ProcessLoad();

/** Whether work that can wait should yield now: enough requests in flight, or a lagging loop (0 turns a limit off). */
export function isBusy(load: ProcessLoad, limits: { requests: number; loopDelayMs: number }): boolean {
  return (limits.requests > 0 && load.requestsInFlight >= limits.requests) || (limits.loopDelayMs > 0 && load.eventLoopDelayMs() >= limits.loopDelayMs);
}
