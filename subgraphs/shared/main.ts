import type { SubgraphModule } from './subgraph-module.js';

/**
 * The whole of a subgraph's `main.ts`: read the environment, start, say where, stop on a signal.
 * A configuration error is printed and exits 1 before anything listens.
 */
export async function runSubgraphMain<C>(module: SubgraphModule<C>): Promise<void> {
  let config: C;
  try {
    config = module.loadConfig(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const server = await module.start(config);
  console.log(`${module.name} subgraph listening on ${server.url}`);
  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
