import { BigIntType, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { LocalDate } from '../time/local-time.js';
import { UnitKind } from './unit-kind.js';

/**
 * An administrative unit whose center receives dossiers: a province (its provincial center), a
 * commune-level unit, or a department or branch a center creates under one of them. The list changes over time (mergers), so units carry validity dates and an
 * optional successor; dossiers keep the unit that received them.
 */
@Entity({ tableName: 'administrative_unit' })
export class AdministrativeUnit {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  /**
   * Official code: 2 digits for a province, 5 for a commune-level unit; a center's own department or
   * branch is `{parent code}.{A-Z0-9}{1,12}` (see unit-code.ts), which no official code can be.
   */
  @Property({ type: 'varchar', length: 18, unique: 'administrative_unit_code_key' })
  code!: string;

  /**
   * The province-level unit this one belongs to (its own code for a province): kept on the row so
   * that a province's scope reaches a department under one of its communes without a tree walk.
   */
  @Property({ type: 'varchar', length: 2, index: 'administrative_unit_province_code_index' })
  provinceCode!: string;

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
