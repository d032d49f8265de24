export { createSimulator, FAULTS, type Fault, type Simulator, type SimulatorOptions, type SimRequest, type SimResponse } from './simulator.js';
