import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Personal data never reaches a log line (Law 91/2025/QH15): keys that can hold it are removed,
 * and every string is scrubbed of digit runs shaped like citizen ids or phone numbers, as a second
 * line of defence for text that comes from elsewhere (error messages, URLs).
 */
const PERSONAL_KEY_RE = /citizen|applicant|phone|fullname|full_name|^name$|formdata|form_data|authorization|password|secret|token|comment|reply/i;
const DIGIT_RUN_RE = /(?<!\d)(?:\+?84)?\d{9,12}(?!\d)/g;

export function scrubText(text: string): string {
  return text.replace(DIGIT_RUN_RE, (run) => '*'.repeat(Math.max(0, run.length - 4)) + run.slice(-4));
}

export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return scrubError(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = PERSONAL_KEY_RE.test(key) ? '[redacted]' : scrubValue(v, depth + 1);
  }
  return out;
}

/**
 * Errors are logged by kind, never with their raw text when they come from the database driver:
 * those messages quote the SQL and its parameters (which can be a citizen id or a name).
 */
export function scrubError(error: Error): Record<string, unknown> | string {
  // `err`/`error` may carry a plain message (e.g. a delivery's last error): scrubbed like any text.
  if (typeof error !== 'object' || error === null) return scrubText(String(error));
  const e = error as Error & { code?: unknown; constraint?: unknown; table?: unknown; sqlState?: unknown };
  const fromDatabase = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
  const fromOrm = /Exception$/.test(error.name) || 'sql' in e || 'query' in e;
  return {
    type: error.name,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    message: fromDatabase || fromOrm ? '[database error text withheld]' : scrubText(String(e.message ?? '')),
    stack: fromDatabase || fromOrm ? undefined : error.stack?.split('\n').slice(1, 8).map(scrubText).join('\n'),
  };
}

export function createLogger(options: { level: string; pretty?: boolean; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'motcua' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
      serializers: { err: (e: Error) => scrubError(e), error: (e: Error) => scrubError(e) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      ...(options.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
    },
    options.destination as pino.DestinationStream | undefined,
  );
}
