import '../src/node-version-guard.js';
import { createLogger } from '../src/logger.js';
import { connectorEnvLines, SettingsError, startSimulators, SYSTEM_NAMES } from './index.js';

/**
 * `npm run simulators`: every simulated system on one port (SIMULATORS_PORT, default 4100; host
 * SIMULATORS_HOST or HOST, default 127.0.0.1), with the settings of the SIM_* variables. Prints
 * each system's URL and the CONNECTOR_*_URL lines to paste into the server's environment; SIGTERM
 * or SIGINT stops it.
 */
function portOf(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 4100;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`SIMULATORS_PORT must be a port number (0-65535), not "${text}"\n`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const env = process.env;
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'info', pretty: process.stdout.isTTY }).child({ component: 'simulators' });
  let simulators;
  try {
    simulators = await startSimulators({
      port: portOf(env.SIMULATORS_PORT),
      host: env.SIMULATORS_HOST || env.HOST || '127.0.0.1',
      env,
      logger,
    });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`simulator settings error: ${error.message}\n`);
    process.exit(2);
  }

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await simulators.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());

  const width = Math.max(...SYSTEM_NAMES.map((name) => name.length));
  process.stdout.write(
    [
      `motcua simulators on ${simulators.url}`,
      ...SYSTEM_NAMES.map((name) => `  ${name.padEnd(width)}  ${simulators.urls[name]}`),
      '',
      "Point the server's connectors at them:",
      ...connectorEnvLines(simulators.urls),
      '',
      'Fault injection: SIM_<SYSTEM>_* variables, or PUT <system url>/_sim/settings (see docs/simulators.md).',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`the simulators failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
