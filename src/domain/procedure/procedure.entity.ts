import { BigIntType, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field } from './field.entity.js';
import { OnlineLevel, ProcedureLevel } from './procedure-enums.js';
import { ProcessingTimeUnit, type ProcessingTime } from './processing-time.js';

export interface RequiredDocument {
  name: string;
  copies: number;
  mandatory: boolean;
}

/** An administrative procedure (thủ tục hành chính) from the national database, code `d.dddddd`. */
@Entity({ tableName: 'procedure' })
export class Procedure {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @Property({ type: 'varchar', length: 20, unique: 'procedure_code_key' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Field, { ref: true, fieldName: 'field_code', index: 'procedure_field_code_index' })
  field!: Ref<Field>;

  @Enum({ items: () => ProcedureLevel, type: 'text' })
  level!: ProcedureLevel;

  /** The statutory time as whole working days (0 = same day), derived from the time and its unit below. */
  @Property({ type: 'integer' })
  processingDays!: number;

  /** The statutory time in its unit (processing-time.ts); the deadline rule follows the unit. */
  @Property({ type: 'integer' })
  processingTimeValue!: number;

  @Enum({ items: () => ProcessingTimeUnit, type: 'text' })
  processingTimeUnit!: ProcessingTimeUnit;

  @Enum({ items: () => OnlineLevel, type: 'text' })
  onlineLevel!: OnlineLevel;

  @Property({ type: 'integer', default: 0 })
  feeVnd: number & Opt = 0;

  @Property({ type: 'jsonb', default: '[]' })
  requiredDocuments: RequiredDocument[] & Opt = [];

  /** Key of the specialized system that processes its dossiers, e.g. "civil-status". */
  @Property({ type: 'text', nullable: true })
  connector?: string | null;

  /** The e-form: JSON Schema 2020-12 with UI hints. */
  @Property({ type: 'jsonb', nullable: true })
  formSchema?: Record<string, unknown> | null;

  /** Code and name folded by `foldForSearch`, trigram-indexed. */
  @Index({ name: 'procedure_search_trgm', expression: 'create index "procedure_search_trgm" on "procedure" using gin ("search_text" gin_trgm_ops)' })
  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

/** The national statutory time of a procedure. */
export function nationalProcessingTime(procedure: Pick<Procedure, 'processingTimeValue' | 'processingTimeUnit'>): ProcessingTime {
  return { value: procedure.processingTimeValue, unit: procedure.processingTimeUnit };
}
