import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts the test run's PostgreSQL (test-database-process.ts) and publishes the template
 * database's URL to the test workers through the environment. It runs in a process of its own
 * because Jest's global setup cannot load the ESM sources the way test files do.
 */
export default async function globalSetup(): Promise<void> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'tests/support/test-database-process.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the test database process exited with ${code}`)));
  });
  process.env.MOTCUA_TEST_TEMPLATE_URL = (JSON.parse(line) as { templateUrl: string }).templateUrl;
  (globalThis as { __motcuaTestDatabase?: ChildProcess }).__motcuaTestDatabase = child;
}
