/**
 * A not-found entity must not poison its siblings (review finding 10, issue 14). `_entities` may
 * answer `null` for a representation it has no record of (legal in Federation). The gateway's
 * placeholder for it must never carry a null key: a later fetch keyed on that field would send
 * `{ __typename, id: null }` and a subgraph that looks its keys up in one batch refuses the whole
 * batch, so the good siblings lose their fields too. Stock `@apollo/gateway` answers them; so must we.
 *
 * Generic supergraph, nothing of the project's departments: `catalog` lists items keyed by `upc`;
 * `pricing` knows items by `upc` and by `id` (and answers null for one of them); `inventory`
 * extends Item by `id` only, so its fetch depends on the `id` that `pricing` provides.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@apollo/composition';
import DataLoader from 'dataloader';
import { parse, type GraphQLFormattedError } from 'graphql';
import { createGateway } from '../gateway/create-gateway.js';
import { entityKeysOf } from '../gateway/subgraph-data-source.js';

const FED = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])`;

const ITEMS = [
  { upc: 'u1', id: 'i1', name: 'Lamp', price: 10, stock: 3 },
  { upc: 'u2', id: 'i2', name: 'Desk', price: 200, stock: 1 },
  { upc: 'u3', id: 'i3', name: 'Chair', price: 50, stock: 7 },
];

const catalogSdl = `${FED}
  type Query { items: [Item!]! }
  type Item @key(fields: "upc") { upc: ID! name: String }`;
const pricingSdl = `${FED}
  type Item @key(fields: "upc") @key(fields: "id") { upc: ID! id: ID! price: Int }`;
const inventorySdl = `${FED}
  type Item @key(fields: "id") { id: ID! stock: Int }`;

/** What each subgraph does; switched per test. */
const state = {
  /** `upc`s the pricing subgraph has no record of (its `_entities` answers null for them). */
  pricingMissing: new Set<string>(),
  /** Pricing refuses every request (HTTP 500 with errors and no data). */
  pricingDown: false,
  /** Every key the inventory subgraph received in a representation. */
  inventoryKeys: [] as unknown[],
};

interface Served {
  url: string;
  stop(): Promise<void>;
}

async function serve(typeDefs: string, resolvers: object, context: () => Promise<object> = async () => ({})): Promise<Served> {
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' }, context });
  return { url, stop: () => server.stop() };
}

function startSubgraphs() {
  const byUpc = new Map(ITEMS.map((i) => [i.upc, i]));
  const byId = new Map(ITEMS.map((i) => [i.id, i]));
  return Promise.all([
    serve(catalogSdl, {
      Query: { items: () => ITEMS.map(({ upc, name }) => ({ upc, name })) },
    }),
    serve(
      pricingSdl,
      {
        Item: {
          __resolveReference(ref: { upc?: string; id?: string }) {
            const item = ref.upc !== undefined ? byUpc.get(ref.upc) : ref.id !== undefined ? byId.get(ref.id) : undefined;
            if (!item || state.pricingMissing.has(item.upc)) return null;
            return { upc: item.upc, id: item.id, price: item.price };
          },
        },
      },
      // Down: every request refused before it runs (HTTP 500, errors and no data).
      async () => {
        if (state.pricingDown) throw new Error('pricing store unreachable');
        return {};
      },
    ),
    serve(
      inventorySdl,
      {
        Item: {
          __resolveReference(ref: { id: unknown }, ctx: { stock: DataLoader<unknown, number | null> }) {
            state.inventoryKeys.push(ref.id);
            return ctx.stock.load(ref.id).then((stock) => ({ id: ref.id, stock }));
          },
        },
      },
      // One loader per request, as the conventions want. A null key fails the whole `_entities`
      // field (DataLoader's load(null) throws), and a store queried with `WHERE id IN (…)` would
      // refuse the batch: either way the siblings go down with it.
      async () => ({
        stock: new DataLoader<unknown, number | null>(async (ids) => {
          if (ids.some((id) => typeof id !== 'string')) throw new Error('Invalid Item key in batch.');
          return ids.map((id) => byId.get(id as string)?.stock ?? null);
        }),
      }),
    ),
  ]);
}

function compose(urls: { catalog: string; pricing: string; inventory: string }): string {
  const result = composeServices([
    { name: 'catalog', typeDefs: parse(catalogSdl), url: urls.catalog },
    { name: 'pricing', typeDefs: parse(pricingSdl), url: urls.pricing },
    { name: 'inventory', typeDefs: parse(inventorySdl), url: urls.inventory },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

interface Answer {
  data?: { items: { upc: string; name: string | null; price: number | null; stock: number | null }[] } | null;
  errors?: readonly GraphQLFormattedError[];
}

const QUERY = '{ items { upc name price stock } }';

async function run(server: ApolloServer<never> | ApolloServer<object>, query = QUERY): Promise<Answer> {
  const res = await (server as ApolloServer<object>).executeOperation({ query }, { contextValue: {} });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as Answer;
}

describe('a not-found entity among its siblings (generic supergraph)', () => {
  let subgraphs: Served[];
  let supergraphSdl: string;
  let ours: { server: ApolloServer<object>; close(): Promise<void> };
  let stock: ApolloServer;

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    const [catalog, pricing, inventory] = subgraphs.map((s) => s.url) as [string, string, string];
    supergraphSdl = compose({ catalog, pricing, inventory });
    // The project's gateway factory with its SubgraphDataSource; these plain subgraphs ignore the
    // request signature (only the project's own subgraphs verify it).
    const dir = await mkdtemp(join(tmpdir(), 'null-entity-'));
    ours = createGateway({
      supergraphSdl,
      sharedSecret: 'test-secret',
      subgraphTimeoutMs: 5000,
      callers: { callers: [], purposes: [], development: false, tokens: null, warning: () => null },
      auditLogPath: join(dir, 'audit.log'),
    }) as unknown as typeof ours;
    await ours.server.start();
    // Stock @apollo/gateway, default RemoteGraphQLDataSource: the reference answer.
    stock = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
    await stock.start();
  });

  afterAll(async () => {
    await ours?.close();
    await stock?.stop();
    for (const s of subgraphs ?? []) await s.stop();
  });

  it('answers like the stock gateway when every entity is found', async () => {
    state.pricingMissing = new Set();
    const [a, b] = [await run(ours.server), await run(stock)];
    expect(a.errors).toBeUndefined();
    expect(a.data).toEqual(b.data);
    expect(a.data!.items).toEqual(ITEMS.map(({ upc, name, price, stock }) => ({ upc, name, price, stock })));
  });

  it('the third entity null in _entities: the two siblings answer as with the stock gateway; the error is on the third, naming the service', async () => {
    state.pricingMissing = new Set(['u3']);
    state.inventoryKeys = [];
    try {
      const a = await run(ours.server);
      const inventoryKeysOurs = [...state.inventoryKeys];
      const b = await run(stock);

      // The two good siblings: exactly the stock gateway's answer, every field filled.
      expect(a.data!.items.slice(0, 2)).toEqual(b.data!.items.slice(0, 2));
      expect(a.data!.items.slice(0, 2)).toEqual(ITEMS.slice(0, 2).map(({ upc, name, price, stock }) => ({ upc, name, price, stock })));
      // The third: what the stock gateway answers too (its catalog fields kept, the rest null).
      expect(a.data!.items[2]).toEqual(b.data!.items[2]);
      expect(a.data!.items[2]).toEqual({ upc: 'u3', name: 'Chair', price: null, stock: null });

      // No null key ever reached the inventory subgraph; it was asked for the two siblings only.
      expect(inventoryKeysOurs).toEqual(['i1', 'i2']);
      // Nothing failed anywhere but on the third item, and only in the pricing service.
      expect(a.errors!.length).toBeGreaterThan(0);
      for (const e of a.errors!) {
        expect(e.path?.slice(0, 2)).toEqual(['items', 2]);
        expect(e.extensions).toMatchObject({ code: 'SUBGRAPH_BAD_RESPONSE', serviceName: 'pricing' });
        expect(e.message).toContain('pricing');
        expect(e.message).toContain('Item');
        expect(e.message).not.toMatch(/enterprise/i);
      }
      expect(a.errors!.map((e) => e.path)).toContainEqual(['items', 2, 'price']);
    } finally {
      state.pricingMissing = new Set();
    }
  });

  it('every entity null: each error on its own path, no null key sent on', async () => {
    state.pricingMissing = new Set(['u1', 'u2', 'u3']);
    state.inventoryKeys = [];
    try {
      const a = await run(ours.server);
      const b = await run(stock);
      expect(a.data).toEqual(b.data);
      expect(state.inventoryKeys).toEqual([]);
      const pricePaths = a.errors!.filter((e) => e.extensions?.serviceName === 'pricing').map((e) => JSON.stringify(e.path));
      for (let i = 0; i < 3; i++) expect(pricePaths).toContain(JSON.stringify(['items', i, 'price']));
    } finally {
      state.pricingMissing = new Set();
    }
  });

  it('the pricing service down: the catalog fields stay, every item attributed to pricing, no null key sent on', async () => {
    state.pricingDown = true;
    state.inventoryKeys = [];
    try {
      const a = await run(ours.server);
      expect(a.data!.items).toEqual(ITEMS.map(({ upc, name }) => ({ upc, name, price: null, stock: null })));
      expect(state.inventoryKeys).toEqual([]);
      const pricing = a.errors!.filter((e) => e.extensions?.serviceName === 'pricing');
      for (let i = 0; i < 3; i++) {
        const e = pricing.find((x) => JSON.stringify(x.path) === JSON.stringify(['items', i, 'price']));
        expect(e?.extensions?.code).toBe('SUBGRAPH_BAD_RESPONSE');
        expect(e?.message).toMatch(/pricing.*Item/);
      }
    } finally {
      state.pricingDown = false;
    }
  });
});

describe('entityKeysOf', () => {
  it('collects the top-level key fields of every subgraph', () => {
    const sdl = compose({ catalog: 'http://catalog', pricing: 'http://pricing', inventory: 'http://inventory' });
    expect(Object.fromEntries([...entityKeysOf(sdl)].map(([t, k]) => [t, [...k].sort()]))).toEqual({ Item: ['id', 'upc'] });
  });
});
