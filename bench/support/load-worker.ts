import { createRequire } from 'node:module';

/**
 * The load generator for runs whose requests differ (bodies taken in turn, e.g. intakes spread
 * over several units), which the autocannon CLI cannot do: autocannon's API in a child process of
 * its own (see measureLoad). Prints autocannon's JSON result.
 */
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<unknown>;
const options = JSON.parse(process.argv[2]!) as { url: string; method: string; headers: Record<string, string>; bodies: string[]; connections: number; duration: number };
let next = 0;
const result = await autocannon({
  url: options.url,
  method: options.method,
  headers: options.headers,
  connections: options.connections,
  duration: options.duration,
  requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: options.bodies[next++ % options.bodies.length] }) }],
});
process.stdout.write(JSON.stringify(result));
