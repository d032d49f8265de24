/**
 * Compose the supergraph from the subgraphs' SDL and write `schema/supergraph.graphql`
 * (`npm run compose`), or fail when the committed file is stale (`npm run compose:check`).
 * The subgraph URLs written into the supergraph are the local defaults; the gateway overrides
 * them from `<NAME>_SUBGRAPH_URL`.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPH_MODULES } from '../subgraphs/index.js';
import { SUBGRAPHS, type SubgraphName } from '../gateway/config.js';
import { JOBS_SUBGRAPH, jobsSdl } from '../gateway/jobs/jobs-subgraph.js';

const target = new URL('../schema/supergraph.graphql', import.meta.url);
const check = process.argv.includes('--check');

const result = composeServices([
  ...SUBGRAPH_MODULES.map((m) => ({
    name: m.name,
    typeDefs: parse(m.sdl()),
    url: `http://127.0.0.1:${SUBGRAPHS[m.name as SubgraphName]}/`,
  })),
  // Bulk check jobs run inside the gateway (gateway/jobs): the URL is never called, the gateway
  // answers this subgraph in process.
  { name: JOBS_SUBGRAPH, typeDefs: parse(jobsSdl()), url: 'http://127.0.0.1:4000/jobs-in-gateway' },
]);
if (result.errors) {
  console.error('Composition failed:');
  for (const e of result.errors) console.error(`  - ${e.message}`);
  process.exit(1);
}
const sdl = result.supergraphSdl.trimEnd() + '\n';
if (check) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== sdl) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result.');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is up to date.');
} else {
  writeFileSync(target, sdl);
  console.log(`wrote schema/supergraph.graphql (${SUBGRAPH_MODULES.length + 1} subgraphs)`);
}
