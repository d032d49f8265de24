/**
 * A misspelt variable is reported with the name it probably meant, instead of being ignored while
 * its default silently applies; other services' variables in the same environment are left alone.
 */
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../gateway/config.js';
import { taxSubgraph } from '../subgraphs/tax/index.js';
import { creditSubgraph } from '../subgraphs/credit/index.js';

describe('misspelt variables', () => {
  it.each<[string, () => unknown, RegExp]>([
    [
      'a missing unit',
      () => taxSubgraph.loadConfig({ TAX_LEGACY_TIMEOUT: '500' }),
      /TAX_LEGACY_TIMEOUT: not a setting of this service: did you mean TAX_LEGACY_TIMEOUT_MS\?/,
    ],
    ['a letter dropped', () => loadGatewayConfig({ QUERY_MAX_DEPT: '5' }), /QUERY_MAX_DEPT: .*did you mean QUERY_MAX_DEPTH\?/],
    ['a letter swapped', () => loadGatewayConfig({ QUERY_MAX_COTS: '5' }), /did you mean QUERY_MAX_COST\?/],
  ])('%s is refused, naming the probable variable', (_name, load, message) => {
    expect(load).toThrow(message);
  });

  it('the variables of the other services in one environment (as npm start passes them) are not taken for misspellings', () => {
    const shared = {
      TAX_SUBGRAPH_URL: 'http://127.0.0.1:4003/',
      CREDIT_SUBGRAPH_URL: 'http://127.0.0.1:4001/',
      QUERY_MAX_DEPTH: '10',
      TAX_LEGACY_URL: 'http://127.0.0.1:4103/',
      TAX_LEGACY_TIMEOUT_MS: '1500',
      CREDIT_SUBGRAPH_PORT: '0',
      CREDIT_MAX_CODES: '1000',
      PATH: '/usr/bin',
    };
    expect(() => loadGatewayConfig(shared)).not.toThrow();
    expect(() => taxSubgraph.loadConfig(shared)).not.toThrow();
    expect(() => creditSubgraph.loadConfig(shared)).not.toThrow();
  });
});
