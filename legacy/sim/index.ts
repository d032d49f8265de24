export {
  createSimulator,
  FAULTS,
  type Fault,
  type Simulator,
  type SimulatorOptions,
  type SimRequest,
  type SimResponse,
  type SimulatorStats,
  type SimulatorLookups,
} from './simulator.js';
