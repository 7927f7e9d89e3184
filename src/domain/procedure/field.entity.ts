import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A field of administration (lĩnh vực), e.g. HO_TICH "Hộ tịch". */
@Entity({ tableName: 'field' })
export class Field {
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;
}
