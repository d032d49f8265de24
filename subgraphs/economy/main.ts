import { runSubgraphMain } from '../shared/index.js';
import { economySubgraph } from './index.js';

await runSubgraphMain(economySubgraph);
