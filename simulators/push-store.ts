import type { SimReply } from './sim-http.js';

/**
 * What a simulated remote holds of the pushes it received, keyed by Idempotency-Key (and by dossier
 * code for the systems that dedupe on it): a delivery of a known key is counted, not recorded again,
 * which is what lets a test prove "exactly once". Dropped pushes are remembered apart, so a test can
 * compare them with what reconciliation finds missing. Every operation on a push is O(1).
 */
export interface ReceivedPush {
  idempotencyKey: string | null;
  body: unknown;
  /** When the push was first recorded (ISO 8601). */
  at: string;
  /** How many times it was delivered (every key that maps to it included). */
  count: number;
  /** Other keys that delivered the same dossier (systems that dedupe on the dossier code); absent when none. */
  otherIdempotencyKeys?: string[];
}

export interface DroppedPush {
  idempotencyKey: string | null;
  /** The dossier code the push was about, when the system has one. */
  code: string | null;
  /** The status it reported (EMC's Status), when the system has one. */
  status: string | number | null;
  at: string;
  body: unknown;
}

export interface StoredPush {
  readonly idempotencyKey: string | null;
  readonly code: string | null;
  readonly body: unknown;
  readonly at: number;
  /** The answer given when it was recorded, which a replay repeats. */
  readonly reply: SimReply;
  count: number;
  otherKeys: string[] | null;
}

export class PushStore {
  private readonly pushes: StoredPush[] = [];
  private readonly byKey = new Map<string, StoredPush>();
  private readonly byCode = new Map<string, StoredPush>();
  private readonly droppedPushes: Array<Omit<DroppedPush, 'at'> & { at: number }> = [];

  /** The push this delivery repeats: same key, or (when `code` is given) same dossier code. */
  find(key: string | null, code: string | null): StoredPush | undefined {
    return (key !== null ? this.byKey.get(key) : undefined) ?? (code !== null ? this.byCode.get(code) : undefined);
  }

  record(key: string | null, code: string | null, body: unknown, reply: SimReply, at: number): StoredPush {
    const push: StoredPush = { idempotencyKey: key, code, body, at, reply, count: 1, otherKeys: null };
    this.pushes.push(push);
    if (key !== null) this.byKey.set(key, push);
    if (code !== null) this.byCode.set(code, push);
    return push;
  }

  /** A repeated delivery: counted; a new key for the same dossier is remembered so it dedupes too. */
  redeliver(push: StoredPush, key: string | null): void {
    push.count++;
    if (key !== null && key !== push.idempotencyKey && !this.byKey.has(key)) {
      this.byKey.set(key, push);
      (push.otherKeys ??= []).push(key);
    }
  }

  drop(push: Omit<DroppedPush, 'at'>, at: number): void {
    this.droppedPushes.push({ ...push, at });
  }

  received(): ReceivedPush[] {
    return this.pushes.map((p) => ({
      idempotencyKey: p.idempotencyKey,
      body: p.body,
      at: new Date(p.at).toISOString(),
      count: p.count,
      ...(p.otherKeys ? { otherIdempotencyKeys: [...p.otherKeys] } : {}),
    }));
  }

  dropped(): DroppedPush[] {
    return this.droppedPushes.map((d) => ({ ...d, at: new Date(d.at).toISOString() }));
  }

  clear(): void {
    this.pushes.length = 0;
    this.byKey.clear();
    this.byCode.clear();
    this.droppedPushes.length = 0;
  }
}
