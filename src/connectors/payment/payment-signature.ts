import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the platform's signature of a notification's body. */
export const SIGNATURE_HEADER = 'x-payment-signature';

/** `sha256=<hex of HMAC-SHA256(secret, raw body)>`: what the platform sends and what we check. */
export function signPaymentBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Checks a signature over the exact bytes received (never a re-serialized body, which would differ
 * in spacing or key order), in constant time so that a forger learns nothing from timings.
 */
export function isValidPaymentSignature(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signPaymentBody(secret, body));
  const given = Buffer.from(signature.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
