import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY, sectionsSelection } from '../common/departments.js';
import { generateConsoleDepartments, generateCreditSdl } from './generate.js';

const sdl = readFileSync(new URL('../subgraphs/credit/schema.graphql', import.meta.url), 'utf8');

describe('npm run generate: the credit subgraph reads what the department registry lists', () => {
  it('the committed SDL is what the registry gives', () => {
    expect(generateCreditSdl(sdl)).toBe(sdl);
  });

  it('every registered department section is required, on Enterprise and through consortium members', () => {
    const requires = [...sdl.matchAll(/@requires\(fields: "([^"]*)"\)/g)].map((m) => m[1]!);
    expect(requires.length).toBe(4);
    for (const r of requires) {
      for (const d of DEPARTMENT_REGISTRY) expect(r, d.name).toContain(`${d.sectionField} { `);
      expect(r.startsWith('members { ') ? r.slice('members { '.length, -' }'.length) : r).toBe(sectionsSelection());
    }
  });

  it('a stale selection (a department forgotten) is rewritten', () => {
    const stale = sdl.replace(/ economy \{ source \{[^}]*\} findings \{[^}]*penalty \{[^}]*\} \} \}/g, '');
    expect(stale).not.toBe(sdl);
    expect(generateCreditSdl(stale)).toBe(sdl);
  });
});

describe('npm run generate: the console names the registered departments', () => {
  it('the committed console module is what the registry gives', () => {
    const committed = readFileSync(new URL('../gateway/console/public/assets/lib/departments.generated.js', import.meta.url), 'utf8');
    expect(committed).toBe(generateConsoleDepartments());
    for (const d of DEPARTMENT_REGISTRY) expect(committed).toContain(`${d.name}: { zh: "${d.labelZh}"`);
  });
});
