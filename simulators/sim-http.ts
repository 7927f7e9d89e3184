import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody } from '../src/http/http-utils.js';

/**
 * What a simulator decided to answer. Handlers return it instead of writing to the socket, so one
 * place sends every answer: replays can hand back the stored one, and the request log sees them all.
 */
export interface SimReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A refusal with an HTTP status and a stable code; each system renders it in its own error shape. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Bodies beyond this are refused with 413: no real push is anywhere near it, a runaway client is. */
export const MAX_BODY_BYTES = 1_048_576;

export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, limit);
  } catch (error) {
    if (error instanceof HttpError) throw new SimHttpError(error.status, error.code, error.message);
    throw error;
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') throw new SimHttpError(400, 'INVALID_JSON', 'the request body is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SimHttpError(400, 'INVALID_JSON', 'the request body is not valid JSON');
  }
}

export { sendJson } from '../src/http/http-utils.js';

/**
 * The "malformed" fault: a 200 that claims to be JSON but is cut off mid-object, the way a proxy
 * that drops the connection or a remote that crashes while writing answers. Never parseable.
 */
export const MALFORMED_BODY = '{"error_code":"0","message":"OK","data":{"id":';

export function sendMalformed(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(MALFORMED_BODY) });
  res.end(MALFORMED_BODY);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required, non-blank string field of a push body, or null when missing. */
export function textField(body: Record<string, unknown>, name: string): string | null {
  const value = body[name];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** An ISO 8601 timestamp that names its offset (Z or ±hh:mm), as every remote expects. */
export function isIsoInstant(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text));
}
