/**
 * The whole system in a child process, for tests that must kill it (SIGKILL) mid-load:
 * `node --import tsx test/support/stack-process.ts <audit log path>` prints one JSON line
 * `{"gatewayUrl": …, "codes": [...]}` when ready and runs until killed.
 */
import { startStack } from './stack.js';

const auditLogPath = process.argv[2];
if (!auditLogPath) {
  console.error('usage: stack-process.ts <audit log path>');
  process.exit(2);
}
const stack = await startStack({ datasetSize: 200, auditLogPath });
const codes = Array.from({ length: 50 }, (_, i) => stack.dataset.at(i).uscc);
console.log(JSON.stringify({ gatewayUrl: stack.gatewayUrl, codes }));
process.on('SIGTERM', () => void stack.stop().then(() => process.exit(0)));
