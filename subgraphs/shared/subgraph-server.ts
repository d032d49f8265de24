import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode } from 'graphql';

const SHARED_TYPES_URL = new URL('./shared-types.graphql', import.meta.url);

/**
 * A subgraph's full SDL: its own `schema.graphql` followed by the shared types
 * (`SourceStatus`, `CreditFinding`, their enums) that every department uses identically.
 */
export function readSubgraphSdl(schemaUrl: URL, options: { sharedTypes?: boolean } = {}): string {
  const own = readFileSync(schemaUrl, 'utf8');
  return options.sharedTypes === false ? own : own + '\n' + readFileSync(SHARED_TYPES_URL, 'utf8');
}

export interface SubgraphServerOptions<C extends object> {
  /** Subgraph name as the supergraph knows it (`tax`, `market`, …). */
  name: string;
  typeDefs: DocumentNode | string;
  // The resolver map's context type is the subgraph's own context.
  resolvers: GraphQLResolverMap<C>;
  /** Builds the per-request context (one DataLoader set per request). */
  context: () => C | Promise<C>;
}

export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4003/`. */
  url: string;
  stop(): Promise<void>;
}

/** Build and start a subgraph on `host:port` (port 0 = ephemeral). */
export async function startSubgraphServer<C extends object>(
  options: SubgraphServerOptions<C>,
  listen: { port: number; host?: string },
): Promise<RunningServer> {
  const typeDefs = typeof options.typeDefs === 'string' ? parse(options.typeDefs) : options.typeDefs;
  const server = new ApolloServer<C>({
    schema: buildSubgraphSchema({ typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }),
    // Subgraphs are reached only by the gateway; traces would cost time on every entity fetch.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: it stops the server, closes the legacy dispatchers and exits.
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: listen.port, host: listen.host ?? '127.0.0.1' },
    context: async () => options.context(),
  });
  return { url, stop: () => server.stop() };
}
