import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisGuard, RedisScript } from '../../common/engines/index.js';
import type { WorkClass } from './work-queue.js';

/** One legacy answer as every replica keeps it: the record (null: the system does not know the code) and when the system gave it. */
export interface SharedEntry<T> {
  record: T | null;
  /** Epoch ms, on the clock of the replica that asked the system. */
  fetchedAt: number;
}

/** What the tier says about one code asked for. */
export type Claim<T> =
  /** Another replica's (or an earlier) answer, still inside the TTL. */
  | { kind: 'fresh'; entry: SharedEntry<T> }
  /** No fresh answer, and now this replica's to fetch; `stale`: an older answer, for stale-if-error. */
  | { kind: 'claimed'; stale: SharedEntry<T> | null }
  /** No fresh answer, and another replica is fetching it now. */
  | { kind: 'busy'; stale: SharedEntry<T> | null };

/**
 * Keys: `<prefix>:a:<code>` the answer, `<prefix>:f:<code>` the claim ("being fetched by <owner>").
 * An answer is stored as `<fetchedAt>|<json>`, so the scripts read its age without parsing JSON.
 *
 * CLAIM — KEYS: answer, claim, answer, claim, …; ARGV: owner, claim ms, freshAfter (epoch ms), work
 * class. A claim's value is `<owner>|<class>`. Per code: a fresh answer → `F`, answer; else the claim
 * is set when no one holds it, when it is already ours, or when a job holds it and interactive work
 * asks (a counter's check must not wait at a bulk job's priority on another replica: then both
 * call, the one case where a code is fetched twice) → `C`, older answer or ''; else → `B` (busy),
 * older answer or ''. One step per batch, atomically: two replicas asking at once for the same
 * codes never both get one.
 */
const CLAIM = new RedisScript(`
local me = ARGV[1] .. '|' .. ARGV[4]
local mine = ARGV[1] .. '|'
local out = {}
for i = 1, #KEYS, 2 do
  local v = redis.call('GET', KEYS[i])
  local fresh = false
  if v then
    local sep = string.find(v, '|', 1, true)
    if sep and tonumber(string.sub(v, 1, sep - 1)) > tonumber(ARGV[3]) then fresh = true end
  end
  local holder = false
  if not fresh then holder = redis.call('GET', KEYS[i + 1]) end
  if fresh then
    out[#out + 1] = 'F'
    out[#out + 1] = v
  elseif not holder or string.sub(holder, 1, #mine) == mine or (ARGV[4] == 'interactive' and string.sub(holder, -4) == '|job') then
    redis.call('SET', KEYS[i + 1], me, 'PX', ARGV[2])
    out[#out + 1] = 'C'
    out[#out + 1] = v or ''
  else
    out[#out + 1] = 'B'
    out[#out + 1] = v or ''
  end
end
return out
`);

/**
 * STORE — KEYS: answer, claim, …; ARGV: owner, px, value, value, …. Each answer is written unless a
 * newer one is there already (a replica that fetched after our claim lapsed), then our claim is
 * released: in one step, so a waiting replica sees the answer before it sees the claim gone.
 */
const STORE = new RedisScript(`
for i = 1, #KEYS, 2 do
  local value = ARGV[2 + (i + 1) / 2]
  local old = redis.call('GET', KEYS[i])
  local keep = false
  if old then
    local a = string.find(old, '|', 1, true)
    local b = string.find(value, '|', 1, true)
    if a and b and tonumber(string.sub(old, 1, a - 1)) > tonumber(string.sub(value, 1, b - 1)) then keep = true end
  end
  if not keep then redis.call('SET', KEYS[i], value, 'PX', ARGV[2]) end
  local holder = redis.call('GET', KEYS[i + 1])
  if holder and string.sub(holder, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then redis.call('DEL', KEYS[i + 1]) end
end
return 1
`);

/** RELEASE — KEYS: claims; ARGV: owner. Our claims only (one that lapsed may be another replica's now). */
const RELEASE = new RedisScript(`
for i = 1, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if holder and string.sub(holder, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then redis.call('DEL', KEYS[i]) end
end
return 1
`);

export interface SharedAnswerTierOptions {
  /** The service's Redis connection (see `createSharedRedis`). */
  redis: Redis;
  /**
   * Key prefix, the same in every replica of the department; the department's name in braces keeps
   * a department's keys in one Redis Cluster slot (the scripts touch several at once). E.g.
   * `credit:{tax}:answers`.
   */
  key: string;
  /** The shortest claim: the legacy system's call timeout (a claimant that died lets go after it). */
  claimMs: number;
  /** After a Redis failure, how long lookups keep to this process before one tries Redis again. Default 1,000 ms. */
  retryAfterMs?: number;
  /** Told once when the tier is left for this process's cache, and once when Redis serves it again. */
  onChange?: (up: boolean, detail: string) => void;
  /** Told of each lookup batch served without Redis. */
  onFallback?: () => void;
  /** First wait between two looks at codes another replica is fetching (growing by half up to 100 ms). Default 10 ms. */
  pollMs?: number;
}

/**
 * The legacy answers of every replica of one department, in Redis: the tier under each process's
 * LRU (`LegacyCache`). It holds what the LRU holds — a code's record or "not known", with when the
 * system gave it, for TTL + stale-if-error — and never a failure. It also keeps replicas from
 * fetching the same code at the same moment: a code is claimed before it is fetched (`SET NX PX`),
 * and a replica that finds it claimed waits for the claimant's answer instead of calling too.
 */
export class SharedAnswerTier<T> {
  /** Who this process is in claims (one per tier: a restarted process never mistakes an old claim for its own). */
  readonly owner = randomUUID();
  readonly claimMs: number;
  readonly pollMs: number;
  readonly guard: RedisGuard;
  private readonly prefix: string;
  /** Answers and releases waiting to be written, in one script call per turn of the event loop. */
  private toStore: { code: string; entry: SharedEntry<T>; keepMs: number }[] = [];
  private toRelease: string[] = [];
  private flushing: ReturnType<typeof setImmediate> | null = null;

  constructor(options: SharedAnswerTierOptions) {
    this.prefix = options.key;
    this.claimMs = Math.max(1, Math.ceil(options.claimMs));
    this.pollMs = options.pollMs ?? 10;
    this.guard = new RedisGuard(options.redis, {
      name: `${options.key} answers`,
      retryAfterMs: options.retryAfterMs,
      onChange: options.onChange,
      onFallback: options.onFallback,
    });
  }

  /**
   * For each code: a fresh answer (fetched after `freshAfter`, epoch ms), or the claim to fetch it
   * for `claimMs`, or "busy" — another replica holds the claim (for interactive `work`: another
   * replica's interactive work; a job's claim is taken over). Throws when Redis fails.
   */
  async claim(codes: readonly string[], freshAfter: number, claimMs: number, work: WorkClass = 'interactive'): Promise<Claim<T>[]> {
    const reply = await CLAIM.run(this.guard.redis, this.keysOf(codes), [this.owner, Math.max(1, Math.ceil(claimMs)), freshAfter, work]);
    if (!Array.isArray(reply) || reply.length !== codes.length * 2) throw new Error('the answer cache script answered in an unexpected shape');
    return codes.map((_, i): Claim<T> => {
      const tag = String(reply[2 * i]);
      const value = String(reply[2 * i + 1] ?? '');
      const entry = value ? decode<T>(value) : null;
      if (tag === 'F' && entry) return { kind: 'fresh', entry };
      return tag === 'B' ? { kind: 'busy', stale: entry } : { kind: 'claimed', stale: entry };
    });
  }

  /** Store answers for `keepMs` (TTL + stale-if-error) and release this process's claims on them. Throws when Redis fails. */
  async store(entries: readonly { code: string; entry: SharedEntry<T> }[], keepMs: number): Promise<void> {
    if (!entries.length) return;
    await STORE.run(this.guard.redis, this.keysOf(entries.map((e) => e.code)), [
      this.owner,
      Math.max(1, Math.ceil(keepMs)),
      ...entries.map((e) => encode(e.entry)),
    ]);
  }

  /** Release this process's claims without an answer (the fetch failed: another replica may try). Throws when Redis fails. */
  async release(codes: readonly string[]): Promise<void> {
    if (!codes.length) return;
    await RELEASE.run(
      this.guard.redis,
      codes.map((c) => `${this.prefix}:f:${c}`),
      [this.owner],
    );
  }

  /**
   * `store` and `release` without waiting: the caller's answer never waits for Redis. What finishes
   * in one turn of the event loop (a whole batch call's codes) goes in one script call; a failure is
   * only counted — a claim not released lapses after its time, an answer not stored is fetched again.
   */
  storeLater(code: string, entry: SharedEntry<T>, keepMs: number): void {
    this.toStore.push({ code, entry, keepMs });
    this.flushSoon();
  }

  releaseLater(code: string): void {
    this.toRelease.push(code);
    this.flushSoon();
  }

  private flushSoon(): void {
    this.flushing ??= setImmediate(() => {
      this.flushing = null;
      const stores = this.toStore;
      const releases = this.toRelease;
      this.toStore = [];
      this.toRelease = [];
      const byKeep = new Map<number, { code: string; entry: SharedEntry<T> }[]>();
      for (const s of stores) byKeep.set(s.keepMs, [...(byKeep.get(s.keepMs) ?? []), s]);
      for (const [keepMs, entries] of byKeep) {
        void this.guard.run(
          () => this.store(entries, keepMs),
          () => undefined,
        );
      }
      if (releases.length) {
        void this.guard.run(
          () => this.release(releases),
          () => undefined,
        );
      }
    });
  }

  private keysOf(codes: readonly string[]): string[] {
    return codes.flatMap((c) => [`${this.prefix}:a:${c}`, `${this.prefix}:f:${c}`]);
  }
}

function encode<T>(e: SharedEntry<T>): string {
  return `${Math.round(e.fetchedAt)}|${JSON.stringify(e.record)}`;
}

/** An answer as stored, or null when it cannot be read (then it counts as absent: the code is fetched again). */
function decode<T>(value: string): SharedEntry<T> | null {
  const sep = value.indexOf('|');
  const fetchedAt = Number(value.slice(0, sep));
  if (sep < 1 || !Number.isFinite(fetchedAt)) return null;
  try {
    return { fetchedAt, record: JSON.parse(value.slice(sep + 1)) as T | null };
  } catch {
    return null;
  }
}
