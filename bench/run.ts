import '../src/node-version-guard.js';
import 'reflect-metadata';

/**
 * `npm run bench [-- <name>]`: runs one benchmark (default: api). Each prints its figures next to a
 * baseline measured in the same run, as a ratio, so that results compare across machines.
 */
type Benchmark = () => Promise<void>;

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  api: async () => (await import('./api.bench.js')).run,
  intake: async () => (await import('./intake.bench.js')).run,
  reconcile: async () => (await import('./reconcile.bench.js')).run,
  sync: async () => (await import('./sync.bench.js')).run,
  forms: async () => (await import('./forms.bench.js')).run,
  statistics: async () => (await import('./statistics.bench.js')).run,
  catalog: async () => (await import('./catalog.bench.js')).run,
};

const name = process.argv[2] ?? 'api';
const load = BENCHMARKS[name];
if (!load) {
  process.stderr.write(`unknown benchmark "${name}"; available: ${Object.keys(BENCHMARKS).join(', ')}\n`);
  process.exit(2);
}
await (await load())();
process.exit(0);
