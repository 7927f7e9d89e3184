import { BigIntType, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { LocalDate } from '../time/local-time.js';
import { UnitKind } from './unit-kind.js';

/**
 * An administrative unit whose center receives dossiers: a province (its provincial center) or a
 * commune-level unit. The list changes over time (mergers), so units carry validity dates and an
 * optional successor; dossiers keep the unit that received them.
 */
@Entity({ tableName: 'administrative_unit' })
export class AdministrativeUnit {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  /** Official code: 2 digits for a province, 5 for a commune-level unit. */
  @Property({ type: 'varchar', length: 5, unique: 'administrative_unit_code_key' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => UnitKind, type: 'text' })
  kind!: UnitKind;

  @ManyToOne(() => AdministrativeUnit, { ref: true, nullable: true, index: 'administrative_unit_parent_id_index' })
  parent?: Ref<AdministrativeUnit> | null;

  @Property({ type: 'date', nullable: true })
  validFrom?: LocalDate | null;

  @Property({ type: 'date', nullable: true })
  validTo?: LocalDate | null;

  @ManyToOne(() => AdministrativeUnit, { ref: true, nullable: true })
  successor?: Ref<AdministrativeUnit> | null;

  /** Name and code folded by `foldForSearch`, trigram-indexed. */
  @Index({ name: 'administrative_unit_search_trgm', expression: 'create index "administrative_unit_search_trgm" on "administrative_unit" using gin ("search_text" gin_trgm_ops)' })
  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
