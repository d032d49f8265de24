import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';

/** One process the supervisor keeps running. */
export interface ServiceDefinition {
  /** Name in logs and events (`economy`, `gateway`). */
  name: string;
  /** Arguments to this Node (`['--import', 'tsx', 'subgraphs/economy/main.ts']`). */
  args: readonly string[];
  /**
   * The whole environment of a start; called again for every restart, so that a restart can be given
   * the port the first start was. Default: this process's environment.
   */
  env?: () => Record<string, string | undefined>;
  /** A line on stdout that means the process is up (e.g. `/subgraph listening on/`). */
  readyLine: RegExp;
  /** Services that must be ready before this one is first started (restarts do not wait for them). */
  dependsOn?: readonly string[];
}

export interface SupervisorOptions {
  services: readonly ServiceDefinition[];
  /** Every event: output lines, starts, readiness, exits and the restart each one is followed by. */
  log: (event: SupervisorEvent) => void;
  /** Default `DEFAULT_BACKOFF`: 0.5 s doubling to 30 s, reset after 60 s ready. */
  backoff?: BackoffOptions;
  /** Working directory of every process. Default this process's. */
  cwd?: string;
  /** A (re)started process that has not printed its ready line by then is killed and restarted. Default 60 s. */
  readyTimeoutMs?: number;
  /** `stop()` waits this long after SIGTERM before SIGKILL. Default 5 s. */
  stopTimeoutMs?: number;
}

export type SupervisorEvent =
  | { kind: 'output'; service: string; stream: 'stdout' | 'stderr'; line: string }
  | { kind: 'started'; service: string; pid: number; attempt: number }
  | { kind: 'ready'; service: string; pid: number; attempt: number; line: string }
  | { kind: 'not-ready'; service: string; pid: number; afterMs: number }
  | {
      kind: 'exited';
      service: string;
      pid: number;
      code: number | null;
      signal: NodeJS.Signals | null;
      /** How long it ran. */
      ranMs: number;
      /** The restart that follows, or null: stopping, or it died before it was first ready (start fails). */
      restart: { attempt: number; delayMs: number } | null;
    };

export interface Supervisor {
  /**
   * Start every service, each once its dependencies are ready; resolves when all are ready. Rejects if
   * one exits before it was ever ready (a bad configuration is not retried forever); the caller then stops.
   */
  start(): Promise<void>;
  /** Stop everything (SIGTERM, then SIGKILL after `stopTimeoutMs`); nothing is restarted afterwards. */
  stop(): Promise<void>;
  /** The running process of a service, if one is running. */
  pid(service: string): number | undefined;
  /** Services without a running process that has printed its ready line (restarting, or not started yet). */
  notReady(): string[];
  /** SIGKILL every running process at once; for a parent that is exiting and cannot wait. */
  killAll(): void;
}

interface Slot {
  def: ServiceDefinition;
  child?: ChildProcess;
  exited?: Promise<void>;
  startedAt: number;
  readyAt?: number;
  everReady: boolean;
  /** Crashes in a row (since the last long enough healthy run). */
  failures: number;
  /** Starts so far (1 = the first). */
  attempt: number;
  restartTimer?: NodeJS.Timeout;
  firstReady: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };
}

/**
 * Keeps a set of Node processes running, as `npm start` needs: a process that dies is logged and
 * started again after a back-off while the others go on answering, so one crash costs one department
 * (issue 14: it used to stop everything).
 */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5000;
  const slots = new Map<string, Slot>();
  for (const def of options.services) {
    if (slots.has(def.name)) throw new Error(`two services named ${def.name}`);
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    // A start() that failed elsewhere must not leave this rejection unhandled.
    promise.catch(() => undefined);
    slots.set(def.name, { def, startedAt: 0, everReady: false, failures: 0, attempt: 0, firstReady: { promise, resolve, reject } });
  }
  for (const { def } of slots.values()) {
    for (const d of def.dependsOn ?? []) if (!slots.has(d)) throw new Error(`${def.name} depends on unknown service ${d}`);
  }
  let stopping = false;

  function launch(slot: Slot): void {
    if (stopping) return;
    slot.restartTimer = undefined;
    slot.attempt++;
    slot.readyAt = undefined;
    slot.startedAt = Date.now();
    const { def } = slot;
    // Its own process group: a Ctrl-C in the terminal reaches only the supervisor, which then stops
    // every process itself (instead of seeing them all exit at once and restarting them).
    const child = spawn(process.execPath, def.args, {
      cwd: options.cwd,
      env: def.env ? def.env() : process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    slot.child = child;
    const attempt = slot.attempt;
    const readyTimer = setTimeout(() => {
      options.log({ kind: 'not-ready', service: def.name, pid: child.pid ?? -1, afterMs: readyTimeoutMs });
      child.kill('SIGKILL');
    }, readyTimeoutMs);
    slot.exited = new Promise<void>((resolveExit) => {
      let done = false;
      const onGone = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return;
        done = true;
        clearTimeout(readyTimer);
        resolveExit();
        exited(slot, child, code, signal);
      };
      child.once('exit', onGone);
      // A process that could not be spawned at all emits only 'error'.
      child.once('error', () => {
        if (child.pid === undefined) onGone(null, null);
      });
    });
    if (child.pid === undefined) return;
    const pid = child.pid;
    options.log({ kind: 'started', service: def.name, pid, attempt });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      options.log({ kind: 'output', service: def.name, stream: 'stdout', line });
      if (slot.child === child && slot.readyAt === undefined && def.readyLine.test(line)) {
        clearTimeout(readyTimer);
        slot.readyAt = Date.now();
        slot.everReady = true;
        options.log({ kind: 'ready', service: def.name, pid, attempt, line });
        slot.firstReady.resolve();
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => options.log({ kind: 'output', service: def.name, stream: 'stderr', line }));
  }

  function exited(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const now = Date.now();
    const base = { kind: 'exited' as const, service: slot.def.name, pid: child.pid ?? -1, code, signal, ranMs: now - slot.startedAt };
    if (slot.child === child) slot.child = undefined;
    if (stopping || !slot.everReady) {
      options.log({ ...base, restart: null });
      if (!slot.everReady) slot.firstReady.reject(new Error(`${slot.def.name} exited (${signal ?? `code ${code}`}) before it was ready`));
      return;
    }
    if (slot.readyAt !== undefined && now - slot.readyAt >= backoff.resetAfterMs) slot.failures = 0;
    const delayMs = backoffDelay(slot.failures, backoff);
    slot.failures++;
    options.log({ ...base, restart: { attempt: slot.attempt + 1, delayMs } });
    slot.restartTimer = setTimeout(() => launch(slot), delayMs);
  }

  async function startService(slot: Slot): Promise<void> {
    await Promise.all((slot.def.dependsOn ?? []).map((d) => slots.get(d)!.firstReady.promise));
    if (stopping) throw new Error('stopped while starting');
    launch(slot);
    await slot.firstReady.promise;
  }

  const running = () => [...slots.values()].filter((s) => s.child && s.child.exitCode === null && s.child.signalCode === null);

  return {
    async start() {
      await Promise.all([...slots.values()].map(startService));
    },
    async stop() {
      stopping = true;
      for (const s of slots.values()) {
        clearTimeout(s.restartTimer);
        s.firstReady.reject(new Error('stopped'));
      }
      const live = running();
      for (const s of live) s.child!.kill('SIGTERM');
      const all = Promise.all(live.map((s) => s.exited));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), stopTimeoutMs)));
      if ((await Promise.race([all, late])) === 'late') {
        for (const s of running()) s.child!.kill('SIGKILL');
        await all;
      }
      clearTimeout(timer);
    },
    pid(service) {
      const s = slots.get(service);
      return s?.child && s.child.exitCode === null && s.child.signalCode === null ? s.child.pid : undefined;
    },
    notReady() {
      return [...slots.values()]
        .filter((s) => !s.child || s.readyAt === undefined || s.child.exitCode !== null || s.child.signalCode !== null)
        .map((s) => s.def.name);
    },
    killAll() {
      stopping = true;
      for (const s of slots.values()) clearTimeout(s.restartTimer);
      for (const s of running()) s.child!.kill('SIGKILL');
    },
  };
}
