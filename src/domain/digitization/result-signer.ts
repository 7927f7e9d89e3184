/** What a signing service answers for an electronic result. */
export interface ResultSignature {
  /** The signature (e.g. a detached CMS/PKCS#7 in base64), as the signing service gives it. */
  signature: string;
  /** Who signed: the certificate's subject, as the public verification page shows it. */
  signer: string;
}

/**
 * The hook for a real signing service (a CA's remote signing, the province's signing server, later
 * reached through an HTTP connector): called with the SHA-256 and bytes of each electronic result
 * as it is issued, in the dossier's change transaction. Null means "not signed": the result is
 * then verifiable by its checksum only. Throwing rolls the RESOLVE back, so a signer that may be
 * unavailable must answer null rather than throw.
 */
export interface ResultSigner {
  sign(sha256: string, bytes: Buffer): Promise<ResultSignature | null>;
}

/** The default: no signing service is configured, results are issued unsigned (checksum only). */
export const unsignedResults: ResultSigner = {
  async sign() {
    return null;
  },
};
