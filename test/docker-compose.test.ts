/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked against the services'
 * own configuration schemas: every service's command exists, every environment is accepted by the
 * loader of the service it runs, and every URL points at a compose service on the port that service
 * listens on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadGatewayConfig, SUBGRAPHS } from '../gateway/config.js';
import { loadLegacyConfig } from '../legacy/config.js';
import { SUBGRAPH_MODULES } from '../subgraphs/index.js';
import { LEGACY_SYSTEMS, LEGACY_SYSTEM_NAMES } from '../legacy/systems.js';

interface Service {
  command: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: string[];
}
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');

/** The port a compose service listens on, from its own environment. */
function listenPort(name: string): number {
  const s = services[name]!;
  const script = s.command.at(-1)!;
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
  expect(Number(u.port)).toBe(listenPort(u.hostname));
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

describe('docker-compose.yml', () => {
  it('runs every service: a simulator and a subgraph per department, the credit subgraph, the gateway', () => {
    const scripts = Object.values(services).map((s) => s.command.at(-1));
    expect(scripts.filter((s) => s === 'legacy/main.ts')).toHaveLength(LEGACY_SYSTEM_NAMES.length);
    for (const m of SUBGRAPH_MODULES) expect(scripts).toContain(`subgraphs/${m.name}/main.ts`);
    expect(scripts).toContain('gateway/main.ts');
    for (const s of Object.values(services)) {
      expect(s.command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
      expect(existsSync(new URL(`../${s.command.at(-1)}`, import.meta.url))).toBe(true);
    }
  });

  it('every service listens on all interfaces inside its container', () => {
    for (const s of Object.values(services)) expect(s.environment?.HOST).toBe('0.0.0.0');
  });

  it('runs the development configuration explicitly; the image defaults to production', () => {
    for (const s of Object.values(services)) expect(s.environment?.NODE_ENV).toBe('development');
    expect(dockerfile).toContain('ENV NODE_ENV=production');
    // In production the same environment is refused: the development secret is not accepted.
    const gw = { ...services.gateway!.environment, NODE_ENV: 'production' };
    expect(() => loadGatewayConfig(gw)).toThrow(/SUBGRAPH_SHARED_SECRET/);
  });

  it('keeps the audit log and the case journal on volumes', () => {
    const g = services.gateway! as Service & { volumes?: string[] };
    expect(loadGatewayConfig(g.environment ?? {}).auditLogPath.startsWith('/app/data/')).toBe(true);
    expect(g.volumes).toContain('gateway-data:/app/data');
    const c = services.credit! as Service & { volumes?: string[] };
    expect(c.environment?.CREDIT_JOURNAL_DIR).toBe('/app/data/credit');
    expect(c.volumes).toContain('credit-data:/app/data');
    expect(dockerfile).toContain('chown node:node /app/data');
  });

  it('each simulator runs one system on its default port', () => {
    const seen = new Set<string>();
    for (const [name, s] of Object.entries(services).filter(([, s]) => s.command.at(-1) === 'legacy/main.ts')) {
      const c = loadLegacyConfig(s.environment ?? {});
      expect(c.systems).toHaveLength(1);
      const system = c.systems[0]!;
      seen.add(system);
      expect(name).toBe(`legacy-${system}`);
      expect(c.ports[system]).toBe(LEGACY_SYSTEMS[system].port);
    }
    expect([...seen].sort()).toEqual([...LEGACY_SYSTEM_NAMES].sort());
  });

  it('each subgraph accepts its environment and reaches its legacy system', () => {
    for (const m of SUBGRAPH_MODULES) {
      const s = services[m.name]!;
      const config = m.loadConfig(s.environment ?? {}) as { http: { port: number }; legacy?: { url: string } };
      expect(config.http.port).toBe(SUBGRAPHS[m.name as keyof typeof SUBGRAPHS]);
      if (m.name !== 'credit') {
        expectPointsAtService(config.legacy!.url);
        expect(s.depends_on).toContain(`legacy-${m.name}`);
      }
    }
  });

  it('the gateway accepts its environment, reaches every subgraph, and publishes its port', () => {
    const g = services.gateway!;
    const config = loadGatewayConfig(g.environment ?? {});
    for (const url of Object.values(config.subgraphUrls).flat()) expectPointsAtService(url);
    expect(g.ports).toContain(`${config.http.port}:${config.http.port}`);
    for (const m of SUBGRAPH_MODULES) expect(g.depends_on).toContain(m.name);
  });

  it('the image has what the services run', () => {
    for (const dir of ['common', 'legacy', 'subgraphs', 'gateway', 'schema', 'test/golden']) expect(dockerfile).toContain(`COPY ${dir} ./${dir}`);
    // The console's explorer serves GraphiQL and React from node_modules: runtime dependencies.
    expect(pkg.dependencies.graphiql).toBeDefined();
    expect(dockerfile).toMatch(/FROM node:20/);
    expect(dockerfile).toContain('npm ci --omit=dev');
    // The services run TypeScript with tsx in production, so it must be a runtime dependency.
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.dependencies['@graphql-hive/gateway']).toBeUndefined();
  });
});
