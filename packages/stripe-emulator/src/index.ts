export type { FaultSpec } from './control/faults.js';
export type { RequestHold } from './control/request-holds.js';
export type { RequestLogEntry } from './control/request-log.js';
export { type Emulator, type EmulatorOptions, startEmulator } from './emulator.js';
export {
  type DeliveryMode,
  signPayload,
  type WebhookAttempt,
  type WebhookOutage,
} from './events/webhooks.js';
export { dashboardPortalDefaults, defaultPortalConfigurationId, type EmulatorSeed } from './seed.js';
export type { EmulatorState } from './state/state.js';
