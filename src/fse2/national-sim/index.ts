/** The bundled national FSE 2.0 Gateway simulator (issue 20 item 3), started in demo mode. */
export { startNationalSimulator, type NationalSimulator, type SimChaos } from './simulator.ts';
export type { Received, SimDocument, SimState } from './state.ts';
