import type { EntityManager } from '@mikro-orm/postgresql';
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
}
