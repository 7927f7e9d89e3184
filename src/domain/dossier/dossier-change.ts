import type { EntityManager } from '@mikro-orm/postgresql';
import type { RawBuilder } from 'kysely';
import type { Procedure } from '../procedure/procedure.entity.js';
import type { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import type { DossierEvent } from './dossier-event.entity.js';
import type { Dossier } from './dossier.entity.js';
import type { LifecycleState } from './lifecycle.js';

/** One change to a dossier: its creation (before = null) or one action, with the event it appended. */
export interface DossierChange {
  dossier: Dossier;
  procedure: Procedure;
  unit: AdministrativeUnit;
  event: DossierEvent;
  before: LifecycleState | null;
  /** True when the change comes from importing legacy history. */
  imported: boolean;
  /** TRANSFER / RETURN_TO_RECEIVER: where the dossier went (docs/routing.md); absent otherwise. */
  transfer?: DossierTransfer | null;
}

/** A dossier handed from one unit to another, as connectors see it. */
export interface DossierTransfer {
  fromUnitCode: string;
  toUnitCode: string;
  toUnitName: string;
  /** The connector of the receiving unit when it works in another system (AdministrativeUnit connector), else null. */
  toConnector: string | null;
}

/**
 * Something that must happen in the same transaction as every dossier change: statistics
 * aggregates, outbox records for connectors. Called after the change is persisted and before
 * commit; throwing rolls the whole change back, so nothing is ever half-recorded.
 */
export interface DossierChangeListener {
  readonly name: string;
  onDossierChange(em: EntityManager, change: DossierChange): Promise<void>;
  /**
   * The same work for a new dossier, as parts of the one statement that creates it (see
   * DossierRecorder.recordCreation): the dossier's code is only known inside that statement, so
   * `change.dossier.code` is a placeholder and `code` the SQL expression of the real code. Each
   * part is a WITH query that returns rows (a select, or a write with RETURNING), named after the
   * listener; an empty list when the listener has nothing to write for a new dossier; null when
   * this change cannot be written so (the recorder then takes the slow path). Required, so that a
   * new listener cannot silently send every intake down the slow path.
   */
  creationParts(change: DossierChange, code: CodeTemplate): StatementPart[] | null;
}

/** One WITH query of the statement that creates a dossier. */
export interface StatementPart {
  name: string;
  body: RawBuilder<unknown>;
  /** Runs once the statement committed (work that must not hold its locks, e.g. waking workers). */
  afterCommit?: () => void;
}

/** How a text written at creation gets the dossier's real code in place of the placeholder. */
export interface CodeTemplate {
  placeholder: string;
  /** `text` with every placeholder replaced by the code, as an SQL text expression. */
  fill(text: string): RawBuilder<string>;
}
