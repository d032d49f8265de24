/**
 * Writes what is derived from the department registry (`common/departments.ts`) into the files
 * that must spell it out — today the credit subgraph's `@requires` selections (`npm run generate`),
 * or fails when a committed file differs from what the registry gives (`npm run generate:check`,
 * run by `npm test`). Run `npm run compose` afterwards: the supergraph is composed from the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sectionsSelection } from '../common/departments.js';

const CREDIT_SDL = new URL('../subgraphs/credit/schema.graphql', import.meta.url);

/**
 * Every `@requires` of the credit subgraph reads the department sections: on `Enterprise` directly,
 * on `Consortium` through its members.
 */
export function generateCreditSdl(sdl: string): string {
  const sections = sectionsSelection();
  return sdl.replace(/@requires\(fields: "([^"]*)"\)/g, (_all, current: string) =>
    current.trimStart().startsWith('members') ? `@requires(fields: "members { ${sections} }")` : `@requires(fields: "${sections}")`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(CREDIT_SDL, 'utf8');
  const next = generateCreditSdl(current);
  if (process.argv.includes('--check')) {
    if (current !== next) {
      console.error('subgraphs/credit/schema.graphql is stale: its @requires selections differ from the department registry. Run `npm run generate && npm run compose` and commit the result.');
      process.exit(1);
    }
    console.log('generated files are up to date with the department registry.');
  } else {
    writeFileSync(CREDIT_SDL, next);
    console.log(current === next ? 'subgraphs/credit/schema.graphql already current' : 'wrote subgraphs/credit/schema.graphql (@requires from the department registry); now run `npm run compose`');
  }
}
