/** Every subgraph of the supergraph, in composition order. Only the launcher and the compose script read this. */
import { creditSubgraph } from './credit/index.js';
import { marketSubgraph } from './market/index.js';
import { taxSubgraph } from './tax/index.js';
import { courtsSubgraph } from './courts/index.js';
import { environmentSubgraph } from './environment/index.js';
import { economySubgraph } from './economy/index.js';
import type { SubgraphModule } from './shared/index.js';

export const SUBGRAPH_MODULES: readonly SubgraphModule<unknown>[] = [
  creditSubgraph,
  marketSubgraph,
  taxSubgraph,
  courtsSubgraph,
  environmentSubgraph,
  economySubgraph,
] as SubgraphModule<never>[] as SubgraphModule<unknown>[];
