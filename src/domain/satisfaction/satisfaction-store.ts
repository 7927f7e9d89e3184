import { sql, type Kysely } from 'kysely';
import { countRating } from '../service-index/service-index-store.js';
import type { DossierStatus } from '../vocabulary/dossier-enums.js';
import type { LocalDate } from '../time/local-time.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export type RatingVia = 'CITIZEN' | 'LINK';

export interface RatingRow {
  id: number;
  dossierId: number;
  unitCode: string;
  unitParentCode: string | null;
  stars: number;
  comment: string | null;
  via: RatingVia;
  ratedAt: Date;
  reply: string | null;
  handledAt: Date | null;
  handledBy: string | null;
}

/** What the public rating page shows of the dossier a link is for: no personal data. */
export interface RatingLinkPageRow {
  expiresAt: Date;
  usedAt: Date | null;
  dossierCode: string;
  status: DossierStatus;
  procedureName: string;
  unitName: string;
  rated: boolean;
}

export interface RatingLinkRow {
  dossierId: number;
  nonce: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** The dossier facts a rating needs, read under a row lock (one rating per dossier, even when two arrive at once). */
export interface LockedDossier {
  id: number;
  code: string;
  status: DossierStatus;
  applicantCitizenId: string;
  unitCode: string;
  unitParentCode: string | null;
  unitProvinceCode: string;
}

// The driver may hand timestamps over as text.
const dateOrNull = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

interface RawRating {
  id: string; unit_code: string; unit_parent_code: string | null;
  dossier_id: string; stars: number; comment: string | null; via: RatingVia; rated_at: Date | string;
  reply: string | null; handled_at: Date | string | null; handled_by: string | null;
}
const ratingOf = (r: RawRating): RatingRow => ({
  id: Number(r.id), unitCode: r.unit_code, unitParentCode: r.unit_parent_code, dossierId: Number(r.dossier_id), stars: r.stars, comment: r.comment, via: r.via, ratedAt: new Date(r.rated_at),
  reply: r.reply, handledAt: dateOrNull(r.handled_at), handledBy: r.handled_by,
});

interface RawLink { dossier_id: string; nonce: string; created_at: Date | string; expires_at: Date | string; used_at: Date | string | null }
const linkOf = (r: RawLink): RatingLinkRow => ({
  dossierId: Number(r.dossier_id), nonce: r.nonce, createdAt: new Date(r.created_at), expiresAt: new Date(r.expires_at), usedAt: dateOrNull(r.used_at),
});

const RATING_COLUMNS = sql`id, unit_code, unit_parent_code, dossier_id, stars, comment, via, rated_at, reply, handled_at, handled_by`;

/** SQL of dossier_rating and rating_link (Migration20261204610000Satisfaction); writes run in the caller's transaction. */
export const satisfactionStore = {
  async lockDossier(db: Db, dossierId: number): Promise<LockedDossier | null> {
    const { rows } = await sql<{ id: string; code: string; status: DossierStatus; applicant_citizen_id: string; unit_code: string; parent_code: string | null; province_code: string }>`
      select d.id, d.code, d.status, d.applicant_citizen_id, u.code as unit_code, p.code as parent_code, u.province_code
      from dossier d join administrative_unit u on u.id = d.unit_id left join administrative_unit p on p.id = u.parent_id
      where d.id = ${dossierId} for update of d`.execute(db);
    const r = rows[0];
    return r ? { id: Number(r.id), code: r.code, status: r.status, applicantCitizenId: r.applicant_citizen_id, unitCode: r.unit_code, unitParentCode: r.parent_code, unitProvinceCode: r.province_code } : null;
  },

  async insertLink(db: Db, link: { dossierId: number; nonce: string; tokenSha256: string; createdAt: Date; expiresAt: Date }): Promise<void> {
    // A dossier returned twice (it cannot be: RETURNED is final) would keep its first link.
    await sql`insert into rating_link (dossier_id, nonce, token_sha256, created_at, expires_at)
      values (${link.dossierId}, ${link.nonce}, ${link.tokenSha256}, ${link.createdAt}, ${link.expiresAt}) on conflict do nothing`.execute(db);
  },

  async linkByHash(db: Db, tokenSha256: string): Promise<RatingLinkRow | null> {
    const { rows } = await sql<RawLink>`select dossier_id, nonce, created_at, expires_at, used_at from rating_link
      where token_sha256 = ${tokenSha256} for update`.execute(db);
    return rows[0] ? linkOf(rows[0]) : null;
  },

  async linkPageByHash(db: Db, tokenSha256: string): Promise<RatingLinkPageRow | null> {
    const { rows } = await sql<{ expires_at: Date | string; used_at: Date | string | null; code: string; status: DossierStatus; procedure_name: string; unit_name: string; rated: boolean }>`
      select l.expires_at, l.used_at, d.code, d.status, p.name as procedure_name, u.name as unit_name,
        exists (select 1 from dossier_rating r where r.dossier_id = d.id) as rated
      from rating_link l join dossier d on d.id = l.dossier_id join procedure p on p.id = d.procedure_id
        join administrative_unit u on u.id = d.unit_id
      where l.token_sha256 = ${tokenSha256}`.execute(db);
    const r = rows[0];
    return r ? {
      expiresAt: new Date(r.expires_at), usedAt: dateOrNull(r.used_at), dossierCode: r.code, status: r.status,
      procedureName: r.procedure_name, unitName: r.unit_name, rated: r.rated,
    } : null;
  },

  async linksOf(db: Db, dossierIds: readonly number[]): Promise<Map<number, RatingLinkRow>> {
    const { rows } = await sql<RawLink>`select dossier_id, nonce, created_at, expires_at, used_at from rating_link
      where dossier_id = any(${[...dossierIds]}::bigint[])`.execute(db);
    return new Map(rows.map((r) => [Number(r.dossier_id), linkOf(r)]));
  },

  async useLink(db: Db, dossierId: number, at: Date): Promise<void> {
    await sql`update rating_link set used_at = ${at} where dossier_id = ${dossierId}`.execute(db);
  },

  async insertRating(db: Db, r: { dossier: LockedDossier; stars: number; comment: string | null; via: RatingVia; at: Date; date: LocalDate }): Promise<void> {
    await sql`insert into dossier_rating (dossier_id, unit_code, unit_parent_code, stars, comment, via, rated_at, rated_date)
      values (${r.dossier.id}, ${r.dossier.unitCode}, ${r.dossier.unitParentCode}, ${r.stars}, ${r.comment}, ${r.via}, ${r.at}, ${r.date}::date)`.execute(db);
    // Counted in the service index (satisfaction) in the same transaction.
    await countRating(db, r.dossier.id);
  },

  async ratingsOf(db: Db, dossierIds: readonly number[], lock = false): Promise<Map<number, RatingRow>> {
    const { rows } = await sql<RawRating>`select ${RATING_COLUMNS}
      from dossier_rating where dossier_id = any(${[...dossierIds]}::bigint[]) ${lock ? sql`for update` : sql``}`.execute(db);
    return new Map(rows.map((r) => [Number(r.dossier_id), ratingOf(r)]));
  },

  /** Ratings with a comment in a scope, newest first, keyset by id (the feedback to handle). */
  async feedback(db: Db, unitCodes: readonly string[], handled: boolean | null, first: number, after: number | null): Promise<{ rows: RatingRow[]; count: () => Promise<number> }> {
    const where = sql.join([
      sql`comment is not null`,
      sql`unit_code = any(${[...unitCodes]}::text[])`,
      ...(handled === null ? [] : [handled ? sql`handled_at is not null` : sql`handled_at is null`]),
    ], sql` and `);
    const { rows } = await sql<RawRating>`select ${RATING_COLUMNS} from dossier_rating where ${where}
      ${after === null ? sql`` : sql`and id < ${after}`} order by id desc limit ${first + 1}`.execute(db);
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from dossier_rating where ${where}`.execute(db)).rows[0]!.n;
    return { rows: rows.map(ratingOf), count };
  },

  async handle(db: Db, dossierId: number, reply: string, by: string, at: Date): Promise<void> {
    await sql`update dossier_rating set reply = ${reply}, handled_by = ${by}, handled_at = ${at} where dossier_id = ${dossierId}`.execute(db);
  },

  /** Counts per star and feedback state of the ratings given in a period by units in a scope. */
  async summary(db: Db, unitCodes: readonly string[], from: LocalDate, to: LocalDate): Promise<{ stars: number[]; pending: number; handled: number }> {
    const { rows } = await sql<{ s1: number; s2: number; s3: number; s4: number; s5: number; pending: number; handled: number }>`
      select count(*) filter (where stars = 1)::int as s1, count(*) filter (where stars = 2)::int as s2,
        count(*) filter (where stars = 3)::int as s3, count(*) filter (where stars = 4)::int as s4,
        count(*) filter (where stars = 5)::int as s5,
        count(*) filter (where comment is not null and handled_at is null)::int as pending,
        count(*) filter (where comment is not null and handled_at is not null)::int as handled
      from dossier_rating where unit_code = any(${[...unitCodes]}::text[]) and rated_date between ${from}::date and ${to}::date`.execute(db);
    const r = rows[0]!;
    return { stars: [r.s1, r.s2, r.s3, r.s4, r.s5], pending: r.pending, handled: r.handled };
  },
};
