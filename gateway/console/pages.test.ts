/**
 * The pages as a whole: every string in both languages, every referenced file served, nothing from
 * another origin, the element hooks the browser tests use, and every operation the pages send valid
 * against the API schema.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_REGISTRY, findingKindEntries } from '../../common/departments.js';
import { createConsoleHandler, DEVELOPMENT_CONSOLE_CONFIG } from './index.js';
import { STRINGS, VERDICT_LABELS, VERDICT_ADVICE, SCENARIO_LABELS, DEPARTMENT_LABELS, FINDING_KIND_LABELS } from './public/assets/lib/i18n.js';
import { CATALOGUE_QUERY, CHECK_QUERY, CONSORTIUM_QUERY, REPORT_QUERY } from './public/assets/lib/queries.js';
import { BIDDERS_QUERY, CONSORTIUM_BIDDER_QUERY } from './public/assets/lib/bidders.js';
import { EXAMPLES } from './public/assets/lib/explorer-examples.js';

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const files = walk(PUBLIC).filter((f) => !f.endsWith('.d.ts'));
const read = (f: string) => readFileSync(f, 'utf8');
const html = files.filter((f) => f.endsWith('.html'));
const js = files.filter((f) => f.endsWith('.js'));
const css = files.filter((f) => f.endsWith('.css'));
const allText = [...html, ...js, ...css].map(read).join('\n');

/** GET through the handler, without a server. */
function get(url: string): { handled: boolean; status: number } {
  const handler = createConsoleHandler({ config: DEVELOPMENT_CONSOLE_CONFIG });
  let status = 0;
  const res = {
    writeHead: (s: number) => {
      status = s;
      return res;
    },
    end: () => res,
    headersSent: false,
  };
  const handled = handler({ url, method: 'HEAD', headers: {} } as never, res as never);
  return { handled, status };
}

describe('strings', () => {
  it('has every UI string in Chinese and English', () => {
    expect(Object.keys(STRINGS.en).sort()).toEqual(Object.keys(STRINGS.zh).sort());
    for (const [k, v] of Object.entries(STRINGS.zh)) {
      expect(v, k).not.toBe('');
      expect(STRINGS.en[k], k).not.toBe('');
      // Placeholders match between the languages.
      expect((STRINGS.en[k]!.match(/\{\w+\}/g) ?? []).sort(), k).toEqual((v.match(/\{\w+\}/g) ?? []).sort());
    }
  });

  it('knows every key the pages and scripts use', () => {
    const used = new Set<string>();
    for (const f of html) for (const m of read(f).matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) used.add(m[1]!);
    for (const f of js) for (const m of read(f).matchAll(/\bt\(\s*'([a-z][\w.]+)'/g)) used.add(m[1]!);
    for (const f of js)
      for (const m of read(f).matchAll(/(?:label|title|titleKey):\s*'((?:report|bidders|source|result)\.[\w.]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in STRINGS.zh));
    expect(missing).toEqual([]);
  });

  it('labels every verdict, scenario, department and record type in both languages', () => {
    for (const v of ['INACTIVE', 'PROHIBITED', 'RESTRICTED', 'CAUTION', 'CLEAR', 'INCOMPLETE', 'NOT_FOUND', 'INVALID_CODE'])
      expect(VERDICT_LABELS[v]).toBeTruthy();
    // A deregistered or revoked enterprise is never shown green.
    expect(VERDICT_LABELS['INACTIVE']).toMatchObject({ zh: '主体已注销/吊销', tone: 'inactive' });
    expect(Object.keys(SCENARIO_LABELS).sort()).toEqual([
      'ADMINISTRATIVE_LICENSING',
      'BIDDING',
      'FISCAL_FUNDS',
      'GENERAL',
      'GOVERNMENT_PROCUREMENT',
      'HONORS',
      'STATE_LAND_TRANSFER',
    ]);
    expect(Object.keys(DEPARTMENT_LABELS).sort()).toEqual(DEPARTMENT_REGISTRY.map((d) => d.name).sort());
    expect(Object.keys(FINDING_KIND_LABELS).sort()).toEqual(
      findingKindEntries()
        .map((k) => k.kind)
        .sort(),
    );
    expect(VERDICT_LABELS['PROHIBITED']).toMatchObject({ zh: '禁止', tone: 'red' });
    expect(VERDICT_LABELS['INCOMPLETE']).toMatchObject({ zh: '信息不完整', tone: 'grey' });
  });
});

describe('files', () => {
  it('serves every file a page or stylesheet refers to', () => {
    const refs = new Set<string>();
    for (const f of html) for (const m of read(f).matchAll(/\b(?:src|href)="(\/[^"]*)"/g)) refs.add(m[1]!);
    for (const f of css) for (const m of read(f).matchAll(/url\((\/[^)]*)\)/g)) refs.add(m[1]!);
    expect(refs.size).toBeGreaterThan(8);
    for (const r of refs) expect(get(r), r).toEqual({ handled: true, status: 200 });
  });

  it('serves every module a script imports', () => {
    let count = 0;
    for (const f of js) {
      for (const m of read(f).matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'/g)) {
        // Our modules by relative path under /assets/; a vendored module (VENDOR_FILES) by its /vendor/ route.
        const route = m[1]!.startsWith('/vendor/')
          ? m[1]!
          : `/${path
              .relative(PUBLIC, path.resolve(path.dirname(f), m[1]!))
              .split(path.sep)
              .join('/')}`;
        expect(route.startsWith('/assets/') || route.startsWith('/vendor/'), `${f} imports ${m[1]}`).toBe(true);
        expect(get(route), `${f} imports ${m[1]}`).toEqual({ handled: true, status: 200 });
        count++;
      }
    }
    expect(count).toBeGreaterThan(20);
  });

  it('loads nothing from another origin', () => {
    const external = allText.match(/https?:\/\/(?!www\.w3\.org\/2000\/svg)[^\s'"`)]+/g) ?? [];
    expect(external).toEqual([]);
    expect(allText).not.toMatch(/@import\s/);
    expect(html.map(read).join('\n')).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts
    expect(html.map(read).join('\n')).not.toMatch(/\sstyle="|<style|\son[a-z]+="/); // no inline styles or handlers
  });

  it('has the hooks the browser tests use', () => {
    const hooks = [
      'uscc-input',
      'uscc-validation',
      'scenario-select',
      'check-submit',
      'verdict',
      'missing-sources',
      'flags',
      'incentives',
      'warnings',
      'sources',
      'check-id',
      'report-link',
      'settings-open',
      'settings-key',
      'settings-purpose',
      'settings-reference',
      'settings-save',
      'lang-toggle',
      'bidders-file',
      'tender-input',
      'bidders-submit',
      'bidders-progress',
      'bidders-progress-text',
      'bidders-download',
      'bidders-download-xlsx',
      'bidders-file-warning',
      'bidders-results',
      'bidder-row',
      'report',
      'report-number',
      'report-print',
      'explorer-examples',
      'not-checked',
      'basis',
      'unconfirmed-legend',
      'catalogue-date',
      'catalogue-submit',
      'catalogue-measure',
      'catalogue-summary',
      'graphiql',
      'error',
      'consortium-toggle',
      'consortium-input',
      'consortium-validation',
      'consortium-result',
      'consortium-member',
      'consortium-verdict',
      'member-verdict',
    ];
    for (const id of hooks) expect(allText, id).toMatch(new RegExp(`data-testid="${id}"|testid: '${id}'`));
    expect(allText).toContain("flagItem(f, 'flag')"); // data-testid="flag" with data-measure-code
    expect(allText).toContain('data: { measureCode: m.code, kind }');
    expect(allText).toContain('data: { verdict: v }');
    for (const section of [
      'basic',
      'administrative',
      'honest',
      'serious-dishonest',
      'abnormal',
      'commitments',
      'judicial',
      'tax',
      'environment',
      'economy',
      'verdict',
      'sources',
    ]) {
      expect(allText, section).toContain(`'${section}'`);
    }
  });
});

describe('operations', () => {
  let schema: GraphQLSchema;
  const apiSchema = () => {
    if (!schema) {
      const sdl = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
      const cjs = createRequire(import.meta.url)('graphql') as typeof import('graphql');
      schema = buildSchema(cjs.printSchema(Supergraph.build(sdl).apiSchema().toGraphQLJSSchema() as never));
    }
    return schema;
  };

  it.each([
    ['CHECK_QUERY', CHECK_QUERY],
    ['REPORT_QUERY', REPORT_QUERY],
    ['CATALOGUE_QUERY', CATALOGUE_QUERY],
    ['BIDDERS_QUERY', BIDDERS_QUERY],
    ['CONSORTIUM_QUERY', CONSORTIUM_QUERY],
    ['CONSORTIUM_BIDDER_QUERY', CONSORTIUM_BIDDER_QUERY],
    ...EXAMPLES.map((e) => [`explorer example ${e.id}`, e.query] as [string, string]),
  ])('%s is valid against the API schema', (_name, query) => {
    expect(validate(apiSchema(), parse(query)).map((e) => e.message)).toEqual([]);
  });

  it('labels, advises on and colours every verdict the API can give (a new one is never shown raw)', () => {
    const verdict = apiSchema().getType('Verdict') as import('graphql').GraphQLEnumType;
    for (const { name } of verdict.getValues()) {
      expect(VERDICT_LABELS[name]?.zh, name).toMatch(/[\u4e00-\u9fff]/);
      expect(VERDICT_ADVICE[name]?.zh, name).toMatch(/[\u4e00-\u9fff]/);
      expect(allText, `.tone-${VERDICT_LABELS[name]!.tone}`).toContain(`.tone-${VERDICT_LABELS[name]!.tone} `);
    }
  });

  it('has explorer examples for every kind of caller', () => {
    expect(new Set(EXAMPLES.map((e) => e.kind))).toEqual(new Set(['SERVICE_HALL', 'TRADING_PLATFORM', 'REPORT_DEVELOPER', 'AUDITOR']));
    const hints = DEVELOPMENT_CONSOLE_CONFIG.callerHints;
    for (const e of EXAMPLES) expect(hints.find((h) => h.kind === e.kind)?.purposes, e.id).toContain(e.purpose);
  });
});
