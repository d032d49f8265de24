import {
  getNamedType,
  getVariableValues,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { normalizeUscc } from '../../common/uscc/index.js';
import type { ErrorCodeSubset } from '../../common/error-codes.js';

/**
 * What the gateway must know about an operation before and after running it: whether it reaches
 * enterprise data (and so needs a purpose), which scopes it needs, the codes and scenarios it asks
 * for — and, after it ran, what it returned (verdicts, departments, protected fields) for the audit
 * record, with history and personal data the caller may not see taken out.
 */

/** Fields whose value is personal information, and the scope that may read them. */
export const PROTECTED_FIELDS: Readonly<Record<string, string>> = {
  'LegalRepresentative.idNumber': 'pii:id-number',
};

/** Root fields that do not reach enterprise data (no purpose needed). */
const PUBLIC_ROOT_FIELDS = new Set(['__schema', '__type', '__typename', 'measuresCatalogue']);

/** The alias under which the gateway reads a history record's status when the caller did not ask for it. */
const HISTORY_STATUS_ALIAS = '__historyStatus';

/**
 * Stands in (as `__typename`) for a selection emptied by removing protected fields, so the document
 * stays valid and the object is still answered (the removed fields then come back null with a
 * FORBIDDEN_FIELD error); never shown to the client.
 */
const PLACEHOLDER_ALIAS = '__removedFields';
const PLACEHOLDER: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: PLACEHOLDER_ALIAS },
  name: { kind: Kind.NAME, value: '__typename' },
};

export interface OperationFacts {
  operation: OperationDefinitionNode;
  operationName: string | null;
  /** Reaches enterprise data: needs `credit:read` and a purpose. */
  touchesEnterpriseData: boolean;
  /** Asks for a list of enterprises (`enterprises`): needs `bulk:read`. */
  bulk: boolean;
  /**
   * The codes asked for, normalised (trimmed, full-width → half-width, upper-cased), in order, from
   * every root field and alias — read from the values the executor will see (variables coerced with
   * their defaults, literals), so no query shape hides a code from the audit.
   */
  codes: string[];
  /** The scenarios asked for. */
  scenarios: string[];
  /** The variables as the executor will see them (coerced, defaults applied). */
  variables: Record<string, unknown>;
}

export type AnalysisResult =
  { ok: true; facts: OperationFacts } | { ok: false; message: string; code: ErrorCodeSubset<'BAD_REQUEST' | 'BAD_USER_INPUT'> };

/** Root fields that take enterprise codes, and the argument that holds them. */
const CODE_ARGUMENTS: Readonly<Record<string, string>> = { enterprise: 'uscc', enterprises: 'usccs', consortium: 'usccs' };

function pickOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | string {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return ops.find((o) => o.name?.value === operationName) ?? `Unknown operation named "${operationName}".`;
  if (ops.length === 1) return ops[0]!;
  return ops.length === 0 ? 'The document has no operation.' : 'The document has several operations: name the one to run (operationName).';
}

function valueOf(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value, variables)]));
    default:
      return undefined;
  }
}

function argument(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  return valueOf(field.arguments?.find((a) => a.name.value === name)?.value, variables);
}

/** Every field node of a selection set, through fragments (each fragment once). */
function fieldsOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(s.selectionSet, fragments, seen));
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      out.push(...fieldsOf(fragments.get(s.name.value)?.selectionSet, fragments, seen));
    }
  }
  return out;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
}

export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  rawVariables: Record<string, unknown>,
  operationName: string | undefined,
): AnalysisResult {
  const operation = pickOperation(document, operationName);
  if (typeof operation === 'string') return { ok: false, message: operation, code: 'BAD_REQUEST' };
  // The values the executor will run with: a variable's default applies when it is not sent.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, { maxErrors: 5 });
  if (coerced.errors) return { ok: false, message: coerced.errors.map((e) => e.message).join(' '), code: 'BAD_USER_INPUT' };
  const variables = coerced.coerced as Record<string, unknown>;
  const fragments = fragmentsOf(document);
  const roots = fieldsOf(operation.selectionSet, fragments);
  const codes: string[] = [];
  const scenarios = new Set<string>();
  let bulk = false;
  for (const root of roots) {
    const arg = CODE_ARGUMENTS[root.name.value];
    if (!arg) continue;
    if (root.name.value === 'enterprises') bulk = true;
    const value = argument(root, arg, variables);
    // Every code of every root field and alias, as the executor sees it, normalised as the rules normalise it.
    for (const c of Array.isArray(value) ? value : [value]) if (typeof c === 'string') codes.push(normalizeUscc(c));
  }
  // Scenarios anywhere in the operation (creditCheck, restrictions, incentives).
  const walk = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const f of fieldsOf(set, fragments, seen)) {
      const s = argument(f, 'scenario', variables);
      if (typeof s === 'string') scenarios.add(s);
      walk(f.selectionSet, seen);
    }
  };
  walk(operation.selectionSet, new Set());
  return {
    ok: true,
    facts: {
      operation,
      operationName: operation.name?.value ?? operationName ?? null,
      touchesEnterpriseData: operation.operation !== 'query' || roots.some((r) => !PUBLIC_ROOT_FIELDS.has(r.name.value)),
      bulk,
      codes,
      scenarios: [...scenarios],
      variables,
    },
  };
}

const historyTypesBySchema = new WeakMap<GraphQLSchema, Set<string>>();

/**
 * Types whose objects are records with a `status: FindingStatus` (history when not ACTIVE).
 * Computed once per schema: it is read on every request.
 */
function historyTypes(schema: GraphQLSchema): Set<string> {
  let out = historyTypesBySchema.get(schema);
  if (out) return out;
  out = new Set<string>();
  for (const t of Object.values(schema.getTypeMap())) {
    if (!isObjectType(t) || t.name.startsWith('__')) continue;
    const status = t.getFields().status;
    if (status && getNamedType(status.type).name === 'FindingStatus') out.add(t.name);
  }
  historyTypesBySchema.set(schema, out);
  return out;
}

export interface AccessPlan {
  /** The document to execute: protected fields the caller may not read removed, history statuses added. */
  document: DocumentNode;
  /** Protected fields removed from the document (`Type.field`). */
  removed: Set<string>;
  /** Whether history must be filtered out of the answer. */
  filterHistory: boolean;
}

/**
 * Rewrite the operation for what the caller may see: a protected field it lacks the scope for is
 * not fetched at all; where history must be hidden, each history list also reads the record's
 * status (under an alias the answer will not show) so it can be filtered.
 */
export function planAccess(schema: GraphQLSchema, document: DocumentNode, scopes: readonly string[]): AccessPlan {
  const history = historyTypes(schema);
  const filterHistory = !scopes.includes('history:read');
  const removed = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          if (!parent) return undefined;
          const key = `${parent.name}.${node.name.value}`;
          const scope = PROTECTED_FIELDS[key];
          if (scope && !scopes.includes(scope)) {
            removed.add(key);
            return null;
          }
          const def = typeInfo.getFieldDef();
          if (filterHistory && def && node.selectionSet && isListType(getNullableType(def.type)) && history.has(getNamedType(def.type).name)) {
            return {
              ...node,
              selectionSet: {
                ...node.selectionSet,
                selections: [
                  ...node.selectionSet.selections,
                  { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: HISTORY_STATUS_ALIAS }, name: { kind: Kind.NAME, value: 'status' } },
                ],
              },
            };
          }
          return undefined;
        },
      },
    }),
  );
  return { document: removed.size ? dropEmptied(rewritten) : rewritten, removed, filterHistory };
}

/**
 * Removing a field can leave a selection set empty (`legalRepresentative { ... on LegalRepresentative
 * { idNumber } }`), which no GraphQL document may have. An emptied inline fragment goes; an emptied
 * field or fragment keeps a placeholder, so what the client asked for keeps its shape.
 */
function dropEmptied(document: DocumentNode): DocumentNode {
  const empty = (n: { selectionSet?: SelectionSetNode }) => n.selectionSet !== undefined && n.selectionSet.selections.length === 0;
  const withPlaceholder = <T extends { selectionSet: SelectionSetNode }>(n: T): T => ({
    ...n,
    selectionSet: { ...n.selectionSet, selections: [PLACEHOLDER] },
  });
  return visit(document, {
    InlineFragment: { leave: (n) => (empty(n) ? null : undefined) },
    Field: { leave: (n) => (n.selectionSet && empty(n) ? withPlaceholder(n as FieldNode & { selectionSet: SelectionSetNode }) : undefined) },
    FragmentDefinition: { leave: (n) => (empty(n) ? withPlaceholder(n) : undefined) },
    OperationDefinition: { leave: (n) => (empty(n) ? withPlaceholder(n) : undefined) },
  });
}

/**
 * The object types a value in the answer may be: the type itself, or for a union or interface the
 * member named by `__typename`, else every member (fields a member lacks are skipped).
 */
function concreteTypes(schema: GraphQLSchema, named: GraphQLNamedType, v: Record<string, unknown>): readonly GraphQLObjectType[] {
  if (isObjectType(named)) return [named];
  if (!isAbstractType(named)) return [];
  const members = schema.getPossibleTypes(named);
  if (typeof v.__typename === 'string') return members.filter((m) => m.name === v.__typename);
  return members;
}

/** What the answer held, for the audit record. */
export interface AnswerFacts {
  verdicts: { code: string; scenario: string | null; verdict: string; checkId: string | null }[];
  answered: Set<string>;
  missing: Set<string>;
  protectedFieldsReturned: Set<string>;
}

export interface ForbiddenFieldError {
  message: string;
  path: (string | number)[];
  extensions: { code: ErrorCodeSubset<'FORBIDDEN_FIELD'>; field: string; scope: string };
}

/**
 * Walk the answer along the operation: put back the removed protected fields as null (with an
 * error at each place), drop history records the caller may not see and the status alias added
 * for it, and collect the facts the audit record needs.
 */
export function finishAnswer(
  schema: GraphQLSchema,
  document: DocumentNode,
  facts: OperationFacts,
  variables: Record<string, unknown>,
  data: Record<string, unknown> | null | undefined,
  plan: AccessPlan,
): { answer: AnswerFacts; errors: ForbiddenFieldError[]; changed: boolean } {
  const fragments = fragmentsOf(document);
  const history = historyTypes(schema);
  const answer: AnswerFacts = { verdicts: [], answered: new Set(), missing: new Set(), protectedFieldsReturned: new Set() };
  const errors: ForbiddenFieldError[] = [];
  let changed = false;
  const queryType = schema.getQueryType();
  if (!data || !queryType) return { answer, errors, changed };

  const visitObject = (
    obj: Record<string, unknown>,
    type: GraphQLObjectType | null,
    set: SelectionSetNode | undefined,
    path: (string | number)[],
    code: string | null,
  ) => {
    if (!type) return;
    if (PLACEHOLDER_ALIAS in obj) {
      delete obj[PLACEHOLDER_ALIAS];
      changed = true;
    }
    for (const field of fieldsOf(set, fragments)) {
      const key = field.alias?.value ?? field.name.value;
      const def = type.getFields()[field.name.value];
      const typeField = `${type.name}.${field.name.value}`;
      if (plan.removed.has(typeField) && !(key in obj)) {
        obj[key] = null;
        changed = true;
        errors.push({
          message: `${typeField} needs the ${PROTECTED_FIELDS[typeField]} scope; it was not fetched (无权查看该字段).`,
          path: [...path, key],
          extensions: { code: 'FORBIDDEN_FIELD', field: typeField, scope: PROTECTED_FIELDS[typeField]! },
        });
        continue;
      }
      if (!def || !(key in obj)) continue;
      let value = obj[key];
      if (PROTECTED_FIELDS[typeField] && value !== null && value !== undefined) answer.protectedFieldsReturned.add(typeField);
      const named = getNamedType(def.type) as GraphQLNamedType;
      if (Array.isArray(value) && history.has(named.name) && plan.filterHistory) {
        value = obj[key] = value.filter(
          (item) => !(item && typeof item === 'object' && (item as Record<string, unknown>)[HISTORY_STATUS_ALIAS] !== 'ACTIVE'),
        );
        changed = true;
      }
      if (named.name === 'CreditCheck' && value && typeof value === 'object') {
        const check = value as Record<string, unknown>;
        const scenario = argument(field, 'scenario', variables);
        if (typeof check.verdict === 'string') {
          answer.verdicts.push({
            code: code ?? '',
            scenario: typeof scenario === 'string' ? scenario : null,
            verdict: check.verdict,
            checkId: typeof check.checkId === 'string' ? check.checkId : null,
          });
        }
        if (Array.isArray(check.missingSources)) for (const d of check.missingSources) if (typeof d === 'string') answer.missing.add(d);
      }
      const descend = (v: unknown, p: (string | number)[], c: string | null) => {
        if (!v || typeof v !== 'object') return;
        if (named.name === 'SourceStatus') {
          const src = v as Record<string, unknown>;
          if (typeof src.department === 'string') (src.status === 'OK' ? answer.answered : answer.missing).add(src.department);
        }
        for (const t of concreteTypes(schema, named, v as Record<string, unknown>))
          visitObject(v as Record<string, unknown>, t, field.selectionSet, p, c);
      };
      const isRoot = path.length === 0;
      if (isRoot && field.name.value === 'consortium') consortiumCodes = argument(field, 'usccs', variables);
      if (Array.isArray(value)) {
        // Each item of a list of enterprises, or of a consortium's member checks, is that code's.
        const usccs =
          isRoot && field.name.value === 'enterprises'
            ? argument(field, 'usccs', variables)
            : type.name === 'ConsortiumCheck' && field.name.value === 'members'
              ? consortiumCodes
              : undefined;
        value.forEach((item, i) => {
          const itemCode = Array.isArray(usccs) && typeof usccs[i] === 'string' ? normalizeUscc(usccs[i] as string) : code;
          descend(item, [...path, key, i], itemCode);
          if (item && typeof item === 'object') delete (item as Record<string, unknown>)[HISTORY_STATUS_ALIAS];
        });
      } else {
        const uscc = isRoot && field.name.value === 'enterprise' ? argument(field, 'uscc', variables) : undefined;
        descend(value, [...path, key], typeof uscc === 'string' ? normalizeUscc(uscc) : code);
      }
    }
  };
  let consortiumCodes: unknown;
  visitObject(data, queryType, facts.operation.selectionSet, [], null);
  for (const d of answer.missing) answer.answered.delete(d);
  return { answer, errors, changed };
}
