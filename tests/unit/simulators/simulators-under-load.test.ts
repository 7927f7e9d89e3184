import { startSimulators, type RunningSimulators } from '../../../simulators/index.js';
import { emcEvent, pushEmc } from './sim-http-client.js';

/**
 * A thousand dossiers' worth of EMC events pushed concurrently by a client that retries until it
 * gets a 2xx, while the simulator fails and rate-limits a share of them: every key ends up recorded
 * exactly once with its deliveries counted, and the report counts each dossier once.
 */
let sims: RunningSimulators;

beforeAll(async () => {
  sims = await startSimulators({ env: {}, settings: { emc: { seed: 'load', failureRate: 0.3, rateLimitRate: 0.05, retryAfterSeconds: 0 } } });
});
afterAll(() => sims.stop());

test('3,000 events under 35 % faults: each recorded once, deliveries counted, 1,000 dossiers reported', async () => {
  const units = ['26740', '26737', '26758', '26743'];
  const events = Array.from({ length: 1000 }, (_, i) => {
    const code = `${units[i % 4]}-251124-${String(i + 1).padStart(4, '0')}`;
    return [1, 2, 3].map((status) => ({
      key: `${code}:${status}:1`,
      event: emcEvent({ CodeProfile: code, Status: status, UnitCode: units[i % 4], ReceivedDate: Math.floor(i / 4) % 2 ? '2025-11-24' : '2025-11-25' }),
    }));
  }).flat();

  let attempts = 0;
  const queue = [...events];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (;;) {
        attempts++;
        const answer = await pushEmc(sims.urls.emc, next.key, next.event);
        if (answer.status === 200) break;
        expect([429, 503]).toContain(answer.status);
      }
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));

  // A worker that died after its push was accepted delivers again: deduped, counted.
  for (const { key, event } of events.slice(0, 10)) await pushEmc(sims.urls.emc, key, event, { 'x-sim-fault': 'none' });

  const received = sims.systems.emc.received();
  expect(received).toHaveLength(3000);
  expect(new Set(received.map((r) => r.idempotencyKey)).size).toBe(3000);
  expect(received.reduce((sum, r) => sum + r.count, 0)).toBe(3010);
  expect(attempts).toBeGreaterThan(3000); // the faults really happened

  const report = await faultFreeReport(sims);
  expect(report.reduce((sum, row) => sum + row.count, 0)).toBe(1000);
  expect(report).toHaveLength(8);
});

async function faultFreeReport(target: RunningSimulators): Promise<Array<{ count: number }>> {
  target.systems.emc.setSettings({ failureRate: 0, rateLimitRate: 0 });
  const response = await fetch(`${target.urls.emc}/reports/online-dossiers?siteId=79&from=2025-11-24&to=2025-11-25`);
  return (await response.json()) as Array<{ count: number }>;
}
