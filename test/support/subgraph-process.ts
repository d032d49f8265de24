/**
 * One subgraph as its own process (`node --import tsx subgraphs/<name>/main.ts`) on an ephemeral
 * loopback port, for tests that kill a replica with SIGKILL — which an in-process server, closed
 * politely, cannot show. Killed if the test process exits first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export interface SubgraphProcess {
  /** The subgraph's GraphQL endpoint, as it printed it. */
  readonly url: string;
  readonly pid: number;
  /** Is it running now? */
  readonly running: boolean;
  /** Kill it (SIGKILL by default: a crash) and wait until it has exited; idempotent. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Start subgraph `name` with `env` (over this process's environment, with the subgraph's port set
 * to 0); resolves once it prints where it listens, or rejects with its output if it exits first.
 */
export async function startSubgraphProcess(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<SubgraphProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `subgraphs/${name}/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, [`${name.toUpperCase()}_SUBGRAPH_PORT`]: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} subgraph did not listen within ${timeoutMs} ms: ${output.slice(-2000)}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      const m = / subgraph listening on (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} subgraph exited before it listened: ${output.slice(-2000)}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
