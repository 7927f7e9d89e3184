import { ConnectorError, ErrorClass, type Connector, type IdentityAnswer } from '../sdk/index.js';

/**
 * VNeID, the national electronic identity: does a citizen id have an account, and at which level
 * (1 self-registered, 2 verified in person with a chip card). Asked during intake of online
 * filings of FULL procedures, so its calls are short (2 s, no in-call retry) and a tripped circuit
 * answers at once: intake never waits on it; an unanswered check leaves the filing PENDING and a
 * scheduled job verifies it later. It delivers no dossier changes.
 */
/** A well-formed id no citizen holds (000 is no province code). */
const PROBE_CITIZEN_ID = '000000000000';

export const vneidConnector: Connector = {
  key: 'vneid',
  name: 'VNeID – Định danh và xác thực điện tử',
  defaults: { timeoutMs: 2_000, retries: 0, breakerThreshold: 3, breakerHalfOpenMs: 15_000 },

  // It receives no dossier changes (no push).
  handles: () => false,

  /**
   * Lets a CONFIG block (a refused token, a wrong URL) lift by itself once fixed: an authenticated
   * look-up of an id no citizen holds (province code 000), so no one's data is asked for.
   */
  async checkHealth(ctx) {
    await ctx.http.request({ method: 'GET', path: `/citizens/${PROBE_CITIZEN_ID}`, accept: [404] });
  },

  async verifyIdentity(citizenId, ctx): Promise<IdentityAnswer> {
    const answer = await ctx.http.request<{ exists?: boolean; level?: number }>({
      method: 'GET',
      path: `/citizens/${encodeURIComponent(citizenId)}`,
      accept: [404],
    });
    if (answer.status === 404 || answer.body?.exists === false) return { exists: false };
    const level = answer.body?.level;
    if (answer.body?.exists !== true || (level !== 1 && level !== 2)) {
      throw new ConnectorError(ErrorClass.TRANSIENT, 'answer without exists and a level of 1 or 2');
    }
    return { exists: true, level };
  },
};
