import { decodeJwt, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isValidCitizenId } from '../domain/citizen/citizen-id.js';
import { Role, UNIT_SCOPED_ROLES, type Actor } from '../domain/access/actor.js';

/**
 * Bearer tokens: HS256 JWTs with claims `sub`, `role` and `unit` (the unit code the scope is rooted
 * at). Verification results are cached until the token expires, since portals send the same token
 * on every request. Every token must expire (`exp`), within a bounded lifetime: a leaked token
 * without `exp`, or one minted for years, would otherwise open the API for ever.
 */
export class InvalidTokenError extends Error {}

const UNIT_CODE_RE = /^(\d{2}|\d{5})$/;
const ROLES = new Set<string>(Object.values(Role));
const CACHE_LIMIT = 10_000;
/** The longest lifetime a token may have unless configured otherwise (AUTH_TOKEN_MAX_TTL_HOURS). */
export const DEFAULT_MAX_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

export class TokenVerifier {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, { actor: Actor; expiresAt: number }>();

  constructor(
    secret: string,
    private readonly maxTtlSeconds: number = DEFAULT_MAX_TOKEN_TTL_SECONDS,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Actor> {
    const cached = this.cache.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.actor;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp'] }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp') throw new InvalidTokenError('token without exp');
      throw new InvalidTokenError('token invalid');
    }
    // Measured from issue when the token says (iat), and from now in any case: no token outlives the cap.
    const nowS = Math.floor(Date.now() / 1000);
    const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, nowS) : nowS;
    if (payload.exp! - issuedAt > this.maxTtlSeconds) throw new InvalidTokenError('token lifetime exceeds the maximum');
    const actor = actorFromClaims(payload);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, { actor, expiresAt: payload.exp! * 1000 });
    return actor;
  }
}

export function actorFromClaims(claims: Record<string, unknown>): Actor {
  const { sub, role, unit } = claims;
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('claim sub missing');
  if (typeof role !== 'string' || !ROLES.has(role)) throw new InvalidTokenError('claim role invalid');
  const r = role as Role;
  if (UNIT_SCOPED_ROLES.has(r) && (typeof unit !== 'string' || !UNIT_CODE_RE.test(unit))) {
    throw new InvalidTokenError('claim unit missing or invalid');
  }
  if (r === Role.CITIZEN && !isValidCitizenId(sub)) throw new InvalidTokenError('claim sub is not a citizen id');
  return { sub, role: r, unitCode: UNIT_SCOPED_ROLES.has(r) ? (unit as string) : null };
}

/**
 * Mints a token; refuses a lifetime above `maxTtlSeconds`, since the server would refuse the token
 * (better said by the tool that mints it than by every request).
 */
export async function signToken(
  secret: string,
  claims: { sub: string; role: Role; unit?: string | null },
  ttl: string = '12h',
  maxTtlSeconds: number = DEFAULT_MAX_TOKEN_TTL_SECONDS,
): Promise<string> {
  actorFromClaims(claims);
  const token = await new SignJWT({ role: claims.role, ...(claims.unit ? { unit: claims.unit } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
  const { iat, exp } = decodeJwt(token);
  if (exp! - iat! > maxTtlSeconds) {
    throw new InvalidTokenError(`ttl ${ttl} exceeds the maximum token lifetime (${maxTtlSeconds / 3600} h, AUTH_TOKEN_MAX_TTL_HOURS)`);
  }
  return token;
}
