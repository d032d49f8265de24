/**
 * The documentation is part of the product: every GraphQL example in the README validates against the
 * composed API schema, the generated tables (measures, golden cases, error codes) are current, and
 * every public type and field of the API carries a description.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Supergraph } from '@apollo/federation-internals';
import { createRequire } from 'node:module';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, parse, validate } from 'graphql';
import { loadCatalogue } from '../subgraphs/credit/catalogue/catalogue.js';
import { readGolden, renderReadme } from '../scripts/readme-tables.js';
import { ERROR_CODES } from '../common/error-codes.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const supergraphSdl = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
// The federation packages load graphql as CommonJS; print with that copy, build with ours.
const cjsGraphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const api = buildSchema(cjsGraphql.printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema() as never));

describe('README', () => {
  const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('has GraphQL examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((e, i) => [i, e] as const))('example %i validates against the API schema', (_i, example) => {
    const errors = validate(api, parse(example));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('generated tables are current (npm run docs)', () => {
    expect(renderReadme(readme, loadCatalogue(), readGolden())).toBe(readme);
  });

  it('lists every registered error code in its table (errors:start … errors:end)', () => {
    const table = readme.slice(readme.indexOf('<!-- errors:start -->'), readme.indexOf('<!-- errors:end -->'));
    const listed = [...table.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(ERROR_CODES));
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});

describe('schema descriptions', () => {
  it('every public type, field and enum value names its Chinese term beside the English (both languages)', () => {
    const cjk = /[\u4e00-\u9fff]/;
    const latin = /[A-Za-z]{3}/;
    const missing: string[] = [];
    for (const type of Object.values(api.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      const check = (name: string, d: string | null | undefined) => {
        if (!d || !cjk.test(d) || !latin.test(d)) missing.push(name);
      };
      check(type.name, type.description);
      if (isObjectType(type) || isInputObjectType(type))
        for (const f of Object.values(type.getFields())) check(`${type.name}.${f.name}`, f.description);
      if (isEnumType(type)) for (const v of type.getValues()) check(`${type.name}.${v.name}`, v.description);
    }
    expect(missing).toEqual([]);
  });

  it('every public type, field, argument and enum value is described', () => {
    const missing: string[] = [];
    for (const type of Object.values(api.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          if ('args' in field) for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });
});
