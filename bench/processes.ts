/**
 * The system under test as separate processes (as `scripts/start.ts` and docker-compose run it):
 * spawn, wait for each one's ready line, log to files, and stop every one of them — also when the
 * bench fails or is interrupted — so that no process outlives the bench.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export interface Service {
  name: string;
  child: ChildProcess;
  /** The process whose memory is measured (the node process itself: no shell or npx in between). */
  pid: number;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

export class ProcessGroup {
  private readonly services = new Map<string, Service>();
  private stopping = new Set<string>();
  /** Why the first service died on its own, if one did. */
  crashed: string | undefined;

  constructor(
    private readonly root: string,
    private readonly logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  /**
   * Start `node <args>` (e.g. `--import tsx gateway/main.ts`) and resolve once a line of its output
   * matches `ready`. Rejects if it exits or stays silent past `timeoutMs`; its last lines are in the
   * error so that a broken service says why.
   */
  start(
    name: string,
    args: string[],
    env: Record<string, string>,
    ready: RegExp,
    options: { cwd?: string; timeoutMs?: number } = {},
  ): Promise<Service> {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? this.root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return this.track(name, child, ready, options.timeoutMs ?? 60_000);
  }

  /** Fork a node script with an IPC channel (the load driver). Ready when it sends `{ ready: true }`. */
  fork(name: string, script: string, execArgv: string[], timeoutMs = 60_000): Promise<Service> {
    const child = fork(script, [], { cwd: this.root, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    return this.track(name, child, null, timeoutMs);
  }

  private track(name: string, child: ChildProcess, ready: RegExp | null, timeoutMs: number): Promise<Service> {
    if (child.pid === undefined) return Promise.reject(new Error(`${name}: could not be started`));
    const service: Service = { name, child, pid: child.pid };
    this.services.set(name, service);
    // A name stopped before (a system stopped for the next one) is watched again.
    this.stopping.delete(name);
    const log: WriteStream = createWriteStream(join(this.logDir, `${name}.log`));
    const tail: string[] = [];
    return new Promise<Service>((resolve, reject) => {
      let isReady = false;
      const timer = setTimeout(() => {
        reject(new Error(`${name} was not ready after ${timeoutMs} ms. Last lines:\n${tail.join('\n')}`));
      }, timeoutMs);
      const onLine = (line: string) => {
        const clean = line.replace(ANSI, '');
        log.write(clean + '\n');
        tail.push(clean);
        if (tail.length > 15) tail.shift();
        if (!isReady && ready?.test(clean)) {
          isReady = true;
          clearTimeout(timer);
          resolve(service);
        }
      };
      createInterface({ input: child.stdout! }).on('line', onLine);
      createInterface({ input: child.stderr! }).on('line', onLine);
      if (!ready) {
        child.once('message', (m: unknown) => {
          if ((m as { ready?: boolean } | null)?.ready) {
            isReady = true;
            clearTimeout(timer);
            resolve(service);
          }
        });
      }
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`${name}: ${err.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        log.end();
        this.services.delete(name);
        const how = signal ?? `exit ${code}`;
        if (!isReady) reject(new Error(`${name} exited (${how}) before it was ready. Last lines:\n${tail.join('\n')}`));
        else if (!this.stopping.has(name)) this.crashed ??= `${name} stopped unexpectedly (${how}). Last lines:\n${tail.join('\n')}`;
      });
    });
  }

  get(name: string): Service {
    const s = this.services.get(name);
    if (!s) throw new Error(`${name} is not running${this.crashed ? ` (${this.crashed})` : ''}`);
    return s;
  }

  /** Throw if a service died during the bench: its figures would be meaningless. */
  assertAlive(): void {
    if (this.crashed) throw new Error(this.crashed);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(name: string, graceMs = 5000): Promise<void> {
    const s = this.services.get(name);
    if (!s) return;
    this.stopping.add(name);
    if (s.child.exitCode !== null || s.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => s.child.once('exit', () => r()));
    s.child.kill('SIGTERM');
    const timer = setTimeout(() => s.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Stop everything, in reverse start order (gateway before subgraphs before simulators). */
  async stopAll(): Promise<void> {
    const names = [...this.services.keys()].reverse();
    await Promise.all(names.map((n) => this.stop(n)));
  }

  /** Last resort from a synchronous `exit` handler: kill whatever is left. */
  killAllNow(): void {
    for (const s of this.services.values()) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    }
  }
}

/** Resolve if nothing listens on 127.0.0.1:`port`, else reject naming it. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`port ${port} is in use (${err.code}); is another bench running? Set BENCH_BASE_PORT to move the bench's ports.`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Memory of one process from /proc (kB → MB). */
function readStatus(pid: number): { hwmMb: number; rssMb: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
    return { hwmMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux that Node runs on). */
const CLK_TCK = 100;

/** CPU time (user + system) of one process so far, in seconds. */
function readCpuSeconds(pid: number): number | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[14 - 3]) + Number(f[15 - 3])) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** Busy CPU time of the whole machine so far (all cores, seconds), from /proc/stat. */
function readMachineBusySeconds(): number | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice: busy = all but idle and iowait,
    // and not guest/guest_nice, which user/nice already include.
    const busy = cpu.slice(0, 8).reduce((s, v, i) => (i === 3 || i === 4 ? s : s + v), 0);
    return busy / CLK_TCK;
  } catch {
    return undefined;
  }
}

export interface ProcessUsage {
  /** Peak resident set size during the window (MB). */
  peakMb: number;
  /** `VmHWM` when the kernel's peak could be reset at the start of the window, else sampled `VmRSS`. */
  method: 'VmHWM' | 'VmRSS-sampled';
  /** RSS at the end of the window (MB): what stays after the peak. */
  endMb: number;
  /** CPU time over the window ÷ its wall time, in % of one core (the machine may have several). */
  cpuPercent: number;
}

export interface UsageReport {
  processes: Record<string, ProcessUsage>;
  /**
   * CPU used on the machine by everything but the watched processes, in % of one core. More than a
   * few % (a build or a test run beside the bench) makes the figures noisy.
   */
  outsideCpuPercent: number;
}

/**
 * Peak RSS and CPU use of some processes over a window (one scenario). At the start, the kernel's
 * high-water mark is reset (`5` → /proc/<pid>/clear_refs) so that `VmHWM` covers this window only;
 * `VmRSS` is also sampled every 200 ms as a fallback where the reset is not allowed.
 */
export class ResourceWatch {
  private readonly sampled = new Map<string, number>();
  private readonly hwmReset = new Map<string, boolean>();
  private readonly cpuAtStart = new Map<string, number | undefined>();
  private startedAt = 0;
  private machineAtStart: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly targets: { name: string; pid: number }[]) {}

  start(): this {
    this.startedAt = performance.now();
    this.machineAtStart = readMachineBusySeconds();
    for (const t of this.targets) {
      let ok = false;
      try {
        writeFileSync(`/proc/${t.pid}/clear_refs`, '5');
        ok = true;
      } catch {
        ok = false;
      }
      this.hwmReset.set(t.name, ok);
      this.sampled.set(t.name, readStatus(t.pid)?.rssMb ?? 0);
      this.cpuAtStart.set(t.name, readCpuSeconds(t.pid));
    }
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
    return this;
  }

  private sample() {
    for (const t of this.targets) {
      const s = readStatus(t.pid);
      if (s && s.rssMb > (this.sampled.get(t.name) ?? 0)) this.sampled.set(t.name, s.rssMb);
    }
  }

  stop(): UsageReport {
    clearInterval(this.timer);
    this.sample();
    const wallSec = (performance.now() - this.startedAt) / 1000;
    const out: Record<string, ProcessUsage> = {};
    for (const t of this.targets) {
      const sampled = this.sampled.get(t.name) ?? 0;
      const hwm = this.hwmReset.get(t.name) ? readStatus(t.pid)?.hwmMb : undefined;
      const cpu0 = this.cpuAtStart.get(t.name);
      const cpu1 = readCpuSeconds(t.pid);
      const cpuPercent = cpu0 !== undefined && cpu1 !== undefined && wallSec > 0 ? ((cpu1 - cpu0) / wallSec) * 100 : NaN;
      const endMb = readStatus(t.pid)?.rssMb ?? NaN;
      out[t.name] =
        hwm !== undefined && Number.isFinite(hwm)
          ? { peakMb: Math.max(hwm, sampled), method: 'VmHWM', endMb, cpuPercent }
          : { peakMb: sampled, method: 'VmRSS-sampled', endMb, cpuPercent };
    }
    const machine1 = readMachineBusySeconds();
    let outsideCpuPercent = NaN;
    if (this.machineAtStart !== undefined && machine1 !== undefined && wallSec > 0) {
      const ours = Object.values(out).reduce((sum, u) => sum + (Number.isFinite(u.cpuPercent) ? u.cpuPercent : 0), 0);
      // The bench's own process is not watched; it idles while the driver works, so it counts here too.
      outsideCpuPercent = Math.max(0, ((machine1 - this.machineAtStart) / wallSec) * 100 - ours);
    }
    return { processes: out, outsideCpuPercent };
  }
}
