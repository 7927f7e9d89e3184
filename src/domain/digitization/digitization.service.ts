import type { MikroORM } from '@mikro-orm/postgresql';
import { coversUnit, currentHolderOf, requireCapability, requireKnownDossier } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { accessRefOf } from '../dossier/dossier-query.service.js';
import type { DossierReader, DossierRow } from '../dossier/dossier-reader.js';
import { DomainError } from '../errors.js';
import type { ProcedureService } from '../procedure/procedure.service.js';
import type { StatisticsGrouping } from '../statistics/statistics-grouping.js';
import type { StatisticsQuery } from '../statistics/statistics-scope.js';
import type { Clock } from '../time/clock.js';
import { localDateOf } from '../time/local-time.js';
import { FINAL_STATUSES } from '../vocabulary/dossier-enums.js';
import { citizenKeyOf } from './citizen-key.js';
import { cleanFileName, decodeDocument, MAX_DOCUMENT_NAME_LENGTH } from './document-content.js';
import { isSha256Hex } from './document-store.js';
import type { DigitizationSettings } from './digitization-settings.js';
import { digitizationRowOf, type DigitizationRow } from './digitization-statistics.js';
import type { ServiceIndexService } from '../service-index/service-index.service.js';
import { digitizationStore, type DigitizedDocumentRow, type ElectronicResultRow, type LockedDossier, type ResultVerificationRow } from './digitization-store.js';

export interface DigitizeInput {
  dossierId: number;
  documentName: string;
  fileName: string;
  mediaType: string;
  contentBase64: string;
}

export interface ReuseInput {
  dossierId: number;
  documentId: number;
  /** The document's name in this dossier's procedure; the reused document's own name when absent. */
  documentName?: string | null;
}

/** The same request as Query.statistics. */
export type DigitizationStatisticsQuery = StatisticsQuery;

export interface DigitizationReport {
  unit: { code: string; name: string };
  groupBy: StatisticsGrouping;
  rows: DigitizationRow[];
}

/**
 * Decision 766's digitization indicators: documents received are digitized (the file in the
 * content-addressed store, its SHA-256, who scanned it and when) or reused from another dossier of
 * the same citizen (a new row, the same file); the result is issued as an electronic document at
 * RESOLVE (ElectronicResultListener); the rates of both per unit, field, procedure and period.
 * Staff of the dossier's unit (or of the unit holding it now) digitize; every refusal comes before
 * anything is written, and nothing about the citizen or the file's content reaches a log line.
 */
export class DigitizationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly procedures: ProcedureService,
    private readonly reader: DossierReader,
    private readonly clock: Clock,
    private readonly settings: DigitizationSettings,
    private readonly serviceIndex: ServiceIndexService,
  ) {}

  async digitize(actor: Actor | null, input: DigitizeInput): Promise<DigitizedDocumentRow> {
    const who = requireCapability(actor, 'actOnDossiers');
    const fileName = cleanFileName(input.fileName);
    const bytes = decodeDocument(input.contentBase64, input.mediaType);
    const row = await this.dossierToDigitize(who, input.dossierId);
    const documentName = await this.documentNameFor(row, input.documentName);
    return this.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      const dossier = await this.lockOpen(db, row.id);
      const sha256 = await this.settings.store.put(bytes);
      const now = this.clock.now();
      const inserted = await digitizationStore.insertDocument(db, {
        dossierId: dossier.id, unitCode: dossier.unitCode, unitParentCode: dossier.unitParentCode, documentName, fileName,
        mediaType: input.mediaType.trim().toLowerCase(), sizeBytes: bytes.length, sha256, scannedBy: who.sub, scannedAt: now,
        scannedDate: localDateOf(now), citizenKey: this.keyOf(dossier.applicantCitizenId), reusedFromId: null,
      });
      if (!inserted) throw new DomainError('DOCUMENT_ALREADY_ATTACHED', ['input', 'contentBase64']);
      return inserted;
    });
  }

  /**
   * Attaches a document digitized for another dossier of the same citizen: a row pointing at the
   * original (reused_from_id), the same SHA-256, no new file. A document of someone else, or one
   * that does not exist, is refused alike (DOCUMENT_NOT_REUSABLE): the answer does not tell which.
   */
  async reuse(actor: Actor | null, input: ReuseInput): Promise<DigitizedDocumentRow> {
    const who = requireCapability(actor, 'actOnDossiers');
    const row = await this.dossierToDigitize(who, input.dossierId);
    const db0 = this.orm.em.fork().getKysely();
    const source = await digitizationStore.documentWithKey(db0, input.documentId);
    if (!source || source.citizenKey !== this.keyOf(row.applicantCitizenId) || source.dossierId === row.id) {
      throw new DomainError('DOCUMENT_NOT_REUSABLE', ['input', 'documentId']);
    }
    const documentName = await this.documentNameFor(row, input.documentName?.trim() ? input.documentName : source.documentName);
    return this.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      const dossier = await this.lockOpen(db, row.id);
      const now = this.clock.now();
      const inserted = await digitizationStore.insertDocument(db, {
        dossierId: dossier.id, unitCode: dossier.unitCode, unitParentCode: dossier.unitParentCode, documentName,
        fileName: source.fileName, mediaType: source.mediaType, sizeBytes: source.sizeBytes, sha256: source.sha256, scannedBy: who.sub,
        scannedAt: now, scannedDate: localDateOf(now), citizenKey: source.citizenKey, reusedFromId: source.reusedFromId ?? source.id,
      });
      if (!inserted) throw new DomainError('DOCUMENT_ALREADY_ATTACHED', ['input', 'documentId']);
      return inserted;
    });
  }

  documentsOf(dossierIds: readonly number[]): Promise<Map<number, DigitizedDocumentRow[]>> {
    return digitizationStore.documentsOf(this.orm.em.fork().getKysely(), dossierIds);
  }

  /** The citizen's documents digitized for their other dossiers (any unit), newest first: what may be reused here. */
  reusableFor(dossier: DossierRow): Promise<DigitizedDocumentRow[]> {
    return digitizationStore.reusable(this.orm.em.fork().getKysely(), this.keyOf(dossier.applicantCitizenId), dossier.id);
  }

  resultsOf(dossierIds: readonly number[]): Promise<Map<number, ElectronicResultRow>> {
    return digitizationStore.resultsOf(this.orm.em.fork().getKysely(), dossierIds);
  }

  /** The bytes of a document of a dossier the caller was allowed to read in clear (the route checks). */
  async documentFile(dossier: DossierRow, documentId: number): Promise<{ document: DigitizedDocumentRow; bytes: Buffer }> {
    const document = await digitizationStore.documentOfDossier(this.orm.em.fork().getKysely(), dossier.id, documentId);
    if (!document) throw new DomainError('NOT_FOUND', ['documentId'], { code: String(documentId) });
    return { document, bytes: await this.bytesOf(document.sha256) };
  }

  /** The electronic result's bytes, as issued (the route checks who may read the dossier). */
  async resultFile(dossier: DossierRow): Promise<{ result: ElectronicResultRow; bytes: Buffer }> {
    const result = (await this.resultsOf([dossier.id])).get(dossier.id);
    if (!result) throw new DomainError('NO_ELECTRONIC_RESULT');
    return { result, bytes: await this.bytesOf(result.fileKey) };
  }

  /** Public: was a result with this SHA-256 issued? What is told has no personal data. */
  async verify(sha256: string): Promise<ResultVerificationRow> {
    const key = sha256.trim().toLowerCase();
    if (!isSha256Hex(key)) throw new DomainError('BAD_USER_INPUT', ['sha256'], { reason: 'INVALID_SHA256' });
    const found = await digitizationStore.verification(this.orm.em.fork().getKysely(), key);
    if (!found) throw new DomainError('RESULT_NOT_ISSUED', ['sha256']);
    return found;
  }

  /** Query.digitizationStatistics: the digitization figures of Query.serviceIndex (same scopes, periods and groupings). */
  async statistics(actor: Actor | null, query: DigitizationStatisticsQuery): Promise<DigitizationReport> {
    const report = await this.serviceIndex.report(actor, query);
    return { unit: report.unit, groupBy: report.groupBy, rows: report.rows.map(digitizationRowOf) };
  }

  private keyOf(citizenId: string): string {
    return citizenKeyOf(this.settings.citizenKeySecret, citizenId);
  }

  private async bytesOf(sha256: string): Promise<Buffer> {
    const bytes = await this.settings.store.get(sha256);
    // A row without its file is a lost file (a restored database without the documents folder).
    if (!bytes) throw new DomainError('DOCUMENT_FILE_MISSING');
    return bytes;
  }

  /**
   * The dossier, when the actor is staff of its receiving unit or of the unit holding it now: one
   * they may not read answers NOT_FOUND (as every dossier look-up), one they only read FORBIDDEN.
   */
  private async dossierToDigitize(who: Actor, dossierId: number): Promise<DossierRow> {
    const notFound = new DomainError('NOT_FOUND', ['input', 'dossierId'], { code: String(dossierId) });
    const [row] = await this.reader.byIds([dossierId]);
    if (!row) throw notFound;
    const ref = accessRefOf(row);
    requireKnownDossier(who, ref, notFound);
    if (!coversUnit(who, ref.unit) && !coversUnit(who, currentHolderOf(ref))) throw new DomainError('FORBIDDEN', ['input', 'dossierId']);
    return row;
  }

  /** The dossier under a row lock, refused when it is final (nothing is added to a closed dossier). */
  private async lockOpen(db: Parameters<typeof digitizationStore.lockDossier>[0], id: number): Promise<LockedDossier> {
    const dossier = await digitizationStore.lockDossier(db, id);
    if (!dossier) throw new DomainError('NOT_FOUND', ['input', 'dossierId'], { code: String(id) });
    if (FINAL_STATUSES.has(dossier.status)) throw new DomainError('DOSSIER_FINAL', ['input', 'dossierId'], { status: dossier.status });
    return dossier;
  }

  /** One of the procedure's required documents (thành phần hồ sơ); any name when the procedure lists none. */
  private async documentNameFor(dossier: DossierRow, name: string): Promise<string> {
    const documentName = name.trim();
    if (documentName === '' || documentName.length > MAX_DOCUMENT_NAME_LENGTH) {
      throw new DomainError('DOCUMENT_NAME_INVALID', ['input', 'documentName'], { max: MAX_DOCUMENT_NAME_LENGTH });
    }
    const [procedure] = await this.procedures.byIds([dossier.procedureId]);
    const required = procedure?.requiredDocuments ?? [];
    if (required.length > 0 && !required.some((d) => d.name === documentName)) {
      throw new DomainError('DOCUMENT_NOT_IN_PROCEDURE', ['input', 'documentName'], { procedure: procedure!.code });
    }
    return documentName;
  }
}
