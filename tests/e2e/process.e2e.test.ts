import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../src/net/free-port.js';

/**
 * The server as operators run it: `serve` (API) and `worker` (jobs) as separate processes on the
 * embedded PostgreSQL default, the development token printed at start, and a graceful SIGTERM that
 * finishes in-flight requests and stops the embedded database cleanly.
 */
interface Started {
  child: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

function start(mode: 'serve' | 'worker', env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts', mode], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'development', LOG_LEVEL: 'info', SEED_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onLine = (line: string) => {
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitFor: (pattern) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`${mode} exited (${code}) before ${pattern}:\n${lines.join('\n')}`)));
      });
    },
  };
}

describe('processes: serve and worker on the embedded database, graceful shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-process-'));
  const started: Started[] = [];
  afterAll(() => {
    for (const s of started) s.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('serve and worker share the embedded cluster; SIGTERM drains an in-flight request and stops PostgreSQL', async () => {
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()), HOST: '127.0.0.1' };
    const api = start('serve', env);
    started.push(api);
    const ready = JSON.parse(await api.waitFor(/motcua is ready/)) as { url: string; mode: string };
    expect(ready.mode).toBe('serve');
    const url = ready.url.replace(/\/graphql$/, '');
    // Development without AUTH_JWT_SECRET: a SYSTEM_ADMIN token is printed (not logged).
    const token = (await api.waitFor(/^ey[\w-]+\.[\w-]+\.[\w-]+$/)).trim();
    const me = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ dossiers { totalCount } }' }),
    });
    expect(await me.json()).toEqual({ data: { dossiers: { totalCount: 0 } } });

    const worker = start('worker', env);
    started.push(worker);
    await worker.waitFor(/motcua workers are running/);
    expect(worker.lines.join('\n')).toMatch(/attaching to the embedded PostgreSQL/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    // A request whose body is still arriving when SIGTERM comes is answered in full.
    const body = JSON.stringify({ query: '{ units { totalCount } }' });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        api.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 100);
    });
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ data: { units: { totalCount: 0 } } });
    expect(await api.exited).toBe(0);
    expect(api.lines.join('\n')).toMatch(/embedded PostgreSQL stopped/);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    // Data survives a restart: the cluster is reused, not created again.
    const again = start('serve', env);
    started.push(again);
    await again.waitFor(/motcua is ready/);
    expect(again.lines.join('\n')).not.toMatch(/first start/);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  test('after a kill -9 the next start adopts the PostgreSQL left running, and its clean stop stops it', async () => {
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()), HOST: '127.0.0.1' };
    const killed = start('serve', env);
    started.push(killed);
    await killed.waitFor(/motcua is ready/);
    killed.child.kill('SIGKILL');
    await killed.exited;
    // The cluster outlived the process that started it.
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);

    const next = start('serve', env);
    started.push(next);
    await next.waitFor(/motcua is ready/);
    expect(next.lines.join('\n')).toMatch(/adopting the embedded PostgreSQL/);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(next.lines.join('\n')).toMatch(/embedded PostgreSQL stopped/);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});
