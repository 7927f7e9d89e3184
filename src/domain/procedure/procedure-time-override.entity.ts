import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import { Procedure } from './procedure.entity.js';
import { ProcessingTimeUnit } from './processing-time.js';

/**
 * A province's own processing time for a national procedure: provinces publish, in the decision
 * announcing their procedures, times shorter than the national ones (e.g. 3 working days where the
 * law allows 5). It applies to dossiers received by the province's center and its communes.
 */
@Entity({ tableName: 'procedure_time_override' })
export class ProcedureTimeOverride {
  [PrimaryKeyProp]?: ['province', 'procedure'];

  @ManyToOne(() => AdministrativeUnit, { ref: true, primary: true, fieldName: 'province_id' })
  province!: Ref<AdministrativeUnit>;

  @ManyToOne(() => Procedure, { ref: true, primary: true, fieldName: 'procedure_id' })
  procedure!: Ref<Procedure>;

  @Property({ type: 'integer' })
  value!: number;

  @Enum({ items: () => ProcessingTimeUnit, type: 'text' })
  unit!: ProcessingTimeUnit;

  /** Where the time comes from, e.g. "Quyết định 1234/QĐ-UBND ngày 01/08/2025". */
  @Property({ type: 'text', nullable: true })
  source?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
