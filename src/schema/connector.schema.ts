import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import { ConnectorHealth, type ConnectorStatus, type SyncRecordRow } from '../connectors/connector.service.js';
import { SyncState } from '../connectors/outbox/sync-store.js';
import { isStaff } from '../domain/access/actor.js';
import { IdentityVerification } from '../domain/citizen/identity-verification.js';
import type { DossierRow } from '../domain/dossier/dossier-reader.js';
import { isDomainError } from '../domain/errors.js';
import type { GraphQLContext } from './context.js';
import { DossierType } from './dossier.types.js';
import { asQuery } from './errors.js';
import { Node } from './node.js';
import { connectionOf, ConnectionType, numericIdOf, pageRequest, toGlobalId } from './relay.js';
import { DateTimeScalar } from './scalars.js';

registerEnumType(ConnectorHealth, { name: 'ConnectorHealth', description: 'DOWN = circuit open; DISABLED = switched off or stopped by a configuration problem' });
registerEnumType(SyncState, { name: 'SyncState', description: 'DEAD = gave up, waits for a person (retrySync / retryDeadSyncs)' });
registerEnumType(IdentityVerification, {
  name: 'IdentityVerification',
  description: 'VNeID check of the applicant of an online filing of a FULL procedure; PENDING while VNeID could not answer',
});

@ObjectType('Connector', { description: 'A specialized national system this server synchronizes with' })
export class ConnectorType {
  @Field({ description: '"civil-status", "vneid", "business-registration", "emc", ...' })
  key!: string;

  @Field()
  name!: string;

  @Field(() => ConnectorHealth)
  health!: ConnectorHealth;

  @Field(() => Int, { description: 'Records waiting for their first delivery or being delivered (in your scope)' })
  pending!: number;

  @Field(() => Int)
  retrying!: number;

  @Field(() => Int)
  dead!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  lastSuccessAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The configuration problem that stops it, or the last error' })
  lastError!: string | null;

  @Field()
  enabled!: boolean;

  @Field({ description: 'CLOSED, OPEN or HALF_OPEN, as the delivering process last saw it' })
  circuit!: string;

  @Field(() => String, { nullable: true, description: 'Base URL (without credentials)' })
  url!: string | null;

  @Field({ description: 'True when it talks to the bundled simulator (embedded default)' })
  simulated!: boolean;

  @Field(() => [String], { description: 'push, pollResult, countRemote, verifyIdentity, checkHealth' })
  capabilities!: string[];
}

@ObjectType('SyncRecord', { implements: Node, description: 'One delivery of a dossier change to a connector (the outbox)' })
export class SyncRecordType extends Node {
  @Field()
  connector!: string;

  @Field({ description: 'What is synchronized, e.g. "dossier.status"' })
  kind!: string;

  @Field(() => SyncState)
  state!: SyncState;

  @Field(() => Int, { description: 'Attempts since it was created or last retried by a person' })
  attempts!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => String, { nullable: true, description: 'TRANSIENT, CONFIG, REMOTE_REJECTED' })
  errorClass!: string | null;

  @Field({ description: 'Sent as Idempotency-Key: dossier code, status and sequence' })
  idempotencyKey!: string;

  @Field()
  dossierCode!: string;

  @Field({ description: 'Delivered; the remote decides later and is polled for its decision' })
  awaitingResult!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  succeededAt!: Date | null;
}

export const SyncRecordConnection = ConnectionType(SyncRecordType, 'SyncRecord');

@InputType()
export class SyncFilter {
  @Field(() => String, { nullable: true })
  connector?: string | null;

  @Field(() => [SyncState], { nullable: true })
  state?: SyncState[] | null;

  @Field(() => String, { nullable: true })
  dossierCode?: string | null;
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

@Resolver(() => SyncRecordType)
export class SyncRecordFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() r: SyncRecordRow): string {
    return toGlobalId('SyncRecord', r.id);
  }

  @FieldResolver(() => DossierType, { nullable: true, description: 'Null when you may not read the dossier itself' })
  async dossier(@Root() r: SyncRecordRow, @Ctx() ctx: GraphQLContext): Promise<DossierRow | null> {
    // Read through the query service, batched: the same access rules, and the reads are audited like any other.
    try {
      return await ctx.loaders.dossier.load(r.dossierId);
    } catch (error) {
      if (isDomainError(error)) return null;
      throw error;
    }
  }
}

@Resolver(() => DossierType)
export class DossierSyncFieldsResolver {
  @FieldResolver(() => [SyncRecordType], { description: 'Sync state of its deliveries to specialized systems (staff only; empty for citizens)' })
  async syncRecords(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<SyncRecordRow[]> {
    if (!isStaff(ctx.actor)) return [];
    return ctx.loaders.syncRecords.load(d.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Number a specialized system registered it under (civil status, household business)' })
  registrationNumber(@Root() d: DossierRow): string | null {
    return d.registrationNumber;
  }

  @FieldResolver(() => IdentityVerification)
  identityVerification(@Root() d: DossierRow): IdentityVerification {
    return d.identityVerification;
  }
}

@Resolver()
export class ConnectorResolver {
  @Query(() => [ConnectorType], { description: 'PROVINCE_ADMIN, INTEGRATOR (counts in their scope), SYSTEM_ADMIN' })
  async connectors(@Ctx() ctx: GraphQLContext): Promise<ConnectorStatus[]> {
    return asQuery(ctx.lang, () => ctx.services.connectors.list(ctx.actor));
  }

  @Query(() => SyncRecordConnection, { description: 'Newest first; PROVINCE_ADMIN and INTEGRATOR see the records of their scope' })
  async syncRecords(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => SyncFilter, { nullable: true }) filter?: SyncFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = await ctx.services.connectors.records(ctx.actor, filter ?? {}, pageRequest({ first, after }, isId));
      return connectionOf(page, (r) => r.id, Boolean(after));
    });
  }

  @Mutation(() => SyncRecordType, { nullable: true, description: 'DEAD or RETRYING -> PENDING now' })
  async retrySync(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<SyncRecordRow> {
    return asQuery(ctx.lang, () => ctx.services.connectors.retry(ctx.actor, numericIdOf(id, 'SyncRecord', ['id'])));
  }

  @Mutation(() => Int, { description: 'How many DEAD records were re-queued' })
  async retryDeadSyncs(@Arg('connector') connector: string, @Ctx() ctx: GraphQLContext): Promise<number> {
    return asQuery(ctx.lang, () => ctx.services.connectors.retryDead(ctx.actor, connector));
  }
}
