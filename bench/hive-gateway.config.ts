/**
 * Hive Gateway's configuration for the `overhead` scenario (loaded with `--config-path`).
 *
 * Our subgraphs answer only requests signed by a gateway (`x-gateway-signature`, HMAC of the body
 * with `SUBGRAPH_SHARED_SECRET`), so Hive Gateway signs each subgraph request the same way our
 * gateway does — the same work on both sides. Nothing else is configured: no response cache, no
 * telemetry, no usage reporting, one process.
 *
 * The supergraph it serves is composed by the bench (`startHive` in system.ts) without the `jobs`
 * subgraph, which our gateway answers in process (gateway/jobs) and which has no server to send
 * requests to; nothing here needs to know about it.
 */
import { defineConfig } from '@graphql-hive/gateway';
import { SIGNATURE_HEADER, signRequest } from '../common/http/index.js';

const secret = process.env.SUBGRAPH_SHARED_SECRET;
if (!secret) throw new Error('SUBGRAPH_SHARED_SECRET is not set');

export const gatewayConfig = defineConfig({
  plugins: () => [
    {
      onFetch({ options, setOptions }) {
        // Subgraph requests carry the GraphQL request as a JSON string body.
        if (typeof options.body !== 'string') return;
        const headers = new Headers(options.headers as HeadersInit | undefined);
        headers.set(SIGNATURE_HEADER, signRequest(secret, options.body));
        setOptions({ ...options, headers: Object.fromEntries(headers) });
      },
    },
  ],
});
