import { runSubgraphMain } from '../shared/index.js';
import { taxSubgraph } from './index.js';

await runSubgraphMain(taxSubgraph);
