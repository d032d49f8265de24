export { createEconomySimulator, ECONOMY_QUERY_PATH, ECONOMY_KEY_HEADER, type EconomySimulatorOptions } from './economy-simulator.js';
