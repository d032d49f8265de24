import { runSubgraphMain } from '../shared/index.js';
import { hrssSubgraph } from './index.js';

await runSubgraphMain(hrssSubgraph);
