import { spawn } from 'node:child_process';
import { freePort } from '../../src/net/free-port.js';

/**
 * The simulators in a process of their own (`dist/simulators/main.js`), so that a benchmark's
 * server process does not also serve the remote systems' side of every delivery: in production
 * those run elsewhere, and their CPU here would be counted against the workers.
 */
export async function startSimulatorProcess(): Promise<{ urls: Record<string, string>; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [new URL('../../simulators/main.js', import.meta.url).pathname], {
    env: { ...process.env, SIMULATORS_PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { systems: Record<string, string> };
      return {
        urls: answer.systems,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    } catch (error) {
      if (attempt > 100 || child.exitCode !== null) {
        child.kill('SIGTERM');
        throw new Error(`the simulators did not start: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
