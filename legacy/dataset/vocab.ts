/**
 * Vocabulary of the synthetic enterprises: industries with their business scope, 字号 characters,
 * personal names, and the wording of penalties, listings and court records. Legal references name
 * the statute and article the way decision documents do; they are plausible, not quotations.
 */

export type SafetyDomain = 'civil-explosives' | 'hazardous-chemicals';

export interface Industry {
  key: string;
  /** Relative share of enterprises. */
  weight: number;
  /** 行业 words in the name: 宜昌鑫达[化工]有限公司. */
  words: readonly string[];
  /** 许可项目 (licensed activities), possibly empty. */
  licensed: readonly string[];
  /** 一般项目 (general activities). */
  general: readonly string[];
  /** Polluting / regulated by the environment bureau more often than not. */
  heavy: boolean;
  /** 民爆 / 危化: the only industries that can be on the 安全生产严重失信 list. */
  safety: SafetyDomain | null;
  /** Registered capital choices in 万元 with weights. */
  capital: readonly (readonly [number, number])[];
}

const SMALL: Industry['capital'] = [
  [10, 10],
  [30, 10],
  [50, 20],
  [100, 25],
  [200, 15],
  [300, 8],
  [500, 8],
  [1000, 4],
];
const MEDIUM: Industry['capital'] = [
  [100, 10],
  [200, 15],
  [500, 25],
  [1000, 25],
  [2000, 12],
  [3000, 6],
  [5000, 5],
  [10000, 2],
];
const LARGE: Industry['capital'] = [
  [500, 10],
  [1000, 25],
  [2000, 20],
  [5000, 20],
  [10000, 15],
  [20000, 6],
  [50000, 4],
];

export const INDUSTRIES: readonly Industry[] = [
  {
    key: 'trade',
    weight: 14,
    words: ['商贸', '贸易', '供应链管理'],
    licensed: ['食品销售', '酒类经营'],
    general: ['日用百货销售', '五金产品批发', '建筑材料销售', '办公用品销售', '电子产品销售', '针纺织品销售', '农副产品销售'],
    heavy: false,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'construction',
    weight: 10,
    words: ['建筑工程', '建设工程', '市政工程'],
    licensed: ['建设工程施工', '建筑劳务分包', '施工专业作业'],
    general: ['园林绿化工程施工', '土石方工程施工', '建筑材料销售', '机械设备租赁'],
    heavy: true,
    safety: null,
    capital: MEDIUM,
  },
  {
    key: 'tech',
    weight: 10,
    words: ['科技', '信息技术', '网络科技'],
    licensed: ['第二类增值电信业务'],
    general: [
      '技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广',
      '软件开发',
      '信息系统集成服务',
      '计算机软硬件及辅助设备零售',
      '数据处理和存储支持服务',
    ],
    heavy: false,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'machinery',
    weight: 7,
    words: ['机械制造', '机电设备', '重工'],
    licensed: ['特种设备制造'],
    general: ['通用设备制造（不含特种设备制造）', '机械零件、零部件加工', '金属结构制造', '机械设备销售', '普通机械设备安装服务'],
    heavy: true,
    safety: null,
    capital: MEDIUM,
  },
  {
    key: 'food',
    weight: 6,
    words: ['食品', '农产品加工'],
    licensed: ['食品生产', '食品销售', '粮食加工食品生产'],
    general: ['农副产品销售', '食用农产品初加工', '包装服务'],
    heavy: true,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'catering',
    weight: 5,
    words: ['餐饮管理', '餐饮服务'],
    licensed: ['餐饮服务', '食品销售'],
    general: ['餐饮管理', '外卖递送服务', '酒店管理'],
    heavy: false,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'logistics',
    weight: 5,
    words: ['物流', '运输'],
    licensed: ['道路货物运输（不含危险货物）'],
    general: ['国内货物运输代理', '普通货物仓储服务（不含危险化学品等需许可审批的项目）', '装卸搬运', '供应链管理服务'],
    heavy: false,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'realestate',
    weight: 3,
    words: ['置业', '房地产开发'],
    licensed: ['房地产开发经营'],
    general: ['物业管理', '非居住房地产租赁', '住房租赁'],
    heavy: false,
    safety: null,
    capital: LARGE,
  },
  {
    key: 'materials',
    weight: 4,
    words: ['新材料', '建材'],
    licensed: [],
    general: ['新材料技术研发', '合成材料制造（不含危险化学品）', '非金属矿物制品制造', '建筑材料销售'],
    heavy: true,
    safety: null,
    capital: MEDIUM,
  },
  {
    key: 'electronics',
    weight: 4,
    words: ['电子科技', '光电科技'],
    licensed: [],
    general: ['电子元器件制造', '电子专用设备制造', '光电子器件制造', '电子产品销售'],
    heavy: true,
    safety: null,
    capital: MEDIUM,
  },
  {
    key: 'agriculture',
    weight: 4,
    words: ['农业开发', '生态农业', '茶业'],
    licensed: ['农作物种子经营', '食品生产'],
    general: ['谷物种植', '蔬菜种植', '茶叶种植', '农产品的生产、销售、加工、运输、贮藏及其他相关服务'],
    heavy: false,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'pharma',
    weight: 2,
    words: ['医药', '生物科技'],
    licensed: ['药品批发', '药品零售', '第三类医疗器械经营'],
    general: ['第二类医疗器械销售', '消毒剂销售（不含危险化学品）', '保健食品（预包装）销售'],
    heavy: false,
    safety: null,
    capital: MEDIUM,
  },
  {
    key: 'decoration',
    weight: 4,
    words: ['装饰工程', '装饰设计'],
    licensed: ['住宅室内装饰装修', '建设工程设计'],
    general: ['建筑装饰材料销售', '家具安装和维修服务', '平面设计'],
    heavy: false,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'auto',
    weight: 3,
    words: ['汽车销售服务', '汽车服务'],
    licensed: ['机动车检验检测服务'],
    general: ['汽车新车销售', '二手车经纪', '汽车零配件零售', '机动车修理和维护'],
    heavy: false,
    safety: null,
    capital: MEDIUM,
  },
  {
    key: 'environmental',
    weight: 2,
    words: ['环保科技', '环境工程'],
    licensed: ['危险废物经营', '城市生活垃圾经营性服务'],
    general: ['环境保护专用设备制造', '污水处理及其再生利用', '固体废物治理', '环保咨询服务'],
    heavy: true,
    safety: null,
    capital: MEDIUM,
  },
  {
    key: 'mining',
    weight: 2,
    words: ['矿业', '矿产品'],
    licensed: ['非煤矿山矿产资源开采'],
    general: ['选矿', '矿物洗选加工', '非金属矿及制品销售'],
    heavy: true,
    safety: null,
    capital: LARGE,
  },
  {
    key: 'energy',
    weight: 2,
    words: ['能源', '新能源'],
    licensed: ['发电业务、输电业务、供（配）电业务'],
    general: ['太阳能发电技术服务', '合同能源管理', '煤炭及制品销售', '储能技术服务'],
    heavy: true,
    safety: null,
    capital: LARGE,
  },
  {
    key: 'textile',
    weight: 2,
    words: ['纺织', '服饰'],
    licensed: [],
    general: ['面料纺织加工', '服装制造', '针纺织品及原料销售', '服装服饰批发'],
    heavy: true,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'printing',
    weight: 2,
    words: ['印务', '包装材料'],
    licensed: ['包装装潢印刷品印刷', '出版物印刷'],
    general: ['纸制品制造', '塑料包装箱及容器制造', '包装材料及制品销售'],
    heavy: true,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'hr',
    weight: 2,
    words: ['人力资源服务', '劳务服务'],
    licensed: ['职业中介活动', '劳务派遣服务'],
    general: ['劳务服务（不含劳务派遣）', '人力资源服务（不含职业中介活动、劳务派遣服务）', '企业管理咨询'],
    heavy: false,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'media',
    weight: 2,
    words: ['文化传媒', '广告'],
    licensed: ['广播电视节目制作经营'],
    general: ['广告设计、代理', '广告制作', '组织文化艺术交流活动', '会议及展览服务'],
    heavy: false,
    safety: null,
    capital: SMALL,
  },
  {
    key: 'chemicals',
    weight: 3,
    words: ['化工', '精细化工', '磷化工'],
    licensed: ['危险化学品生产', '危险化学品经营'],
    general: ['化工产品生产（不含许可类化工产品）', '化工产品销售（不含许可类化工产品）', '专用化学产品制造（不含危险化学品）', '肥料销售'],
    heavy: true,
    safety: 'hazardous-chemicals',
    capital: LARGE,
  },
  {
    key: 'chemtrade',
    weight: 2,
    words: ['化工贸易', '石化'],
    licensed: ['危险化学品经营', '成品油零售'],
    general: ['化工产品销售（不含许可类化工产品）', '石油制品销售（不含危险化学品）', '润滑油销售'],
    heavy: false,
    safety: 'hazardous-chemicals',
    capital: MEDIUM,
  },
  {
    key: 'explosives',
    weight: 1,
    words: ['民爆器材', '爆破工程'],
    licensed: ['民用爆炸物品生产', '民用爆炸物品销售', '爆破作业'],
    general: ['爆破技术咨询服务', '工程管理服务', '土石方工程施工'],
    heavy: true,
    safety: 'civil-explosives',
    capital: LARGE,
  },
];

export const INDUSTRY_WEIGHTS: readonly (readonly [Industry, number])[] = INDUSTRIES.map((x) => [x, x.weight] as const);

/** Characters of 字号 (trade names). */
export const TRADE_NAME_CHARS = [
  '鑫',
  '达',
  '华',
  '盛',
  '恒',
  '源',
  '泰',
  '丰',
  '宏',
  '瑞',
  '祥',
  '隆',
  '荣',
  '兴',
  '昌',
  '通',
  '利',
  '嘉',
  '鼎',
  '新',
  '宇',
  '天',
  '金',
  '润',
  '博',
  '创',
  '卓',
  '安',
  '康',
  '远',
  '凯',
  '越',
  '辉',
  '晟',
  '腾',
  '峰',
  '诚',
  '信',
  '和',
  '裕',
  '福',
  '晨',
  '邦',
  '汇',
  '立',
  '正',
  '启',
  '德',
  '弘',
  '楚',
  '江',
  '汉',
  '峡',
  '楠',
  '锦',
  '旭',
  '凌',
  '众',
  '联',
  '森',
  '航',
  '宸',
  '铭',
  '佳',
  '欣',
  '瀚',
  '亿',
  '万',
  '永',
  '久',
  '东',
  '方',
  '中',
  '恩',
  '沃',
  '科',
  '旺',
  '顺',
  '景',
  '明',
] as const;

export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 71],
  ['张', 69],
  ['刘', 54],
  ['陈', 46],
  ['杨', 31],
  ['黄', 24],
  ['赵', 20],
  ['吴', 20],
  ['周', 19],
  ['徐', 14],
  ['孙', 12],
  ['马', 12],
  ['朱', 11],
  ['胡', 11],
  ['郭', 11],
  ['何', 10],
  ['高', 10],
  ['林', 10],
  ['罗', 9],
  ['郑', 8],
  ['梁', 8],
  ['谢', 7],
  ['宋', 6],
  ['唐', 6],
  ['许', 5],
  ['韩', 5],
  ['冯', 5],
  ['邓', 5],
  ['曹', 5],
  ['彭', 5],
  ['曾', 5],
  ['肖', 4],
  ['田', 4],
  ['董', 4],
  ['袁', 4],
  ['潘', 4],
  ['于', 3],
  ['蒋', 3],
  ['蔡', 3],
  ['余', 3],
  ['杜', 3],
  ['叶', 3],
  ['程', 3],
  ['苏', 3],
  ['魏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['沈', 2],
  ['姚', 2],
  ['卢', 2],
  ['姜', 2],
  ['崔', 2],
  ['钟', 2],
  ['谭', 2],
  ['陆', 2],
  ['汪', 2],
  ['范', 2],
  ['覃', 2],
  ['向', 2],
  ['熊', 2],
  ['雷', 2],
  ['贺', 2],
  ['龚', 2],
  ['万', 1],
  ['秦', 1],
  ['薛', 1],
  ['闫', 1],
  ['段', 1],
];

export const GIVEN_MALE = [
  '伟',
  '强',
  '军',
  '勇',
  '斌',
  '涛',
  '明',
  '超',
  '杰',
  '刚',
  '平',
  '辉',
  '华',
  '建',
  '国',
  '建华',
  '志强',
  '海波',
  '俊杰',
  '文斌',
  '立新',
  '建军',
  '晓东',
  '国庆',
  '永红',
  '德华',
  '春生',
  '宏伟',
  '明亮',
  '志刚',
  '家兴',
  '振华',
  '子豪',
  '浩然',
  '宇航',
  '云峰',
  '学军',
  '长江',
  '汉东',
  '楚雄',
] as const;
export const GIVEN_FEMALE = [
  '芳',
  '娟',
  '敏',
  '静',
  '丽',
  '艳',
  '霞',
  '玲',
  '燕',
  '萍',
  '红',
  '婷',
  '秀英',
  '桂兰',
  '丽娟',
  '晓红',
  '慧敏',
  '雅琴',
  '春梅',
  '海燕',
  '欣怡',
  '梦瑶',
  '佳琪',
  '思雨',
  '文静',
  '玉兰',
  '淑华',
  '小芳',
  '丹丹',
  '雪梅',
] as const;

export const COMPANY_TYPES_LLC: readonly (readonly [string, number])[] = [
  ['有限责任公司(自然人投资或控股)', 62],
  ['有限责任公司(自然人独资)', 18],
  ['有限责任公司(非自然人投资或控股的法人独资)', 9],
  ['其他有限责任公司', 7],
  ['有限责任公司(国有控股)', 3],
  ['有限责任公司(国有独资)', 1],
];
export const COMPANY_TYPES_JSC: readonly (readonly [string, number])[] = [
  ['股份有限公司(非上市、自然人投资或控股)', 80],
  ['股份有限公司(非上市、国有控股)', 12],
  ['股份有限公司(上市、自然人投资或控股)', 8],
];

export type Tier = 'minor' | 'general' | 'severe';

export interface PenaltyTemplate {
  tier: Tier;
  penaltyType: string;
  reason: string;
  /** Fine range in yuan, or null when there is no fine. */
  fine: readonly [number, number] | null;
  /** Restricted to these industries (keys), when given. */
  industries?: readonly string[];
}

/** 市场监管 行政处罚. Minor → 3 months of publicity, general → 1 year, severe → 3 years. */
export const MARKET_PENALTIES: readonly PenaltyTemplate[] = [
  { tier: 'minor', penaltyType: '警告', reason: '经营场所未按规定明码标价，违反《中华人民共和国价格法》第十三条第一款', fine: null },
  { tier: 'minor', penaltyType: '罚款', reason: '使用未经检定的计量器具，违反《中华人民共和国计量法》第九条', fine: [1000, 5000] },
  {
    tier: 'minor',
    penaltyType: '警告；罚款',
    reason: '未将营业执照置于住所或者主要经营场所的醒目位置，违反《中华人民共和国市场主体登记管理条例》第三十六条',
    fine: [1000, 3000],
  },
  {
    tier: 'general',
    penaltyType: '罚款',
    reason: '对其商品的性能、功能作虚假的商业宣传，违反《中华人民共和国反不正当竞争法》第八条第一款',
    fine: [20000, 200000],
  },
  {
    tier: 'general',
    penaltyType: '罚款；没收违法所得',
    reason: '销售不符合食品安全标准的食品，违反《中华人民共和国食品安全法》第三十四条',
    fine: [10000, 100000],
    industries: ['food', 'catering', 'trade', 'agriculture'],
  },
  {
    tier: 'general',
    penaltyType: '罚款；没收违法所得',
    reason: '销售侵犯注册商标专用权的商品，违反《中华人民共和国商标法》第五十七条',
    fine: [10000, 150000],
  },
  {
    tier: 'general',
    penaltyType: '罚款；没收违法所得',
    reason: '在产品中掺杂、掺假，以次充好，违反《中华人民共和国产品质量法》第三十二条',
    fine: [20000, 300000],
    industries: ['machinery', 'materials', 'electronics', 'textile', 'printing', 'chemicals', 'food'],
  },
  {
    tier: 'general',
    penaltyType: '罚款',
    reason: '使用未经定期检验的特种设备，违反《中华人民共和国特种设备安全法》第四十条',
    fine: [30000, 300000],
    industries: ['machinery', 'construction', 'logistics', 'chemicals', 'materials', 'mining', 'energy'],
  },
  {
    tier: 'severe',
    penaltyType: '罚款（从重处罚）；没收违法所得',
    reason: '生产经营超过保质期的食品原料，情节严重，违反《中华人民共和国食品安全法》第三十四条',
    fine: [200000, 1500000],
    industries: ['food', 'catering'],
  },
  {
    tier: 'severe',
    penaltyType: '责令停产停业；罚款；没收违法所得',
    reason: '生产、销售不符合保障人体健康和人身、财产安全的国家标准的产品，违反《中华人民共和国产品质量法》第十三条',
    fine: [300000, 2000000],
    industries: ['machinery', 'materials', 'electronics', 'chemicals', 'textile'],
  },
  {
    tier: 'severe',
    penaltyType: '罚款（从重处罚）',
    reason: '组织虚假交易为其他经营者进行虚假商业宣传，情节严重，违反《中华人民共和国反不正当竞争法》第八条第二款',
    fine: [500000, 2000000],
  },
];

export const REVOCATION_PENALTY: PenaltyTemplate = {
  tier: 'severe',
  penaltyType: '吊销营业执照',
  reason: '公司成立后无正当理由超过六个月未开业，或者开业后自行停业连续六个月以上，依据《中华人民共和国公司法》第二百六十条吊销营业执照',
  fine: null,
};

/** 生态环境 行政处罚. General → 1 year of publicity, severe → 3 years. */
export const ENVIRONMENT_PENALTIES: readonly PenaltyTemplate[] = [
  {
    tier: 'general',
    penaltyType: '罚款',
    reason: '超过大气污染物排放标准排放大气污染物，违反《中华人民共和国大气污染防治法》第十八条',
    fine: [100000, 1000000],
  },
  {
    tier: 'general',
    penaltyType: '罚款',
    reason: '未按照规定贮存危险废物、未设置危险废物识别标志，违反《中华人民共和国固体废物污染环境防治法》第七十七条、第八十一条',
    fine: [100000, 500000],
  },
  {
    tier: 'general',
    penaltyType: '罚款；责令改正',
    reason: '未依法取得排污许可证排放污染物，违反《排污许可管理条例》第二条',
    fine: [200000, 1000000],
  },
  {
    tier: 'general',
    penaltyType: '罚款；责令停止建设',
    reason: '建设项目环境影响报告表未经批准擅自开工建设，违反《中华人民共和国环境影响评价法》第二十五条',
    fine: [50000, 800000],
  },
  { tier: 'minor', penaltyType: '罚款', reason: '未按照规定开展自行监测并公开监测数据，违反《排污许可管理条例》第十九条', fine: [20000, 50000] },
  {
    tier: 'severe',
    penaltyType: '责令停产整治；罚款',
    reason: '通过暗管排放水污染物，违反《中华人民共和国水污染防治法》第三十九条',
    fine: [200000, 1000000],
  },
  {
    tier: 'severe',
    penaltyType: '罚款（按日连续处罚）',
    reason: '超标排放水污染物，被责令改正后拒不改正，违反《中华人民共和国水污染防治法》第十条',
    fine: [1000000, 5000000],
  },
];

/** 经营异常名录 列入事由 with their weights. */
export const ABNORMAL_REASONS = {
  annualReport: '未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告',
  unreachable: '通过登记的住所或者经营场所无法联系',
  ordered: '未在市场监督管理部门责令的期限内公示有关企业信息',
  false: '公示企业信息隐瞒真实情况、弄虚作假',
} as const;

/** 严重违法失信名单 列入事由 (SAMR Order 44). */
export const SERIOUS_ILLEGAL_REASONS = {
  abnormal3y: '被列入经营异常名录届满3年仍未履行相关义务，依据《市场监督管理严重违法失信名单管理办法》列入严重违法失信名单',
  conduct: [
    '实施食品安全领域严重违法行为，受到较重行政处罚，依据《市场监督管理严重违法失信名单管理办法》列入严重违法失信名单',
    '实施产品质量领域严重违法行为，受到较重行政处罚，依据《市场监督管理严重违法失信名单管理办法》列入严重违法失信名单',
    '实施破坏公平竞争秩序和扰乱市场秩序的严重违法行为，受到较重行政处罚，依据《市场监督管理严重违法失信名单管理办法》列入严重违法失信名单',
    '提交虚假材料、采取其他欺诈手段隐瞒重要事实取得市场主体登记，受到撤销登记处罚，依据《市场监督管理严重违法失信名单管理办法》列入严重违法失信名单',
  ],
} as const;

/** 重大税收违法失信主体 案件性质 (STA Order 54), with a typical amount range in yuan. */
export const MAJOR_TAX_CASES: readonly { reason: string; amount: readonly [number, number] }[] = [
  {
    reason: '偷税：在账簿上多列支出、少列收入，少缴增值税、企业所得税，偷税数额100万元以上且占各税种应纳税总额10%以上',
    amount: [1_000_000, 20_000_000],
  },
  { reason: '虚开增值税专用发票', amount: [500_000, 30_000_000] },
  { reason: '虚开普通发票100份以上或者金额400万元以上', amount: [4_000_000, 25_000_000] },
  { reason: '以假报出口或者其他欺骗手段骗取国家出口退税款', amount: [300_000, 10_000_000] },
  { reason: '欠缴应纳税款，采取转移或者隐匿财产的手段，妨碍税务机关追缴欠缴的税款，欠缴税款金额100万元以上', amount: [1_000_000, 8_000_000] },
];

export const ARREARS_TAX_TYPES = ['增值税', '企业所得税', '城镇土地使用税', '房产税', '印花税', '城市维护建设税', '个人所得税'] as const;

/** 失信被执行人 失信情形 (法释〔2017〕7号 第一条). */
export const DISHONEST_GROUNDS: readonly (readonly [string, number])[] = [
  ['有履行能力而拒不履行生效法律文书确定义务', 70],
  ['违反财产报告制度', 12],
  ['违反限制消费令', 8],
  ['以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行', 5],
  ['无正当理由拒不履行执行和解协议', 4],
  ['以伪造证据、暴力、威胁等方法妨碍、抗拒执行', 1],
];

/** Kinds of civil disputes behind an enforcement case: [cause, what is owed]. */
export const DISPUTES: readonly (readonly [string, string])[] = [
  ['买卖合同纠纷', '货款'],
  ['建设工程施工合同纠纷', '工程款'],
  ['民间借贷纠纷', '借款本金'],
  ['金融借款合同纠纷', '借款本金'],
  ['租赁合同纠纷', '租金'],
  ['劳动争议', '工资及经济补偿金'],
  ['承揽合同纠纷', '加工费'],
  ['运输合同纠纷', '运费'],
];

export const CONSUMPTION_RESTRICTION_REASON =
  '未按执行通知书指定的期间履行生效法律文书确定的给付义务，依据《最高人民法院关于限制被执行人高消费及有关消费的若干规定》第一条限制消费';

/** 安全生产严重失信 列入情形 (MEM Order 11) by domain. */
export const SAFETY_REASONS: Readonly<Record<SafetyDomain, readonly string[]>> = {
  'civil-explosives': [
    '发生生产安全责任事故，造成1人死亡，被认定为安全生产严重失信主体',
    '未依法取得民用爆炸物品生产许可擅自组织生产，被认定为安全生产严重失信主体',
    '超量储存民用爆炸物品且拒不执行停产整顿指令，被认定为安全生产严重失信主体',
  ],
  'hazardous-chemicals': [
    '发生较大生产安全责任事故，被认定为安全生产严重失信主体',
    '未依法取得危险化学品安全生产许可证擅自生产，被认定为安全生产严重失信主体',
    '谎报、瞒报生产安全事故，被认定为安全生产严重失信主体',
  ],
};

export interface HonorTemplate {
  title: string;
  /** Who awards it: the city economy bureau, the provincial department, the ministry, the provincial market bureau. */
  level: 'city-economy' | 'province-economy' | 'ministry' | 'province-market';
  /** Years of validity, or null when the honour does not expire. */
  validYears: number | null;
  weight: number;
}

export const HONORS: readonly HonorTemplate[] = [
  { title: '诚信示范企业', level: 'city-economy', validYears: 2, weight: 30 },
  { title: '专精特新中小企业', level: 'province-economy', validYears: 3, weight: 25 },
  { title: '专精特新“小巨人”企业', level: 'ministry', validYears: 3, weight: 6 },
  { title: '省级守合同重信用企业', level: 'province-market', validYears: 2, weight: 20 },
  { title: '省级企业技术中心', level: 'province-economy', validYears: null, weight: 12 },
  { title: '绿色工厂', level: 'province-economy', validYears: null, weight: 7 },
];

export const COMMITMENT_MATTERS = [
  '申报技术改造专项资金信用承诺',
  '申报专精特新中小企业信用承诺',
  '申请中小企业发展专项资金信用承诺',
  '申报工业和信息化领域项目资金信用承诺',
  '参与政府采购活动供应商信用承诺',
  '申请数字化转型奖补资金信用承诺',
] as const;

export const COMMITMENT_MATTERS_EXPLOSIVES = ['民用爆炸物品生产许可延续信用承诺', '民用爆炸物品安全生产许可告知承诺'] as const;

export const BANKS = [
  '中国工商银行股份有限公司',
  '中国农业银行股份有限公司',
  '中国建设银行股份有限公司',
  '中国银行股份有限公司',
  '交通银行股份有限公司',
  '招商银行股份有限公司',
] as const;
