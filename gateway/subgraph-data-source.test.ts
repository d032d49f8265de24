/**
 * The placeholder for an entity a subgraph did not answer: its asked fields null (so a `@requires`
 * sees the gap), its key fields never null (so no later fetch sends a null key), and an error on
 * its own path naming the service and the entity type.
 */
import { describe, expect, it } from 'vitest';
import { MockAgent } from 'undici';
import { parse } from 'graphql';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { SubgraphDataSource, type EntityKeys } from './subgraph-data-source.js';

const ORIGIN = 'http://pricing.test';

function source(reply: { status: number; body: unknown }, entityKeys?: EntityKeys) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent.get(ORIGIN).intercept({ path: '/graphql', method: 'POST' }).reply(reply.status, JSON.stringify(reply.body));
  return new SubgraphDataSource({ name: 'pricing', url: `${ORIGIN}/graphql`, timeoutMs: 1000, sharedSecret: 's', dispatcher: agent, entityKeys });
}

function entitiesRequest(selection: string, representations: object[]) {
  const query = `query($representations:[_Any!]!){_entities(representations:$representations){... on Item { ${selection} }}}`;
  return {
    request: { query, variables: { representations } },
    document: parse(query),
    context: {},
  } as unknown as GraphQLDataSourceProcessOptions;
}

const REPS = [
  { __typename: 'Item', upc: 'u1' },
  { __typename: 'Item', upc: 'u2' },
];
const KEYS: EntityKeys = new Map([['Item', new Set(['upc', 'id'])]]);

describe('SubgraphDataSource placeholders', () => {
  it.each([
    // [what is asked, entity keys known, placeholder for the null entity, unread fields with an error]
    ['upc price', undefined, { __typename: 'Item', upc: 'u2', price: null }, ['price']],
    ['id price', KEYS, { __typename: 'Item', price: null }, ['id', 'price']],
    ['id price', undefined, { __typename: 'Item', id: null, price: null }, ['id', 'price']],
    ['upc', KEYS, { __typename: 'Item', upc: 'u2' }, []],
  ] as const)('asked { %s } (case %#): a null entity keeps its keys', async (selection, keys, placeholder, unread) => {
    const found = { upc: 'u1', id: 'i1', price: 10 };
    const ds = source({ status: 200, body: { data: { _entities: [found, null] } } }, keys);
    const r = await ds.process(entitiesRequest(selection, REPS));
    const entities = (r.data as { _entities: unknown[] })._entities;
    expect(entities[0]).toEqual(found);
    expect(entities[1]).toStrictEqual(placeholder);
    const paths = (r.errors ?? []).map((e) => e.path);
    expect(paths).toEqual(unread.length ? unread.map((f) => ['_entities', 1, f]) : [['_entities', 1]]);
    for (const e of r.errors ?? []) {
      expect(e.extensions).toEqual({ code: 'SUBGRAPH_BAD_RESPONSE', serviceName: 'pricing' });
      expect(e.message).toBe('The pricing service found no Item for the key it was sent.');
    }
    await ds.close();
  });

  it("keeps the subgraph's own error for a null entity instead of adding one", async () => {
    const ds = source({ status: 200, body: { data: { _entities: [null, null] }, errors: [{ message: 'gone', path: ['_entities', 1] }] } }, KEYS);
    const r = await ds.process(entitiesRequest('upc price', REPS));
    expect((r.data as { _entities: unknown[] })._entities).toStrictEqual([
      { __typename: 'Item', upc: 'u1', price: null },
      { __typename: 'Item', upc: 'u2', price: null },
    ]);
    expect(r.errors!.map((e) => [e.message, e.path])).toEqual([
      ['gone', ['_entities', 1]],
      ['The pricing service found no Item for the key it was sent.', ['_entities', 0, 'price']],
    ]);
    await ds.close();
  });

  it('a failed fetch: every entity keeps its keys, each error names the service and type', async () => {
    const ds = source({ status: 502, body: 'bad gateway' }, KEYS);
    const r = await ds.process(entitiesRequest('id upc price', REPS));
    expect((r.data as { _entities: unknown[] })._entities).toStrictEqual([
      { __typename: 'Item', upc: 'u1', price: null },
      { __typename: 'Item', upc: 'u2', price: null },
    ]);
    expect(r.errors!.map((e) => e.path)).toEqual([
      ['_entities', 0, 'id'],
      ['_entities', 0, 'price'],
      ['_entities', 1, 'id'],
      ['_entities', 1, 'price'],
    ]);
    for (const e of r.errors!) {
      expect(e.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'pricing' });
      expect(e.message).toBe('The pricing service could not be read for this Item: answered HTTP 502.');
    }
    await ds.close();
  });
});
