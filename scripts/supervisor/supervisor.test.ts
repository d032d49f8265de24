/**
 * The supervisor with real child processes: one killed with SIGKILL is started again while the others
 * keep running; repeated crashes wait longer each time; stop() stops everything for good.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';
import { createSupervisor, type ServiceDefinition, type Supervisor, type SupervisorEvent } from './supervisor.js';

/** A small HTTP server on an ephemeral port that answers its pid; SIGTERM closes it. */
const SERVER = `
const http = require('node:http');
const s = http.createServer((q, r) => r.end(String(process.pid)));
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port + '/'));
process.on('SIGTERM', () => s.close(() => process.exit(0)));
`;
/** Says it is ready, then dies with code 3 after LIFE_MS. */
const CRASHER = `console.log('listening on nothing'); setTimeout(() => process.exit(3), Number(process.env.LIFE_MS));`;

const server = (name: string, extra: Partial<ServiceDefinition> = {}): ServiceDefinition => ({
  name,
  args: ['-e', SERVER],
  readyLine: /^listening on /,
  ...extra,
});

let running: Supervisor | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function supervise(services: ServiceDefinition[], backoff = { initialMs: 100, maxMs: 1000, resetAfterMs: 60_000 }) {
  const events: SupervisorEvent[] = [];
  const waiters: { test: (e: SupervisorEvent) => boolean; resolve: (e: SupervisorEvent) => void }[] = [];
  const supervisor = createSupervisor({
    services,
    backoff,
    log(e) {
      events.push(e);
      for (const w of [...waiters]) {
        if (!w.test(e)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    },
  });
  running = supervisor;
  /** The next event (from now) that matches. */
  const next = <K extends SupervisorEvent['kind']>(kind: K, service: string, timeoutMs = 20_000) =>
    new Promise<Extract<SupervisorEvent, { kind: K }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${kind} of ${service} in ${timeoutMs} ms`)), timeoutMs);
      waiters.push({
        test: (e) => e.kind === kind && 'service' in e && e.service === service,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<SupervisorEvent, { kind: K }>);
        },
      });
    });
  return { supervisor, events, next };
}

const urlOf = (events: SupervisorEvent[], service: string) =>
  events
    .filter((e): e is Extract<SupervisorEvent, { kind: 'ready' }> => e.kind === 'ready' && e.service === service)
    .at(-1)!
    .line.slice('listening on '.length);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('supervisor', () => {
  it('a process killed with SIGKILL is started again; the others never stop and keep answering', async () => {
    // The first restart waits 500 ms, so the others are asked while b is down.
    const { supervisor, events, next } = supervise([server('a'), server('b'), server('c', { dependsOn: ['a', 'b'] })], {
      initialMs: 500,
      maxMs: 1000,
      resetAfterMs: 60_000,
    });
    await supervisor.start();
    const before = { a: supervisor.pid('a')!, b: supervisor.pid('b')!, c: supervisor.pid('c')! };
    const back = next('ready', 'b');
    const exited = next('exited', 'b');
    process.kill(before.b, 'SIGKILL');
    expect(await exited).toMatchObject({ pid: before.b, code: null, signal: 'SIGKILL', restart: { attempt: 2, delayMs: 500 } });
    expect(supervisor.notReady()).toEqual(['b']);
    // Meanwhile the others answer.
    for (const s of ['a', 'c']) expect(await (await fetch(urlOf(events, s))).text()).toBe(String(before[s as 'a' | 'c']));
    const ready = await back;
    expect(ready.attempt).toBe(2);
    expect(supervisor.pid('b')).not.toBe(before.b);
    expect(await (await fetch(urlOf(events, 'b'))).text()).toBe(String(supervisor.pid('b')));
    expect(supervisor.pid('a')).toBe(before.a);
    expect(supervisor.pid('c')).toBe(before.c);
    expect(events.filter((e) => e.kind === 'exited').map((e) => (e as { service: string }).service)).toEqual(['b']);
    expect(supervisor.notReady()).toEqual([]);
  });

  it('kill() is a crash (restarted after the back-off); with hold it stays down until restart(), which starts it at once', async () => {
    const { supervisor, events, next } = supervise([server('a'), server('b')], { initialMs: 100, maxMs: 100, resetAfterMs: 60_000 });
    await supervisor.start();
    const a = supervisor.pid('a')!;
    const b1 = supervisor.pid('b')!;

    const back = next('ready', 'b');
    await supervisor.kill('b');
    expect(alive(b1)).toBe(false);
    expect(events.find((e) => e.kind === 'exited')).toMatchObject({
      service: 'b',
      pid: b1,
      signal: 'SIGKILL',
      restart: { attempt: 2, delayMs: 100 },
    });
    expect((await back).attempt).toBe(2);
    const b2 = supervisor.pid('b')!;

    await supervisor.kill('b', { hold: true });
    expect(alive(b2)).toBe(false);
    expect(events.filter((e) => e.kind === 'exited').at(-1)).toMatchObject({ service: 'b', pid: b2, signal: 'SIGKILL', restart: null });
    expect(supervisor.pid('b')).toBeUndefined();
    expect(supervisor.notReady()).toEqual(['b']);
    const startsBefore = events.filter((e) => e.kind === 'started').length;

    await supervisor.restart('b');
    const b3 = supervisor.pid('b')!;
    expect(events.filter((e) => e.kind === 'started')).toHaveLength(startsBefore + 1);
    expect(await (await fetch(urlOf(events, 'b'))).text()).toBe(String(b3));
    expect(supervisor.notReady()).toEqual([]);

    // restart() of a running process: SIGKILL, then a new one at once (no back-off, no second start).
    await supervisor.restart('b');
    expect(alive(b3)).toBe(false);
    expect(events.filter((e) => e.kind === 'exited').at(-1)).toMatchObject({ pid: b3, restart: null });
    expect(await (await fetch(urlOf(events, 'b'))).text()).toBe(String(supervisor.pid('b')));
    expect(events.filter((e) => e.kind === 'started').map((e) => (e as { attempt: number }).attempt)).toEqual([1, 1, 2, 3, 4]);
    expect(supervisor.pid('a')).toBe(a);
    await expect(supervisor.kill('nobody')).rejects.toThrow('no service named nobody');
  });

  it('repeated crashes wait longer each time, up to the maximum', async () => {
    const { supervisor, events, next } = supervise(
      [{ name: 'x', args: ['-e', CRASHER], env: () => ({ ...process.env, LIFE_MS: '20' }), readyLine: /^listening/ }],
      {
        initialMs: 50,
        maxMs: 400,
        resetAfterMs: 60_000,
      },
    );
    await supervisor.start();
    // Six crashes: 50, 100, 200, 400, 400, 400 ms.
    for (let i = 0; i < 6; i++) await next('exited', 'x');
    const delays = events.flatMap((e) => (e.kind === 'exited' ? [e.restart!.delayMs] : []));
    expect(delays).toEqual([50, 100, 200, 400, 400, 400]);
    expect(events.filter((e) => e.kind === 'exited').every((e) => (e as { code: number }).code === 3)).toBe(true);
  });

  it('a process that ran ready long enough before dying starts again from the first wait', async () => {
    const { supervisor, events, next } = supervise(
      [{ name: 'x', args: ['-e', CRASHER], env: () => ({ ...process.env, LIFE_MS: '300' }), readyLine: /^listening/ }],
      {
        initialMs: 50,
        maxMs: 400,
        resetAfterMs: 150,
      },
    );
    await supervisor.start();
    for (let i = 0; i < 3; i++) await next('exited', 'x');
    expect(events.flatMap((e) => (e.kind === 'exited' ? [e.restart!.delayMs] : []))).toEqual([50, 50, 50]);
  });

  it('stop() stops every process, and nothing is started after it, not even a restart that was due', async () => {
    const { supervisor, events, next } = supervise([server('a'), server('b')], { initialMs: 300, maxMs: 300, resetAfterMs: 60_000 });
    await supervisor.start();
    const pids = [supervisor.pid('a')!, supervisor.pid('b')!];
    const exited = next('exited', 'a');
    process.kill(pids[0]!, 'SIGKILL');
    expect((await exited).restart).toEqual({ attempt: 2, delayMs: 300 });
    await supervisor.stop();
    expect(pids.map(alive)).toEqual([false, false]);
    expect(supervisor.pid('a')).toBeUndefined();
    expect(supervisor.pid('b')).toBeUndefined();
    const count = events.length;
    await sleep(600); // past the restart that was due
    expect(events.slice(count)).toEqual([]);
    expect(events.filter((e) => e.kind === 'started')).toHaveLength(2);
    expect(events.find((e) => e.kind === 'exited' && e.service === 'b')).toMatchObject({ code: 0, restart: null });
  });

  it('stop() kills a process that ignores SIGTERM', async () => {
    const stubborn = `process.on('SIGTERM', () => {}); console.log('listening on nothing'); setInterval(() => {}, 1000);`;
    const supervisor = createSupervisor({
      services: [{ name: 's', args: ['-e', stubborn], readyLine: /^listening/ }],
      log: () => undefined,
      stopTimeoutMs: 300,
    });
    running = supervisor;
    await supervisor.start();
    const pid = supervisor.pid('s')!;
    await supervisor.stop();
    expect(alive(pid)).toBe(false);
  });

  it('a process that exits before it was ever ready fails start() instead of being retried forever', async () => {
    const { supervisor, events } = supervise([
      server('a'),
      { name: 'bad', args: ['-e', 'console.error("Invalid configuration"); process.exit(1)'], readyLine: /^listening/ },
    ]);
    await expect(supervisor.start()).rejects.toThrow('bad exited (code 1) before it was ready');
    expect(events).toContainEqual({ kind: 'output', service: 'bad', stream: 'stderr', line: 'Invalid configuration' });
    expect(events.find((e) => e.kind === 'exited')).toMatchObject({ service: 'bad', restart: null });
  });

  it.each([
    [0, 500],
    [1, 1000],
    [5, 16_000],
    [6, 30_000],
    [50, 30_000],
  ])('the default back-off after %i crashes in a row is %i ms', (failures, ms) => {
    expect(backoffDelay(failures)).toBe(ms);
  });
});
