/**
 * Where the synthetic enterprises are registered: prefecture-level cities of Hubei, Hunan and
 * Shaanxi with their districts, counties and county-level cities (GB/T 2260 codes), and the names
 * of the local authorities, which follow the place (宜昌市西陵区市场监督管理局, 国家税务总局宜都市税务局,
 * 宜昌市西陵区人民法院 / 宜昌市中级人民法院 …).
 */

export interface Province {
  code: string;
  name: string;
  /** One-character abbreviation used in court case numbers: (2024)鄂0502执1234号. */
  abbr: string;
  /** Hubei keeps 经济和信息化; Hunan and Shaanxi use 工业和信息化. */
  economyBureauSuffix: '经济和信息化局' | '工业和信息化局';
  economyDepartment: string;
  marketDepartment: string;
  environmentDepartment: string;
}

export interface City {
  code: string;
  name: string;
  /** Name without 市, used in enterprise names: 宜昌鑫达化工有限公司. */
  short: string;
  /** One-character abbreviation used in decision numbers: 宜市监处罚〔2025〕118号. */
  abbr: string;
  province: Province;
  /** Relative share of enterprises registered there. */
  weight: number;
  roads: readonly string[];
  /** Districts, counties and county-level cities: [code, name]. */
  divisions: readonly (readonly [string, string])[];
}

export interface Division {
  code: string;
  /** 西陵区 / 宜都市 / 远安县, or the city's own name for a city-level registration. */
  name: string;
  level: 'city' | 'district' | 'county';
  city: City;
}

const HUBEI: Province = {
  code: '420000',
  name: '湖北省',
  abbr: '鄂',
  economyBureauSuffix: '经济和信息化局',
  economyDepartment: '湖北省经济和信息化厅',
  marketDepartment: '湖北省市场监督管理局',
  environmentDepartment: '湖北省生态环境厅',
};
const HUNAN: Province = {
  code: '430000',
  name: '湖南省',
  abbr: '湘',
  economyBureauSuffix: '工业和信息化局',
  economyDepartment: '湖南省工业和信息化厅',
  marketDepartment: '湖南省市场监督管理局',
  environmentDepartment: '湖南省生态环境厅',
};
const SHAANXI: Province = {
  code: '610000',
  name: '陕西省',
  abbr: '陕',
  economyBureauSuffix: '工业和信息化局',
  economyDepartment: '陕西省工业和信息化厅',
  marketDepartment: '陕西省市场监督管理局',
  environmentDepartment: '陕西省生态环境厅',
};

export const PROVINCES: readonly Province[] = [HUBEI, HUNAN, SHAANXI];

export const CITIES: readonly City[] = [
  {
    code: '420100',
    name: '武汉市',
    short: '武汉',
    abbr: '武',
    province: HUBEI,
    weight: 18,
    roads: [
      '解放大道',
      '建设大道',
      '中山大道',
      '武珞路',
      '珞喻路',
      '雄楚大道',
      '光谷大道',
      '关山大道',
      '青年路',
      '沿江大道',
      '友谊大道',
      '江汉路',
      '汉阳大道',
      '鹦鹉大道',
      '民族大道',
      '高新大道',
      '东湖路',
      '和平大道',
      '黄浦大街',
      '金融港一路',
    ],
    divisions: [
      ['420102', '江岸区'],
      ['420103', '江汉区'],
      ['420104', '硚口区'],
      ['420105', '汉阳区'],
      ['420106', '武昌区'],
      ['420107', '青山区'],
      ['420111', '洪山区'],
      ['420112', '东西湖区'],
      ['420113', '汉南区'],
      ['420114', '蔡甸区'],
      ['420115', '江夏区'],
      ['420116', '黄陂区'],
      ['420117', '新洲区'],
    ],
  },
  {
    code: '420500',
    name: '宜昌市',
    short: '宜昌',
    abbr: '宜',
    province: HUBEI,
    weight: 14,
    roads: [
      '东山大道',
      '沿江大道',
      '夷陵大道',
      '胜利四路',
      '云集路',
      '解放路',
      '西陵一路',
      '发展大道',
      '城东大道',
      '港窑路',
      '伍临路',
      '江城大道',
      '珠海路',
      '大连路',
      '绿萝路',
      '峡州路',
      '桔城路',
      '长江大道',
    ],
    divisions: [
      ['420502', '西陵区'],
      ['420503', '伍家岗区'],
      ['420504', '点军区'],
      ['420505', '猇亭区'],
      ['420506', '夷陵区'],
      ['420525', '远安县'],
      ['420526', '兴山县'],
      ['420527', '秭归县'],
      ['420581', '宜都市'],
      ['420582', '当阳市'],
      ['420583', '枝江市'],
    ],
  },
  {
    code: '420600',
    name: '襄阳市',
    short: '襄阳',
    abbr: '襄',
    province: HUBEI,
    weight: 6,
    roads: ['长虹路', '春园路', '人民路', '檀溪路', '航空路', '襄城大道', '汉江北路', '解放路', '大庆路', '追日路'],
    divisions: [
      ['420602', '襄城区'],
      ['420606', '樊城区'],
      ['420607', '襄州区'],
      ['420682', '老河口市'],
      ['420683', '枣阳市'],
      ['420684', '宜城市'],
    ],
  },
  {
    code: '421000',
    name: '荆州市',
    short: '荆州',
    abbr: '荆',
    province: HUBEI,
    weight: 5,
    roads: ['江津路', '北京路', '荆州中路', '沙隆达大道', '塔桥路', '荆沙大道', '东方大道', '学苑路'],
    divisions: [
      ['421002', '沙市区'],
      ['421003', '荆州区'],
      ['421022', '公安县'],
      ['421081', '石首市'],
      ['421083', '洪湖市'],
      ['421087', '松滋市'],
    ],
  },
  {
    code: '430100',
    name: '长沙市',
    short: '长沙',
    abbr: '长',
    province: HUNAN,
    weight: 16,
    roads: [
      '五一大道',
      '芙蓉中路',
      '韶山路',
      '劳动路',
      '岳麓大道',
      '麓山南路',
      '湘江中路',
      '万家丽路',
      '人民东路',
      '车站北路',
      '黄兴路',
      '麓谷大道',
      '金星路',
      '雷锋大道',
      '曙光路',
      '开元路',
    ],
    divisions: [
      ['430102', '芙蓉区'],
      ['430103', '天心区'],
      ['430104', '岳麓区'],
      ['430105', '开福区'],
      ['430111', '雨花区'],
      ['430112', '望城区'],
      ['430121', '长沙县'],
      ['430181', '浏阳市'],
      ['430182', '宁乡市'],
    ],
  },
  {
    code: '430200',
    name: '株洲市',
    short: '株洲',
    abbr: '株',
    province: HUNAN,
    weight: 5,
    roads: ['新华路', '长江北路', '建设路', '红旗路', '株洲大道', '湘芸路', '黄河路', '栗雨路'],
    divisions: [
      ['430202', '荷塘区'],
      ['430203', '芦淞区'],
      ['430204', '石峰区'],
      ['430211', '天元区'],
      ['430212', '渌口区'],
      ['430281', '醴陵市'],
    ],
  },
  {
    code: '430300',
    name: '湘潭市',
    short: '湘潭',
    abbr: '潭',
    province: HUNAN,
    weight: 4,
    roads: ['建设路', '韶山路', '河东大道', '芙蓉路', '湖湘路', '书院路', '吉安路', '晓塘路'],
    divisions: [
      ['430302', '雨湖区'],
      ['430304', '岳塘区'],
      ['430321', '湘潭县'],
      ['430381', '湘乡市'],
      ['430382', '韶山市'],
    ],
  },
  {
    code: '430600',
    name: '岳阳市',
    short: '岳阳',
    abbr: '岳',
    province: HUNAN,
    weight: 5,
    roads: ['巴陵路', '金鹗路', '东茅岭路', '岳阳大道', '洞庭北路', '湖滨路', '云梦路', '学院路'],
    divisions: [
      ['430602', '岳阳楼区'],
      ['430603', '云溪区'],
      ['430611', '君山区'],
      ['430681', '汨罗市'],
      ['430682', '临湘市'],
    ],
  },
  {
    code: '610100',
    name: '西安市',
    short: '西安',
    abbr: '西',
    province: SHAANXI,
    weight: 16,
    roads: [
      '长安路',
      '雁塔路',
      '含光路',
      '科技路',
      '高新路',
      '唐延路',
      '太白南路',
      '未央路',
      '凤城八路',
      '经开路',
      '朱雀大街',
      '西影路',
      '丈八东路',
      '锦业路',
    ],
    divisions: [
      ['610102', '新城区'],
      ['610103', '碑林区'],
      ['610104', '莲湖区'],
      ['610111', '灞桥区'],
      ['610112', '未央区'],
      ['610113', '雁塔区'],
      ['610114', '阎良区'],
      ['610115', '临潼区'],
      ['610116', '长安区'],
      ['610117', '高陵区'],
      ['610118', '鄠邑区'],
    ],
  },
  {
    code: '610300',
    name: '宝鸡市',
    short: '宝鸡',
    abbr: '宝',
    province: SHAANXI,
    weight: 4,
    roads: ['经二路', '宝光路', '高新大道', '清姜路', '渭滨大道', '金台大道', '公园路', '滨河路'],
    divisions: [
      ['610302', '渭滨区'],
      ['610303', '金台区'],
      ['610304', '陈仓区'],
      ['610305', '凤翔区'],
    ],
  },
  {
    code: '610400',
    name: '咸阳市',
    short: '咸阳',
    abbr: '咸',
    province: SHAANXI,
    weight: 4,
    roads: ['人民路', '渭阳路', '世纪大道', '乐育路', '文林路', '玉泉路', '西兰路', '彩虹路'],
    divisions: [
      ['610402', '秦都区'],
      ['610403', '杨陵区'],
      ['610404', '渭城区'],
      ['610481', '兴平市'],
      ['610482', '彬州市'],
    ],
  },
  {
    code: '610800',
    name: '榆林市',
    short: '榆林',
    abbr: '榆',
    province: SHAANXI,
    weight: 3,
    roads: ['长城路', '榆阳路', '人民路', '肤施路', '沙河路', '文化路', '建榆路', '明珠大道'],
    divisions: [
      ['610802', '榆阳区'],
      ['610803', '横山区'],
      ['610822', '府谷县'],
      ['610881', '神木市'],
    ],
  },
];

export const CITY_WEIGHTS: readonly (readonly [City, number])[] = CITIES.map((c) => [c, c.weight] as const);

/** The city-level division itself (registered at the city bureau). */
export function cityDivision(city: City): Division {
  return { code: city.code, name: city.name, level: 'city', city };
}

export function divisionOf(city: City, entry: readonly [string, string]): Division {
  const [code, name] = entry;
  return { code, name, level: name.endsWith('区') ? 'district' : 'county', city };
}

/** Find a division (city or below) by its 6-digit code. */
export function findDivision(code: string): Division | undefined {
  for (const city of CITIES) {
    if (city.code === code) return cityDivision(city);
    const d = city.divisions.find(([c]) => c === code);
    if (d) return divisionOf(city, d);
  }
  return undefined;
}

/** The place as written in authority names: 宜昌市西陵区 / 宜都市 / 宜昌市. */
function place(d: Division): string {
  switch (d.level) {
    case 'city':
      return d.city.name;
    case 'district':
      return d.city.name + d.name;
    case 'county':
      return d.name;
  }
}

/** 登记机关: 宜昌市西陵区市场监督管理局 / 宜都市市场监督管理局 / 宜昌市市场监督管理局. */
export function marketAuthority(d: Division): string {
  return `${place(d)}市场监督管理局`;
}

/** 主管税务机关: 国家税务总局宜昌市西陵区税务局. */
export function taxAuthority(d: Division): string {
  return `国家税务总局${place(d)}税务局`;
}

/** 稽查局 of the city tax bureau, which decides major tax violations. */
export function taxInspectionAuthority(city: City): string {
  return `国家税务总局${city.name}税务局稽查局`;
}

export interface Court {
  name: string;
  /** Court code in case numbers: 鄂0502 (basic court) or 鄂05 (intermediate court). */
  code: string;
}

export function intermediateCourt(city: City): Court {
  return { name: `${city.name}中级人民法院`, code: city.province.abbr + city.code.slice(2, 4) };
}

/** The basic people's court of a district or county (a city-level division has none: null). */
export function basicCourt(d: Division): Court | null {
  if (d.level === 'city') return null;
  return { name: `${place(d)}人民法院`, code: d.city.province.abbr + d.code.slice(2, 6) };
}

export function environmentAuthority(city: City): string {
  return `${city.name}生态环境局`;
}

export function economyAuthority(city: City): string {
  return city.name + city.province.economyBureauSuffix;
}

export function emergencyAuthority(city: City): string {
  return `${city.name}应急管理局`;
}

/** The prefix of decision numbers issued by the division's market bureau: 宜 / 宜西 / 宜都. */
export function referencePrefix(d: Division): string {
  switch (d.level) {
    case 'city':
      return d.city.abbr;
    case 'district':
      return d.city.abbr + d.name[0]!;
    case 'county':
      // 长沙县 / 湘潭县 share their first characters with the city: 长县, 潭县.
      return d.name.startsWith(d.city.short) ? d.city.abbr + '县' : d.name.slice(0, 2);
  }
}

/** 住所 prefix: 湖北省宜昌市西陵区 (a city-level registration has no district). */
export function addressPrefix(d: Division): string {
  return d.city.province.name + d.city.name + (d.level === 'city' ? '' : d.name);
}

/** The abbreviation of the economy bureau in decision numbers: 经信 (Hubei) or 工信. */
export function economyAbbr(city: City): string {
  return city.province.economyBureauSuffix === '经济和信息化局' ? '经信' : '工信';
}
