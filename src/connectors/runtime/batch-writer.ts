/**
 * Buffers what a busy component must write (delivery outcomes, exchange log entries, connector
 * state) and writes it in batches: as soon as `maxSize` items wait, or `delayMs` after the first
 * one, one batch at a time and in order (so that what is written last is the latest). Many small
 * statements under load become a few larger ones.
 */
export class BatchWriter<B> {
  private pending: B;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      empty: () => B;
      /** How many items wait in a batch (compared with maxSize); 0 means nothing to write. */
      size: (batch: B) => number;
      maxSize: number;
      delayMs: number;
      write: (batch: B) => Promise<void>;
    },
  ) {
    this.pending = options.empty();
  }

  /** Adds to the waiting batch (through `fill`) and schedules its write. */
  add(fill: (batch: B) => void): void {
    fill(this.pending);
    if (this.options.size(this.pending) >= this.options.maxSize) void this.flush();
    // Not kept alive for it: whoever stops the process flushes first.
    else this.timer ??= setTimeout(() => void this.flush(), this.options.delayMs).unref();
  }

  /** Writes the waiting batch now; resolves once it (and every earlier one) is written. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    if (this.options.size(batch) === 0) return this.writing;
    this.pending = this.options.empty();
    this.writing = this.writing.then(() => this.options.write(batch));
    return this.writing;
  }
}
