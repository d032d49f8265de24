import { runSubgraphMain } from '../shared/index.js';
import { courtsSubgraph } from './index.js';

await runSubgraphMain(courtsSubgraph);
