export { createEnvironmentSimulator, type EnvironmentSimulatorOptions } from './environment-simulator.js';
