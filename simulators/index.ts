/**
 * Local simulators of the specialized national systems (EMC, civil status, VNeID, business
 * registration, a notification gateway, a payment platform) and of an agency's own one-stop system,
 * with fault injection. See docs/simulators.md.
 */
export {
  connectorEnvLines,
  connectorUrlVariableOf,
  startSimulators,
  type RunningSimulators,
  type SimulatorSystems,
  type StartSimulatorsOptions,
} from './simulator-server.js';
export type { SimulatorHandle, SimulatorLogger } from './simulated-system.js';
export type { CivilStatusDossierView, CivilStatusHandle, CivilStatus } from './civil-status.simulator.js';
export type { CitizenRecord, VneidHandle, VneidLevel } from './vneid.simulator.js';
export type { DeliveredMessage, NotifyChannel, NotifyHandle } from './notify.simulator.js';
export type { PaymentHandle, PaymentResult, PaymentTransaction, PayRequest } from './payment.simulator.js';
export type { DroppedPush, ReceivedPush } from './push-store.js';
export type { DailyCountRow } from './daily-code-index.js';
export type { EmcHandle, HeldOnlineDossier } from './emc.simulator.js';
export { FAULT_HEADER, type Fault } from './fault-injector.js';
export { MALFORMED_BODY } from './sim-http.js';
export {
  DEFAULT_FAULT_SETTINGS,
  SettingsError,
  SYSTEM_NAMES,
  envPrefixOf,
  type BusinessRegistrationSettings,
  type CivilStatusSettings,
  type FaultSettings,
  type OutageWindow,
  type PaymentSettings,
  type SettingsBySystem,
  type SettingsInput,
  type SystemName,
} from './sim-settings.js';
