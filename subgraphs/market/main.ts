import { runSubgraphMain } from '../shared/index.js';
import { marketSubgraph } from './index.js';

await runSubgraphMain(marketSubgraph);
