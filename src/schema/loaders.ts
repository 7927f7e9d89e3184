import DataLoader from 'dataloader';
import type { SyncRecordRow } from '../connectors/connector.service.js';
import type { ReconciliationRowData } from '../connectors/reconciliation/reconciliation-diff.js';
import type { ReconciliationReportRow } from '../connectors/reconciliation/reconciliation-store.js';
import type { Actor } from '../domain/access/actor.js';
import type { DigitizedDocumentRow, ElectronicResultRow } from '../domain/digitization/digitization-store.js';
import type { DossierEventRow, DossierRow } from '../domain/dossier/dossier-reader.js';
import type { PaymentRequestRow } from '../domain/payment/payment-store.js';
import type { Field } from '../domain/procedure/field.entity.js';
import type { RatingRow } from '../domain/satisfaction/satisfaction-store.js';
import type { RatingLinkView } from '../domain/satisfaction/satisfaction.service.js';
import type { Procedure } from '../domain/procedure/procedure.entity.js';
import type { AdministrativeUnit } from '../domain/unit/administrative-unit.entity.js';
import type { Services } from '../services.js';

/**
 * Per-request batching: a page of dossiers with their procedures, units and histories costs one
 * query per kind, however long the page. Loaders that check access are made for the request's actor.
 */
export interface Loaders {
  procedure: DataLoader<number, Procedure | null>;
  unit: DataLoader<number, AdministrativeUnit | null>;
  field: DataLoader<string, Field | null>;
  history: DataLoader<number, DossierEventRow[]>;
  formData: DataLoader<number, Record<string, unknown> | null>;
  /** Reconciliation reports by id, those in the actor's scope (others load as null). */
  reconciliationReport: DataLoader<number, ReconciliationReportRow | null>;
  /** The rows of reports already read, with a difference... */
  reconciliationRows: DataLoader<number, ReconciliationRowData[]>;
  /** ... and every row, matched ones too. */
  reconciliationAllRows: DataLoader<number, ReconciliationRowData[]>;
  /** Dossiers linked from other records (SyncRecord.dossier): null when absent or not readable by the actor; reads audited. */
  dossier: DataLoader<number, DossierRow | null>;
  /** Sync records of dossiers (Dossier.syncRecords), oldest first. */
  syncRecords: DataLoader<number, SyncRecordRow[]>;
  /** The latest payment request of dossiers (Dossier.paymentRequest). */
  paymentRequest: DataLoader<number, PaymentRequestRow | null>;
  /** The applicant's rating of dossiers (Dossier.rating). */
  rating: DataLoader<number, RatingRow | null>;
  /** The one-time rating link of dossiers (Dossier.ratingLink). */
  ratingLink: DataLoader<number, RatingLinkView | null>;
  /** Digitized documents of dossiers (Dossier.digitizedDocuments), oldest first. */
  digitizedDocuments: DataLoader<number, DigitizedDocumentRow[]>;
  /** The electronic result of dossiers (Dossier.electronicResult). */
  electronicResult: DataLoader<number, ElectronicResultRow | null>;
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

export function createLoaders(services: Services, actor: Actor | null): Loaders {
  const reconciliationRows = (includeMatched: boolean) => new DataLoader<number, ReconciliationRowData[]>(async (ids) => {
    const byReport = await services.reconciliation.rows(ids, includeMatched);
    return ids.map((id) => byReport.get(id) ?? []);
  });
  return {
    procedure: new DataLoader(async (ids) => byKey(ids, await services.procedures.byIds(ids), (p) => p.id)),
    unit: new DataLoader(async (ids) => byKey(ids, await services.units.byIds(ids), (u) => u.id)),
    field: new DataLoader(async (codes) => byKey(codes, await services.procedures.fieldsByCodes(codes), (f) => f.code)),
    history: new DataLoader(async (ids) => {
      const histories = await services.dossierReader.histories(ids);
      return ids.map((id) => histories.get(id) ?? []);
    }),
    formData: new DataLoader(async (ids) => {
      const forms = await services.dossierReader.formData(ids);
      return ids.map((id) => forms.get(id) ?? null);
    }),
    reconciliationReport: new DataLoader(async (ids) => {
      const reports = await services.reconciliation.reportsByIds(actor, ids);
      return ids.map((id) => reports.get(id) ?? null);
    }),
    reconciliationRows: reconciliationRows(false),
    reconciliationAllRows: reconciliationRows(true),
    dossier: new DataLoader(async (ids) => byKey(ids, await services.dossiers.readableByIds(actor, ids, 'dossier'), (d) => d.id)),
    syncRecords: new DataLoader(async (ids) => {
      const byDossier = await services.connectors.recordsOfDossiers(ids);
      return ids.map((id) => byDossier.get(id) ?? []);
    }),
    paymentRequest: new DataLoader(async (ids) => {
      const latest = await services.payments.latestOf(ids);
      return ids.map((id) => latest.get(id) ?? null);
    }),
    rating: new DataLoader(async (ids) => {
      const ratings = await services.satisfaction.ratingsOf(ids);
      return ids.map((id) => ratings.get(id) ?? null);
    }),
    ratingLink: new DataLoader(async (ids) => {
      const links = await services.satisfaction.linksOf(ids);
      return ids.map((id) => links.get(id) ?? null);
    }),
    digitizedDocuments: new DataLoader(async (ids) => {
      const documents = await services.digitization.documentsOf(ids);
      return ids.map((id) => documents.get(id) ?? []);
    }),
    electronicResult: new DataLoader(async (ids) => {
      const results = await services.digitization.resultsOf(ids);
      return ids.map((id) => results.get(id) ?? null);
    }),
  };
}
