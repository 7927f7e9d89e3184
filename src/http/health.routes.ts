import type { Route } from './http-server.js';
import { sendJson } from './http-utils.js';

/** Liveness (the process answers) and readiness (database and job queue reachable). */
export function healthRoutes(checks: Record<string, () => Promise<boolean>>): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/healthz$/,
      handle: async (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      method: 'GET',
      path: /^\/readyz$/,
      handle: async (_req, res) => {
        const results = Object.fromEntries(
          await Promise.all(
            Object.entries(checks).map(async ([name, check]) => [name, await check().catch(() => false)] as const),
          ),
        );
        const ready = Object.values(results).every(Boolean);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: results });
      },
    },
  ];
}
