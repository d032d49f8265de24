import { readFileSync } from 'node:fs';
import { loadGatewayConfig, startGateway } from './index.js';

let config;
try {
  config = loadGatewayConfig(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const supergraphSdl = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
const gateway = await startGateway(
  {
    supergraphSdl,
    subgraphUrls: config.subgraphUrls,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    maxBodyBytes: config.maxBodyBytes,
    requestDeadlineMs: config.requestDeadlineMs,
    sharedSecret: config.sharedSecret,
  },
  config.http,
);
console.log(`gateway listening on ${gateway.url}`);
const stop = () => gateway.stop().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
