import { sql, type Kysely } from 'kysely';
import { countDigitizedDocument, countElectronicResult } from '../service-index/service-index-store.js';
import type { LocalDate } from '../time/local-time.js';
import type { DossierStatus } from '../vocabulary/dossier-enums.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export interface DigitizedDocumentRow {
  id: number;
  dossierId: number;
  unitCode: string;
  unitParentCode: string | null;
  documentName: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  scannedBy: string;
  scannedAt: Date;
  /** The document this one reuses (same bytes, another dossier of the same citizen); null for a scan. */
  reusedFromId: number | null;
}

export interface ElectronicResultRow {
  dossierId: number;
  unitCode: string;
  unitParentCode: string | null;
  sha256: string;
  sizeBytes: number;
  fileKey: string;
  issuedAt: Date;
  issuedDate: LocalDate;
  signature: string | null;
  signer: string | null;
}

/** What the public verification of a result shows: the dossier's code, unit and date, no person. */
export interface ResultVerificationRow {
  sha256: string;
  dossierCode: string;
  unitCode: string;
  unitName: string;
  procedureCode: string;
  procedureName: string;
  issuedAt: Date;
  issuedDate: LocalDate;
  signer: string | null;
  signed: boolean;
}

/** The dossier facts digitizing needs, read under a row lock (the status cannot change meanwhile). */
export interface LockedDossier {
  id: number;
  status: DossierStatus;
  applicantCitizenId: string;
  procedureId: number;
  unitCode: string;
  unitParentCode: string | null;
}

interface RawDocument {
  id: string; dossier_id: string; unit_code: string; unit_parent_code: string | null; document_name: string; file_name: string;
  media_type: string; size_bytes: number; sha256: string; scanned_by: string; scanned_at: Date | string; reused_from_id: string | null;
}
const documentOf = (r: RawDocument): DigitizedDocumentRow => ({
  id: Number(r.id), dossierId: Number(r.dossier_id), unitCode: r.unit_code, unitParentCode: r.unit_parent_code,
  documentName: r.document_name, fileName: r.file_name, mediaType: r.media_type, sizeBytes: r.size_bytes, sha256: r.sha256,
  scannedBy: r.scanned_by, scannedAt: new Date(r.scanned_at), reusedFromId: r.reused_from_id === null ? null : Number(r.reused_from_id),
});
const DOCUMENT_COLUMNS = sql`id, dossier_id, unit_code, unit_parent_code, document_name, file_name, media_type, size_bytes, sha256,
  scanned_by, scanned_at, reused_from_id`;

interface RawResult {
  dossier_id: string; unit_code: string; unit_parent_code: string | null; sha256: string; size_bytes: number; file_key: string;
  issued_at: Date | string; issued_date: string; signature: string | null; signer: string | null;
}
const resultOf = (r: RawResult): ElectronicResultRow => ({
  dossierId: Number(r.dossier_id), unitCode: r.unit_code, unitParentCode: r.unit_parent_code, sha256: r.sha256, sizeBytes: r.size_bytes,
  fileKey: r.file_key, issuedAt: new Date(r.issued_at), issuedDate: r.issued_date, signature: r.signature, signer: r.signer,
});
const RESULT_COLUMNS = sql`dossier_id, unit_code, unit_parent_code, sha256, size_bytes, file_key, issued_at,
  to_char(issued_date, 'YYYY-MM-DD') as issued_date, signature, signer`;

/** The most documents of other dossiers offered for reuse at once (newest first). */
export const MAX_REUSABLE = 100;

/** SQL of digitized_document and electronic_result (Migration20261206200000Digitization); writes run in the caller's transaction. */
export const digitizationStore = {
  async lockDossier(db: Db, dossierId: number): Promise<LockedDossier | null> {
    const { rows } = await sql<{ id: string; status: DossierStatus; applicant_citizen_id: string; procedure_id: string; unit_code: string; parent_code: string | null }>`
      select d.id, d.status, d.applicant_citizen_id, d.procedure_id, u.code as unit_code, p.code as parent_code
      from dossier d join administrative_unit u on u.id = d.unit_id left join administrative_unit p on p.id = u.parent_id
      where d.id = ${dossierId} for update of d`.execute(db);
    const r = rows[0];
    return r ? {
      id: Number(r.id), status: r.status, applicantCitizenId: r.applicant_citizen_id, procedureId: Number(r.procedure_id),
      unitCode: r.unit_code, unitParentCode: r.parent_code,
    } : null;
  },

  async insertDocument(db: Db, d: Omit<DigitizedDocumentRow, 'id'> & { scannedDate: LocalDate; citizenKey: string }): Promise<DigitizedDocumentRow | null> {
    const { rows } = await sql<RawDocument>`insert into digitized_document (dossier_id, unit_code, unit_parent_code, document_name, file_name,
        media_type, size_bytes, sha256, scanned_by, scanned_at, scanned_date, citizen_key, reused_from_id)
      values (${d.dossierId}, ${d.unitCode}, ${d.unitParentCode}, ${d.documentName}, ${d.fileName}, ${d.mediaType}, ${d.sizeBytes},
        ${d.sha256}, ${d.scannedBy}, ${d.scannedAt}, ${d.scannedDate}::date, ${d.citizenKey}, ${d.reusedFromId})
      on conflict (dossier_id, sha256) do nothing
      returning ${DOCUMENT_COLUMNS}`.execute(db);
    if (!rows[0]) return null;
    // Counted in the service index (digitization rates) in the same transaction.
    await countDigitizedDocument(db, Number(rows[0].id));
    return documentOf(rows[0]);
  },

  /** A document with the citizen it belongs to (the key), for a reuse. */
  async documentWithKey(db: Db, id: number): Promise<(DigitizedDocumentRow & { citizenKey: string }) | null> {
    const { rows } = await sql<RawDocument & { citizen_key: string }>`select ${DOCUMENT_COLUMNS}, citizen_key
      from digitized_document where id = ${id}`.execute(db);
    return rows[0] ? { ...documentOf(rows[0]), citizenKey: rows[0].citizen_key } : null;
  },

  async documentsOf(db: Db, dossierIds: readonly number[]): Promise<Map<number, DigitizedDocumentRow[]>> {
    const { rows } = await sql<RawDocument>`select ${DOCUMENT_COLUMNS} from digitized_document
      where dossier_id = any(${[...dossierIds]}::bigint[]) order by id`.execute(db);
    const byDossier = new Map<number, DigitizedDocumentRow[]>();
    for (const row of rows.map(documentOf)) {
      const list = byDossier.get(row.dossierId);
      if (list) list.push(row);
      else byDossier.set(row.dossierId, [row]);
    }
    return byDossier;
  },

  async documentOfDossier(db: Db, dossierId: number, id: number): Promise<DigitizedDocumentRow | null> {
    const { rows } = await sql<RawDocument>`select ${DOCUMENT_COLUMNS} from digitized_document
      where id = ${id} and dossier_id = ${dossierId}`.execute(db);
    return rows[0] ? documentOf(rows[0]) : null;
  },

  /** The citizen's scans (not reuses: each file once) from other dossiers, newest first, one per file. */
  async reusable(db: Db, citizenKey: string, exceptDossierId: number): Promise<DigitizedDocumentRow[]> {
    const { rows } = await sql<RawDocument>`select ${DOCUMENT_COLUMNS} from (
        select distinct on (sha256) * from digitized_document
        where citizen_key = ${citizenKey} and dossier_id <> ${exceptDossierId} and reused_from_id is null
        order by sha256, id desc) latest
      order by id desc limit ${MAX_REUSABLE}`.execute(db);
    return rows.map(documentOf);
  },

  async insertResult(db: Db, r: Omit<ElectronicResultRow, 'unitParentCode'> & { unitId: number }): Promise<void> {
    // A dossier is resolved once (RESOLVED leads only to RETURNED): a second insert cannot happen, and would keep the first.
    const { rows } = await sql`insert into electronic_result (dossier_id, unit_code, unit_parent_code, sha256, size_bytes, file_key, issued_at, issued_date, signature, signer)
      values (${r.dossierId}, ${r.unitCode},
        (select p.code from administrative_unit u join administrative_unit p on p.id = u.parent_id where u.id = ${r.unitId}),
        ${r.sha256}, ${r.sizeBytes}, ${r.fileKey}, ${r.issuedAt}, ${r.issuedDate}::date, ${r.signature}, ${r.signer})
      on conflict do nothing returning dossier_id`.execute(db);
    // Counted in the service index (electronic result rate) in the same transaction.
    if (rows.length > 0) await countElectronicResult(db, r.dossierId);
  },

  async resultsOf(db: Db, dossierIds: readonly number[]): Promise<Map<number, ElectronicResultRow>> {
    const { rows } = await sql<RawResult>`select ${RESULT_COLUMNS} from electronic_result
      where dossier_id = any(${[...dossierIds]}::bigint[])`.execute(db);
    return new Map(rows.map((r) => [Number(r.dossier_id), resultOf(r)]));
  },

  async verification(db: Db, sha256: string): Promise<ResultVerificationRow | null> {
    const { rows } = await sql<{ sha256: string; code: string; unit_code: string; unit_name: string; procedure_code: string; procedure_name: string;
      issued_at: Date | string; issued_date: string; signer: string | null; signed: boolean }>`
      select e.sha256, d.code, e.unit_code, u.name as unit_name, p.code as procedure_code, p.name as procedure_name, e.issued_at,
        to_char(e.issued_date, 'YYYY-MM-DD') as issued_date, e.signer, e.signature is not null as signed
      from electronic_result e join dossier d on d.id = e.dossier_id join administrative_unit u on u.id = d.unit_id
        join procedure p on p.id = d.procedure_id
      where e.sha256 = ${sha256}`.execute(db);
    const r = rows[0];
    return r ? {
      sha256: r.sha256, dossierCode: r.code, unitCode: r.unit_code, unitName: r.unit_name, procedureCode: r.procedure_code,
      procedureName: r.procedure_name, issuedAt: new Date(r.issued_at), issuedDate: r.issued_date, signer: r.signer, signed: r.signed,
    } : null;
  },
};
