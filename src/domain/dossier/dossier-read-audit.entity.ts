import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Every read of dossiers by staff (personal data law: reads of personal data are audited): one row
 * per read request, with the ids of all the dossiers it returned (GIN-indexed for "who read this").
 */
@Entity({ tableName: 'dossier_read_audit' })
@Index({ name: 'dossier_read_audit_dossier_ids_index', properties: ['dossierIds'], type: 'gin' })
export class DossierReadAudit {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date & Opt = new Date();

  @Property({ type: 'text' })
  actorSub!: string;

  @Property({ type: 'text' })
  actorRole!: string;

  @Property({ columnType: 'bigint[]', type: 'string[]' })
  dossierIds!: string[];

  /** The GraphQL operation (or HTTP route) that read it. */
  @Property({ type: 'text', nullable: true })
  operation: string | null = null;
}
