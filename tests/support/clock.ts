import type { Clock } from '../../src/domain/time/clock.js';

/** A clock a test can set and move. */
export class TestClock implements Clock {
  private current: Date;

  constructor(start: string | Date = new Date()) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: string | Date): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
