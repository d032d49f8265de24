import { GraphQLError } from 'graphql';

/**
 * Every `extensions.code` the system sends, declared once (as federation declares its codes with
 * `makeCodeDefinition`): the HTTP status it is answered with, who sends it, and what it means in
 * Chinese and English — told so that the caller knows what to do. The emitters are typed with
 * `ErrorCode`, refusals take their status from here, and the README's table of error codes is
 * generated from it (`npm run docs`). `common/error-codes.test.ts` scans the source for code
 * literals and fails on one that is not declared here, and on an entry nothing sends.
 *
 * Not here: the legacy failures (`LEGACY_TIMEOUT` …), which become a section's `source.status`
 * (TIMEOUT, UNAVAILABLE, …) and never an `extensions.code`; the console's own codes for a request
 * that never reached the gateway (`NETWORK_ERROR`, `SETTINGS_MISSING`, in its `i18n.js`).
 */
export interface ErrorCodeDefinition {
  /**
   * The HTTP status of the answer that carries the code: the status a refusal is sent with, or 200
   * for a code that only comes among the `errors` of a GraphQL answer (beside `data`).
   */
  readonly status: 200 | 400 | 401 | 403 | 405 | 413 | 429 | 500 | 503;
  /**
   * Also comes at a field inside a 200 GraphQL answer, besides refusing a request with `status`
   * (a resolver's `BAD_USER_INPUT`; a subgraph's refusal, which the gateway passes on at the field).
   */
  readonly atField?: true;
  /**
   * Who sends it: the gateway to its clients; a subgraph to the gateway (which passes it on at the
   * affected field, with `serviceName`); Apollo Server / the Apollo gateway / graphql-js themselves
   * (such a code need not appear as a literal in this repository).
   */
  readonly from: readonly ('gateway' | 'subgraph' | 'apollo')[];
  /** 中文说明: what happened and what to do. */
  readonly zh: string;
  /** What happened and what to do. */
  readonly en: string;
}

export const ERROR_CODES = {
  // Who is asking (身份认证).
  UNAUTHENTICATED: {
    status: 401,
    from: ['gateway'],
    zh: '身份认证失败：API 密钥或令牌缺失、无效或已过期。请发送 `Authorization: Bearer <密钥>`。',
    en: 'Not authenticated: the API key or token is missing, invalid or expired. Send `Authorization: Bearer <key>`.',
  },
  // Who is operating (经办人): the person behind the caller system.
  OPERATOR_TOKEN_INVALID: {
    status: 401,
    from: ['gateway'],
    zh: '经办人令牌无效（签名、签发方、受众、密钥编号或格式不符，或已过期；extensions.reason 指明原因），请求未执行：请重新登录统一身份认证平台获取令牌。无效令牌不会被当作自报经办人。',
    en: 'The operator token (X-Operator-Token) is invalid: bad signature, issuer, audience, key id or form, or expired (`extensions.reason`); nothing was run. Get a fresh token from the identity provider; an invalid token is never taken as an asserted operator.',
  },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    status: 503,
    from: ['gateway'],
    zh: '无法读取统一身份认证平台的公钥（JWKS），经办人令牌无法核验，故未返回任何数据：请稍后重试；运维应检查 OPERATOR_JWKS_URL。',
    en: 'The identity provider’s keys (JWKS) could not be read, so the operator token cannot be checked and no data is released: retry later; the operators check OPERATOR_JWKS_URL.',
  },
  BAD_OPERATOR: {
    status: 400,
    from: ['gateway'],
    zh: '经办人信息格式不符：X-Operator 应为“工号”或“工号;姓名”，工号最多 128 个字符（字母、数字及 . _ - @ : + /），姓名最多 64 个字符，非 ASCII 字符按 UTF-8 百分号编码，不得含控制字符，只能发送一次，且须与经办人令牌一致。',
    en: 'X-Operator is malformed: send `<id>` or `<id>;<name>` (id up to 128 letters, digits and . _ - @ : + /; name up to 64 characters), non-ASCII percent-encoded as UTF-8, no control characters, once, and matching the operator token if one is sent.',
  },
  // The request as sent (请求格式).
  METHOD_NOT_ALLOWED: {
    status: 405,
    from: ['gateway'],
    zh: '只接受 POST：请用 POST 发送 JSON 请求体。',
    en: 'Only POST is accepted: send the GraphQL request as a JSON body with POST.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    from: ['gateway', 'subgraph'],
    zh: '请求体超过上限（网关为 MAX_BODY_BYTES，默认 256 KiB）：请减少每次请求的内容，例如分批查询。',
    en: 'The body is over the limit (the gateway’s MAX_BODY_BYTES, 256 KiB by default): send less per request, e.g. split the list.',
  },
  BAD_REQUEST: {
    status: 400,
    from: ['gateway', 'subgraph', 'apollo'],
    zh: '请求格式错误：请求体应为一个 JSON 对象（query、variables、operationName），文档含多个操作时须给出 operationName；不接受批量请求。',
    en: 'Malformed request: send one JSON object {query, variables, operationName}, name the operation when the document has several, no batches.',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    status: 400,
    from: ['gateway'],
    zh: '不支持持久化查询：请发送完整的查询文本。',
    en: 'Persisted queries are off: send the full query text.',
  },
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    from: ['gateway', 'apollo'],
    zh: '查询语法错误：请按错误信息所指位置修正查询文本。',
    en: 'The query does not parse: fix the syntax at the place the message names.',
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    from: ['apollo'],
    zh: '查询与接口定义不符（字段、参数或类型有误；生产环境不提供内省）：请对照接口文档修正。',
    en: 'The query does not validate against the schema (unknown field, argument or type; no introspection in production): correct it against the schema.',
  },
  // Query limits (查询限制): nothing has been fetched.
  QUERY_TOO_LARGE: {
    status: 400,
    from: ['gateway'],
    zh: '查询过长（超过 QUERY_MAX_TOKENS 个词法单元，默认 2000）：请精简查询。',
    en: 'The query has more tokens than QUERY_MAX_TOKENS (2,000): shorten it.',
  },
  QUERY_TOO_DEEP: {
    status: 400,
    from: ['gateway'],
    zh: '查询层级过深（QUERY_MAX_DEPTH，默认 10；内省 16）：请减少嵌套层级。',
    en: 'Selections nest deeper than QUERY_MAX_DEPTH (10; introspection 16): nest less.',
  },
  TOO_MANY_ALIASES: {
    status: 400,
    from: ['gateway'],
    zh: '别名过多（超过 QUERY_MAX_ALIASES，默认 30）：请减少别名或拆分请求。',
    en: 'More aliases than QUERY_MAX_ALIASES (30): use fewer or split the request.',
  },
  TOO_MANY_DIRECTIVES: {
    status: 400,
    from: ['gateway'],
    zh: '指令过多（超过 QUERY_MAX_DIRECTIVES，默认 20）：请减少指令。',
    en: 'More directives than QUERY_MAX_DIRECTIVES (20): use fewer.',
  },
  QUERY_TOO_COSTLY: {
    status: 400,
    from: ['gateway'],
    zh: '查询代价过高（超过 QUERY_MAX_COST，默认 30000）：请少选字段或拆分请求。',
    en: 'The estimated cost exceeds QUERY_MAX_COST (30,000): select fewer fields or split the request.',
  },
  CIRCULAR_FRAGMENTS: {
    status: 400,
    from: ['gateway'],
    zh: '片段循环引用：片段不得直接或间接引用自身，请去掉循环。',
    en: 'A fragment spreads itself, directly or through others: remove the cycle.',
  },
  TOO_MANY_CODES: {
    status: 400,
    from: ['gateway'],
    zh: '企业代码过多：一次请求的所有字段和别名合计不超过 QUERY_MAX_CODES 个（默认 1000），请分批查询。',
    en: 'More enterprise codes than QUERY_MAX_CODES (1,000) across all fields and aliases of one request: split them over several requests.',
  },
  BAD_USER_INPUT: {
    status: 400,
    atField: true,
    from: ['gateway', 'subgraph', 'apollo'],
    zh: '输入有误（变量、统一社会信用代码、日期或月份格式、审计筛选条件等）：按错误信息及 extensions 中的 argument、reason 修正后重试。',
    en: 'Invalid input (a variable, a credit code, a date or month, an /audit filter): correct what the message and `extensions.argument` / `reason` name.',
  },
  // Permissions and purposes (权限与查询事由).
  FORBIDDEN: {
    status: 403,
    from: ['gateway'],
    zh: '无权限：调用方缺少所需权限范围（企业数据需 credit:read，列表需 bulk:read，审计需 audit:read），请联系平台管理员。',
    en: 'The caller lacks the scope this needs (credit:read for enterprise data, bulk:read for lists, audit:read for /audit): ask the platform administrator.',
  },
  PURPOSE_REQUIRED: {
    status: 400,
    from: ['gateway'],
    zh: '缺少查询事由：请在 X-Query-Purpose 请求头中填写本调用方可用的查询事由代码。',
    en: 'No query purpose: send X-Query-Purpose with one of your purpose codes.',
  },
  PURPOSE_UNKNOWN: {
    status: 400,
    from: ['gateway'],
    zh: '查询事由代码无效：X-Query-Purpose 只能填写一个已配置的代码。',
    en: 'X-Query-Purpose is not one configured purpose code: send exactly one of yours.',
  },
  PURPOSE_NOT_ALLOWED: {
    status: 403,
    from: ['gateway'],
    zh: '该调用方无权以此事由查询：请改用已授权的查询事由。',
    en: 'This caller may not query for that purpose: use one it is allowed.',
  },
  BAD_REFERENCE: {
    status: 400,
    from: ['gateway'],
    zh: '关联编号不符合要求或缺失：X-Query-Reference 最多 64 个可打印字符（非 ASCII 按 UTF-8 百分号编码），部分查询事由必须填写。',
    en: 'X-Query-Reference is unacceptable, or missing where the purpose needs it: at most 64 printable characters, non-ASCII percent-encoded as UTF-8.',
  },
  OPERATOR_REQUIRED: {
    status: 401,
    from: ['gateway'],
    zh: '该调用方须注明经办人：请发送 X-Operator（工号;姓名），或按配置要求发送统一身份认证平台签发的经办人令牌 X-Operator-Token。',
    en: 'This caller must name the operator: send X-Operator (id;name), or, where it is configured to need a verified operator, X-Operator-Token from the identity provider.',
  },
  // Inside an answer (答复中的字段错误): the rest of the data stands.
  FORBIDDEN_FIELD: {
    status: 200,
    from: ['gateway'],
    zh: '无权查看该字段（如完整身份证号需 pii:id-number 权限）：该字段为 null，其余数据照常返回。',
    en: 'A protected field outside the caller’s scopes (e.g. idNumber needs pii:id-number): it is null, the rest of the answer stands.',
  },
  SOURCES_INCOMPLETE: {
    status: 200,
    from: ['subgraph'],
    zh: '有相关部门的信息未能读取，名单会不完整（extensions.missingSources 列出部门）：请稍后重试，或用 creditCheck 获取核查结论。',
    en: 'A department that matters could not be read, so the list would be incomplete (`extensions.missingSources`): retry later, or use creditCheck for a verdict.',
  },
  CHECK_NOT_FOUND: {
    status: 200,
    from: ['subgraph'],
    zh: '核查编号不存在：请使用 creditCheck 返回的 checkId。',
    en: 'No check has that checkId: send the one a creditCheck returned.',
  },
  JOURNAL_UNAVAILABLE: {
    status: 200,
    from: ['subgraph'],
    zh: '核查案例库（联合奖惩案例及反馈）暂时无法读写，本次反馈未记录或案例月报未生成：请稍后重试。',
    en: 'The check journal (joint reward/punishment cases and their feedback) cannot be read or written just now; the feedback was not recorded or the case report not made: retry later.',
  },
  JOB_NOT_FOUND: {
    status: 200,
    from: ['gateway'],
    zh: '没有该批量核查任务，或任务不属于本调用方（只有提交任务的调用方和审计人员可以读取）：请使用 submitBulkCheck 返回的任务编号。',
    en: 'No bulk check job with this id for this caller (only the caller that submitted it, and auditors, can read a job): use the id submitBulkCheck returned.',
  },
  JOB_STORE_UNAVAILABLE: {
    status: 503,
    atField: true,
    from: ['gateway'],
    zh: '批量任务存储（数据库）暂时无法访问：任务未受理或暂时无法读取，已受理的任务不会丢失；请稍后重试。',
    en: 'The bulk job store (the database) cannot be reached: the job was not accepted, or cannot be read now; accepted jobs are not lost. Retry later.',
  },
  SUBGRAPH_UNAVAILABLE: {
    status: 200,
    from: ['gateway'],
    zh: '某部门服务无法访问：其字段为 null（extensions.serviceName 指明部门），其他部门照常返回；请稍后重试。',
    en: 'A department’s service could not be reached: its fields are null (`extensions.serviceName` names it), the others answer; retry later.',
  },
  SUBGRAPH_TIMEOUT: {
    status: 200,
    from: ['gateway'],
    zh: '某部门服务未在时限内答复：其字段为 null，其他部门照常返回；请稍后重试。',
    en: 'A department’s service did not answer within the deadline: its fields are null, the others answer; retry later.',
  },
  SUBGRAPH_BAD_RESPONSE: {
    status: 200,
    from: ['gateway'],
    zh: '某部门服务的答复无法识别或缺少所查企业：其字段为 null；如持续出现请告知运维。',
    en: 'A department’s service gave an answer that could not be used, or left an enterprise out: its fields are null; tell the operators if it persists.',
  },
  DOWNSTREAM_SERVICE_ERROR: {
    status: 200,
    from: ['apollo'],
    zh: '某部门服务返回了未分类的错误：该字段为 null；如持续出现请告知运维。',
    en: 'A department’s service returned an error without a code (Apollo gateway): the field is null; tell the operators if it persists.',
  },
  // Subgraphs answer only the gateway (签名校验): seen by a client only when the gateway is misconfigured.
  SIGNATURE_MISSING: {
    status: 401,
    atField: true,
    from: ['subgraph'],
    zh: '部门服务只接受网关签名的请求：请通过网关查询。',
    en: 'A subgraph answers only requests signed by the gateway: query through the gateway.',
  },
  SIGNATURE_MALFORMED: {
    status: 401,
    atField: true,
    from: ['subgraph'],
    zh: '签名格式不符（如旧版网关未带随机数）：请同时部署同一版本的网关和部门服务。',
    en: 'The signature is not in the expected format (e.g. an older gateway without nonces): deploy gateway and subgraphs of one version.',
  },
  SIGNATURE_EXPIRED: {
    status: 401,
    atField: true,
    from: ['subgraph'],
    zh: '签名时间与部门服务时钟相差超过 60 秒：请校准网关与部门服务主机的时钟（NTP）。',
    en: 'The signature’s time is more than 60 s off the subgraph’s clock: synchronise the hosts’ clocks (NTP).',
  },
  SIGNATURE_MISMATCH: {
    status: 401,
    atField: true,
    from: ['subgraph'],
    zh: '签名不匹配：网关与部门服务的 SUBGRAPH_SHARED_SECRET 不一致，请运维统一配置。',
    en: 'The signature does not match: gateway and subgraph have different SUBGRAPH_SHARED_SECRET values; the operators must set one.',
  },
  SIGNATURE_REPLAYED: {
    status: 401,
    atField: true,
    from: ['subgraph'],
    zh: '该签名请求已被接受过一次（重放），未执行：请重新发起查询。',
    en: 'This signed request was already accepted once (a replay) and was not run: send a new request.',
  },
  // The query log (查询留痕) and the service itself.
  AUDIT_UNAVAILABLE: {
    status: 503,
    from: ['gateway'],
    zh: '查询留痕无法写入，故未返回任何数据：请稍后重试；运维应检查审计日志所在磁盘，或审计数据库（DATABASE_URL）。',
    en: 'The query log cannot be written, so no data is released: retry later; the operators check the audit log’s disk, or the audit database (DATABASE_URL).',
  },
  AUDIT_ENTRY_INVALID: {
    status: 503,
    from: ['gateway'],
    zh: '网关生成的留痕记录不合格式（程序缺陷），故未返回任何数据：请告知运维并提供 x-request-id。',
    en: 'The gateway built a query-log record the log refuses (a defect), so no data is released: report it with the x-request-id.',
  },
  // Credit reports (信用报告) and their verification (报告核验).
  REPORT_NOT_ISSUED: {
    status: 200,
    from: ['gateway'],
    zh: '未出具报告（extensions.reason 说明原因）：数据照常返回，可供查看，但没有报告编号，不能作为对外出具的报告打印；按原因修正后重新生成。',
    en: 'No report was issued (`extensions.reason` says why): the data is answered for viewing, but has no report number and is not a report to hand out; correct the cause and generate it again.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    from: ['gateway'],
    zh: '请求过于频繁（报告核验每个地址每分钟有次数上限，VERIFY_RATE_PER_MINUTE；每个调用方最多同时打开4个任务进度连接 /jobs/…/events）：请按 Retry-After 所示秒数后重试，或先关闭已打开的任务进度连接。',
    en: 'Too many requests (report verification allows VERIFY_RATE_PER_MINUTE per address per minute; a caller may have 4 job progress streams (/jobs/…/events) open at once): retry after the seconds Retry-After gives, or close a stream first.',
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    atField: true,
    from: ['gateway', 'subgraph', 'apollo'],
    zh: '服务内部错误：请稍后重试；如持续出现请告知运维并提供 x-request-id。',
    en: 'Internal error: retry later; if it persists, give the operators the x-request-id.',
  },
} as const satisfies Record<string, ErrorCodeDefinition>;

/** A code the system sends in `extensions.code`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * A subset of the registered codes, checked: `ErrorCodeSubset<'A' | 'B'>` fails to compile when
 * `A` or `B` is not registered (unlike `Extract`, which would drop it silently).
 */
export type ErrorCodeSubset<K extends ErrorCode> = K;

/** The HTTP status a refusal with this code is answered with. */
export function statusOf(code: ErrorCode): ErrorCodeDefinition['status'] {
  return ERROR_CODES[code].status;
}

/** A resolver's error with a registered code: `extensions` is `{ code, ...extensions }`. */
export function graphQLError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}
