/**
 * Every example the API explorer ships runs as shipped: its operation, its variables and the headers
 * the explorer sends with it (in development, the development key of its kind of caller and its
 * purpose), against a real stack — an answer with data and no error at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';
import { EXAMPLES, exampleCredentials } from '../gateway/console/public/assets/lib/explorer-examples.js';
import { callerHeaders } from '../gateway/console/public/assets/lib/graphql.js';
import { DEVELOPMENT_CONSOLE_CONFIG } from '../gateway/console/index.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ datasetSize: 20 });
});
afterAll(async () => {
  await stack?.stop();
});

/** What a clerk has in the settings before choosing an example (the explorer swaps in the example's caller in development). */
const SETTINGS = { key: 'dev-service-hall', purpose: 'ADMINISTRATIVE_LICENSING', reference: '' };

describe('API explorer examples', () => {
  it('ships examples', () => expect(EXAMPLES.length).toBeGreaterThanOrEqual(5));

  it.each(EXAMPLES.map((e) => [e.id, e] as const))('%s runs as shipped, without an error', async (_id, example) => {
    const headers = callerHeaders(exampleCredentials(example, DEVELOPMENT_CONSOLE_CONFIG, SETTINGS));
    expect(headers['Authorization']).toMatch(/^Bearer dev-/);
    const operationName = /^\s*(?:query|mutation)\s+(\w+)/m.exec(example.query)?.[1];
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: example.query, variables: example.variables, operationName }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
    expect(body.errors ?? [], JSON.stringify(body.errors)).toEqual([]);
    expect(res.status).toBe(200);
    expect(body.data).toBeTruthy();
    for (const [field, value] of Object.entries(body.data!)) expect(value, field).not.toBeNull();
  });

  it('outside development an example runs with the settings as they are', () => {
    const auditor = EXAMPLES.find((e) => e.kind === 'AUDITOR')!;
    expect(exampleCredentials(auditor, { development: false, callerHints: [] }, SETTINGS)).toEqual(SETTINGS);
    expect(exampleCredentials(auditor, DEVELOPMENT_CONSOLE_CONFIG, SETTINGS)).toEqual({ key: 'dev-auditor', purpose: 'AUDIT', reference: '' });
  });
});
