import { runSubgraphMain } from '../shared/main.js';
import { creditSubgraph } from './index.js';

await runSubgraphMain(creditSubgraph);
