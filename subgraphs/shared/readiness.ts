import { request } from 'undici';
import type { BreakerState } from './legacy-resilience.js';

export interface Readiness {
  ready: boolean;
  checks: { name: string; ready: boolean; detail: string }[];
}

/**
 * Whether a legacy system can be reached: any HTTP answer from its origin counts (the probe
 * knows no endpoint of the department's protocol), a refused or silent connection does not, and
 * neither does an open circuit breaker.
 */
export async function legacyReadiness(url: string, system: string, breaker: BreakerState, timeoutMs = 1000): Promise<Readiness> {
  if (breaker === 'open' || breaker === 'isolated') {
    return { ready: false, checks: [{ name: system, ready: false, detail: 'circuit open' }] };
  }
  try {
    const res = await request(new URL(url).origin + '/', { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await res.body.dump();
    return { ready: true, checks: [{ name: system, ready: true, detail: `reachable (HTTP ${res.statusCode})` }] };
  } catch {
    return { ready: false, checks: [{ name: system, ready: false, detail: 'unreachable' }] };
  }
}
