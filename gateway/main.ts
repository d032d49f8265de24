import { readFileSync } from 'node:fs';
import { loadCallersConfig, type CallersConfig } from './auth/index.js';
import { loadGatewayConfig, startGateway, type GatewayConfig } from './index.js';

let config: GatewayConfig;
let callers: CallersConfig;
try {
  config = loadGatewayConfig(process.env);
  callers = loadCallersConfig(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const warning = callers.warning();
if (warning) console.warn(warning);
const supergraphSdl = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
const gateway = await startGateway(
  {
    supergraphSdl,
    subgraphUrls: config.subgraphUrls,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    maxBodyBytes: config.maxBodyBytes,
    requestDeadlineMs: config.requestDeadlineMs,
    sharedSecret: config.sharedSecret,
    callers,
    auditLogPath: config.auditLogPath,
    limits: config.limits,
    production: config.production,
    verifyRatePerMinute: config.verify.ratePerMinute,
    ...(config.verify.baseUrl ? { verifyBaseUrl: config.verify.baseUrl } : {}),
    logLevel: config.logLevel,
  },
  config.http,
);
console.log(`gateway listening on ${gateway.url}`);
const stop = () => gateway.stop().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
