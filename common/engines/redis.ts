import { Redis } from 'ioredis';

export interface SharedRedisOptions {
  /** Who connects, for Redis's CLIENT LIST and the log (e.g. `courts-subgraph`). */
  name: string;
  /** Longest wait for one command before it fails (and the caller degrades). Default 500 ms. */
  commandTimeoutMs?: number;
  /** Told once when Redis becomes unreachable and once when it is back. */
  onStateChange?: (up: boolean, detail: string) => void;
}

/**
 * One connection to the shared Redis, set up to fail fast rather than wait: commands are not queued
 * while it is disconnected (`enableOfflineQueue: false`) and each has a timeout, so a Redis outage
 * turns into an error at once and the caller falls back to its per-process behaviour; it keeps
 * reconnecting in the background (at most every 2 s).
 */
export function createSharedRedis(url: string, options: SharedRedisOptions): Redis {
  let up: boolean | null = null;
  const tell = (next: boolean, detail: string) => {
    if (up === next) return;
    up = next;
    options.onStateChange?.(next, detail);
  };
  const redis = new Redis(url, {
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    // A Lua script or a key read must never be retried behind the caller's back after a failover.
    autoResendUnfulfilledCommands: false,
  });
  redis.on('ready', () => tell(true, 'connected'));
  redis.on('error', (err: Error) => tell(false, err.message));
  redis.on('end', () => tell(false, 'connection closed'));
  redis.on('close', () => tell(false, 'connection closed'));
  return redis;
}

/** Wait until the connection is ready (or `timeoutMs` passes): for start-up, so a healthy Redis is used from the first request. */
export async function redisReady(redis: Redis, timeoutMs = 3000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

/** Close the connection at a service's stop: `QUIT` when it is up (what was sent is answered first), at most `timeoutMs`; then drop it. */
export async function closeSharedRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  if (redis.status === 'ready') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([redis.quit().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }
  redis.disconnect();
}
