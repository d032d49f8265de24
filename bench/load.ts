/** The bench's side of the load driver (driver.ts, a separate process) and the GraphQL bodies it sends. */
import type { ChildProcess } from 'node:child_process';
import type { Command, LoadCommand, LoadResult, Reply, SingleCommand, SingleResult, StopResult } from './protocol.js';

export class Driver {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`load driver: ${m.error}`));
    });
    child.once('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('the load driver exited'));
      this.pending.clear();
    });
  }

  private send<T>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  load(c: Omit<LoadCommand, 'kind'>): Promise<LoadResult> {
    return this.send({ kind: 'load', ...c });
  }

  single(c: Omit<SingleCommand, 'kind' | 'timeoutMs'> & { timeoutMs?: number }): Promise<SingleResult> {
    return this.send({ kind: 'single', timeoutMs: 60_000, ...c });
  }

  /** End every load under way now: each `load()` resolves with its figures up to this moment. */
  stopLoads(): Promise<StopResult> {
    return this.send({ kind: 'stop' });
  }
}

/**
 * The counter's check of one enterprise: what a clerk's screen needs (verdict, why, on what basis).
 * No `checkId`/`checkedAt`, so that two gateways' answers can be compared byte for byte.
 */
export const CHECK_QUERY = `query Check($u: String!) {
  enterprise(uscc: $u) {
    uscc
    creditCheck(scenario: GENERAL) {
      verdict
      asOf
      missingSources
      registrationStatus
      warnings
      summary
      flags { measure { code } }
      sources { department status found }
    }
  }
}`;

/** Every bidder of a tender at once. */
export const BIDDERS_QUERY = `query Bidders($u: [String!]!) {
  enterprises(usccs: $u) {
    ... on Enterprise { uscc creditCheck(scenario: BIDDING) { verdict missingSources } }
    ... on InvalidCode { input reason }
  }
}`;

export const checkBody = (uscc: string) => JSON.stringify({ query: CHECK_QUERY, variables: { u: uscc } });
export const biddersBody = (usccs: string[]) => JSON.stringify({ query: BIDDERS_QUERY, variables: { u: usccs } });
