/** Every subgraph of the supergraph, in composition order: the credit subgraph, then the departments in registry order. */
import { creditSubgraph } from './credit/index.js';
import { DEPARTMENT_SUBGRAPHS } from './departments.generated.js';
import type { SubgraphModule } from './shared/index.js';

export const SUBGRAPH_MODULES: readonly SubgraphModule<unknown>[] = [
  creditSubgraph,
  ...DEPARTMENT_SUBGRAPHS,
] as SubgraphModule<never>[] as SubgraphModule<unknown>[];
