/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked against the services'
 * own configuration schemas: every service's command exists, every environment (the shared engines'
 * variables included) is accepted by the loader of the service it runs, every URL points at a
 * compose service on the port that service listens on, REPLICAS is the number of replicas that
 * really run, and HAProxy (deploy/haproxy.cfg) health-checks every gateway replica.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadGatewayConfig, SUBGRAPHS } from '../gateway/config.js';
import { TrustedProxies } from '../gateway/access/client-address.js';
import { loadLegacyConfig } from '../legacy/config.js';
import { SUBGRAPH_MODULES } from '../subgraphs/index.js';
import { LEGACY_SYSTEMS, LEGACY_SYSTEM_NAMES } from '../legacy/systems.js';
import { loadCreditConfig } from '../subgraphs/credit/config.js';
import type { EnginesConfig } from '../common/engines/index.js';

interface Service {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  /** The short form (a list) or the long one (a map to `{ condition }`). */
  depends_on?: string[] | Record<string, { condition: string }>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  networks?: Record<string, { ipv4_address?: string } | null>;
}
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { ipam?: { config?: { subnet: string }[] } }>;
};
const services = compose.services;
/** The services built from this repository's image (the rest are engines and HAProxy, from their own images). */
const ours = Object.entries(services).filter(([, s]) => s.build === '.') as [string, Service & { command: string[] }][];
const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
const haproxy = readFileSync(new URL('../deploy/haproxy.cfg', import.meta.url), 'utf8');

const scriptOf = (s: Service) => s.command!.at(-1)!;
const dependsOn = (s: Service) => (Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {}));
const conditionOf = (s: Service, dep: string) => (Array.isArray(s.depends_on) ? 'service_started' : s.depends_on?.[dep]?.condition);
/** The services that run a script (the replicas of one service). */
const running = (script: string) => ours.filter(([, s]) => scriptOf(s) === script).map(([name]) => name);
const gateways = running('gateway/main.ts');
/** `<NAME>_SUBGRAPH_URL` names every replica of the subgraph, comma-separated. */
const urlList = (v: string) => v.split(',').map((u) => u.trim());

/** The port a compose service listens on, from its own environment (or the engine's default). */
function listenPort(name: string): number {
  const s = services[name]!;
  if (s.image?.startsWith('redis:')) return 6379;
  if (s.image?.startsWith('postgres:')) return 5432;
  const script = scriptOf(s);
  const env = s.environment ?? {};
  if (script === 'legacy/main.ts') {
    const c = loadLegacyConfig(env);
    return c.ports[c.systems[0]!]!;
  }
  if (script === 'gateway/main.ts') return loadGatewayConfig(env).http.port;
  const module = SUBGRAPH_MODULES.find((m) => script === `subgraphs/${m.name}/main.ts`)!;
  return (module.loadConfig(env) as { http: { port: number } }).http.port;
}

function expectPointsAtService(url: string) {
  const u = new URL(url);
  expect(Object.keys(services)).toContain(u.hostname);
  expect(Number(u.port || (u.protocol === 'redis:' ? 6379 : 5432))).toBe(listenPort(u.hostname));
}

/** A gateway replica's configuration (one, as a list, so the callers read as before). */
const gatewayConfigs = (env: Record<string, string>) => [loadGatewayConfig(env)];

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

describe('docker-compose.yml', () => {
  it('runs every service: a simulator per department, two replicas of every subgraph and of the gateway', () => {
    const scripts = ours.map(([, s]) => scriptOf(s));
    expect(scripts.filter((s) => s === 'legacy/main.ts')).toHaveLength(LEGACY_SYSTEM_NAMES.length);
    for (const m of SUBGRAPH_MODULES) expect(running(`subgraphs/${m.name}/main.ts`), m.name).toEqual([`${m.name}-1`, `${m.name}-2`]);
    expect(gateways).toEqual(['gateway-1', 'gateway-2']);
    for (const [, s] of ours) {
      expect(s.command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
      expect(existsSync(new URL(`../${scriptOf(s)}`, import.meta.url))).toBe(true);
    }
  });

  it('every service listens on all interfaces inside its container', () => {
    for (const [, s] of ours) expect(s.environment?.HOST).toBe('0.0.0.0');
  });

  it('runs the development configuration explicitly; the image defaults to production', () => {
    for (const [, s] of ours) expect(s.environment?.NODE_ENV).toBe('development');
    expect(dockerfile).toContain('ENV NODE_ENV=production');
    // In production the same environment is refused: the development secret is not accepted.
    for (const g of gateways) {
      const env = services[g]!.environment ?? {};
      expect(() => loadGatewayConfig(env)).not.toThrow();
      expect(() => loadGatewayConfig({ ...env, NODE_ENV: 'production' })).toThrow(/SUBGRAPH_SHARED_SECRET/);
    }
  });

  it('each simulator runs one system on its default port, and only one of each', () => {
    const seen = new Set<string>();
    for (const [name, s] of ours.filter(([, s]) => scriptOf(s) === 'legacy/main.ts')) {
      const c = loadLegacyConfig(s.environment ?? {});
      expect(c.systems).toHaveLength(1);
      const system = c.systems[0]!;
      seen.add(system);
      expect(name).toBe(`legacy-${system}`);
      expect(c.ports[system]).toBe(LEGACY_SYSTEMS[system].port);
    }
    expect([...seen].sort()).toEqual([...LEGACY_SYSTEM_NAMES].sort());
  });

  it('each subgraph replica accepts its environment and reaches its legacy system', () => {
    for (const m of SUBGRAPH_MODULES) {
      for (const name of running(`subgraphs/${m.name}/main.ts`)) {
        const s = services[name]!;
        const config = m.loadConfig(s.environment ?? {}) as { http: { port: number }; legacy?: { url: string } };
        expect(config.http.port).toBe(SUBGRAPHS[m.name as keyof typeof SUBGRAPHS]);
        if (m.name !== 'credit') {
          expectPointsAtService(config.legacy!.url);
          expect(dependsOn(s)).toContain(`legacy-${m.name}`);
        }
      }
    }
  });

  it('each gateway replica accepts its environment and is given every replica of every subgraph', () => {
    for (const g of gateways) {
      const s = services[g]!;
      const env = s.environment ?? {};
      for (const config of gatewayConfigs(env)) {
        expect(config.http.port).toBe(4000);
        for (const url of Object.values(config.subgraphUrls).flat()) expectPointsAtService(url);
      }
      for (const m of SUBGRAPH_MODULES) {
        const replicas = running(`subgraphs/${m.name}/main.ts`);
        const urls = urlList(env[`${m.name.toUpperCase()}_SUBGRAPH_URL`] ?? '');
        expect(
          urls.map((u) => new URL(u).hostname),
          m.name,
        ).toEqual(replicas);
        for (const u of urls) expectPointsAtService(u);
        for (const r of replicas) expect(dependsOn(s)).toContain(r);
      }
    }
  });

  it('every replica is given the shared engines, accepted by its own schema, and REPLICAS is the real count', () => {
    const replicated = ours.filter(([, s]) => scriptOf(s) !== 'legacy/main.ts');
    expect(replicated.length).toBe(2 * (SUBGRAPH_MODULES.length + 1));
    for (const [name, s] of replicated) {
      const script = scriptOf(s);
      const env = s.environment ?? {};
      const engines: EnginesConfig[] =
        script === 'gateway/main.ts'
          ? gatewayConfigs(env).map((c) => c.engines)
          : [(SUBGRAPH_MODULES.find((m) => script === `subgraphs/${m.name}/main.ts`)!.loadConfig(env) as { engines: EnginesConfig }).engines];
      for (const e of engines) {
        expect(e.redisUrl, name).not.toBeNull();
        expect(e.databaseUrl, name).not.toBeNull();
        expectPointsAtService(e.redisUrl!);
        expectPointsAtService(e.databaseUrl!);
        // While Redis is out each replica keeps to 1/REPLICAS of a shared budget: it must be the real count.
        expect(e.replicas, name).toBe(running(script).length);
      }
    }
    // The simulated legacy systems stand for the departments' own systems: one each, no engines.
    for (const [, s] of ours.filter(([, s]) => scriptOf(s) === 'legacy/main.ts')) expect(s.environment?.REDIS_URL).toBeUndefined();
  });

  it('Redis and PostgreSQL: their images, a health check, and the database on a volume', () => {
    expect(services.redis!.image).toBe('redis:7');
    expect(services.redis!.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(services.postgres!.image).toBe('postgres:15');
    expect(services.postgres!.healthcheck!.test.slice(0, 2)).toEqual(['CMD', 'pg_isready']);
    expect(services.postgres!.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes ?? {})).toContain('postgres-data');
    const db = new URL(services['credit-1']!.environment!.DATABASE_URL!);
    expect({ user: db.username, password: db.password, database: db.pathname.slice(1) }).toEqual({
      user: services.postgres!.environment!.POSTGRES_USER,
      password: services.postgres!.environment!.POSTGRES_PASSWORD,
      database: services.postgres!.environment!.POSTGRES_DB,
    });
    // The credit subgraph and the gateway migrate the database at start: they wait until it is healthy.
    for (const name of [...running('subgraphs/credit/main.ts'), ...gateways])
      expect(conditionOf(services[name]!, 'postgres'), name).toBe('service_healthy');
    // Nothing waits for Redis to be healthy: every service runs on (per process) while it is out.
    for (const [name, s] of ours) if (dependsOn(s).includes('redis')) expect(conditionOf(s, 'redis'), name).toBe('service_started');
  });

  it('the replicas keep no state of their own: the audit, the journal and jobs are in PostgreSQL', () => {
    for (const [name, s] of ours) expect(s.volumes, name).toBeUndefined();
    for (const name of running('subgraphs/credit/main.ts')) {
      expect(loadCreditConfig(services[name]!.environment ?? {}).engines.databaseUrl).toMatch(/@postgres:5432\//);
    }
    // Without DATABASE_URL (a single container), state is written under /app/data.
    expect(dockerfile).toContain('chown node:node /app/data');
  });

  it('HAProxy is the only published port, and health-checks every gateway replica with GET /readyz', () => {
    const h = services.haproxy!;
    expect(h.image).toMatch(/^haproxy:\d/);
    expect(h.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    expect(h.ports).toEqual(['4000:4000']);
    for (const [name, s] of Object.entries(services)) if (name !== 'haproxy') expect(s.ports, name).toBeUndefined();
    for (const g of gateways) expect(dependsOn(h)).toContain(g);
    // Its address is fixed, on the network's subnet, and every gateway trusts it (and nothing else) to
    // name the reader in X-Forwarded-For: the /verify limit is then per reader, not per HAProxy.
    const address = h.networks?.default?.ipv4_address;
    expect(address).toBeDefined();
    const subnet = compose.networks?.default?.ipam?.config?.[0]?.subnet;
    expect(new TrustedProxies([subnet!]).has(address!)).toBe(true);
    for (const g of gateways) expect(loadGatewayConfig(services[g]!.environment ?? {}).trustedProxies, g).toEqual([address]);

    const sections = haproxySections(haproxy);
    const frontend = sections.find((s) => s.kind === 'frontend')!;
    expect(frontend.lines).toContain('bind :4000');
    const main = sections.find((s) => s.kind === 'backend' && frontend.lines.includes(`default_backend ${s.name}`))!;
    expect(main.lines).toContain('option httpchk GET /readyz');
    expect(main.lines).toContain('http-check expect status 200');
    expect(serversOf(main)).toEqual(gateways.map((g) => ({ name: g, address: `${g}:${listenPort(g)}`, checked: true })));
    // When no gateway is ready (a department out makes every one unready), those alive still answer
    // (INCOMPLETE naming it) instead of HAProxy refusing everything.
    const fallback = sections.find((s) => s.kind === 'backend' && s.name !== main.name)!;
    expect(frontend.lines).toContain(`use_backend ${fallback.name} if { nbsrv(${main.name}) eq 0 }`);
    expect(fallback.lines).toContain('option httpchk GET /healthz');
    expect(serversOf(fallback)).toEqual(serversOf(main));
  });

  it('the image has what the services run', () => {
    for (const dir of ['common', 'legacy', 'subgraphs', 'gateway', 'schema', 'test/golden']) expect(dockerfile).toContain(`COPY ${dir} ./${dir}`);
    // The migrations the services apply at start are in the image.
    expect(existsSync(new URL('../schema/migrations/003_journal.sql', import.meta.url))).toBe(true);
    // The console's explorer serves GraphiQL and React from node_modules: runtime dependencies.
    expect(pkg.dependencies.graphiql).toBeDefined();
    expect(dockerfile).toMatch(/FROM node:20/);
    expect(dockerfile).toContain('npm ci --omit=dev');
    // The services run TypeScript with tsx in production, so it must be a runtime dependency.
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.dependencies['@graphql-hive/gateway']).toBeUndefined();
  });
});

/** haproxy.cfg's sections (`frontend x`, `backend y`, …) with their lines, comments dropped. */
function haproxySections(text: string): { kind: string; name: string; lines: string[] }[] {
  const out: { kind: string; name: string; lines: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trimEnd();
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) {
      const [kind, name = ''] = line.trim().split(/\s+/);
      out.push({ kind: kind!, name, lines: [] });
    } else out.at(-1)?.lines.push(line.trim().replace(/\s+/g, ' '));
  }
  return out;
}

/** A backend's servers, and whether each is health-checked (on its line or by `default-server … check`). */
function serversOf(section: { lines: string[] }): { name: string; address: string; checked: boolean }[] {
  const defaults = section.lines.find((l) => l.startsWith('default-server '))?.split(' ') ?? [];
  return section.lines
    .filter((l) => l.startsWith('server '))
    .map((l) => {
      const [, name, address, ...params] = l.split(' ');
      return { name: name!, address: address!, checked: [...defaults, ...params].includes('check') };
    });
}
