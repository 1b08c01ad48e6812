export { startSimulator, SmscSimulator } from './simulator.ts';
export type { RunningSimulator, SimulatorControl, SimulatorOptions, SimulatorStats } from './simulator.ts';
export {
  defaultSimulatorConfig,
  SimulatorConfigError,
  SimulatorConfigPatchSchema,
  SimulatorConfigSchema,
  type DeliveryLatency,
  type SimulatorConfig,
  type SimulatorConfigPatch,
} from './config.ts';
export { ManualClock, ScaledClock, type SimClock } from './clock.ts';
export type { PhoneMessage, PhoneSummary } from './phones.ts';
export type { SessionStats } from './session.ts';
export { parseSmscEnv, SmscEnvError, SmscEnvSchema, type SmscSettings } from './env.ts';
