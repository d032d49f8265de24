export { readBody, headerMap, sendJson, sendGraphQLError, parseJsonBody, executeGraphQL, writeGraphQLResponse, listen, closeServer } from './graphql-http.js';
export { signRequest, verifyRequest, SIGNATURE_HEADER, DEADLINE_HEADER, CATALOGUE_VERSION_HEADER, DEV_SUBGRAPH_SECRET, type SignatureCheck } from './request-signature.js';
