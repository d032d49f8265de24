/** The simulators' control endpoints (`POST /__control`, `GET /__stats`, `POST /__stats/reset`). */
import { DEPARTMENTS, type Department } from './profile.js';

export interface CallStats {
  calls: number;
  codes: number;
  /** Calls the simulator refused with 429 past its rate limit. */
  rateLimited: number;
  /** Codes looked up (where the protocol names them: courts and tax among them). */
  distinctCodes: number;
  /** Lookups of a code already looked up since the reset. */
  repeatedCodes: number;
}

export class LegacyControl {
  constructor(private readonly ports: Record<Department, number>) {}

  private url(d: Department, path: string) {
    return `http://127.0.0.1:${this.ports[d]}${path}`;
  }

  private async post(d: Department, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(this.url(d, path), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${d} simulator ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }

  async setLatency(latency: Record<Department, number>): Promise<void> {
    await Promise.all(DEPARTMENTS.map((d) => this.post(d, '/__control', { fault: 'none', latencyMs: latency[d] })));
  }

  async resetStats(): Promise<void> {
    await Promise.all(DEPARTMENTS.map((d) => this.post(d, '/__stats/reset')));
  }

  async stats(): Promise<Record<Department, CallStats>> {
    const entries = await Promise.all(
      DEPARTMENTS.map(async (d) => {
        const res = await fetch(this.url(d, '/__stats'));
        if (!res.ok) throw new Error(`${d} simulator /__stats: HTTP ${res.status}`);
        return [d, (await res.json()) as CallStats] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<Department, CallStats>;
  }
}
