export {
  loadCallersConfig,
  CallersConfigError,
  SCOPES,
  CALLER_KINDS,
  DEFAULT_PURPOSES,
  DEV_CALLERS,
  type Scope,
  type CallerKind,
  type Purpose,
  type Caller,
  type CallerConfig,
  type CallersConfig,
} from './callers-config.js';
export { authenticate, hasScope, type AuthenticatedCaller, type AuthResult, type AuthFailureReason } from './authenticate.js';
export { checkPurpose, MAX_REFERENCE_LENGTH, type PurposeResult, type PurposeFailureCode } from './check-purpose.js';
export { generateApiKey, hashApiKey } from './api-key.js';
export { signToken, type TokenClaims } from './token.js';
export {
  identifyOperator,
  readOperatorHeader,
  checkOperatorPolicy,
  OPERATOR_POLICIES,
  MAX_OPERATOR_HEADER_LENGTH,
  MAX_OPERATOR_ID_LENGTH,
  MAX_OPERATOR_NAME_LENGTH,
  type Operator,
  type OperatorPolicy,
  type OperatorResult,
  type OperatorRefusal,
  type BadOperatorReason,
  type OperatorTokenReason,
} from './operator.js';
export {
  createOperatorTokenVerifier,
  readJwksFile,
  jwksProblems,
  OPERATOR_TOKEN_ALGORITHMS,
  type OperatorTokenConfig,
  type OperatorTokenVerifier,
  type OperatorTokenCheck,
} from './operator-token.js';
export type { RequestHeaders } from './headers.js';
