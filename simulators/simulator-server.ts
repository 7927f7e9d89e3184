import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgencySystemSimulator, agencySystemSettingsSchema } from './agency-system.simulator.js';
import { BusinessRegistrationSimulator, businessRegistrationSettingsSchema } from './business-registration.simulator.js';
import { CivilStatusSimulator, civilStatusSettingsSchema, type CivilStatusHandle } from './civil-status.simulator.js';
import { EmcSimulator, emcSettingsSchema, type EmcHandle } from './emc.simulator.js';
import { NotifySimulator, notifySettingsSchema, type NotifyHandle } from './notify.simulator.js';
import { PaymentSimulator, paymentSettingsSchema, type PaymentHandle } from './payment.simulator.js';
import { envKeyOf } from '../src/connectors/sdk/connector-settings.js';
import { PendingTimers } from './pending-timers.js';
import { sendJson } from './sim-http.js';
import {
  SYSTEM_NAMES,
  type BusinessRegistrationSettings,
  type FaultSettings,
  type SettingsInput,
  type SettingsSchema,
  type SystemName,
} from './sim-settings.js';
import { SILENT_LOGGER, type SimRuntime, type SimulatedSystem, type SimulatorHandle, type SimulatorLogger } from './simulated-system.js';
import { VneidSimulator, vneidSettingsSchema, type VneidHandle } from './vneid.simulator.js';

export interface StartSimulatorsOptions {
  /** Port to listen on; 0 (the default) takes a free one, which is what tests and embedding want. */
  port?: number;
  /** Address to listen on; 127.0.0.1 by default (the simulators have no authentication of their own). */
  host?: string;
  /** Settings per system, applied over the defaults and the environment. */
  settings?: SettingsInput;
  /** Where SIM_* variables are read from: process.env by default; pass {} to ignore the environment. */
  env?: Record<string, string | undefined>;
  /** Receives state changes at info and one line per request at debug; silent when absent. */
  logger?: SimulatorLogger;
}

export interface SimulatorSystems {
  emc: EmcHandle;
  'civil-status': CivilStatusHandle;
  vneid: VneidHandle;
  'business-registration': SimulatorHandle<BusinessRegistrationSettings>;
  notify: NotifyHandle;
  payment: PaymentHandle;
  'agency-system': SimulatorHandle<FaultSettings>;
}

export interface RunningSimulators {
  /** The server's base URL, e.g. http://127.0.0.1:4100 */
  url: string;
  port: number;
  /** Each system's base URL (what CONNECTOR_<KEY>_URL takes), e.g. http://127.0.0.1:4100/emc */
  urls: Record<SystemName, string>;
  systems: SimulatorSystems;
  /** Resets every system (see SimulatorHandle.reset). */
  reset(): void;
  /** Requests being delayed or held right now (latency, the "timeout" fault). */
  heldRequests(): number;
  /** Closes the server, its connections and any held request; resolves when closed. Idempotent. */
  stop(): Promise<void>;
}

/** The connector variable that takes a system's URL: civil-status -> CONNECTOR_CIVIL_STATUS_URL. */
export function connectorUrlVariableOf(system: SystemName): string {
  return `CONNECTOR_${envKeyOf(system)}_URL`;
}

/** The lines to paste into the server's environment to point every connector at these simulators. */
export function connectorEnvLines(urls: Record<SystemName, string>): string[] {
  return SYSTEM_NAMES.map((system) => `${connectorUrlVariableOf(system)}=${urls[system]}`);
}

function createSystems(env: Record<string, string | undefined>, input: SettingsInput, runtime: SimRuntime) {
  const create = <S extends FaultSettings, T extends SimulatedSystem<S>>(
    System: new (name: SystemName, schema: SettingsSchema<S>, settings: S, runtime: SimRuntime) => T,
    schema: SettingsSchema<S>,
  ): T => new System(schema.system, schema, schema.resolve(env, input[schema.system] as Partial<S> | undefined), runtime);
  return {
    emc: create(EmcSimulator, emcSettingsSchema),
    'civil-status': create(CivilStatusSimulator, civilStatusSettingsSchema),
    vneid: create(VneidSimulator, vneidSettingsSchema),
    'business-registration': create(BusinessRegistrationSimulator, businessRegistrationSettingsSchema),
    notify: create(NotifySimulator, notifySettingsSchema),
    payment: create(PaymentSimulator, paymentSettingsSchema),
    'agency-system': create(AgencySystemSimulator, agencySystemSettingsSchema),
  } satisfies SimulatorSystems;
}

/** A URL host for the address the server listens on: a wildcard address is reached on loopback. */
function urlHostOf(address: string): string {
  if (address === '0.0.0.0' || address === '::' || address === '') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * Starts one HTTP server that serves every simulated system under its path prefix
 * (/emc, /civil-status, /vneid, /business-registration, /notify, /payment, /agency-system). Throws SettingsError when a
 * setting (option or SIM_* variable) is invalid, and the listen error when the port is taken.
 */
export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const logger = options.logger ?? SILENT_LOGGER;
  const timers = new PendingTimers();
  const systems = createSystems(options.env ?? process.env, options.settings ?? {}, { logger, timers });
  const bySegment = new Map<string, SimulatedSystem<FaultSettings>>(
    SYSTEM_NAMES.map((name) => [name, systems[name] as SimulatedSystem<FaultSettings>]),
  );
  let urls = {} as Record<SystemName, string>;
  const resetAll = () => SYSTEM_NAMES.forEach((name) => systems[name].reset());

  const serveRoot = (req: IncomingMessage, res: ServerResponse, segments: string[]) => {
    const route = `${req.method} /${segments.join('/')}`;
    if (route === 'GET /') sendJson(res, 200, { systems: urls, env: connectorEnvLines(urls) });
    else if (route === 'GET /healthz') sendJson(res, 200, { status: 'ok' });
    else if (route === 'POST /_sim/reset') {
      resetAll();
      sendJson(res, 200, { reset: true });
    } else sendJson(res, 404, { error: 'NOT_FOUND', message: `no system at /${segments[0] ?? ''}; systems: ${SYSTEM_NAMES.join(', ')}` });
  };

  const server = createServer((req, res) => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
    let segments: string[];
    try {
      segments = (q === -1 ? raw : raw.slice(0, q)).split('/').filter((s) => s !== '').map(decodeURIComponent);
    } catch {
      sendJson(res, 400, { error: 'INVALID_PATH', message: 'the path is not valid percent-encoding' });
      return;
    }
    const system = bySegment.get(segments[0] ?? '');
    if (system) void system.handle(req, res, segments.slice(1), query);
    else serveRoot(req, res, segments);
  });
  // Connectors keep connections alive between deliveries; outlive their idle timeouts.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${urlHostOf(address.address)}:${address.port}`;
  urls = Object.fromEntries(SYSTEM_NAMES.map((name) => [name, `${url}/${name}`])) as Record<SystemName, string>;
  logger.info({ url }, 'simulators listening');

  let stopped: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    urls,
    systems,
    reset: resetAll,
    heldRequests: () => timers.size,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        timers.releaseAll();
        logger.info({ url }, 'simulators stopped');
      });
      return stopped;
    },
  };
}
