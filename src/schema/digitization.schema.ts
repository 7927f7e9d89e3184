import { Arg, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { seesPersonalData } from '../domain/access/access-policy.js';
import { isStaff } from '../domain/access/actor.js';
import type { DigitizedDocumentRow, ElectronicResultRow } from '../domain/digitization/digitization-store.js';
import type { DigitizationRow } from '../domain/digitization/digitization-statistics.js';
import { accessRefOf } from '../domain/dossier/dossier-query.service.js';
import type { DossierRow } from '../domain/dossier/dossier-reader.js';
import { StatisticsGrouping } from '../domain/statistics/statistics-grouping.js';
import type { LocalDate } from '../domain/time/local-time.js';
import type { GraphQLContext } from './context.js';
import { DossierType } from './dossier.types.js';
import { asMutation, asQuery, UserError } from './errors.js';
import { numericIdOf, toGlobalId } from './relay.js';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { statisticsLabel } from './statistics-labels.js';

@ObjectType('DigitizedDocument', { description: 'Thành phần hồ sơ đã số hóa: a document received with a dossier, stored as a file (docs/digitization.md)' })
export class DigitizedDocumentType {
  @Field(() => ID, { description: 'Opaque id (reuseDigitizedDocument.documentId)' })
  id!: string;

  @Field({ description: 'The procedure\'s required document it is (thành phần hồ sơ)' })
  documentName!: string;

  @Field()
  fileName!: string;

  @Field({ description: 'application/pdf, image/jpeg or image/png' })
  mediaType!: string;

  @Field(() => Int)
  sizeBytes!: number;

  @Field({ description: 'SHA-256 of the file, lowercase hex: its key in the document store' })
  sha256!: string;

  @Field({ description: 'The staff member (token subject) who scanned or reused it' })
  scannedBy!: string;

  @Field(() => DateTimeScalar)
  scannedAt!: Date;

  @Field({ description: 'True when reused from another dossier of the same citizen (no new scan)' })
  reused!: boolean;

  @Field(() => ID, { nullable: true, description: 'The document it reuses' })
  reusedFromId!: string | null;

  @Field({ description: 'Where staff download the file: GET /dossiers/{code}/documents/{n}' })
  downloadPath!: string;
}

@ObjectType('ElectronicResult', { description: 'Kết quả điện tử: the result issued as a PDF when the dossier was RESOLVED' })
export class ElectronicResultType {
  @Field({ description: 'SHA-256 of the PDF, lowercase hex; GET /verify/result/{sha256} confirms it publicly' })
  sha256!: string;

  @Field(() => Int)
  sizeBytes!: number;

  @Field(() => DateTimeScalar)
  issuedAt!: Date;

  @Field(() => DateScalar)
  issuedDate!: LocalDate;

  @Field({ description: 'True when a signing service signed it (docs/digitization.md, "Signing")' })
  signed!: boolean;

  @Field(() => String, { nullable: true, description: 'Who signed (the certificate\'s subject); null when unsigned' })
  signer!: string | null;

  @Field(() => String, { nullable: true, description: 'The signature as the signing service gave it; null when unsigned' })
  signature!: string | null;

  @Field({ description: 'Where the PDF is downloaded: GET /dossiers/{code}/result.pdf' })
  downloadPath!: string;
}

@ObjectType('DigitizationStatisticsRow', { description: 'Decision 766 digitization figures; rates are fractions 0..1, null when their denominator is 0 (formulas: docs/digitization.md)' })
export class DigitizationStatisticsRowType implements Omit<DigitizationRow, 'name'> {
  @Field({ description: 'As Query.statistics: unit code, field code, procedure code, channel, "2025-07-01", "2025-07"; "ALL" for NONE' }) key!: string;
  @Field() label!: string;
  @Field(() => Int, { description: 'Dossiers received in the period' }) received!: number;
  @Field(() => Int, { description: 'Of those, with at least one digitized (or reused) document' }) receivedDigitized!: number;
  @Field(() => Float, { nullable: true, description: 'receivedDigitized / received' }) digitizationRate!: number | null;
  @Field(() => Int, { description: 'Documents scanned in the period' }) documentsDigitized!: number;
  @Field(() => Int, { description: 'Documents reused from another dossier of the same citizen in the period' }) documentsReused!: number;
  @Field(() => Float, { nullable: true, description: 'documentsReused / (documentsDigitized + documentsReused)' }) reuseRate!: number | null;
  @Field(() => Int, { description: 'Dossiers resolved in the period' }) resolved!: number;
  @Field(() => Int, { description: 'Of those, with an electronic result' }) resolvedWithElectronicResult!: number;
  @Field(() => Float, { nullable: true, description: 'resolvedWithElectronicResult / resolved' }) electronicResultRate!: number | null;
}

@InputType()
export class DigitizeDocumentInput {
  @Field(() => ID) dossierId!: string;
  @Field({ description: 'One of the procedure\'s required documents (Procedure.requiredDocuments name); any name when it lists none' }) documentName!: string;
  @Field() fileName!: string;
  @Field({ description: 'application/pdf, image/jpeg or image/png; the bytes must be of that type' }) mediaType!: string;
  @Field({ description: 'The file, base64 (at most 5 MB decoded)' }) contentBase64!: string;
}

@InputType()
export class ReuseDigitizedDocumentInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => ID, { description: 'A document of Dossier.reusableDocuments: the same citizen\'s, from another dossier' }) documentId!: string;
  @Field(() => String, { nullable: true, description: 'Its name in this dossier\'s procedure; the reused document\'s name when absent' }) documentName?: string | null;
}

@ObjectType()
export class DigitizedDocumentPayload {
  @Field(() => DigitizedDocumentType, { nullable: true }) document!: DigitizedDocumentType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

function documentView(d: DigitizedDocumentRow, dossierCode: string | null): DigitizedDocumentType {
  return {
    id: toGlobalId('DigitizedDocument', d.id),
    documentName: d.documentName,
    fileName: d.fileName,
    mediaType: d.mediaType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    scannedBy: d.scannedBy,
    scannedAt: d.scannedAt,
    reused: d.reusedFromId !== null,
    reusedFromId: d.reusedFromId === null ? null : toGlobalId('DigitizedDocument', d.reusedFromId),
    downloadPath: dossierCode === null ? '' : `/dossiers/${encodeURIComponent(dossierCode)}/documents/${d.id}`,
  };
}

/** Staff who see the applicant in clear (the dossier's unit, its holder): file names and the citizen's other documents are personal. */
const seesDocuments = (ctx: GraphQLContext, d: DossierRow) => isStaff(ctx.actor) && seesPersonalData(ctx.actor, accessRefOf(d));

@Resolver(() => DossierType)
export class DossierDigitizationFieldsResolver {
  @FieldResolver(() => [DigitizedDocumentType], { description: 'Documents digitized or reused for this dossier, oldest first; for staff of its unit (empty for others)' })
  async digitizedDocuments(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<DigitizedDocumentType[]> {
    if (!seesDocuments(ctx, d)) return [];
    return (await ctx.loaders.digitizedDocuments.load(d.id)).map((doc) => documentView(doc, d.code));
  }

  @FieldResolver(() => [DigitizedDocumentType], { description: 'The same citizen\'s documents digitized for other dossiers (any unit), newest first, at most 100: what reuseDigitizedDocument may attach; for staff of its unit' })
  async reusableDocuments(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<DigitizedDocumentType[]> {
    if (!seesDocuments(ctx, d)) return [];
    // Downloaded from their own dossier, which this reader may not see: no path.
    return (await ctx.services.digitization.reusableFor(d)).map((doc) => documentView(doc, null));
  }

  @FieldResolver(() => ElectronicResultType, { nullable: true, description: 'The electronic result, once RESOLVED' })
  async electronicResult(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<ElectronicResultType | null> {
    const r: ElectronicResultRow | null = await ctx.loaders.electronicResult.load(d.id);
    return r ? {
      sha256: r.sha256, sizeBytes: r.sizeBytes, issuedAt: r.issuedAt, issuedDate: r.issuedDate, signed: r.signature !== null,
      signer: r.signer, signature: r.signature, downloadPath: `/dossiers/${encodeURIComponent(d.code)}/result.pdf`,
    } : null;
  }
}

@Resolver()
export class DigitizationResolver {
  @Mutation(() => DigitizedDocumentPayload, { description: 'Số hóa: store a document received with the dossier (staff of its unit; not on a final dossier)' })
  async digitizeDocument(@Arg('input', () => DigitizeDocumentInput) input: DigitizeDocumentInput, @Ctx() ctx: GraphQLContext): Promise<DigitizedDocumentPayload> {
    return asMutation<Omit<DigitizedDocumentPayload, 'userErrors'>>(
      ctx.lang,
      async () => {
        const dossierId = numericIdOf(input.dossierId, 'Dossier', ['input', 'dossierId']);
        const document = await ctx.services.digitization.digitize(ctx.actor, { ...input, dossierId });
        return { document: documentView(document, await codeOf(ctx, dossierId)) };
      },
      { document: null },
    );
  }

  @Mutation(() => DigitizedDocumentPayload, { description: 'Tái sử dụng: attach the same citizen\'s document digitized for another dossier (no new file)' })
  async reuseDigitizedDocument(@Arg('input', () => ReuseDigitizedDocumentInput) input: ReuseDigitizedDocumentInput, @Ctx() ctx: GraphQLContext): Promise<DigitizedDocumentPayload> {
    return asMutation<Omit<DigitizedDocumentPayload, 'userErrors'>>(
      ctx.lang,
      async () => {
        const dossierId = numericIdOf(input.dossierId, 'Dossier', ['input', 'dossierId']);
        const documentId = numericIdOf(input.documentId, 'DigitizedDocument', ['input', 'documentId']);
        const document = await ctx.services.digitization.reuse(ctx.actor, { dossierId, documentId, documentName: input.documentName ?? null });
        return { document: documentView(document, await codeOf(ctx, dossierId)) };
      },
      { document: null },
    );
  }

  @Query(() => [DigitizationStatisticsRowType], {
    description: 'Decision 766 digitization rates of a commune or a province (with its communes) for [from, to]: STATISTICIAN, LEADER, PROVINCE_ADMIN, SYSTEM_ADMIN in scope',
  })
  async digitizationStatistics(
    @Arg('unitCode') unitCode: string,
    @Arg('from', () => DateScalar) from: LocalDate,
    @Arg('to', () => DateScalar) to: LocalDate,
    @Ctx() ctx: GraphQLContext,
    @Arg('groupBy', () => StatisticsGrouping, { nullable: true, defaultValue: StatisticsGrouping.NONE }) groupBy: StatisticsGrouping | null,
  ): Promise<DigitizationStatisticsRowType[]> {
    return asQuery(ctx.lang, async () => {
      const report = await ctx.services.digitization.statistics(ctx.actor, { unitCode, from, to, groupBy });
      return report.rows.map(({ name, ...row }) => ({ ...row, label: statisticsLabel(report.groupBy, { key: row.key, name }, ctx.lang) }));
    });
  }
}

/** The dossier's code for the download path (the mutation has just read the dossier, so it exists). */
async function codeOf(ctx: GraphQLContext, dossierId: number): Promise<string | null> {
  const [row] = await ctx.services.dossierReader.byIds([dossierId]);
  return row?.code ?? null;
}
