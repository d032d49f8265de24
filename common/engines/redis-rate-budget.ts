import type { Redis } from 'ioredis';
import { RedisScript } from './redis-script.js';

/**
 * GCRA ("virtual scheduling": a token bucket without a refill loop) over one key holding the
 * theoretical arrival time (TAT) of the next call, in microseconds on Redis's own clock (`TIME`):
 * replicas' clocks never enter it, so their skew cannot widen the budget. One script call decides
 * and records atomically, so replicas asking at once never both take the last token.
 *
 * KEYS[1] the TAT, KEYS[2] "paused until" (after a 429), both µs on Redis's clock.
 * ARGV[1] mode: `reserve` (interactive work: the next token, even a future one, if it comes within
 *         ARGV[5] µs), `now` (job work: a token only if one is free now and ARGV[4] µs of the bucket
 *         are still left afterwards — kept for interactive work), `pause` (hold every caller back
 *         ARGV[5] µs from now; a shorter pause never shortens a longer one).
 * ARGV[2] emission interval (µs per call), ARGV[3] tolerance ((burst − 1) × interval).
 * ARGV[6] a handover, or -1: a replica coming back from pacing itself while Redis was out first
 *         leaves the bucket empty (no burst on top of the calls the replicas just made on their
 *         own) and, for the ARGV[6] µs in which it still has calls booked on its own bucket, full:
 *         the next shared token comes after its last own one.
 * Returns {granted 0|1, µs until the call may start (granted) or until a token could come (refused)}.
 * Numbers are written with %.0f: Lua 5.1 would write 1.7e+15 otherwise.
 */
const GCRA = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local mode = ARGV[1]
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if mode == 'pause' then
  local pauseUntil = now + tonumber(ARGV[5])
  if pauseUntil > paused then
    redis.call('SET', KEYS[2], string.format('%.0f', pauseUntil), 'PX', math.ceil(tonumber(ARGV[5]) / 1000) + 1)
  end
  return {1, 0}
end
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local handover = tonumber(ARGV[6])
if handover >= 0 then
  tat = math.max(tat, now + tolerance + handover)
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
end
local start
if mode == 'now' then
  start = math.max(now, tat - tolerance + tonumber(ARGV[4]), paused)
  if start > now then return {0, start - now} end
else
  start = math.max(now, tat - tolerance, paused)
  if start - now >= tonumber(ARGV[5]) then return {0, start - now} end
end
local nextTat = math.max(tat, start) + interval
redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + 1000)
return {1, start - now}
`);

export interface SharedRateBudgetOptions {
  /**
   * The budget's key prefix in Redis, the same for every replica that shares it. Put the part that
   * names the budget in braces (`credit:{courts}:budget`) so its keys stay in one Redis Cluster slot.
   */
  key: string;
  /** Calls per second for all replicas together. */
  ratePerSecond: number;
  /** Calls that may start back to back (at least 1). */
  burst: number;
  /** Tokens of the burst that job work always leaves to interactive work (fewer than `burst`). Default 0. */
  reserved?: number;
}

/** A budget's answer: `granted` with the wait before the call may start, or refused with the wait until a token could come. */
export interface BudgetAnswer {
  granted: boolean;
  waitMs: number;
}

/**
 * One call budget (a rate and a burst) shared by every replica through Redis. Its methods throw when
 * Redis fails; the caller decides the fallback (see `RedisGuard`). Priorities are not the budget's:
 * it only knows two ways of asking, `reserve` (may wait for a future token) and `takeNow` (a token
 * free now, leaving `reserved` in the bucket) — the local `CallGate` orders who asks when.
 */
export class SharedRateBudget {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly keys: [string, string];
  private readonly intervalUs: number;
  private readonly toleranceUs: number;
  private readonly headroomUs: number;

  constructor(
    readonly redis: Redis,
    options: SharedRateBudgetOptions,
  ) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) throw new RangeError('ratePerSecond > 0 and burst ≥ 1 are required');
    const reserved = options.reserved ?? 0;
    if (!(reserved >= 0 && reserved < options.burst)) throw new RangeError('reserved must be at least 0 and fewer than burst');
    this.ratePerSecond = options.ratePerSecond;
    this.burst = Math.floor(options.burst);
    this.keys = [`${options.key}:tat`, `${options.key}:paused`];
    // Rounded up: the budget may be a hair slower than asked, never faster.
    this.intervalUs = Math.ceil(1_000_000 / options.ratePerSecond);
    this.toleranceUs = (this.burst - 1) * this.intervalUs;
    this.headroomUs = Math.floor(reserved) * this.intervalUs;
  }

  /**
   * The next token if it comes within `maxWaitMs` (interactive work): granted with the wait before
   * the call may start. `handoverMs`: this replica comes back from pacing itself (see the script),
   * with calls of its own booked for that many ms yet.
   */
  reserve(maxWaitMs: number, handoverMs?: number): Promise<BudgetAnswer> {
    return this.call('reserve', Math.max(0, Math.floor(maxWaitMs * 1000)), handoverMs);
  }

  /** A token free now that leaves the reserved part of the burst (job work); refused with the wait until one could be. `handoverMs` as for `reserve`. */
  takeNow(handoverMs?: number): Promise<BudgetAnswer> {
    return this.call('now', 0, handoverMs);
  }

  /** Hold every replica's calls back for `ms` (after the system answered 429). */
  async pauseFor(ms: number): Promise<void> {
    await this.call('pause', Math.max(0, Math.ceil(ms * 1000)));
  }

  private async call(mode: 'reserve' | 'now' | 'pause', us: number, handoverMs?: number): Promise<BudgetAnswer> {
    const handoverUs = handoverMs === undefined ? -1 : Math.max(0, Math.ceil(handoverMs * 1000));
    const reply = await GCRA.run(this.redis, this.keys, [mode, this.intervalUs, this.toleranceUs, this.headroomUs, us, handoverUs]);
    if (!Array.isArray(reply) || reply.length !== 2) throw new Error('the rate budget script answered in an unexpected shape');
    return { granted: Number(reply[0]) === 1, waitMs: Math.max(0, Number(reply[1])) / 1000 };
  }
}
