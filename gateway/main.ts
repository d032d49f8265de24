import { readFileSync } from 'node:fs';
import { createOperatorTokenVerifier, loadCallersConfig, type CallersConfig, type OperatorTokenVerifier } from './auth/index.js';
import { loadGatewayConfig, startGateway, type GatewayConfig } from './index.js';

let config: GatewayConfig;
let callers: CallersConfig;
let operatorTokens: OperatorTokenVerifier | null;
try {
  config = loadGatewayConfig(process.env);
  callers = loadCallersConfig(process.env);
  // A JWKS file is read and checked now: a bad one stops the start, naming the problem.
  operatorTokens = config.operatorTokens ? createOperatorTokenVerifier(config.operatorTokens) : null;
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const warning = callers.warning();
if (warning) console.warn(warning);
console.log(
  operatorTokens
    ? `operator tokens (X-Operator-Token) verified with the keys from ${operatorTokens.source}`
    : 'no identity provider configured (OPERATOR_JWKS_*): operators can only be asserted (X-Operator)',
);
const supergraphSdl = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
const gateway = await startGateway(
  {
    operatorTokens,
    supergraphSdl,
    subgraphUrls: config.subgraphUrls,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    maxBodyBytes: config.maxBodyBytes,
    requestDeadlineMs: config.requestDeadlineMs,
    sharedSecret: config.sharedSecret,
    callers,
    auditLogPath: config.auditLogPath,
    engines: config.engines,
    trustedProxies: config.trustedProxies,
    ...(config.replicaName ? { replicaName: config.replicaName } : {}),
    limits: config.limits,
    production: config.production,
    verifyRatePerMinute: config.verify.ratePerMinute,
    ...(config.verify.baseUrl ? { verifyBaseUrl: config.verify.baseUrl } : {}),
    logLevel: config.logLevel,
    jobs: config.jobs,
  },
  config.http,
).catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
console.log(`gateway listening on ${gateway.url}`);
const stop = () =>
  gateway.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
