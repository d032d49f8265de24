/** The stack for browser tests: the whole system in-process, with deadlines for a loaded machine. */
import { startStack, type Stack, type StackOptions } from '../../support/stack.js';
import { DEPARTMENT_REGISTRY } from '../../../common/departments.js';

const SYSTEMS = DEPARTMENT_REGISTRY.map((d) => d.envPrefix);

/**
 * `startStack` with generous deadlines: a browser and another test file share two cores, and a
 * department answering slowly must not turn a verdict the test expects into INCOMPLETE. Faults the
 * tests inject (a system down, a subgraph stopped) refuse connections at once, so they still fail fast.
 */
export function startBrowserStack(options: StackOptions = {}): Promise<Stack> {
  return startStack({
    subgraphTimeoutMs: 12_000,
    requestDeadlineMs: 15_000,
    ...options,
    env: {
      ...Object.fromEntries(
        SYSTEMS.flatMap((p) => [
          [`${p}_LEGACY_TIMEOUT_MS`, '10000'],
          [`${p}_LEGACY_CONNECT_TIMEOUT_MS`, '5000'],
        ]),
      ),
      ...options.env,
    },
  });
}
