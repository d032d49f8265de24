export {
  readBody,
  headerMap,
  sendJson,
  sendGraphQLError,
  parseJsonBody,
  executeGraphQL,
  writeGraphQLResponse,
  listen,
  closeServer,
} from './graphql-http.js';
export {
  signRequest,
  verifyRequest,
  createMemoryNonceStore,
  SIGNATURE_HEADER,
  DEADLINE_HEADER,
  CATALOGUE_VERSION_HEADER,
  DEV_SUBGRAPH_SECRET,
  SIGNATURE_TOLERANCE_MS,
  type SignatureCheck,
  type SignatureRefusal,
  type NonceStore,
  type MemoryNonceStore,
  type MemoryNonceStoreOptions,
  type VerifyOptions,
} from './request-signature.js';
export { createRedisNonceStore, type RedisNonceStoreOptions } from './redis-nonce-store.js';
