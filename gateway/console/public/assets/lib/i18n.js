// @ts-check
/**
 * Every user-visible string of the console, in Chinese (first) and English, and the labels of the
 * API's enums. Pure data and functions (no DOM): also imported by Node (CSV notes, tests).
 */

/** @typedef {'zh' | 'en'} Lang */
/** @typedef {{ zh: string, en: string }} Label */

/** @type {Record<string, Label & { icon: string, tone: string }>} */
export const VERDICT_LABELS = {
  INACTIVE: { zh: '主体已注销/吊销', en: 'Deregistered or revoked', icon: 'inactive', tone: 'inactive' },
  PROHIBITED: { zh: '禁止', en: 'Prohibited', icon: 'prohibited', tone: 'red' },
  RESTRICTED: { zh: '限制', en: 'Restricted', icon: 'restricted', tone: 'orange' },
  CAUTION: { zh: '审慎', en: 'Caution', icon: 'caution', tone: 'yellow' },
  CLEAR: { zh: '未见限制', en: 'Clear', icon: 'clear', tone: 'green' },
  INCOMPLETE: { zh: '信息不完整', en: 'Incomplete', icon: 'incomplete', tone: 'grey' },
  NOT_FOUND: { zh: '查无此主体', en: 'Not found', icon: 'notfound', tone: 'slate' },
  INVALID_CODE: { zh: '代码无效', en: 'Invalid code', icon: 'invalid', tone: 'slate' },
  ERROR: { zh: '查询失败', en: 'Check failed', icon: 'error', tone: 'grey' },
  PENDING: { zh: '待查', en: 'Pending', icon: 'pending', tone: 'none' },
};

/** What the verdict means for the person at the counter. */
/** @type {Record<string, Label>} */
export const VERDICT_ADVICE = {
  INACTIVE: {
    zh: '市场监管部门登记该主体已注销，或营业执照已被吊销：不能作为本事项的当事人，不予办理。申请人如有异议，请其向登记机关核实。',
    en: 'Market regulation holds the entity deregistered, or its business licence revoked: it cannot be a party to this matter; do not proceed. If the applicant disputes this, they should verify it with the registering authority.',
  },
  PROHIBITED: {
    zh: '本场景下适用禁止性措施：应当不予办理（拒绝申请、取消资格）。',
    en: 'A prohibiting measure applies in this scenario: the application must be refused.',
  },
  RESTRICTED: {
    zh: '本场景下适用限制性措施：按下列措施限制办理（如从严审核、不适用告知承诺）。',
    en: 'A restricting measure applies: handle the matter with the restrictions listed below.',
  },
  CAUTION: {
    zh: '列为重点监管对象：可以办理，但须加强审核、审慎处理。',
    en: 'Key supervision applies: the matter may proceed, with closer scrutiny.',
  },
  CLEAR: {
    zh: '本场景相关部门均已答复，未见适用的失信惩戒措施。',
    en: 'Every department that matters answered, and no measure applies.',
  },
  INCOMPLETE: {
    zh: '有相关部门的信息未能读取，结论不完整——这不是“通过”。请稍后重新核查，或向该部门人工核实后再办理。',
    en: 'A department that matters could not be read, so this is NOT a pass. Check again later, or verify with that department by hand before proceeding.',
  },
  NOT_FOUND: {
    zh: '市场监管部门没有此代码的登记记录。请核对代码，或请申请人提供营业执照向登记机关核实。',
    en: 'Market regulation holds no entity with this code. Check the code, or verify the business licence with the registering authority.',
  },
  INVALID_CODE: { zh: '代码未通过校验，未进行核查。', en: 'The code failed validation; no check was made.' },
  ERROR: { zh: '未能完成核查，请重试。', en: 'The check could not be made; try again.' },
  PENDING: { zh: '', en: '' },
};

/** @type {Record<string, Label>} */
export const SCENARIO_LABELS = {
  ADMINISTRATIVE_LICENSING: { zh: '行政许可', en: 'Administrative licensing' },
  BIDDING: { zh: '招标投标', en: 'Bidding in public tenders' },
  GOVERNMENT_PROCUREMENT: { zh: '政府采购', en: 'Government procurement' },
  FISCAL_FUNDS: { zh: '财政性资金（补贴、扶持项目）', en: 'Fiscal funds and subsidies' },
  HONORS: { zh: '评先评优', en: 'Honours and awards' },
  STATE_LAND_TRANSFER: { zh: '国有土地使用权出让', en: 'Transfer of state-owned land use rights' },
  GENERAL: { zh: '其他事项（逢办必查）', en: 'Any other matter' },
};
export const SCENARIOS = Object.keys(SCENARIO_LABELS);

// The departments come from the department registry (`npm run generate`).
import { DEPARTMENT_LABELS, FINDING_KIND_LABELS } from './departments.generated.js';
export { DEPARTMENT_LABELS };
export const DEPARTMENTS = Object.keys(DEPARTMENT_LABELS);

/** Record types: generated from the department registry. */
export { FINDING_KIND_LABELS };

/** @type {Record<string, Label>} */
export const FINDING_STATUS_LABELS = {
  ACTIVE: { zh: '有效', en: 'Active' },
  REMOVED: { zh: '已移出', en: 'Removed' },
  REPAIRED: { zh: '已修复', en: 'Repaired' },
  EXPIRED: { zh: '公示期满', en: 'Expired' },
};

/** @type {Record<string, Label>} */
export const MEASURE_KIND_LABELS = {
  PROHIBIT: { zh: '禁止', en: 'Prohibit' },
  RESTRICT: { zh: '限制', en: 'Restrict' },
  STRICT_SUPERVISION: { zh: '重点监管', en: 'Key supervision' },
  INCENTIVE: { zh: '守信激励', en: 'Incentive' },
};

/** The level of a measure as the catalogue page names it (the verdict it leads to). */
/** @type {Record<string, Label>} */
export const MEASURE_LEVEL_LABELS = {
  PROHIBIT: { zh: '禁止', en: 'Prohibit' },
  RESTRICT: { zh: '限制', en: 'Restrict' },
  STRICT_SUPERVISION: { zh: '审慎', en: 'Caution' },
  INCENTIVE: { zh: '激励', en: 'Incentive' },
};

/** @type {Record<string, Label>} */
export const MEASURE_CATEGORY_LABELS = {
  PUNISHMENT: { zh: '失信惩戒措施', en: 'Punishment measure' },
  QUALIFICATION: { zh: '资格条件', en: 'Statutory qualification' },
  INCENTIVE: { zh: '守信激励措施', en: 'Incentive' },
};

/** Where a fixed-term measure is counted from. */
/** @type {Record<string, Label>} */
export const DURATION_FROM_LABELS = {
  DECISION_DATE: { zh: '处罚决定日期', en: 'decision date' },
  LISTING_DATE: { zh: '列入日期', en: 'listing date' },
};

/** @type {Record<string, Label>} */
export const MEASURE_TARGET_LABELS = {
  ENTERPRISE: { zh: '市场主体', en: 'The enterprise' },
  LEGAL_REPRESENTATIVE: { zh: '法定代表人、主要负责人', en: 'Its legal representative / principal' },
};

/** @type {Record<string, Label>} */
export const SOURCE_STATE_LABELS = {
  OK: { zh: '已读取', en: 'Read' },
  UNAVAILABLE: { zh: '无法连接', en: 'Unavailable' },
  TIMEOUT: { zh: '超时', en: 'Timed out' },
  RATE_LIMITED: { zh: '限流', en: 'Rate limited' },
  BAD_RESPONSE: { zh: '数据异常', en: 'Bad response' },
  OUTDATED: { zh: '数据过期', en: 'Outdated export' },
};

/** @type {Record<string, Label>} */
export const REGISTRATION_STATUS_LABELS = {
  OPERATING: { zh: '存续', en: 'Operating' },
  DEREGISTERED: { zh: '注销', en: 'Deregistered' },
  REVOKED: { zh: '吊销，未注销', en: 'Licence revoked, not deregistered' },
};

/** @type {Record<string, Label>} */
export const ENV_LEVEL_LABELS = {
  GREEN: { zh: '绿色（诚信）', en: 'Green (trustworthy)' },
  BLUE: { zh: '蓝色（良好）', en: 'Blue (good)' },
  YELLOW: { zh: '黄色（警示）', en: 'Yellow (warning)' },
  RED: { zh: '红色（不良）', en: 'Red (poor)' },
};

/** @type {Record<string, Label>} */
export const COMMITMENT_STATUS_LABELS = {
  FULFILLED: { zh: '已履约', en: 'Kept' },
  PENDING: { zh: '履约中', en: 'Pending' },
  BREACHED: { zh: '未履约', en: 'Broken' },
};

/** @type {Record<string, Label>} */
export const COURT_REMOVAL_LABELS = {
  PERFORMED: { zh: '已履行', en: 'Performed' },
  SETTLED: { zh: '和解', en: 'Settled' },
  CREDITOR_REQUEST: { zh: '申请执行人申请删除', en: 'Deleted at the creditor’s request' },
  REVOKED: { zh: '撤销', en: 'Revoked' },
  CREDIT_REPAIR: { zh: '信用修复', en: 'Credit repair' },
  OTHER: { zh: '其他', en: 'Other' },
};

/** @type {Record<string, Label>} */
export const PENALTY_REMOVAL_LABELS = {
  REPAIRED: { zh: '已修复', en: 'Repaired' },
  REVOKED: { zh: '已撤销', en: 'Revoked' },
  WITHDRAWN: { zh: '已停止公示', en: 'Publicity stopped' },
};

/** @type {Record<string, Label>} */
export const TAX_STOP_REASON_LABELS = {
  CREDIT_REPAIR: { zh: '信用修复，提前停止公布', en: 'Stopped early after credit repair' },
  DECISION_REVOKED: { zh: '原处理决定被撤销', en: 'Decision revoked' },
  PAID_IN_FULL: { zh: '缴清税款、滞纳金和罚款', en: 'Paid in full' },
  CORRECTED: { zh: '违法行为已纠正', en: 'Violation corrected' },
  OTHER: { zh: '其他原因', en: 'Other reason' },
};

/** @type {Record<string, Label>} */
export const TAXPAYER_ID_TYPE_LABELS = {
  UNIFIED_SOCIAL_CREDIT_CODE: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  LEGACY_15_DIGIT: { zh: '原15位纳税人识别号', en: 'Old 15-digit taxpayer number' },
};

/** @type {Record<string, Label>} */
export const CALLER_KIND_LABELS = {
  SERVICE_HALL: { zh: '政务服务大厅', en: 'Service hall' },
  TRADING_PLATFORM: { zh: '公共资源交易平台', en: 'Public resource trading platform' },
  REPORT_DEVELOPER: { zh: '信用报告开发方', en: 'Report developer' },
  AUDITOR: { zh: '审计', en: 'Auditor' },
};

/** English names of the registering authorities (position 1 of a code; common/uscc has the Chinese). */
/** @type {Record<string, string>} */
export const AUTHORITY_NAMES_EN = {
  1: 'Institutional staffing',
  2: 'Foreign affairs',
  3: 'Judicial administration',
  4: 'Culture',
  5: 'Civil affairs',
  6: 'Tourism',
  7: 'Religious affairs',
  8: 'Trade unions',
  9: 'Market regulation',
  A: 'Central Military Commission staffing office',
  N: 'Agriculture',
  Y: 'Other',
};

/** English names of entity types, by `<position 1><position 2>`. */
/** @type {Record<string, string>} */
export const ENTITY_TYPE_NAMES_EN = {
  11: 'Government organ',
  12: 'Public institution',
  13: 'Mass organisation',
  19: 'Other',
  51: 'Social organisation',
  52: 'Private non-enterprise unit',
  53: 'Foundation',
  59: 'Other',
  91: 'Enterprise',
  92: 'Individual business',
  93: 'Farmers’ cooperative',
  N1: 'Group-level collective',
  N2: 'Village-level collective',
  N3: 'Township-level collective',
  N9: 'Other',
};

// What every code the system sends means, from the error-code registry (`npm run docs`).
import { ERROR_CODE_TEXT } from './error-codes.generated.js';

/**
 * What an error code means and what to do, for the error box — in the words of the counter where a
 * clerk meets the code (“请在‘设置’中…”); every other code is said as the registry says it (`ERROR_MESSAGES`).
 */
/** @type {Record<string, Label>} */
export const ERROR_LABELS = {
  UNAUTHENTICATED: {
    zh: '身份认证失败：访问密钥缺失、无效或已过期。请在“设置”中填写正确的密钥。',
    en: 'Not authenticated: the API key is missing, invalid or expired. Enter a valid key in Settings.',
  },
  FORBIDDEN: { zh: '无权进行此查询：当前密钥没有相应权限。', en: 'Not allowed: this key lacks the permission for this query.' },
  PURPOSE_REQUIRED: { zh: '缺少查询事由：请在“设置”中选择查询事由。', en: 'A query purpose is required: choose one in Settings.' },
  PURPOSE_UNKNOWN: { zh: '查询事由无效：请在“设置”中重新选择。', en: 'Unknown query purpose: choose another in Settings.' },
  PURPOSE_NOT_ALLOWED: {
    zh: '当前密钥不能以此事由查询：请在“设置”中更换查询事由。',
    en: 'This key may not query for that purpose: choose another in Settings.',
  },
  BAD_REFERENCE: {
    zh: '关联编号（申请编号或招标项目编号）不符合要求：最多64个可打印字符。',
    en: 'The reference (application or tender number) is not acceptable: at most 64 printable characters.',
  },
  BAD_USER_INPUT: { zh: '输入有误。', en: 'Invalid input.' },
  NETWORK_ERROR: {
    zh: '无法连接信用核查服务，请检查网络或稍后重试。',
    en: 'The credit service could not be reached. Check the network or try again later.',
  },
  HTTP_ERROR: { zh: '信用核查服务返回错误。', en: 'The credit service answered with an error.' },
  BAD_RESPONSE: { zh: '信用核查服务的答复无法识别。', en: 'The credit service’s answer could not be understood.' },
  PAYLOAD_TOO_LARGE: { zh: '请求过大：请减少每批代码数量。', en: 'Request too large: send fewer codes per request.' },
  TOO_MANY_CODES: {
    zh: '一次请求的代码过多（每次最多1000个）：请分批核查。',
    en: 'Too many codes in one request (at most 1,000): check them in parts.',
  },
  SOURCES_INCOMPLETE: { zh: '有部门信息未能读取。', en: 'A department could not be read.' },
  INTERNAL_SERVER_ERROR: { zh: '信用核查服务内部错误，请稍后重试。', en: 'Internal error in the credit service; try again later.' },
  SUBGRAPH_UNAVAILABLE: {
    zh: '有部门的服务暂时无法连接，该部门信息未能读取，其他部门照常显示。请稍后重试。',
    en: 'A department’s service could not be reached: its information was not read; the others are shown. Try again later.',
  },
  SUBGRAPH_TIMEOUT: {
    zh: '有部门的服务未在时限内答复，该部门信息未能读取，其他部门照常显示。请稍后重试。',
    en: 'A department’s service did not answer in time: its information was not read; the others are shown. Try again later.',
  },
  SUBGRAPH_BAD_RESPONSE: {
    zh: '有部门的服务答复无法识别，该部门信息未能读取。如持续出现，请告知运维人员。',
    en: 'A department’s service gave an answer that could not be used: its information was not read. Tell the operators if it persists.',
  },
  DOWNSTREAM_SERVICE_ERROR: {
    zh: '有部门的服务出错，相关信息未能读取。如持续出现，请告知运维人员。',
    en: 'A department’s service failed: that information was not read. Tell the operators if it persists.',
  },
  FORBIDDEN_FIELD: {
    zh: '部分信息需要专门权限，未予显示；其余信息照常显示。',
    en: 'Some information needs a permission this key lacks and is not shown; the rest is.',
  },
  AUDIT_UNAVAILABLE: {
    zh: '查询留痕暂时无法记录，为此未返回任何信息。请稍后重试；如持续出现，请告知运维人员。',
    en: 'The query log cannot be written just now, so no information was released. Try again later; tell the operators if it persists.',
  },
  BAD_OPERATOR: { zh: '经办人工号或姓名格式不符：请在“设置”中修改。', en: 'The operator’s id or name is not acceptable: correct it in Settings.' },
  OPERATOR_REQUIRED: {
    zh: '本调用方要求注明经办人：请在“设置”中填写工号和姓名；如仍被拒绝（须经统一身份认证），请联系平台管理员。',
    en: 'This caller must name the operator: enter your id and name in Settings; if it is still refused (a verified identity is required), ask the platform administrator.',
  },
  OPERATOR_TOKEN_INVALID: {
    zh: '经办人身份令牌无效或已过期：请重新登录统一身份认证平台。',
    en: 'The operator token is invalid or expired: sign in to the identity provider again.',
  },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    zh: '暂时无法核验经办人身份（统一身份认证平台不可用），未返回任何数据：请稍后重试。',
    en: 'The operator’s identity cannot be checked now (the identity provider is unavailable); nothing was returned. Try again later.',
  },
  SETTINGS_MISSING: {
    zh: '查询设置尚未填写完整（访问密钥、查询事由、经办人工号和姓名）：请先打开“设置”填写。',
    en: 'The query settings are not complete (API key, purpose, operator id and name): open Settings first.',
  },
  ERROR: { zh: '查询失败。', en: 'The query failed.' },
};

/** Every error code's meaning in both languages: the console's own words, else the registry's. */
/** @type {Record<string, Label>} */
export const ERROR_MESSAGES = { ...ERROR_CODE_TEXT, ...ERROR_LABELS };

/** @type {Record<Lang, Record<string, string>>} */
export const STRINGS = {
  zh: {
    'app.title': '企业信用核查',
    'app.subtitle': '逢办必查 · 各部门信用信息一站核查',
    'nav.check': '信用核查',
    'nav.bidders': '投标人批量核查',
    'nav.report': '信用报告',
    'nav.catalogue': '措施清单',
    'nav.explorer': '接口调试',
    'lang.switch': 'English',
    'lang.switchTitle': 'Switch to English',
    noscript: '本页面需要启用 JavaScript。',
    'dev.banner': '开发环境：使用公开的开发密钥和测试数据，结果不得用于实际办理。',
    'settings.open': '设置',
    'settings.title': '查询设置',
    'settings.intro': '每次查询都会记录调用方、经办人、查询事由和关联编号（查询留痕）。设置仅保存在本浏览器标签页中，关闭后清除。',
    'settings.key': '访问密钥',
    'settings.keyHelp': '由信用平台管理员分配，以 Authorization: Bearer 方式发送。',
    'settings.showKey': '显示',
    'settings.hideKey': '隐藏',
    'settings.purpose': '查询事由',
    'settings.purposeNone': '— 请选择 —',
    'settings.reference': '关联编号（可选）',
    'settings.referenceHelp': '办件编号、申请编号或招标项目编号，最多64个字符。',
    'settings.hints': '开发密钥（仅开发环境）',
    'settings.save': '保存',
    'settings.cancel': '取消',
    'settings.clear': '清除',
    'settings.saved': '设置已保存。',
    'settings.status.none': '未设置密钥',
    'settings.status.noPurpose': '未选择事由',
    'settings.status.ok': '事由：{purpose}',
    'settings.referenceTooLong': '关联编号最多64个字符。',
    'settings.referenceInvalid': '关联编号不能包含控制字符。',
    'settings.keyInvalid': '密钥只能包含字母、数字和 - . _ ~ + / =。',
    'settings.operator': '经办人',
    'settings.operatorId': '工号',
    'settings.operatorName': '姓名',
    'settings.operatorHelp': '填写您本人的工号和姓名：每次查询都以此记入查询留痕。换人办理时请先修改。',
    'settings.operatorIdInvalid': '工号最多128个字符，只能包含字母、数字和 . _ - @ : + /。',
    'settings.operatorNameInvalid': '姓名最多64个字符，只能包含文字、空格和 · . - 等。',
    'settings.missing': '查询前须填写：{items}。',
    'settings.status.operator': '经办人：{name}（{id}）',
    'settings.status.noOperator': '未填写经办人',
    'settings.savedRetry': '设置已保存，请重新提交。',
    'check.heading': '主体信用核查',
    'check.code': '统一社会信用代码',
    'check.codePlaceholder': '18位代码，可粘贴，自动转换全角和小写',
    'check.scenario': '办理场景',
    'check.asOf': '核查日期',
    'check.asOfHelp': '可选，默认今天；如开标日。',
    'check.submit': '核查',
    'check.checking': '正在核查……',
    'check.examples': '示例代码（开发环境，黄金测试数据）',
    'check.typing': '已输入 {length}/18 位',
    'check.valid': '代码格式正确',
    'check.codeInfo': '登记管理部门：{authority} · 机构类别：{type} · 行政区划码：{division} · 组织机构代码：{org}',
    'check.unknownCategory': '未赋值',
    'check.normalized': '已规范为：{code}',
    'check.fixCode': '请先更正代码。',
    'result.enterprise': '主体',
    'result.name': '企业名称',
    'result.nameUnknown': '（市场监管未读取到名称）',
    'result.legalRep': '法定代表人',
    'result.registration': '登记状态',
    'result.orgCode': '组织机构代码',
    'result.scenario': '场景：{scenario}',
    'result.missing': '以下部门未能读取：{departments}。',
    'result.missingProhibit': '已在其他部门发现禁止性记录，结论仍为禁止；但以下部门未能读取：{departments}。',
    'result.warnings': '提示',
    'result.flags': '失信惩戒措施',
    'result.flagsCount': '失信惩戒措施（{count}项）',
    'result.noFlags': '无适用的失信惩戒措施。',
    'result.noFlagsIncomplete': '已读取的部门中未发现适用的惩戒措施；未能读取的部门可能仍有记录。',
    'result.incentives': '守信激励措施',
    'result.noIncentives': '无适用的守信激励措施。',
    'result.sources': '数据来源',
    'result.sourcesNote': '“本场景相关”的部门未能读取时，结论为“信息不完整”。',
    'result.checkId': '核查编号',
    'result.checkedAt': '核查时间',
    'result.asOf': '结论所依日期',
    'result.catalogue': '措施清单版本',
    'result.copy': '复制',
    'result.copied': '已复制',
    'result.report': '查看/打印信用报告',
    'result.partialErrors': '部分信息查询出错：',
    'flag.trigger': '触发记录',
    'flag.authority': '认定机关',
    'flag.reference': '文号/案号',
    'flag.listedOn': '列入日期',
    'flag.publicUntil': '公示截止',
    'flag.applies': '适用期间',
    'flag.appliesUntilOpen': '至移出名单时',
    'flag.basis': '法律依据',
    'flag.implementedBy': '实施部门',
    'flag.appliesTo': '适用对象',
    'flag.reason': '列入事由',
    'flag.underObjection': '异议处理中',
    'flag.underObjectionNote': '异议处理期间措施仍然适用',
    'flag.localChoice': '本地适用',
    'flag.department': '认定部门',
    'flag.range': '{from} 至 {until}',
    'flag.scope': '适用范围',
    'flag.condition': '触发条件',
    'flag.unconfirmedTitle': '原文尚未对照官方文本核对',
    'flag.unconfirmedLegend': '＊ 原文尚未对照官方文本核对',
    'result.onLists': '在以下名单中：{lists}',
    'result.onListsObjection': '（异议处理中）',
    'result.objectionLine': '{records}正在异议处理中，异议处理期间措施仍然适用。',
    'result.recordsCount': '失信记录 {records} 条 · 适用措施 {measures} 项',
    'source.message.UNAVAILABLE': '{department}系统无法连接，本次未能读取。',
    'source.message.TIMEOUT': '{department}系统未在时限内答复，本次未能读取。',
    'source.message.RATE_LIMITED': '{department}系统限流，暂时拒绝查询，本次未能读取。',
    'source.message.BAD_RESPONSE': '{department}系统返回的数据无法识别，本次未能读取。',
    'result.notChecked': '未核查事项',
    'result.notCheckedIntro': '以下事项不在已接入部门的数据范围内，本次核查未涉及，不代表无记录；请另行核实：',
    'source.department': '部门',
    'source.status': '状态',
    'source.found': '有无记录',
    'source.asOf': '数据时间',
    'source.cache': '缓存',
    'source.relevant': '本场景相关',
    'source.foundYes': '有记录',
    'source.foundNo': '无记录',
    'source.fresh': '实时',
    'source.cached': '缓存',
    'source.stale': '过期缓存',
    'source.staleNote': '部门系统故障，使用了超过时效的缓存数据',
    'source.yes': '是',
    'source.no': '—',
    'time.justNow': '刚刚',
    'time.minutesAgo': '{n}分钟前',
    'time.hoursAgo': '{n}小时前',
    'time.daysAgo': '{n}天前',
    'error.title': '查询未完成',
    'error.code': '错误代码',
    'error.openSettings': '打开设置',
    'error.retry': '重试',
    'bidders.heading': '投标人批量核查',
    'bidders.intro':
      '上传投标人名单：Excel 工作簿（.xlsx，读取第一个工作表）或 CSV（UTF-8 或 GBK 编码）。按表头找列（“统一社会信用代码”“投标人名称”“联合体”），表头上方的标题行自动跳过；没有表头时第一列为代码、第二列为名称。代码列请设为“文本”格式：被 Excel 存成数字的代码（如 9.14205E+17）末尾数位已丢失，会单独标出，不作猜测。联合体投标：同一“联合体”值的各行为一个联合体（2至20个成员，第一行为牵头人），整体按最严格的成员定结论。',
    'bidders.file': '投标人名单（CSV 或 Excel .xlsx）',
    'bidders.tender': '招标项目编号',
    'bidders.tenderHelp': '作为关联编号随每次查询记录。',
    'bidders.scenario': '办理场景',
    'bidders.asOf': '开标日（可选）',
    'bidders.submit': '开始核查',
    'bidders.cancel': '停止跟踪',
    'bidders.cancelled': '已停止：{done}/{total}。',
    'bidders.parsed': '已读取 {count} 个投标人（编码：{encoding}；{header}）；其中 {invalid} 个代码无效。',
    'bidders.parsedXlsx':
      '已读取 {count} 个投标人（Excel 工作簿，读取第 1 个工作表“{sheet}”，共 {sheets} 个；{header}）；其中 {invalid} 个代码无效。',
    'bidders.headerOnRow': '表头在第 {row} 行',
    'bidders.codesLost':
      '有 {count} 个代码已被电子表格软件（如 Excel）存成了数字，第15位以后的数字已经丢失（显示为 9.14205E+17 或末尾为 000），无法还原，按无效代码处理，不会猜测补全。请在原表格中把代码列设为“文本”格式后重新录入这些代码，或从原系统重新导出名单，再上传。',
    'bidders.fileUnreadable': '无法读取该文件：{message}',
    'bidders.excelMissing': '未能加载 Excel 组件（/vendor/exceljs.min.js）：请确认服务已安装全部依赖（npm ci）。',
    'bidders.withHeader': '有表头',
    'bidders.withoutHeader': '无表头',
    'bidders.noRows': '文件中没有投标人。',
    'bidders.noFile': '请先选择文件。',
    'bidders.progress': '进度',
    'bidders.done': '核查完成：{total} 个投标人。',
    'bidders.download': '下载结果（CSV）',
    'bidders.downloadXlsx': '下载结果（Excel）',
    'bidders.preparingXlsx': '正在生成 Excel 文件…',
    'bidders.downloadFailed': '生成 Excel 文件失败：{message}',
    'bidders.summary': '结果汇总',
    'bidders.col.row': '行',
    'bidders.col.code': '统一社会信用代码',
    'bidders.col.nameGiven': '填报名称',
    'bidders.col.nameRegistered': '登记名称',
    'bidders.col.verdict': '结论',
    'bidders.col.flags': '惩戒措施',
    'bidders.col.missing': '未能读取',
    'bidders.col.checkId': '核查编号',
    'bidders.col.note': '说明',
    'bidders.filter': '只看需关注的（非“未见限制”、名称不一致、代码重复，或所在联合体非“未见限制”）',
    'bidders.cli': '命令行：npm run check-file -- 名单.xlsx --tender 项目编号 --out 结果.xlsx',
    'bidders.jobSubmitting': '正在提交批量核查任务…',
    'bidders.jobRunning': '批量核查任务在服务端运行：可以离开本页，稍后用本页地址回来查看结果。',
    'bidders.jobReopening': '正在读取批量核查任务…',
    'bidders.jobLink': '任务编号：{id}（本页地址已包含任务编号，可收藏或稍后重新打开）',
    'bidders.jobLeft': '已停止跟踪（{done}/{total}）：任务仍在服务端继续，用本页地址重新打开即可查看结果。',
    'bidders.jobBadId': '地址中的任务编号格式不正确。',
    'bidders.jobRetrying': '正在重试：{departments}（暂时未能读取，在任务截止前自动重试）',
    'bidders.jobFailed': '截止时仍未能读取：{departments}（相关行为“信息不完整”）',
    'bidders.recheck': '重新核查信息不完整的 {count} 行',
    'bidders.rechecking': '正在重新核查 {total} 项…',
    'bidders.rechecked': '重新核查完成：更新了 {changed} 行。',
    'bidders.col.consortium': '联合体',
    'bidders.consortiaParsed': '联合体 {count} 个（共 {members} 行）。',
    'bidders.consortiumSummary': '联合体：',
    'bidders.consortiumLead': '牵头人 1/{size}',
    'bidders.consortiumMember': '成员 {position}/{size}',
    'bidders.consortiumDecides': '决定联合体结论',
    'bidders.consortiumDecidedBy': '由{members}决定',
    'bidders.consortiumAlone': '“{label}”仅此一行，按单独投标人核查',
    'check.consortiumToggle': '联合体投标（多个成员一并核查）',
    'check.consortiumCodes': '成员统一社会信用代码',
    'check.consortiumHelp': '每行一个，牵头人在前，2至20个成员。',
    'check.consortiumPlaceholder': '第一行：牵头人代码；其后每行一个成员代码',
    'check.consortiumCount': '已输入 {count} 个成员代码',
    'check.consortiumLine': '第{line}行：{reason}',
    'check.consortiumRepeat': '第{line}行与第{first}行代码相同',
    'check.consortiumTooFew': '联合体至少需要2个成员。',
    'check.consortiumTooMany': '联合体最多20个成员，现有{count}个。',
    'result.consortiumHeading': '联合体核查结论（{count}个成员）',
    'result.consortiumDeciding': '决定结论的成员：{members}',
    'result.consortiumMembers': '各成员核查结果',
    'result.consortiumLead': '牵头人',
    'result.consortiumMember': '成员{position}',
    'result.consortiumDecides': '决定联合体结论',
    'result.consortiumId': '联合体标识',
    'result.consortiumNoFlags': '未见惩戒措施',
    'report.heading': '信用报告',
    'report.generate': '生成报告',
    'report.print': '打印 / 另存为 PDF',
    'report.printHelp': '在打印对话框中选择“另存为 PDF”即可导出 PDF。',
    'report.loading': '正在生成报告……',
    'report.title': '企业公共信用信息报告',
    'report.titleSub': '（逢办必查专用）',
    'report.number': '报告编号',
    'report.time': '生成时间',
    'report.purpose': '查询事由',
    'report.reference': '关联编号',
    'report.scenario': '核查场景',
    'report.asOf': '结论所依日期',
    'report.catalogue': '措施清单版本',
    'report.labels': '主体标签',
    'report.label.punished': '失信惩戒对象',
    'report.label.rewarded': '守信激励对象',
    'report.none': '无',
    'report.unreadable': '未能读取',
    'report.unreadableDept': '未能读取（{department}：{status}）——不代表无记录',
    'report.notKnown': '{department}无此主体记录',
    'report.history': '灰色为历史记录（已移出、已修复、公示期满或已失效）：不引发惩戒措施，仅在屏幕上向有权查看历史的用户显示，打印的报告不载明。',
    'report.section.basic': '基本信息',
    'report.section.administrative': '行政管理信息',
    'report.section.honest': '诚实守信',
    'report.section.serious': '严重失信主体名单',
    'report.section.abnormal': '经营异常',
    'report.section.commitments': '信用承诺',
    'report.section.judicial': '司法信息',
    'report.section.tax': '税务信息',
    'report.section.environment': '生态环境',
    'report.section.economy': '经信',
    'report.section.department': '{department}',
    'report.section.verdict': '核查结论',
    'report.section.sources': '数据来源',
    'report.sub.marketPenalties': '市场监管行政处罚',
    'report.sub.environmentPenalties': '生态环境行政处罚',
    'report.sub.taxA': '纳税信用A级（按年度）',
    'report.sub.honors': '荣誉',
    'report.sub.green': '环境信用评价绿色（诚信）',
    'report.sub.dishonestDebtor': '失信被执行人',
    'report.sub.seriousIllegal': '严重违法失信名单',
    'report.sub.majorTax': '重大税收违法失信主体',
    'report.sub.safety': '安全生产严重失信主体',
    'report.sub.judicialFindings': '失信被执行人、限制消费',
    'report.sub.enforcement': '被执行人（执行案件）',
    'report.sub.taxRatings': '纳税信用等级',
    'report.sub.arrears': '欠税公告',
    'report.sub.taxFindings': '税务信用记录',
    'report.sub.envRatings': '环境信用评价',
    'report.sub.envFindings': '生态环境信用记录',
    'report.sub.economyFindings': '经信信用记录',
    'report.sub.departmentFindings': '{department}信用记录',
    'report.f.name': '企业名称',
    'report.f.uscc': '统一社会信用代码',
    'report.f.orgCode': '组织机构代码',
    'report.f.legalRep': '法定代表人',
    'report.f.idMasked': '证件号码（脱敏）',
    'report.f.type': '企业类型',
    'report.f.established': '成立日期',
    'report.f.capital': '注册资本',
    'report.f.capitalValue': '{n}万元',
    'report.f.address': '住所',
    'report.f.status': '登记状态',
    'report.f.closedOn': '注销/吊销日期',
    'report.f.authority': '登记机关',
    'report.f.scope': '经营范围',
    'report.f.codeAuthority': '登记管理部门（代码第1位）',
    'report.f.codeType': '机构类别（代码第2位）',
    'report.f.division': '登记管理机关行政区划码',
    'report.f.taxpayerId': '纳税人识别号',
    'report.f.currentRating': '当前纳税信用等级',
    'report.f.currentEnvRating': '当前环境信用评价',
    'report.f.envName': '生态环境部门登记名称',
    'report.c.reference': '决定书文号',
    'report.c.penaltyType': '处罚类别',
    'report.c.fine': '罚款（元）',
    'report.c.decidedOn': '决定日期',
    'report.c.authority': '决定机关',
    'report.c.facts': '违法事实',
    'report.c.publicUntil': '公示截止',
    'report.c.status': '状态',
    'report.c.severe': '较重处罚',
    'report.c.year': '年度',
    'report.c.level': '等级',
    'report.c.publishedOn': '发布日期',
    'report.c.inForceUntil': '有效期至',
    'report.c.title': '荣誉名称',
    'report.c.awardedOn': '颁发日期',
    'report.c.validUntil': '有效期至',
    'report.c.ratedOn': '评价日期',
    'report.c.ratedBy': '评价机关',
    'report.c.caseNumber': '案号',
    'report.c.court': '执行法院',
    'report.c.filedOn': '立案时间',
    'report.c.basis': '执行依据文号',
    'report.c.obligation': '生效法律文书确定的义务',
    'report.c.performance': '履行情况',
    'report.c.circumstances': '失信情形',
    'report.c.removed': '移除',
    'report.c.kind': '类别',
    'report.c.listedOn': '列入日期',
    'report.c.removedOn': '移出日期',
    'report.c.reason': '事由',
    'report.c.amount': '金额（元）',
    'report.c.closedOn': '结案日期',
    'report.c.matter': '承诺事项',
    'report.c.madeOn': '承诺日期',
    'report.c.checkedOn': '核查日期',
    'report.c.taxType': '税种',
    'report.c.since': '欠税发生日期',
    'report.c.caseNo': '案件编号',
    'report.c.department': '部门',
    'report.c.stopped': '停止公布',
    'report.yes': '是',
    'report.no': '否',
    'report.longTerm': '长期',
    'report.underObjection': '异议中',
    'report.footer':
      '说明：本报告依据各部门信用信息系统在“数据时间”所示时点的记录生成，只载明出具当日有效的记录；已移出、已修复（信用修复）或公示期满的记录不予载明。“未能读取”表示该部门系统未能答复，不代表该主体无记录。法定代表人证件号码已脱敏。凭核查编号可复核本次结论。时间均为北京时间。',
    'report.printedAt': '打印时间：{time}',
    'report.page': '第 {page} 页',
    'report.enterCode': '请输入统一社会信用代码并生成报告。',
    'report.issuedAt': '出具时间',
    'report.chinaTime': '{time}（北京时间）',
    'report.notIssued': '未出具',
    'report.notIssuedTitle': '未出具报告：本页结果仅供屏幕查看，不能打印对外使用。',
    'report.notIssuedPrint': '本页未出具信用报告（无报告编号），不得打印对外使用。请在“信用报告”页面清空核查日期后重新生成。',
    'report.notIssued.AS_OF_NOT_REPORT_DATE':
      '按其他日期核查的结果仅供查看：对外出具的报告只载明出具当日有效的记录。清空“核查日期”后重新生成，即可出具报告。',
    'report.notIssued.NO_CHECK': '未能读取核查结论，未出具报告。请稍后重新生成。',
    'report.notIssued.FLAG_RECORD_NOT_IN_FORCE':
      '有措施所依据的记录已不在有效期内，对外出具的报告不得载明此类记录，未出具报告。请稍后重新生成；如仍出现，请告知运维人员。',
    'report.notIssued.NOT_ONE_ENTERPRISE': '信用报告只针对一个企业，未出具报告。',
    'report.notIssued.other': '网关未出具报告（原因：{reason}）。请稍后重新生成。',
    'report.historyBadge': '历史·不打印',
    'report.watermark': '开发环境 · 样例数据 · 不得作为正式凭证',
    'report.section.rights': '异议申诉与信用修复',
    'report.rights.objection.title': '（一）对报告内容有异议',
    'report.rights.objection.text':
      '认为本报告所载信息有错误、遗漏，或者记录已移出、已修复、已期满仍被载明的，可以向作出该记录的部门（表中的决定机关、认定机关、评价机关）提出异议，或者通过“信用中国”网站（www.creditchina.gov.cn）的“异议申诉”栏目在线提出，并附上证明材料（如决定书、撤销决定、行政复议决定书、判决书）。异议处理期间，相关记录标注“异议中”，仍按原记录执行。',
    'report.rights.objection.basis': '依据：《国务院办公厅关于印发〈关于进一步完善信用修复制度的实施方案〉的通知》（国办发〔2025〕22号）。',
    'report.rights.repair.title': '（二）申请信用修复',
    'report.rights.repair.text':
      '行政处罚、严重失信主体名单等失信信息，在达到最短公示期限、已纠正失信行为并履行完相关义务、公开作出信用承诺后，可以申请信用修复：通过“信用中国”网站（信用修复统一受理窗口）提出申请，由认定该信息的部门办理（谁认定、谁修复）。修复后，该信息终止公示、停止共享和使用，相关惩戒措施同步解除，对外出具的报告不再载明。',
    'report.rights.repair.basis':
      '依据：《信用修复管理办法》（国家发展和改革委员会令第36号，2026年4月1日起施行）；国办发〔2025〕22号。经营异常名录、严重违法失信名单另见《市场监督管理信用修复管理办法》；重大税收违法失信主体另见《重大税收违法失信主体信息公布管理办法》（国家税务总局令第54号）。',
    'report.rights.courts.title': '（三）失信被执行人',
    'report.rights.courts.text':
      '失信被执行人名单由人民法院决定，不经上述信用修复程序。认为不应被纳入、信息不准确或应予删除的，可以向执行法院书面申请纠正；法院自收到申请之日起十五日内审查，对驳回决定不服的，可以自决定书送达之日起十日内向上一级人民法院申请复议。已全部履行生效法律文书确定的义务等情形，人民法院应当在三个工作日内删除失信信息。',
    'report.rights.courts.basis': '依据：《最高人民法院关于公布失信被执行人名单信息的若干规定》（法释〔2017〕7号）第十条、第十一条、第十二条。',
    'report.verify.title': '报告核验',
    'report.verify.scan': '扫码核验',
    'report.verify.text':
      '扫描右上角二维码，或访问下列核验地址，可核验本报告是否由本系统出具、内容是否被改动。核验只显示报告编号、出具时间和部分隐去的企业代码，不显示任何信用信息。',
    'report.verify.hash': '报告摘要值（SHA-256）',
    'report.verify.url': '核验地址',
    'explorer.heading': '接口调试（GraphiQL）',
    'explorer.examples': '示例查询',
    'explorer.chooseExample': '— 选择示例 —',
    'explorer.applySettings': '使用当前设置的请求头',
    'explorer.help': '请求头中的密钥和查询事由来自“设置”；示例按调用方类型分组。',
    'explorer.loadFailed': 'GraphiQL 未能加载：请确认服务端已安装 graphiql、react、react-dom（npm ci）。',
    'explorer.needSettings': '请先在“设置”中填写访问密钥并选择查询事由：接口文档和示例都以它们读取。',
    'explorer.schemaFailed': '未能读取接口定义（文档和自动补全需要它）：',
    'common.loading': '加载中……',
    'common.configFailed': '无法读取控制台配置（/console-config.json）。',
    'catalogue.title': '联合奖惩措施清单',
    'catalogue.heading': '联合奖惩措施清单',
    'catalogue.intro': '列出所选日期施行的措施：每项措施的触发记录、触发条件和法律依据（附原文）。核查结论按核查日期适用本清单。',
    'catalogue.asOf': '适用日期',
    'catalogue.asOfHelp': '默认今天（北京时间）。',
    'catalogue.submit': '查询',
    'catalogue.loading': '正在读取措施清单……',
    'catalogue.summary': '{date} 施行的措施共 {count} 项',
    'catalogue.version': '清单版本',
    'catalogue.none': '该日没有施行的措施。',
    'catalogue.level': '措施类别',
    'catalogue.measure': '措施',
    'catalogue.category': '措施性质',
    'catalogue.scenarios': '适用场景',
    'catalogue.period': '施行期间',
    'catalogue.duration': '措施期限',
    'catalogue.triggers': '触发记录与法律依据',
    'catalogue.triggerPeriod': '本项触发适用期间：{range}',
    'catalogue.from': '{from} 起',
    'catalogue.basisDates': '施行：{range}',
    'catalogue.issuer': '发文机关：{issuer}',
    'catalogue.supersededBy': '已被替代：{doc}',
    'duration.recordWindow': '记录有效并公示期间',
    'duration.fixedTerm': '自{from}起{months}个月',
  },
  en: {
    'app.title': 'Enterprise credit check',
    'app.subtitle': 'One credit view for every counter · every department in one check',
    'nav.check': 'Credit check',
    'nav.bidders': 'Bidder files',
    'nav.report': 'Credit report',
    'nav.catalogue': 'Measures',
    'nav.explorer': 'API explorer',
    'lang.switch': '中文',
    'lang.switchTitle': '切换到中文',
    noscript: 'This page needs JavaScript.',
    'dev.banner': 'Development: public development keys and test data. Results must not be used for real decisions.',
    'settings.open': 'Settings',
    'settings.title': 'Query settings',
    'settings.intro':
      'Every query is logged with the caller, the operator, the purpose and the reference. These settings are kept in this browser tab only and are cleared when it closes.',
    'settings.key': 'API key',
    'settings.keyHelp': 'Issued by the credit platform administrator; sent as Authorization: Bearer.',
    'settings.showKey': 'Show',
    'settings.hideKey': 'Hide',
    'settings.purpose': 'Query purpose',
    'settings.purposeNone': '— choose —',
    'settings.reference': 'Reference (optional)',
    'settings.referenceHelp': 'Case, application or tender number, at most 64 characters.',
    'settings.hints': 'Development keys (development only)',
    'settings.save': 'Save',
    'settings.cancel': 'Cancel',
    'settings.clear': 'Clear',
    'settings.saved': 'Settings saved.',
    'settings.status.none': 'No API key',
    'settings.status.noPurpose': 'No purpose',
    'settings.status.ok': 'Purpose: {purpose}',
    'settings.referenceTooLong': 'The reference has at most 64 characters.',
    'settings.referenceInvalid': 'The reference may not contain control characters.',
    'settings.keyInvalid': 'The key may only hold letters, digits and - . _ ~ + / =.',
    'settings.operator': 'Operator',
    'settings.operatorId': 'Staff id',
    'settings.operatorName': 'Name',
    'settings.operatorHelp': 'Your own staff id and name: every query is logged with them. Change them when someone else takes over.',
    'settings.operatorIdInvalid': 'The staff id has at most 128 characters: letters, digits and . _ - @ : + /.',
    'settings.operatorNameInvalid': 'The name has at most 64 characters: letters, spaces and · . - and the like.',
    'settings.missing': 'Needed before a query: {items}.',
    'settings.status.operator': 'Operator: {name} ({id})',
    'settings.status.noOperator': 'No operator',
    'settings.savedRetry': 'Settings saved: submit again.',
    'check.heading': 'Credit check of one entity',
    'check.code': 'Unified social credit code',
    'check.codePlaceholder': '18 characters; full-width and lower case are converted',
    'check.scenario': 'Scenario',
    'check.asOf': 'Check date',
    'check.asOfHelp': 'Optional, default today; e.g. the bid-opening date.',
    'check.submit': 'Check',
    'check.checking': 'Checking…',
    'check.examples': 'Example codes (development, golden test data)',
    'check.typing': '{length} of 18 characters',
    'check.valid': 'Code is well-formed',
    'check.codeInfo': 'Registering authority: {authority} · Entity type: {type} · Division: {division} · Organisation code: {org}',
    'check.unknownCategory': 'unassigned',
    'check.normalized': 'Normalised to: {code}',
    'check.fixCode': 'Correct the code first.',
    'result.enterprise': 'Entity',
    'result.name': 'Name',
    'result.nameUnknown': '(name not read from market regulation)',
    'result.legalRep': 'Legal representative',
    'result.registration': 'Registration',
    'result.orgCode': 'Organisation code',
    'result.scenario': 'Scenario: {scenario}',
    'result.missing': 'Not read: {departments}.',
    'result.missingProhibit':
      'A prohibiting record was found elsewhere, so the verdict stays Prohibited; but these departments were not read: {departments}.',
    'result.warnings': 'Notices',
    'result.flags': 'Restriction measures',
    'result.flagsCount': 'Restriction measures ({count})',
    'result.noFlags': 'No restriction measure applies.',
    'result.noFlagsIncomplete': 'No measure was found in the departments that were read; the ones not read may still hold records.',
    'result.incentives': 'Incentives',
    'result.noIncentives': 'No incentive applies.',
    'result.sources': 'Sources',
    'result.sourcesNote': 'When a department relevant to the scenario could not be read, the verdict is Incomplete.',
    'result.checkId': 'Check ID',
    'result.checkedAt': 'Checked at',
    'result.asOf': 'Holds for',
    'result.catalogue': 'Catalogue version',
    'result.copy': 'Copy',
    'result.copied': 'Copied',
    'result.report': 'View / print credit report',
    'result.partialErrors': 'Some information could not be retrieved:',
    'flag.trigger': 'Triggering record',
    'flag.authority': 'Decided by',
    'flag.reference': 'Reference',
    'flag.listedOn': 'Listed on',
    'flag.publicUntil': 'Public until',
    'flag.applies': 'Applies',
    'flag.appliesUntilOpen': 'until removed from the list',
    'flag.basis': 'Legal basis',
    'flag.implementedBy': 'Implemented by',
    'flag.appliesTo': 'Applies to',
    'flag.reason': 'Reason',
    'flag.underObjection': 'Under objection',
    'flag.underObjectionNote': 'the measure applies while the objection is handled',
    'flag.localChoice': 'Local reading',
    'flag.department': 'Department',
    'flag.range': '{from} to {until}',
    'flag.scope': 'Scope',
    'flag.condition': 'Condition',
    'flag.unconfirmedTitle': 'Wording not yet checked against the official text',
    'flag.unconfirmedLegend': '＊ Wording not yet checked against the official text',
    'result.onLists': 'On lists: {lists}',
    'result.onListsObjection': ' (under objection)',
    'result.objectionLine': '{records}: an objection is being handled; the measures apply meanwhile.',
    'result.recordsCount': '{records} records · {measures} measures',
    'source.message.UNAVAILABLE': '{department}: the system could not be reached; not read this time.',
    'source.message.TIMEOUT': '{department}: the system did not answer in time; not read this time.',
    'source.message.RATE_LIMITED': '{department}: the system is limiting requests; not read this time.',
    'source.message.BAD_RESPONSE': '{department}: the system’s answer could not be used; not read this time.',
    'result.notChecked': 'Not checked',
    'result.notCheckedIntro':
      'No connected department holds these, so this check did not cover them (which does not mean there are no records); verify them by other means:',
    'source.department': 'Department',
    'source.status': 'Status',
    'source.found': 'Records',
    'source.asOf': 'Data time',
    'source.cache': 'Cache',
    'source.relevant': 'Relevant',
    'source.foundYes': 'Known',
    'source.foundNo': 'None',
    'source.fresh': 'Live',
    'source.cached': 'Cached',
    'source.stale': 'Stale cache',
    'source.staleNote': 'the department failed; a cached answer past its freshness window was used',
    'source.yes': 'Yes',
    'source.no': '—',
    'time.justNow': 'just now',
    'time.minutesAgo': '{n} min ago',
    'time.hoursAgo': '{n} h ago',
    'time.daysAgo': '{n} days ago',
    'error.title': 'The query did not complete',
    'error.code': 'Error code',
    'error.openSettings': 'Open settings',
    'error.retry': 'Retry',
    'bidders.heading': 'Bidder files',
    'bidders.intro':
      'Upload the bidders: an Excel workbook (.xlsx, its first sheet is read) or a CSV file (UTF-8 or GBK). Columns are found by their heading ("统一社会信用代码", "投标人名称", "联合体"; or code, name, consortium); title rows above the heading are skipped, and without a heading the code is in the first column and the name in the second. Format the code column as Text: a code Excel has stored as a number (such as 9.14205E+17) has lost its last digits and is marked as such, never guessed. Consortium bids: rows with the same "联合体" value form one consortium (2 to 20 members, the first row the lead), as strict as its strictest member.',
    'bidders.file': 'Bidder list (CSV or Excel .xlsx)',
    'bidders.tender': 'Tender number',
    'bidders.tenderHelp': 'Logged with every query as the reference.',
    'bidders.scenario': 'Scenario',
    'bidders.asOf': 'Bid-opening date (optional)',
    'bidders.submit': 'Start check',
    'bidders.cancel': 'Stop following',
    'bidders.cancelled': 'Stopped at {done}/{total}.',
    'bidders.parsed': 'Read {count} bidders (encoding {encoding}; {header}); {invalid} codes are invalid.',
    'bidders.parsedXlsx': 'Read {count} bidders (Excel workbook, sheet 1 of {sheets}: "{sheet}"; {header}); {invalid} codes are invalid.',
    'bidders.headerOnRow': 'header on row {row}',
    'bidders.codesLost':
      '{count} codes were stored as numbers by a spreadsheet program (such as Excel) and have lost every digit after the 15th (they show as 9.14205E+17 or end in 000). They cannot be recovered and are marked invalid, never guessed. Format the code column as Text in the original sheet and enter these codes again, or export the list again from the source system, then upload it.',
    'bidders.fileUnreadable': 'The file cannot be read: {message}',
    'bidders.excelMissing':
      'The Excel component (/vendor/exceljs.min.js) could not be loaded: check that the server has all its dependencies installed (npm ci).',
    'bidders.withHeader': 'with header',
    'bidders.withoutHeader': 'no header',
    'bidders.noRows': 'The file holds no bidders.',
    'bidders.noFile': 'Choose a file first.',
    'bidders.progress': 'Progress',
    'bidders.done': 'Done: {total} bidders checked.',
    'bidders.download': 'Download results (CSV)',
    'bidders.downloadXlsx': 'Download results (Excel)',
    'bidders.preparingXlsx': 'Preparing the Excel file…',
    'bidders.downloadFailed': 'The Excel file could not be made: {message}',
    'bidders.summary': 'Summary',
    'bidders.col.row': 'Row',
    'bidders.col.code': 'Code',
    'bidders.col.nameGiven': 'Name given',
    'bidders.col.nameRegistered': 'Registered name',
    'bidders.col.verdict': 'Verdict',
    'bidders.col.flags': 'Measures',
    'bidders.col.missing': 'Not read',
    'bidders.col.checkId': 'Check ID',
    'bidders.col.note': 'Note',
    'bidders.filter': 'Only those needing attention (not Clear, a name that differs, a repeated code, or in a consortium that is not Clear)',
    'bidders.cli': 'Command line: npm run check-file -- bidders.xlsx --tender T-2026-001 --out results.xlsx',
    'bidders.jobSubmitting': 'Submitting the bulk check job…',
    'bidders.jobRunning': 'The bulk check job runs on the server: you may leave this page and come back to its address for the results.',
    'bidders.jobReopening': 'Reading the bulk check job…',
    'bidders.jobLink': 'Job {id} (this page’s address names the job: bookmark it or open it again later)',
    'bidders.jobLeft': 'No longer following ({done}/{total}): the job goes on on the server; open this page’s address again for the results.',
    'bidders.jobBadId': 'The job id in the address is not valid.',
    'bidders.jobRetrying': 'Retrying: {departments} (not read for now; retried until the job’s deadline)',
    'bidders.jobFailed': 'Not read by the deadline: {departments} (those rows are INCOMPLETE)',
    'bidders.recheck': 'Check the {count} incomplete rows again',
    'bidders.rechecking': 'Checking {total} again…',
    'bidders.rechecked': 'Checked again: {changed} rows updated.',
    'bidders.col.consortium': 'Consortium',
    'bidders.consortiaParsed': ' Consortia: {count} ({members} rows).',
    'bidders.consortiumSummary': 'Consortia:',
    'bidders.consortiumLead': 'lead 1/{size}',
    'bidders.consortiumMember': 'member {position}/{size}',
    'bidders.consortiumDecides': 'decides the consortium verdict',
    'bidders.consortiumDecidedBy': 'decided by {members}',
    'bidders.consortiumAlone': '"{label}" has only this row: checked as an individual bidder',
    'check.consortiumToggle': 'Consortium bid (check several members together)',
    'check.consortiumCodes': 'Member codes',
    'check.consortiumHelp': 'One per line, lead member first, 2 to 20 members.',
    'check.consortiumPlaceholder': 'First line: the lead member; then one member code per line',
    'check.consortiumCount': '{count} member codes',
    'check.consortiumLine': 'Line {line}: {reason}',
    'check.consortiumRepeat': 'Line {line} repeats the code of line {first}',
    'check.consortiumTooFew': 'A consortium needs at least 2 members.',
    'check.consortiumTooMany': 'A consortium has at most 20 members; there are {count}.',
    'result.consortiumHeading': 'Consortium verdict ({count} members)',
    'result.consortiumDeciding': 'Decided by: {members}',
    'result.consortiumMembers': 'Each member checked',
    'result.consortiumLead': 'Lead member',
    'result.consortiumMember': 'Member {position}',
    'result.consortiumDecides': 'Decides the consortium verdict',
    'result.consortiumId': 'Consortium ID',
    'result.consortiumNoFlags': 'No measures',
    'report.heading': 'Credit report',
    'report.generate': 'Generate report',
    'report.print': 'Print / save as PDF',
    'report.printHelp': 'Choose “Save as PDF” in the print dialog to export a PDF.',
    'report.loading': 'Generating the report…',
    'report.title': 'Public Credit Information Report',
    'report.titleSub': '(for counter checks)',
    'report.number': 'Report number',
    'report.time': 'Generated',
    'report.purpose': 'Query purpose',
    'report.reference': 'Reference',
    'report.scenario': 'Scenario',
    'report.asOf': 'Holds for',
    'report.catalogue': 'Catalogue version',
    'report.labels': 'Labels',
    'report.label.punished': 'Subject to restrictions',
    'report.label.rewarded': 'Eligible for incentives',
    'report.none': 'None',
    'report.unreadable': 'Could not be read',
    'report.unreadableDept': 'Could not be read ({department}: {status}) — this does not mean there are no records',
    'report.notKnown': '{department} holds no record of this entity',
    'report.history':
      'Grey rows are history (removed, repaired, expired or no longer valid): they trigger no measure, are shown on screen only to callers who may see history, and are never printed.',
    'report.section.basic': 'Basic information',
    'report.section.administrative': 'Administrative information',
    'report.section.honest': 'Good credit',
    'report.section.serious': 'Serious dishonesty lists',
    'report.section.abnormal': 'Abnormal operations',
    'report.section.commitments': 'Credit commitments',
    'report.section.judicial': 'Judicial information',
    'report.section.tax': 'Tax',
    'report.section.environment': 'Environment',
    'report.section.economy': 'Economy & IT',
    'report.section.department': '{department}',
    'report.section.verdict': 'Verdict',
    'report.section.sources': 'Sources',
    'report.sub.marketPenalties': 'Market regulation penalties',
    'report.sub.environmentPenalties': 'Environmental penalties',
    'report.sub.taxA': 'Tax credit level A (by year)',
    'report.sub.honors': 'Honours',
    'report.sub.green': 'Environmental credit rating green',
    'report.sub.dishonestDebtor': 'Dishonest judgment debtors',
    'report.sub.seriousIllegal': 'Serious illegal and dishonest list',
    'report.sub.majorTax': 'Major tax violations',
    'report.sub.safety': 'Serious safety-production dishonesty',
    'report.sub.judicialFindings': 'Dishonest debtor and consumption restriction listings',
    'report.sub.enforcement': 'Enforcement cases',
    'report.sub.taxRatings': 'Tax credit ratings',
    'report.sub.arrears': 'Published tax arrears',
    'report.sub.taxFindings': 'Tax credit records',
    'report.sub.envRatings': 'Environmental credit ratings',
    'report.sub.envFindings': 'Environmental credit records',
    'report.sub.economyFindings': 'Economy & IT credit records',
    'report.sub.departmentFindings': '{department} credit records',
    'report.f.name': 'Name',
    'report.f.uscc': 'Unified social credit code',
    'report.f.orgCode': 'Organisation code',
    'report.f.legalRep': 'Legal representative',
    'report.f.idMasked': 'ID number (masked)',
    'report.f.type': 'Company type',
    'report.f.established': 'Established',
    'report.f.capital': 'Registered capital',
    'report.f.capitalValue': '{n} × 10,000 yuan',
    'report.f.address': 'Address',
    'report.f.status': 'Registration status',
    'report.f.closedOn': 'Deregistered / revoked on',
    'report.f.authority': 'Registration authority',
    'report.f.scope': 'Business scope',
    'report.f.codeAuthority': 'Registering authority (position 1)',
    'report.f.codeType': 'Entity type (position 2)',
    'report.f.division': 'Division of registration',
    'report.f.taxpayerId': 'Taxpayer number',
    'report.f.currentRating': 'Current tax credit level',
    'report.f.currentEnvRating': 'Current environmental rating',
    'report.f.envName': 'Name at the environment department',
    'report.c.reference': 'Decision number',
    'report.c.penaltyType': 'Penalty',
    'report.c.fine': 'Fine (yuan)',
    'report.c.decidedOn': 'Decided on',
    'report.c.authority': 'Authority',
    'report.c.facts': 'Facts',
    'report.c.publicUntil': 'Public until',
    'report.c.status': 'Status',
    'report.c.severe': 'Heavier',
    'report.c.year': 'Year',
    'report.c.level': 'Level',
    'report.c.publishedOn': 'Published on',
    'report.c.inForceUntil': 'In force until',
    'report.c.title': 'Honour',
    'report.c.awardedOn': 'Awarded on',
    'report.c.validUntil': 'Valid until',
    'report.c.ratedOn': 'Rated on',
    'report.c.ratedBy': 'Rated by',
    'report.c.caseNumber': 'Case number',
    'report.c.court': 'Court',
    'report.c.filedOn': 'Filed on',
    'report.c.basis': 'Enforcement basis',
    'report.c.obligation': 'Obligation',
    'report.c.performance': 'Performance',
    'report.c.circumstances': 'Ground',
    'report.c.removed': 'Removed',
    'report.c.kind': 'Type',
    'report.c.listedOn': 'Listed on',
    'report.c.removedOn': 'Removed on',
    'report.c.reason': 'Reason',
    'report.c.amount': 'Amount (yuan)',
    'report.c.closedOn': 'Closed on',
    'report.c.matter': 'Commitment',
    'report.c.madeOn': 'Made on',
    'report.c.checkedOn': 'Checked on',
    'report.c.taxType': 'Tax',
    'report.c.since': 'Owed since',
    'report.c.caseNo': 'Case number',
    'report.c.department': 'Department',
    'report.c.stopped': 'Publication stopped',
    'report.yes': 'Yes',
    'report.no': 'No',
    'report.longTerm': 'Indefinite',
    'report.underObjection': 'Under objection',
    'report.footer':
      'Notes: this report reflects the records of each department’s credit system at the data time shown, and states only the records in force on the day it was issued; removed, repaired (credit repair) or expired records are not stated. “Could not be read” means the department’s system did not answer; it does not mean there are no records. ID numbers of legal representatives are masked. The check ID lets anyone re-examine this verdict. Times are China time.',
    'report.printedAt': 'Printed: {time}',
    'report.page': 'Page {page}',
    'report.enterCode': 'Enter a unified social credit code and generate the report.',
    'report.issuedAt': 'Issued',
    'report.chinaTime': '{time} (China time)',
    'report.notIssued': 'Not issued',
    'report.notIssuedTitle': 'No report was issued: this page is for viewing on screen, not for printing and handing out.',
    'report.notIssuedPrint':
      'No credit report was issued on this page (it has no report number): it must not be printed for use outside. Clear the check date on the report page and generate it again.',
    'report.notIssued.AS_OF_NOT_REPORT_DATE':
      'A check as of another day is for viewing only: a report handed out states the records in force on the day it is issued. Clear the check date and generate it again to issue a report.',
    'report.notIssued.NO_CHECK': 'The credit check could not be read, so no report was issued. Generate it again later.',
    'report.notIssued.FLAG_RECORD_NOT_IN_FORCE':
      'A measure rests on a record no longer in force, which a report handed out never states, so no report was issued. Generate it again later; if it persists, tell the operators.',
    'report.notIssued.NOT_ONE_ENTERPRISE': 'A credit report states one enterprise; no report was issued.',
    'report.notIssued.other': 'The gateway issued no report (reason: {reason}). Generate it again later.',
    'report.historyBadge': 'History · not printed',
    'report.watermark': 'Development · sample data · not an official document',
    'report.section.rights': 'Objections and credit repair',
    'report.rights.objection.title': '(1) If you disagree with the report',
    'report.rights.objection.text':
      'If information in this report is wrong or missing, or a record that was removed, repaired or has expired is still stated, object to the authority that made the record (the deciding, listing or rating authority in the tables), or online in the “异议申诉” section of the Credit China website (www.creditchina.gov.cn), with evidence (the decision, its revocation, a reconsideration decision or a judgment). While the objection is handled the record is marked “under objection” and still applies.',
    'report.rights.objection.basis': 'Basis: 国办发〔2025〕22号 (State Council General Office, implementation plan for improving credit repair).',
    'report.rights.repair.title': '(2) Applying for credit repair',
    'report.rights.repair.text':
      'Administrative penalties, serious dishonesty listings and other dishonesty information can be repaired once the minimum publicity period has passed, the conduct has been corrected and the obligations met, and a public credit commitment has been made: apply on the Credit China website (the single window for credit repair); the authority that made the record decides. Once repaired, the information is no longer published, shared or used, the measures it triggered end, and reports no longer state it.',
    'report.rights.repair.basis':
      'Basis: 《信用修复管理办法》 (NDRC Order No. 36, in force from 2026-04-01); 国办发〔2025〕22号. Abnormal operations and serious illegal listings: 《市场监督管理信用修复管理办法》; major tax violations: STA Order No. 54.',
    'report.rights.courts.title': '(3) Dishonest judgment debtors',
    'report.rights.courts.text':
      'The dishonest judgment debtor list is decided by the courts and is not repaired as above. A debtor who should not have been listed, whose information is inaccurate or who should have been deleted applies in writing to the enforcing court, which decides within 15 days; a refusal can be taken to the court one level up within 10 days of service. Once the obligations are performed in full (and in the other cases the rules name), the court deletes the entry within 3 working days.',
    'report.rights.courts.basis': 'Basis: 法释〔2017〕7号, Articles 10, 11 and 12.',
    'report.verify.title': 'Verifying this report',
    'report.verify.scan': 'Scan to verify',
    'report.verify.text':
      'Scan the QR code at the top right, or open the address below, to check that this report was issued by this system and has not been altered. Verification shows only the report number, the time it was issued and the enterprise code with most characters hidden — no credit information.',
    'report.verify.hash': 'Report hash (SHA-256)',
    'report.verify.url': 'Verification address',
    'explorer.heading': 'API explorer (GraphiQL)',
    'explorer.examples': 'Examples',
    'explorer.chooseExample': '— choose an example —',
    'explorer.applySettings': 'Use the headers from Settings',
    'explorer.help': 'The key and purpose in the request headers come from Settings; examples are grouped by kind of caller.',
    'explorer.loadFailed': 'GraphiQL did not load: make sure graphiql, react and react-dom are installed on the server (npm ci).',
    'explorer.needSettings': 'Enter an API key and choose a query purpose in Settings first: the schema and the examples are read with them.',
    'explorer.schemaFailed': 'The schema could not be read (the docs and completion need it):',
    'common.loading': 'Loading…',
    'common.configFailed': 'The console configuration (/console-config.json) could not be read.',
    'catalogue.title': 'Measures catalogue',
    'catalogue.heading': 'Joint reward and punishment measures',
    'catalogue.intro':
      'The measures in force on the chosen day: for each, the records that trigger it, their conditions and their legal bases (with the wording). A check applies the catalogue as of its check date.',
    'catalogue.asOf': 'In force on',
    'catalogue.asOfHelp': 'Default: today (China time).',
    'catalogue.submit': 'Show',
    'catalogue.loading': 'Reading the catalogue…',
    'catalogue.summary': '{count} measures in force on {date}',
    'catalogue.version': 'Catalogue version',
    'catalogue.none': 'No measure is in force on that day.',
    'catalogue.level': 'Level',
    'catalogue.measure': 'Measure',
    'catalogue.category': 'Category',
    'catalogue.scenarios': 'Scenarios',
    'catalogue.period': 'In force',
    'catalogue.duration': 'Duration',
    'catalogue.triggers': 'Triggering records and legal bases',
    'catalogue.triggerPeriod': 'This trigger applies {range}',
    'catalogue.from': 'from {from}',
    'catalogue.basisDates': 'In force: {range}',
    'catalogue.issuer': 'Issued by: {issuer}',
    'catalogue.supersededBy': 'Replaced by: {doc}',
    'duration.recordWindow': 'While the record is active and public',
    'duration.fixedTerm': '{months} months from the {from}',
  },
};

/**
 * A UI string with `{name}` placeholders filled in. Falls back to Chinese, then to the key.
 * @param {Lang} lang
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function translate(lang, key, params) {
  const template = STRINGS[lang]?.[key] ?? STRINGS.zh[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/**
 * An enum value's label in a language, or the value itself when unknown.
 * @param {Record<string, Label>} labels
 * @param {string | null | undefined} value
 * @param {Lang} lang
 * @returns {string}
 */
export function labelOf(labels, value, lang) {
  if (value === null || value === undefined) return '';
  return labels[value]?.[lang] ?? value;
}

/**
 * The part of a server message in a language, or null when it has none. Server messages come as
 * "English / 中文", "中文。 English" or "English (中文)." (or one language only): the first two are
 * split; in the third the bracketed Chinese is the Chinese part and the rest the English; a message
 * wholly in the other language gives null — the page then says what its error code means instead.
 * @param {Lang} lang
 * @param {string} message
 * @returns {string | null}
 */
export function messageIn(lang, message) {
  const cjk = /[\u3400-\u9fff]/;
  const halves = message.split(' / ');
  if (halves.length === 2) {
    const [a, b] = /** @type {[string, string]} */ (halves);
    if (cjk.test(a) !== cjk.test(b)) return (lang === 'zh') === cjk.test(a) ? a : b;
  }
  const zhFirst = /^(.*[\u3400-\u9fff][^A-Za-z]*?[。！）)])\s+([A-Z][^\u3400-\u9fff]*)$/.exec(message);
  if (zhFirst) return lang === 'zh' ? /** @type {string} */ (zhFirst[1]) : /** @type {string} */ (zhFirst[2]);
  const bracketed = /[（(]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]/g;
  const zhParts = [...message.matchAll(bracketed)].map((m) => /** @type {string} */ (m[1]));
  const outside = message.replace(bracketed, '');
  if (zhParts.length && !cjk.test(outside)) {
    return lang === 'zh'
      ? zhParts.join('；')
      : outside
          .replace(/\s+([.,;:])/g, '$1')
          .replace(/\s{2,}/g, ' ')
          .trim();
  }
  if (lang === 'zh') return cjk.test(message) ? message : null;
  return cjk.test(message) ? null : message;
}

/**
 * One language of a bilingual message from the API ("中文。 English", or "English / 中文"); the
 * message as it is when it is not one of those.
 * @param {string} message
 * @param {'zh' | 'en'} lang
 */
export function oneLanguage(message, lang) {
  const cjk = /[\u3400-\u9fff]/;
  const parts = message.split(' / ');
  if (parts.length === 2) {
    const [a, b] = /** @type {[string, string]} */ (parts);
    if (cjk.test(a) !== cjk.test(b)) return (lang === 'zh') === cjk.test(a) ? a : b;
  }
  const m = /^(.*[\u3400-\u9fff][^A-Za-z]*?[。！）)])\s+([A-Z][^\u3400-\u9fff]*)$/.exec(message);
  if (m) return lang === 'zh' ? /** @type {string} */ (m[1]) : /** @type {string} */ (m[2]);
  return message;
}
