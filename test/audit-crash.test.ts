/**
 * 查询留痕 under a crash: the gateway (with the whole system) is killed with SIGKILL while answering
 * requests; every request that got an answer has its record in the audit log, and the chain
 * verifies up to the torn tail the kill may leave.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditLog, verifyAuditLog } from '../gateway/audit/index.js';

const dir = mkdtempSync(join(tmpdir(), 'credit-audit-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit log and SIGKILL', () => {
  it('no answered request is missing from the log after the gateway is killed under load', async () => {
    const auditLogPath = join(dir, 'audit.log');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/stack-process.ts', auditLogPath], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const ready = await new Promise<{ gatewayUrl: string; codes: string[] }>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l) as { gatewayUrl: string; codes: string[] }));
        child.once('exit', (code) => reject(new Error(`stack process exited early (${code})`)));
      });
      const answered: string[] = [];
      let stop = false;
      const worker = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const uscc = ready.codes[(w * 7 + i) % ready.codes.length]!;
          try {
            const res = await fetch(ready.gatewayUrl, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: 'Bearer dev-service-hall',
                'x-query-purpose': 'ADMINISTRATIVE_LICENSING',
              },
              body: JSON.stringify({ query: `{ enterprise(uscc: "${uscc}") { creditCheck(scenario: GENERAL) { verdict } } }` }),
            });
            const body = (await res.json()) as { data?: { enterprise?: { creditCheck?: { verdict?: string } } } };
            if (res.status === 200 && body.data?.enterprise?.creditCheck?.verdict) answered.push(res.headers.get('x-request-id')!);
          } catch {
            return; // the process is gone
          }
        }
      };
      const workers = Array.from({ length: 16 }, (_, w) => worker(w));
      // Kill once a good number of answers are out, with requests still in flight.
      while (answered.length < 150) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);

      const ids = new Set(
        readFileSync(auditLogPath, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{') && l.endsWith('}'))
          .map((l) => (JSON.parse(l) as { requestId: string }).requestId),
      );
      const lost = answered.filter((id) => !ids.has(id));
      expect(answered.length).toBeGreaterThanOrEqual(150);
      expect(lost).toEqual([]);
      const verified = await verifyAuditLog(auditLogPath);
      expect(verified).toMatchObject({ ok: true, anchor: { kind: 'matched' } });
      // The gateway starts again on what the kill left (a torn tail, an anchor a commit behind).
      const reopened = await openAuditLog({ path: auditLogPath });
      await reopened.close();
      expect(await verifyAuditLog(auditLogPath)).toMatchObject({ ok: true, anchor: { kind: 'matched', recordsAfter: 0 } });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
