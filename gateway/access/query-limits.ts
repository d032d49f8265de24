import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  NoFragmentCyclesRule,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ErrorCodeSubset } from '../../common/error-codes.js';

/** The bounds every operation must fit before anything is planned or fetched. */
export interface QueryLimits {
  /** Lexical tokens in the document. Default 2,000. */
  maxTokens: number;
  /** Nesting depth of selections. Default 10. */
  maxDepth: number;
  /** Nesting depth under `__schema` / `__type` (the standard introspection query nests 15). Default 16. */
  maxIntrospectionDepth: number;
  /** Enterprise codes in one request, across every root field and alias. Default 1,000. */
  maxCodes: number;
  /** Aliased fields. Default 30. */
  maxAliases: number;
  /** Directives. Default 20. */
  maxDirectives: number;
  /** Estimated cost (graphql-armor: objects 2, scalars 1, ×1.5 per level). Default 30,000. */
  maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxTokens: 2000,
  maxDepth: 10,
  maxIntrospectionDepth: 16,
  maxAliases: 30,
  maxDirectives: 20,
  maxCost: 30_000,
  maxCodes: 1000,
};

/** A refusal with a fixed code; nothing has been executed. */
export interface LimitRefusal {
  code: ErrorCodeSubset<
    | 'QUERY_TOO_LARGE'
    | 'QUERY_TOO_DEEP'
    | 'TOO_MANY_ALIASES'
    | 'TOO_MANY_DIRECTIVES'
    | 'QUERY_TOO_COSTLY'
    | 'CIRCULAR_FRAGMENTS'
    | 'GRAPHQL_PARSE_FAILED'
  >;
  message: string;
}

/**
 * Parse with a token bound, then check the document against each bound (graphql-armor's rules,
 * one at a time so each refusal gets its own code). Circular fragments are refused first: the
 * other rules walk fragments and must never see a cycle.
 */
export function parseWithinLimits(query: string, schema: GraphQLSchema, limits: QueryLimits): { document: DocumentNode } | { refusal: LimitRefusal } {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (err) {
    const message = err instanceof GraphQLError ? err.message : 'The query could not be parsed.';
    if (/more tha[nt] \d+ tokens|maximum number of tokens/i.test(message)) {
      return { refusal: { code: 'QUERY_TOO_LARGE', message: `The query has more than ${limits.maxTokens} tokens (查询过长).` } };
    }
    return { refusal: { code: 'GRAPHQL_PARSE_FAILED', message } };
  }
  const checks: [LimitRefusal['code'], ValidationRule, string][] = [
    ['CIRCULAR_FRAGMENTS', NoFragmentCyclesRule, 'Fragments must not spread themselves (循环片段).'],
    [
      'QUERY_TOO_DEEP',
      maxDepthRule({ n: limits.maxDepth, exposeLimits: true }),
      `Selections nest deeper than ${limits.maxDepth} levels (查询层级过深).`,
    ],
    // graphql-armor leaves introspection out of its depth count; it gets its own, in every mode.
    [
      'QUERY_TOO_DEEP',
      introspectionDepthRule(limits.maxIntrospectionDepth),
      `Introspection nests deeper than ${limits.maxIntrospectionDepth} levels (查询层级过深).`,
    ],
    ['TOO_MANY_ALIASES', maxAliasesRule({ n: limits.maxAliases, exposeLimits: true }), `More than ${limits.maxAliases} aliases (别名过多).`],
    [
      'TOO_MANY_DIRECTIVES',
      maxDirectivesRule({ n: limits.maxDirectives, exposeLimits: true }),
      `More than ${limits.maxDirectives} directives (指令过多).`,
    ],
    [
      'QUERY_TOO_COSTLY',
      costLimitRule({ maxCost: limits.maxCost, exposeLimits: true }),
      `The estimated cost exceeds ${limits.maxCost} (查询代价过高).`,
    ],
  ];
  for (const [code, rule, message] of checks) {
    let refused: boolean;
    try {
      refused = validate(schema, document, [rule]).length > 0;
    } catch {
      // graphql-armor's rules throw their rejection (propagateOnRejection).
      refused = true;
    }
    if (refused) return { refusal: { code, message } };
  }
  return { document };
}

/** How deep a selection set nests, through fragments (cycles are refused before this runs). */
function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): number {
  let max = 0;
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) max = Math.max(max, s.selectionSet ? 1 + depthOf(s.selectionSet, fragments) : 1);
    else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(s.selectionSet, fragments));
    else max = Math.max(max, depthOf(fragments.get(s.name.value)?.selectionSet, fragments));
  }
  return max;
}

/** Refuses `__schema` / `__type` selections nesting deeper than `n` (counted from the introspection field). */
function introspectionDepthRule(n: number): ValidationRule {
  return (context: ValidationContext) => {
    const document = context.getDocument();
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    return {
      Field(node) {
        if ((node.name.value === '__schema' || node.name.value === '__type') && 1 + depthOf(node.selectionSet, fragments) > n) {
          context.reportError(new GraphQLError(`Introspection nests deeper than ${n} levels.`, { nodes: [node] }));
        }
      },
    };
  };
}
