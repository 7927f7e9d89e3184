import '../node-version-guard.js';
import 'reflect-metadata';
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { Role, type Actor } from '../domain/access/actor.js';
import { CatalogFormat, CatalogImportService, MAX_CATALOG_FILE_BYTES, type CatalogImportReport } from '../domain/catalog-import/catalog-import.service.js';
import { isDomainError } from '../domain/errors.js';
import { EForms } from '../domain/forms/e-forms.js';
import { ProcedureService } from '../domain/procedure/procedure.service.js';
import { ProvinceProcessingTimeService } from '../domain/procedure/province-processing-time.service.js';
import { UnitService } from '../domain/unit/unit.service.js';
import { createLogger } from '../logger.js';
import { toUserErrors } from '../schema/errors.js';
import { messageFor, type Language } from '../schema/messages.js';
import { withMigratedDatabase } from './cli-database.js';

/**
 * Imports a catalogue file on the server's database, as an operator of the machine (SYSTEM_ADMIN):
 *   npm run catalog:import -- --file danh-muc.xlsx [--province 68] [--decision "Quyết định ..."] [--dry-run] [--lang en]
 * The format follows the extension (.json: the national database's export, .xlsx: a province's
 * list). Uses DATABASE_URL, or the embedded database of DATA_DIR. Exit status: 0 every row imported,
 * 3 some rows reported (the others imported), 1 nothing imported (whole-file error), 2 bad arguments.
 */
const OPERATOR: Actor = { sub: 'catalog-import-cli', role: Role.SYSTEM_ADMIN, unitCode: null };

function formatOf(path: string): CatalogFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return CatalogFormat.JSON;
  if (ext === '.xlsx') return CatalogFormat.XLSX;
  throw new ConfigError('--file must be a .json (national database export) or .xlsx (province list) file');
}

export function printReport(report: CatalogImportReport, lang: Language, write: (line: string) => void): void {
  write(
    `${report.dryRun ? 'dry run (nothing written): ' : ''}${report.rows} rows${report.provinceCode ? ` for province ${report.provinceCode}` : ' (national)'}: ` +
      `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.provinceTimes} province times, ${report.failedRows} rows not imported`,
  );
  for (const f of report.failed) {
    write(`  row ${String(f.row).padStart(5)}  ${(f.procedureCode ?? '').padEnd(10)}  ${f.code.padEnd(30)} ${f.column ? `[${f.column}] ` : ''}${messageFor(f.code, lang, f.params)}`);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      province: { type: 'string' },
      decision: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      lang: { type: 'string', default: 'vi' },
    },
  });
  if (!values.file) throw new ConfigError('--file is required');
  const lang: Language = values.lang === 'en' ? 'en' : 'vi';
  const format = formatOf(values.file);
  if (statSync(values.file).size > MAX_CATALOG_FILE_BYTES) throw new ConfigError(`${values.file} is over ${MAX_CATALOG_FILE_BYTES} bytes`);
  const file = readFileSync(values.file);

  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  return withMigratedDatabase(config, logger, async (orm) => {
    const units = new UnitService(orm);
    const provinceTimes = new ProvinceProcessingTimeService(orm);
    const service = new CatalogImportService(orm, new ProcedureService(orm, new EForms()), provinceTimes, units);
    const started = performance.now();
    try {
      const report = await service.import(OPERATOR, { format, file, provinceCode: values.province ?? null, decision: values.decision ?? null, dryRun: values['dry-run'] });
      printReport(report, lang, (line) => process.stdout.write(`${line}\n`));
      process.stdout.write(`took ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
      return report.failedRows > 0 ? 3 : 0;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      for (const e of toUserErrors(error, lang)) process.stderr.write(`${e.code}: ${e.message}\n`);
      return 1;
    }
  });
}

// Exits explicitly, as main.ts does: the embedded cluster's own exit hook is not meant to run here.
main().then((status) => process.exit(status), (error: unknown) => {
  process.stderr.write(`catalogue import failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError || (error as NodeJS.ErrnoException).code === 'ENOENT' ? 2 : 1);
});
