import { createHash } from 'node:crypto';

/** What a payment reference starts with: "TT" (thanh toán), so that a person reading a statement sees what it is. */
const PREFIX = 'TT';
/** Banking apps keep about 25 characters of a transfer's purpose; references stay within them. */
const MAX_CODE_PART = 19;

/**
 * The payment code of a dossier's n-th payment request: letters and digits only (banks drop or
 * change punctuation in a transfer's purpose), the dossier code's own characters when they fit
 * (`21025-251124-0007`, request 1 -> `TT21025251124000701`), so that the code on a bank statement
 * leads a person to the dossier. A legacy code too long to fit keeps its start and a hash of the
 * whole code, which stays unique in practice (the column's unique constraint is the last word).
 */
export function paymentReferenceOf(dossierCode: string, seq: number): string {
  const compact = dossierCode.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  const codePart = compact.length <= MAX_CODE_PART
    ? compact
    : compact.slice(0, MAX_CODE_PART - 8) + createHash('sha256').update(dossierCode).digest('hex').slice(0, 8).toUpperCase();
  return `${PREFIX}${codePart}${String(seq).padStart(2, '0')}`;
}
