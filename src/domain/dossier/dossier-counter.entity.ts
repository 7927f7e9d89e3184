import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { LocalDate } from '../time/local-time.js';

/**
 * The per-unit daily counter behind dossier codes. Incremented with an upsert inside the intake
 * transaction: the row lock serializes concurrent intakes of one unit and a rolled-back intake
 * rolls its number back, so codes stay unique and gap-free.
 */
@Entity({ tableName: 'dossier_counter' })
export class DossierCounter {
  @PrimaryKey({ type: 'bigint' })
  unitId!: string;

  @PrimaryKey({ type: 'date' })
  day!: LocalDate;

  @Property({ type: 'integer' })
  lastValue!: number;
}
