export { createGateway, startGateway, type GatewayOptions, type RunningGateway } from './create-gateway.js';
export { SubgraphDataSource, type SubgraphDataSourceOptions, type SubgraphFailureCode } from './subgraph-data-source.js';
export { loadGatewayConfig, SUBGRAPHS, type GatewayConfig, type SubgraphName } from './config.js';
