import type { ServiceIndexRow } from '../service-index/service-index.service.js';

/** One row of Query.digitizationStatistics (formulas: docs/digitization.md). */
export interface DigitizationRow {
  key: string;
  name: string | null;
  received: number;
  receivedDigitized: number;
  /** receivedDigitized / received; null when nothing was received. */
  digitizationRate: number | null;
  documentsDigitized: number;
  documentsReused: number;
  /** documentsReused / (documentsDigitized + documentsReused); null without documents. */
  reuseRate: number | null;
  resolved: number;
  resolvedWithElectronicResult: number;
  /** resolvedWithElectronicResult / resolved; null when nothing was resolved. */
  electronicResultRate: number | null;
}

/**
 * The digitization figures of a service index row: they are counters of the service index
 * (service-index-store.ts), kept in the transaction that digitizes a document, reuses one or issues
 * an electronic result, so the rates are read from aggregates like every other figure, never by
 * scanning dossiers; received and resolved are the statistics' own.
 */
export function digitizationRowOf(row: ServiceIndexRow): DigitizationRow {
  const { key, name, received, receivedDigitized, digitizationRate, documentsDigitized, documentsReused, reuseRate, resolved,
    resolvedWithElectronicResult, electronicResultRate } = row;
  return { key, name, received, receivedDigitized, digitizationRate, documentsDigitized, documentsReused, reuseRate, resolved,
    resolvedWithElectronicResult, electronicResultRate };
}
