/** The portal's dossier list through GraphQL vs a raw node:http + pg handler (issue 2). */
export async function run(): Promise<void> {
  throw new Error('not written yet');
}
