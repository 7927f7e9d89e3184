import { sql, type Kysely } from 'kysely';
import { countPaidRequest } from '../service-index/service-index-store.js';
import type { LocalDate } from '../time/local-time.js';

export type PaymentStatus = 'PENDING' | 'PAID' | 'CANCELLED';
export type PaymentMethod = 'ONLINE' | 'CASH';

/** A payment request as the API and the slip show it. */
export interface PaymentRequestRow {
  id: number;
  dossierId: number;
  seq: number;
  unitCode: string;
  amount: number;
  currency: string;
  reference: string;
  status: PaymentStatus;
  method: PaymentMethod | null;
  qrPayload: string | null;
  createdAt: Date;
  paidAt: Date | null;
  paidDate: LocalDate | null;
  transactionId: string | null;
}

/** Payments of a scope and period, by method (Decision 766: the share of fees paid online). */
export interface PaymentSummaryRow {
  paidOnline: number;
  amountOnline: number;
  paidCash: number;
  amountCash: number;
  /** Requests made in the period and not paid yet. */
  pending: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

interface RawPayment {
  id: string;
  dossier_id: string;
  seq: number;
  unit_code: string;
  amount: string;
  currency: string;
  reference: string;
  status: PaymentStatus;
  method: PaymentMethod | null;
  qr_payload: string | null;
  created_at: Date | string;
  paid_at: Date | string | null;
  paid_date: string | null;
  transaction_id: string | null;
}

const COLUMNS = sql`id, dossier_id, seq, unit_code, amount, currency, reference, status, method, qr_payload, created_at, paid_at,
  to_char(paid_date, 'YYYY-MM-DD') as paid_date, transaction_id`;

function rowOf(r: RawPayment): PaymentRequestRow {
  return {
    id: Number(r.id),
    dossierId: Number(r.dossier_id),
    seq: r.seq,
    unitCode: r.unit_code,
    amount: Number(r.amount),
    currency: r.currency.trim(),
    reference: r.reference,
    status: r.status,
    method: r.method,
    qrPayload: r.qr_payload,
    // The driver may hand timestamps over as text.
    createdAt: new Date(r.created_at),
    paidAt: r.paid_at === null ? null : new Date(r.paid_at),
    paidDate: r.paid_date,
    transactionId: r.transaction_id,
  };
}

/** SQL of the payment_request table (Migration20261204600000Payments); every write runs in the caller's transaction. */
export const paymentStore = {
  /** `seq` from nextSeqOf: the same number the reference was made from. */
  async insert(db: Db, p: Omit<PaymentRequestRow, 'id' | 'status' | 'method' | 'paidAt' | 'paidDate' | 'transactionId'> & { unitParentCode: string | null }): Promise<void> {
    await sql`insert into payment_request (dossier_id, seq, unit_code, unit_parent_code, amount, currency, reference, status, qr_payload, created_at)
      values (${p.dossierId}, ${p.seq}, ${p.unitCode}, ${p.unitParentCode}, ${p.amount}, ${p.currency}, ${p.reference}, 'PENDING', ${p.qrPayload}, ${p.createdAt})`.execute(db);
  },

  /** The number of the dossier's next payment request (its reference carries it). */
  async nextSeqOf(db: Db, dossierId: number): Promise<number> {
    const { rows } = await sql<{ n: number }>`select coalesce(max(seq), 0)::int + 1 as n from payment_request where dossier_id = ${dossierId}`.execute(db);
    return rows[0]?.n ?? 1;
  },

  /** The dossier's pending request, locked until the transaction ends. */
  async pendingOf(db: Db, dossierId: number): Promise<PaymentRequestRow | null> {
    const { rows } = await sql<RawPayment>`select ${COLUMNS} from payment_request
      where dossier_id = ${dossierId} and status = 'PENDING' order by seq desc limit 1 for update`.execute(db);
    return rows[0] ? rowOf(rows[0]) : null;
  },

  async byReference(db: Db, reference: string, lock = false): Promise<PaymentRequestRow | null> {
    const { rows } = await sql<RawPayment>`select ${COLUMNS} from payment_request where reference = ${reference}
      ${lock ? sql`for update` : sql``}`.execute(db);
    return rows[0] ? rowOf(rows[0]) : null;
  },

  async byTransaction(db: Db, transactionId: string): Promise<PaymentRequestRow | null> {
    const { rows } = await sql<RawPayment>`select ${COLUMNS} from payment_request where transaction_id = ${transactionId}`.execute(db);
    return rows[0] ? rowOf(rows[0]) : null;
  },

  /** The latest request of each dossier (Dossier.paymentRequest, batched). */
  async latestOf(db: Db, dossierIds: readonly number[]): Promise<Map<number, PaymentRequestRow>> {
    const { rows } = await sql<RawPayment>`select distinct on (dossier_id) ${COLUMNS} from payment_request
      where dossier_id = any(${[...dossierIds]}::bigint[]) order by dossier_id, seq desc`.execute(db);
    return new Map(rows.map((r) => [Number(r.dossier_id), rowOf(r)]));
  },

  async markPaid(db: Db, id: number, paid: { method: PaymentMethod; at: Date; date: LocalDate; transactionId: string | null; by: string }): Promise<void> {
    await sql`update payment_request set status = 'PAID', method = ${paid.method}, paid_at = ${paid.at}, paid_date = ${paid.date}::date,
      transaction_id = ${paid.transactionId}, confirmed_by = ${paid.by} where id = ${id}`.execute(db);
    // Counted in the service index (payments online and in cash) in the same transaction.
    await countPaidRequest(db, id);
  },

  async cancelPending(db: Db, dossierId: number): Promise<void> {
    await sql`update payment_request set status = 'CANCELLED' where dossier_id = ${dossierId} and status = 'PENDING'`.execute(db);
  },

  /** Paid requests by local day of payment, in a scope (a unit, or a province with its communes). */
  async paidBetween(db: Db, unitCodes: readonly string[], from: LocalDate, to: LocalDate): Promise<PaymentRequestRow[]> {
    const { rows } = await sql<RawPayment>`select ${COLUMNS} from payment_request
      where status = 'PAID' and paid_date between ${from}::date and ${to}::date and unit_code = any(${[...unitCodes]}::text[])
      order by paid_date, unit_code, reference`.execute(db);
    return rows.map(rowOf);
  },

  /** Requests paid in a period by method, and those still pending that were made in it, in a scope. */
  async summary(db: Db, unitCodes: readonly string[], from: LocalDate, to: LocalDate): Promise<PaymentSummaryRow> {
    const { rows } = await sql<PaymentSummaryRow>`select
        count(*) filter (where status = 'PAID' and method = 'ONLINE' and paid_date between ${from}::date and ${to}::date)::int as "paidOnline",
        coalesce(sum(amount) filter (where status = 'PAID' and method = 'ONLINE' and paid_date between ${from}::date and ${to}::date), 0)::bigint as "amountOnline",
        count(*) filter (where status = 'PAID' and method = 'CASH' and paid_date between ${from}::date and ${to}::date)::int as "paidCash",
        coalesce(sum(amount) filter (where status = 'PAID' and method = 'CASH' and paid_date between ${from}::date and ${to}::date), 0)::bigint as "amountCash",
        count(*) filter (where status = 'PENDING' and (created_at at time zone 'Asia/Ho_Chi_Minh')::date between ${from}::date and ${to}::date)::int as "pending"
      from payment_request where unit_code = any(${[...unitCodes]}::text[])`.execute(db);
    const r = rows[0]!;
    return { paidOnline: r.paidOnline, amountOnline: Number(r.amountOnline), paidCash: r.paidCash, amountCash: Number(r.amountCash), pending: r.pending };
  },

  async byReferences(db: Db, references: readonly string[]): Promise<Map<string, PaymentRequestRow>> {
    if (references.length === 0) return new Map();
    const { rows } = await sql<RawPayment>`select ${COLUMNS} from payment_request where reference = any(${[...references]}::text[])`.execute(db);
    return new Map(rows.map((r) => [r.reference, rowOf(r)]));
  },
};
