import { runSubgraphMain } from '../shared/index.js';
import { environmentSubgraph } from './index.js';

await runSubgraphMain(environmentSubgraph);
