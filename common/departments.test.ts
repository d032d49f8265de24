/**
 * The department registry is the one list: everything that still spells the departments out by
 * hand (the subgraph modules, the legacy simulators, the shared SDL's enums, docker-compose) must
 * agree with it, so that a department added or removed in one place and not the others fails here.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, isEnumType } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY, findingKindsOf, sectionsSelection } from './departments.js';
import type { DepartmentEntry } from './departments.js';
import { SUBGRAPH_MODULES } from '../subgraphs/index.js';
import { LEGACY_SYSTEM_NAMES } from '../legacy/systems.js';

const sharedSdl = readFileSync(new URL('../subgraphs/shared/shared-types.graphql', import.meta.url), 'utf8');
const enumValues = (name: string) => {
  const schema = buildSchema(`${sharedSdl.replace(/@shareable/g, '')}\ntype Query { x: Int }`);
  const t = schema.getType(name);
  return isEnumType(t)
    ? t
        .getValues()
        .map((v) => v.name)
        .sort()
    : [];
};

describe('the department registry', () => {
  it('names every value of the shared Department enum, and no other', () => {
    expect(DEPARTMENT_REGISTRY.map((d) => d.name).sort()).toEqual(enumValues('Department'));
  });

  it('every FindingKind is supplied by some department', () => {
    const supplied = new Set<string>(DEPARTMENT_REGISTRY.flatMap((d) => findingKindsOf(d)));
    expect(enumValues('FindingKind').filter((k) => !supplied.has(k))).toEqual([]);
    expect([...supplied].filter((k) => !enumValues('FindingKind').includes(k))).toEqual([]);
  });

  it('each department has its subgraph module and its simulator', () => {
    const modules = SUBGRAPH_MODULES.map((m) => m.name);
    expect(modules.filter((m) => m !== 'credit').sort()).toEqual(DEPARTMENT_REGISTRY.map((d) => d.subgraph).sort());
    expect([...LEGACY_SYSTEM_NAMES].sort()).toEqual(DEPARTMENT_REGISTRY.map((d) => d.subgraph).sort());
  });

  it('docker-compose runs each department subgraph and its simulator', () => {
    const compose = parseYaml(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, unknown> };
    for (const d of DEPARTMENT_REGISTRY) {
      expect(
        Object.keys(compose.services).some((s) => s.includes(d.subgraph)),
        d.subgraph,
      ).toBe(true);
      expect(Object.keys(compose.services), d.subgraph).toContain(`legacy-${d.subgraph}`);
    }
  });

  it('section fields and ports are distinct; the selection names every section', () => {
    expect(new Set(DEPARTMENT_REGISTRY.map((d) => d.sectionField)).size).toBe(DEPARTMENT_REGISTRY.length);
    expect(new Set(DEPARTMENT_REGISTRY.map((d) => d.port)).size).toBe(DEPARTMENT_REGISTRY.length);
    for (const d of DEPARTMENT_REGISTRY) expect(sectionsSelection()).toContain(`${d.sectionField} { `);
  });

  it('names follow the folder conventions the generator relies on; ports fit the bench block', () => {
    const entries: readonly DepartmentEntry[] = DEPARTMENT_REGISTRY;
    for (const d of entries) {
      expect(d.envPrefix, d.name).toBe(d.subgraph.toUpperCase());
      expect(d.subgraph, d.name).toMatch(/^[a-z]+$/);
      expect(d.port, d.name).toBeGreaterThan(4000);
      expect(d.port, d.name).toBeLessThan(4010);
      expect(d.legacyPort, d.name).toBeGreaterThan(4100);
      expect(d.legacyPort, d.name).toBeLessThan(4200);
      expect(d.batchLimit, d.name).toBeGreaterThanOrEqual(1);
      if (d.legacyKind === 'per-code') expect(d.batchLimit, d.name).toBe(1);
    }
    expect(new Set(entries.map((d) => d.legacyPort)).size).toBe(entries.length);
  });
});
