import { BigIntType, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { AdministrativeUnit } from './administrative-unit.entity.js';

/**
 * An old commune-level unit (before 1 July 2025) and the unit that took it over, from the reference
 * import (docs/units.md): legacy systems still file dossiers under the old codes. Some source rows
 * name the old unit only (no old code): they are kept for people who search by name.
 */
@Entity({ tableName: 'legacy_unit_mapping' })
export class LegacyUnitMapping {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  /** The upsert key: `code:{old code}`, or `name:{province}|{district}|{ward}>{new code}` without an old code. */
  @Property({ type: 'text', unique: 'legacy_unit_mapping_key' })
  mappingKey!: string;

  @Property({ type: 'varchar', length: 5, nullable: true })
  oldCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  oldWardName: string | null = null;

  @Property({ type: 'text', nullable: true })
  oldDistrictName: string | null = null;

  @Property({ type: 'text', nullable: true })
  oldProvinceName: string | null = null;

  @ManyToOne(() => AdministrativeUnit, { ref: true, index: 'legacy_unit_mapping_new_unit_id_index' })
  newUnit!: Ref<AdministrativeUnit>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
