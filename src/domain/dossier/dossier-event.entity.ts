import { BigIntType, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { LocalDate } from '../time/local-time.js';
import { DossierAction, DossierStatus } from '../vocabulary/dossier-enums.js';
import { Dossier } from './dossier.entity.js';

/**
 * One entry of a dossier's history. Append-only: a database trigger refuses updates and deletes.
 * `dueDate` (and `dueAt`) record the statutory deadline after the event, so that any past moment of
 * a dossier (e.g. the end of a statistics period) can be reconstructed. They are derived from the
 * calendar: when a calendar correction changes them, deadline-recompute.ts rewrites these two
 * columns (and only these) under a transaction-local setting the trigger checks.
 */
@Entity({ tableName: 'dossier_event' })
@Unique({ name: 'dossier_event_dossier_seq_key', properties: ['dossier', 'seq'] })
@Unique({ name: 'dossier_event_dossier_idempotency_key', properties: ['dossier', 'idempotencyKey'] })
export class DossierEvent {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @ManyToOne(() => Dossier, { ref: true })
  dossier!: Ref<Dossier>;

  @Property({ type: 'integer' })
  seq!: number;

  /** Null for the intake event that created the dossier. */
  @Enum({ items: () => DossierAction, type: 'text', nullable: true })
  action: DossierAction | null = null;

  @Enum({ items: () => DossierStatus, type: 'text', nullable: true })
  fromStatus: DossierStatus | null = null;

  @Enum({ items: () => DossierStatus, type: 'text' })
  toStatus!: DossierStatus;

  @Property({ type: 'timestamptz' })
  at!: Date;

  /** Staff id, "import", "system" or a connector key. */
  @Property({ type: 'text', nullable: true })
  actor: string | null = null;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'date', nullable: true })
  dueDate: LocalDate | null = null;

  /** The instant it is due after the event, for times counted within the day. */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  idempotencyKey: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
