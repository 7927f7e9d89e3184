import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, registerEnumType, Resolver } from 'type-graphql';
import { CatalogFormat, type CatalogImportReport } from '../domain/catalog-import/catalog-import.service.js';
import type { RowFailure } from '../domain/catalog-import/catalog-row.js';
import type { GraphQLContext } from './context.js';
import { asMutation, UserError } from './errors.js';
import { messageFor, type Language } from './messages.js';

registerEnumType(CatalogFormat, {
  name: 'CatalogFormat',
  description: "JSON: the national database's export (CSDL quốc gia về TTHC); XLSX: a province's published list (docs/catalog.md)",
});

@InputType()
export class ImportProcedureCatalogInput {
  @Field(() => CatalogFormat)
  format!: CatalogFormat;

  @Field({ description: 'The file, base64 (at most 6 MB decoded)' })
  fileBase64!: string;

  @Field(() => String, {
    nullable: true,
    description: "Import a province's list: its times become the province's own. Absent: a national import (SYSTEM_ADMIN), or a PROVINCE_ADMIN's own province",
  })
  provinceCode?: string | null;

  @Field(() => String, { nullable: true, description: 'The decision publishing the list, e.g. "Quyết định 1234/QĐ-UBND ngày 01/08/2025": the source of the province times' })
  decision?: string | null;

  @Field({ defaultValue: false, description: 'Check and count, write nothing' })
  dryRun!: boolean;
}

@ObjectType({ description: 'A row that was not imported (one entry per problem)' })
export class CatalogRowFailure {
  @Field(() => Int, { description: 'The spreadsheet row number as Excel shows it, or the JSON array index (from 0)' })
  row!: number;

  @Field({ description: 'Stable machine code, e.g. PROCESSING_TIME_UNPARSEABLE' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'The procedure code the row gives, as written' })
  procedureCode?: string | null;

  @Field(() => String, { nullable: true, description: 'The column title (or JSON key) at fault; null when the whole row is' })
  field?: string | null;

  @Field()
  message!: string;
}

@ObjectType()
export class ImportProcedureCatalogPayload {
  @Field({ description: 'True when nothing was written (dryRun)' })
  dryRun!: boolean;

  @Field(() => String, { nullable: true, description: 'The province whose times were imported; null for a national import' })
  provinceCode!: string | null;

  @Field(() => Int, { description: 'Procedure rows read (group and title rows not counted)' })
  rows!: number;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int, { description: 'Province times written or removed' })
  provinceTimes!: number;

  @Field(() => Int, { description: 'Rows not imported' })
  failedRows!: number;

  @Field(() => [CatalogRowFailure])
  failed!: CatalogRowFailure[];

  @Field(() => [UserError], { description: 'Whole-file problems and refusals: then nothing was written' })
  userErrors!: UserError[];
}

export function rowFailureView(failure: RowFailure, lang: Language): CatalogRowFailure {
  return {
    row: failure.row,
    code: failure.code,
    procedureCode: failure.procedureCode,
    field: failure.column,
    message: messageFor(failure.code, lang, failure.params),
  };
}

const EMPTY: Omit<ImportProcedureCatalogPayload, 'userErrors'> = {
  dryRun: true, provinceCode: null, rows: 0, created: 0, updated: 0, unchanged: 0, provinceTimes: 0, failedRows: 0, failed: [],
};

@Resolver()
export class CatalogImportResolver {
  @Mutation(() => ImportProcedureCatalogPayload, {
    description: "Imports procedures from the national database's JSON export or a province's xlsx list; bad rows are reported, good rows imported",
  })
  async importProcedureCatalog(
    @Arg('input', () => ImportProcedureCatalogInput) input: ImportProcedureCatalogInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImportProcedureCatalogPayload> {
    return asMutation(
      ctx.lang,
      async () => {
        const report: CatalogImportReport = await ctx.services.catalogImport.import(ctx.actor, {
          format: input.format,
          file: { base64: input.fileBase64 },
          provinceCode: input.provinceCode,
          decision: input.decision,
          dryRun: input.dryRun,
        });
        return { ...report, failed: report.failed.map((f) => rowFailureView(f, ctx.lang)) };
      },
      EMPTY,
    );
  }
}
