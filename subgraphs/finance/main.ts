import { runSubgraphMain } from '../shared/index.js';
import { financeSubgraph } from './index.js';

await runSubgraphMain(financeSubgraph);
