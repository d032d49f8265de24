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
  /** Services without a running process that has printed its ready line (restarting, held, or not started yet). */
  notReady(): string[];
  /**
   * SIGKILL a service's running process, as a crash would, and resolve once it has exited. It is
   * started again after the back-off, as after any crash; with `hold: true` it stays down until
   * `restart(service)` (for tests that need it down for as long as they look).
   */
  kill(service: string, options?: { hold?: boolean }): Promise<void>;
  /**
   * Start a service again now, without back-off — one held down, one waiting for its back-off, or a
   * running one (SIGKILLed first). Resolves when the new process prints its ready line; rejects if it
   * exits before.
   */
  restart(service: string): Promise<void>;
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
  firstReady: Deferred;
  /** Readiness of the latest start. */
  launched?: Deferred;
  /** Killed on purpose and kept down (`kill(…, { hold: true })`): no restart until `restart`. */
  held: boolean;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  // A start() that failed elsewhere, or a readiness nobody waits for, must not leave this rejection unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
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
    slots.set(def.name, { def, startedAt: 0, everReady: false, failures: 0, attempt: 0, firstReady: deferred(), held: false });
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
    const launched = deferred();
    slot.launched = launched;
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
        launched.reject(new Error(`${def.name} exited (${signal ?? `code ${code}`}) before it was ready`));
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
        launched.resolve();
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
    // Killed on purpose and held down: `restart` starts it; it is not a crash to back off from.
    if (slot.held) {
      options.log({ ...base, restart: null });
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
  const slotOf = (service: string) => {
    const s = slots.get(service);
    if (!s) throw new Error(`no service named ${service}`);
    return s;
  };
  const liveChild = (s: Slot) => (s.child && s.child.exitCode === null && s.child.signalCode === null ? s.child : undefined);

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
    async kill(service, killOptions = {}) {
      const slot = slotOf(service);
      if (killOptions.hold) {
        slot.held = true;
        clearTimeout(slot.restartTimer);
      }
      const child = liveChild(slot);
      if (!child) return;
      child.kill('SIGKILL');
      await slot.exited;
    },
    async restart(service) {
      const slot = slotOf(service);
      if (stopping) throw new Error('the supervisor is stopping');
      // Held while the old process goes, so that its exit schedules no back-off restart of its own.
      slot.held = true;
      const child = liveChild(slot);
      if (child) {
        child.kill('SIGKILL');
        await slot.exited;
      }
      clearTimeout(slot.restartTimer);
      slot.held = false;
      if (stopping) throw new Error('the supervisor is stopping');
      launch(slot);
      await slot.launched!.promise;
    },
    killAll() {
      stopping = true;
      for (const s of slots.values()) clearTimeout(s.restartTimer);
      for (const s of running()) s.child!.kill('SIGKILL');
    },
  };
}
