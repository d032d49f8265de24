/**
 * Who a piece of legacy work is for, as the gateway marks it (in the signed body it sends a
 * subgraph, never from a client header): `interactive` — any synchronous request, a counter or a
 * bidder list waiting for its answer; `job` — a chunk of a bulk check job (批量核查任务), which has
 * minutes, not seconds. `caller` is the gateway's caller id, for sharing fairly within a class.
 */
export type WorkClass = 'interactive' | 'job';
export interface Work {
  class: WorkClass;
  caller: string;
}

/** Work that carries no mark (a test calling a subgraph directly): interactive, one anonymous caller. */
export const UNMARKED_WORK: Work = { class: 'interactive', caller: '' };

/** Slots of a legacy budget job work may never take, so that interactive work finds one free: a quarter, at least one. */
export function reservedForInteractive(slots: number): number {
  return slots <= 1 ? 0 : Math.max(1, Math.floor(slots / 4));
}

/**
 * Waiting work in two classes — every interactive item before any job item — and, within a class,
 * round robin over callers: one caller's 10,000 waiting items and another's 5 take turns, so
 * neither a platform's job nor one hall's flood of single checks starves the others.
 */
export class FairQueue<T> {
  private readonly classes: Record<WorkClass, Map<string, T[]>> = { interactive: new Map(), job: new Map() };
  private readonly counts: Record<WorkClass, number> = { interactive: 0, job: 0 };

  /** Items waiting, in one class or in both. */
  size(cls?: WorkClass): number {
    return cls ? this.counts[cls] : this.counts.interactive + this.counts.job;
  }

  push(work: Work, item: T): void {
    const callers = this.classes[work.class];
    const q = callers.get(work.caller);
    if (q) q.push(item);
    else callers.set(work.caller, [item]);
    this.counts[work.class]++;
  }

  /** The next item: interactive first; within a class the caller whose turn it is. */
  shift(only?: WorkClass): T | undefined {
    for (const cls of only ? [only] : (['interactive', 'job'] as const)) {
      const callers = this.classes[cls];
      const first = callers.entries().next();
      if (first.done) continue;
      const [caller, q] = first.value;
      const item = q.shift()!;
      // The caller goes to the back of the line (Map keeps insertion order).
      callers.delete(caller);
      if (q.length) callers.set(caller, q);
      this.counts[cls]--;
      return item;
    }
    return undefined;
  }

  /** Take out an item that gave up waiting. */
  remove(work: Work, item: T): boolean {
    const callers = this.classes[work.class];
    const q = callers.get(work.caller);
    const i = q?.indexOf(item) ?? -1;
    if (!q || i < 0) return false;
    q.splice(i, 1);
    if (!q.length) callers.delete(work.caller);
    this.counts[work.class]--;
    return true;
  }
}
