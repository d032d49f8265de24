import { ProcessGroup } from './processes.js';
import { startSystem } from './system.js';
import { benchPorts } from './profile.js';
import { CodePool } from './scenarios.js';
import { checkBody } from './load.js';
const root = '/work/main/';
const group = new ProcessGroup(root, '/tmp/probe/logs');
process.on('exit', () => group.killAllNow());
try {
  const sys = await startSystem(group, root, '/tmp/probe', benchPorts(4700), console.log);
  await sys.legacy.setLatency({ market: 0, tax: 0, courts: 0, environment: 0, economy: 0 });
  const hive = await sys.startHive();
  const codes = new CodePool();
  for (const [name, url] of [['ours', sys.gatewayUrl], ['hive', hive.url], ['ours', sys.gatewayUrl], ['hive', hive.url]] as const) {
    await sys.legacy.resetStats();
    const r = await sys.driver.single({ url, body: checkBody(codes.take(1)[0]!) });
    console.log(name, Math.round(r.latencyMs), JSON.stringify(await sys.legacy.stats()));
  }
  for (const [name, url] of [['ours', sys.gatewayUrl], ['hive', hive.url]] as const) {
    await sys.legacy.resetStats();
    const l = await sys.driver.load({ url, connections: 50, durationSec: 5, bodies: codes.take(3000).map(checkBody) });
    const s = await sys.legacy.stats();
    console.log(name, l.requests, Math.round(l.rps), l.latency, Object.fromEntries(Object.entries(s).map(([k, v]) => [k, (v.calls / l.requests).toFixed(2)])));
  }
} finally {
  await group.stopAll();
}
