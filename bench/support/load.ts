import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { postgresCpuMs } from './postgres-cpu.js';

/** What a load run measured. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /**
   * CPU this process (where the benchmarks run the server under test; the load generator is a
   * child process) used per request answered, in ms: the cost that bounds a server's rate when
   * the machine's cores are the limit.
   */
  cpuMsPerRequest: number;
  /** CPU every PostgreSQL process used per request answered, in ms (postgresCpuMs). */
  dbCpuMsPerRequest: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Bodies sent in turn (one per request), instead of `body`. */
  bodies?: string[];
  connections: number;
  durationS: number;
}

const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const loadWorker = new URL('./load-worker.js', import.meta.url).pathname;
const run = promisify(execFile);

/**
 * Drives HTTP load with autocannon in a child process, so that the load generator never competes
 * with the server under test for its event loop. A short warm-up run comes first (JIT, pools,
 * caches); any error, timeout or non-2xx answer fails the benchmark.
 */
export async function measureLoad(name: string, options: LoadOptions): Promise<LoadResult> {
  const args = (durationS: number) => options.bodies ? [
    loadWorker,
    JSON.stringify({ url: options.url, method: options.method ?? 'GET', headers: options.headers ?? {}, bodies: options.bodies, connections: options.connections, duration: durationS }),
  ] : [
    autocannonCli,
    '--json',
    '--connections', String(options.connections),
    '--duration', String(durationS),
    '--method', options.method ?? 'GET',
    ...Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['--headers', `${k}=${v}`]),
    ...(options.body ? ['--body', options.body] : []),
    options.url,
  ];
  await run(process.execPath, args(2), { maxBuffer: 64 * 1024 * 1024 });
  const cpuBefore = process.cpuUsage();
  const dbCpuBefore = postgresCpuMs();
  const { stdout } = await run(process.execPath, args(options.durationS), { maxBuffer: 64 * 1024 * 1024 });
  const cpu = process.cpuUsage(cpuBefore);
  const dbCpuMs = postgresCpuMs() - dbCpuBefore;
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  const answered = Math.max(1, result.requests.total);
  const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / answered;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuMsPerRequest, dbCpuMsPerRequest: dbCpuMs / answered };
}

/** One aligned line of a results table. */
export function formatLoad(name: string, r: LoadResult): string {
  return `${name.padEnd(28)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   cpu ${r.cpuMsPerRequest.toFixed(2)} + db ${r.dbCpuMsPerRequest.toFixed(2)} ms/req\n`;
}
