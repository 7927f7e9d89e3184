import { join } from 'node:path';
import type { Config } from '../../config.js';
import { citizenKeySecretOf } from './citizen-key.js';
import { FsDocumentStore, type DocumentStore } from './document-store.js';
import { unsignedResults, type ResultSigner } from './result-signer.js';

/** What digitization needs from the process: where files go, the citizen key, the signing hook, the public address. */
export interface DigitizationSettings {
  store: DocumentStore;
  /** The key of `citizen_key` (citizen-key.ts). */
  citizenKeySecret: string;
  signer: ResultSigner;
  /** Printed on each electronic result: {publicBaseUrl}/verify/result. */
  publicBaseUrl: string;
}

/** Files under `<DATA_DIR>/documents`, the citizen key derived from the server's secret, results unsigned until a signing service is wired. */
export function digitizationSettingsOf(config: Config, signer: ResultSigner = unsignedResults): DigitizationSettings {
  return {
    store: new FsDocumentStore(join(config.dataDir, 'documents')),
    citizenKeySecret: citizenKeySecretOf(config.auth.jwtSecret),
    signer,
    publicBaseUrl: config.publicBaseUrl,
  };
}

export function verifyPageUrlOf(settings: Pick<DigitizationSettings, 'publicBaseUrl'>): string {
  return `${settings.publicBaseUrl}/verify/result`;
}
