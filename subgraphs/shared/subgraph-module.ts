import type { DepartmentName } from '../../common/departments.js';
import type { RunningServer } from './subgraph-server.js';

/** Everything the launcher, the compose script and the tests need from one subgraph. */
export interface SubgraphModule<Config, StartOptions extends { clock?: () => Date } = { clock?: () => Date }> {
  /** Name in the supergraph (`credit`, `market`, `tax`, …). */
  readonly name: string;
  /** The department it serves (absent for the credit subgraph). */
  readonly department?: DepartmentName;
  /** Its full SDL (own schema + shared types), as composed into the supergraph. */
  sdl(): string;
  /** Validated configuration from the environment (pure; throws one message naming every bad variable). */
  loadConfig(env: Record<string, string | undefined>): Config;
  /** Build and listen. `clock` decides "today" for finding states; defaults to the system clock. */
  start(config: Config, options?: StartOptions): Promise<RunningServer>;
}
