import { isBusy, ProcessLoad } from '../../../src/net/process-load.js';

describe('the process load the delivery lanes yield to', () => {
  test('counts the requests in flight; ending one twice (close after an error) counts once', () => {
    const load = new ProcessLoad();
    const first = load.requestStarted();
    const second = load.requestStarted();
    expect(load.requestsInFlight).toBe(2);
    first();
    first();
    expect(load.requestsInFlight).toBe(1);
    second();
    expect(load.requestsInFlight).toBe(0);
  });

  test('busy from the request limit on; a limit of 0 is off', () => {
    const load = new ProcessLoad();
    const done = [load.requestStarted(), load.requestStarted()];
    expect(isBusy(load, { requests: 2, loopDelayMs: 0 })).toBe(true);
    expect(isBusy(load, { requests: 3, loopDelayMs: 0 })).toBe(false);
    expect(isBusy(load, { requests: 0, loopDelayMs: 0 })).toBe(false);
    done.forEach((end) => end());
    expect(isBusy(load, { requests: 2, loopDelayMs: 0 })).toBe(false);
  });
});
