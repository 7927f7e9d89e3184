import '../node-version-guard.js';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { signToken } from '../auth/tokens.js';
import { resolveJwtSecret } from '../config.js';
import { Role } from '../domain/access/actor.js';

/**
 * Prints a bearer token for local use:
 *   npm run -s token -- --role OFFICER --unit 25123 [--sub officer-1] [--ttl 12h]
 * Signs with AUTH_JWT_SECRET, or in development with the secret the server keeps in the data folder.
 */
const { values } = parseArgs({
  options: {
    role: { type: 'string', default: Role.SYSTEM_ADMIN },
    unit: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '12h' },
  },
});

const role = values.role as Role;
if (!Object.values(Role).includes(role)) {
  process.stderr.write(`--role must be one of ${Object.values(Role).join(', ')}\n`);
  process.exit(2);
}
const sub = values.sub ?? (role === Role.CITIZEN ? '' : `${role.toLowerCase()}-${values.unit ?? 'all'}`);
try {
  const nodeEnv = (process.env.NODE_ENV ?? 'development') as 'development';
  const { jwtSecret, maxTokenTtlSeconds } = resolveJwtSecret(process.env, nodeEnv, resolve(process.env.DATA_DIR ?? '.data'));
  process.stdout.write(`${await signToken(jwtSecret, { sub, role, unit: values.unit ?? null }, values.ttl, maxTokenTtlSeconds)}\n`);
} catch (error) {
  process.stderr.write(`cannot mint a token: ${(error as Error).message}\n`);
  process.stderr.write('(OFFICER, LEADER, STATISTICIAN, PROVINCE_ADMIN and INTEGRATOR need --unit; CITIZEN needs --sub <citizen id>)\n');
  process.exit(2);
}
