export { createTaxSimulator, type TaxSimulatorOptions } from './simulator.js';
