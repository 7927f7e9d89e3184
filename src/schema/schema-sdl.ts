import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildApiSchema } from './build-schema.js';

/** The file front-end teams generate clients from, at the repository root. */
export const SCHEMA_FILE = 'schema.graphql';

const HEADER = `# The GraphQL schema of the motcua API, generated from the code by \`npm run schema\`: do not edit.
# Types and fields are sorted by name, so that the file changes only where the API does.
# The binding contract (names and meanings) is contract.graphql in the design documents.
`;

/** The API's SDL as committed in schema.graphql. */
export async function apiSchemaSdl(): Promise<string> {
  return `${HEADER}\n${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
