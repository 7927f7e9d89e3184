import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { http } from './sim-http-client.js';

/** `npm run simulators` runs simulators/main.ts: prints the URLs and env lines, stops on SIGTERM. */
function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'simulators/main.ts'], {
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  /** Resolves with stdout once it holds `text`. */
  const printed = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => stdout.includes(text) && resolve(stdout);
      child.stdout.on('data', check);
      void exited.then(() => reject(new Error(`exited before printing "${text}": ${stderr}`)));
      check();
    });
  return { child, exited, printed, output: () => ({ stdout, stderr }) };
}

test('prints each system URL and the CONNECTOR_*_URL lines, serves them, and exits 0 on SIGTERM', async () => {
  const run = runMain({ SIMULATORS_PORT: '0', SIM_EMC_FAILURE_RATE: '1' });
  const stdout = await run.printed('CONNECTOR_AGENCY_SYSTEM_URL=');
  const emcUrl = /^CONNECTOR_EMC_URL=(http:\/\/127\.0\.0\.1:\d+\/emc)$/m.exec(stdout)?.[1];
  expect(emcUrl).toBeDefined();
  for (const key of ['CIVIL_STATUS', 'VNEID', 'BUSINESS_REGISTRATION', 'NOTIFY', 'AGENCY_SYSTEM']) expect(stdout).toMatch(new RegExp(`^CONNECTOR_${key}_URL=http`, 'm'));
  // SIM_* variables are read at start.
  expect((await http(`${emcUrl}/_sim/settings`)).json.failureRate).toBe(1);

  run.child.kill('SIGTERM');
  const [code] = await run.exited;
  expect(code).toBe(0);
});

test('exits 2 with a message naming the variable when a setting is invalid', async () => {
  const run = runMain({ SIMULATORS_PORT: '0', SIM_CIVIL_STATUS_DECIDE_AFTER_MS: 'soon' });
  const [code] = await run.exited;
  expect(code).toBe(2);
  expect(run.output().stderr).toContain('SIM_CIVIL_STATUS_DECIDE_AFTER_MS');
});
