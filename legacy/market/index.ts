export { createMarketSimulator, QYXX_BATCH_LIMIT, type MarketSimulatorOptions } from './market-simulator.js';
