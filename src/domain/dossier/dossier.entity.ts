import { BigIntType, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { IdentityVerification } from '../citizen/identity-verification.js';
import { OnlineLevel } from '../procedure/procedure-enums.js';
import { Procedure } from '../procedure/procedure.entity.js';
import type { LocalDate } from '../time/local-time.js';
import { ProcessingTimeUnit } from '../procedure/processing-time.js';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import { Channel, DossierStatus, Outcome } from '../vocabulary/dossier-enums.js';
import { DelayReason } from '../vocabulary/delay-reason.js';
import type { LifecycleState } from './lifecycle.js';

/**
 * A dossier (hồ sơ) filed for a procedure at a unit's center. Its lifecycle columns are the
 * `LifecycleState` the state machine works on; every change is also an append-only `DossierEvent`.
 * The applicant's personal data lives only here and is masked on the way out (see personal-data.ts).
 */
@Entity({ tableName: 'dossier' })
@Index({ name: 'dossier_unit_filed_index', properties: ['unit', 'filedAt', 'id'] })
@Index({ name: 'dossier_filed_index', properties: ['filedAt', 'id'] })
@Index({
  name: 'dossier_unfinished_due_index',
  expression: `create index "dossier_unfinished_due_index" on "dossier" ("due_date") where "status" in ('RECEIVED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'SUSPENDED')`,
})
@Index({ name: 'dossier_search_trgm', expression: 'create index "dossier_search_trgm" on "dossier" using gin ("search_text" gin_trgm_ops)' })
export class Dossier implements LifecycleState {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  /** `{unit code}-{yyMMdd}-{NNNN}`, or a legacy code kept as imported. */
  @Property({ type: 'varchar', length: 64, unique: 'dossier_code_key' })
  code!: string;

  @ManyToOne(() => Procedure, { ref: true, index: 'dossier_procedure_id_index' })
  procedure!: Ref<Procedure>;

  @ManyToOne(() => AdministrativeUnit, { ref: true })
  unit!: Ref<AdministrativeUnit>;

  /**
   * The old commune code a legacy dossier was filed under, when that commune was merged before the
   * import (the dossier itself belongs to `unit`, the commune that took it over); null otherwise.
   */
  @Property({ type: 'varchar', length: 5, nullable: true })
  legacyUnitCode: string | null = null;

  @Enum({ items: () => Channel, type: 'text' })
  channel!: Channel;

  /**
   * The procedure's online level when the dossier was received (when it was filed, until then):
   * statistics count a receipt under the level the citizen could use then, whatever the catalogue
   * says later (set by intake, import and ACCEPT; see statistics-deltas.ts).
   */
  @Enum({ items: () => OnlineLevel, type: 'text' })
  onlineLevel!: OnlineLevel;

  @Enum({ items: () => DossierStatus, type: 'text' })
  status!: DossierStatus;

  @Enum({ items: () => Outcome, type: 'text', nullable: true })
  outcome: Outcome | null = null;

  @Property({ type: 'text' })
  applicantFullName!: string;

  @Property({ type: 'varchar', length: 12, index: 'dossier_applicant_citizen_id_index' })
  applicantCitizenId!: string;

  @Property({ type: 'varchar', length: 15, nullable: true })
  applicantPhone: string | null = null;

  @Property({ type: 'jsonb', nullable: true })
  formData: Record<string, unknown> | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  receivedAt: Date | null = null;

  /** When the dossier first reached the center (submittedAt, else receivedAt): the list order. */
  @Property({ type: 'timestamptz' })
  filedAt!: Date;

  /** Statutory due date, moved only by clock pauses. */
  @Property({ type: 'date', nullable: true })
  dueDate: LocalDate | null = null;

  /** The instant it is due, for times counted within the day (working hours, half days). */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  /** The processing time that applied at receipt (the province's own or the national one). */
  @Property({ type: 'integer', nullable: true })
  processingTimeValue: number | null = null;

  @Enum({ items: () => ProcessingTimeUnit, type: 'text', nullable: true })
  processingTimeUnit: ProcessingTimeUnit | null = null;

  @Property({ type: 'date', nullable: true })
  extendedDueDate: LocalDate | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null = null;

  @Property({ type: 'integer', default: 0 })
  pausedWorkingDays: number & Opt = 0;

  @Property({ type: 'boolean', default: false })
  supplementRequested: boolean & Opt = false;

  /** Why it is late, recorded on the apology or the late RESOLVE (lifecycle.ts). */
  @Enum({ items: () => DelayReason, type: 'text', nullable: true })
  delayReason: DelayReason | null = null;

  /** Working days the clock ran until RESOLVE (lifecycle.ts); null before, and for dossiers resolved before it was recorded. */
  @Property({ type: 'integer', nullable: true })
  resolutionWorkingDays: number | null = null;

  /** Sequence number of the latest history event (events are numbered 1, 2, ...). */
  @Property({ type: 'integer', default: 0 })
  eventCount: number & Opt = 0;

  /** Idempotency key of the intake request, with a hash of that request to detect reuse. */
  @Property({ type: 'text', nullable: true, unique: 'dossier_intake_key_key' })
  intakeKey: string | null = null;

  @Property({ type: 'text', nullable: true })
  intakeRequestHash: string | null = null;

  /** Code and applicant name folded by `foldForSearch`, trigram-indexed. */
  @Property({ type: 'text' })
  searchText!: string;

  /** Number a specialized system registered the dossier under (civil status, household business). */
  @Property({ type: 'text', nullable: true })
  registrationNumber: string | null = null;

  /** VNeID verification of the applicant of an online filing (see identity-verification.ts). */
  @Enum({ items: () => IdentityVerification, type: 'text', default: IdentityVerification.NOT_REQUIRED })
  identityVerification: IdentityVerification & Opt = IdentityVerification.NOT_REQUIRED;

  @Property({ type: 'timestamptz', nullable: true })
  identityCheckedAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
