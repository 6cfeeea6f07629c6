/**
 * Open311 service definitions (GeoReport v2 `services/{service_code}`): the typed questions a citizen answers for a
 * category, beside the free description. Data, keyed by category code; a category without an entry has no
 * attributes (`metadata=false`). Codes are stable identifiers that clients store: never rename one. Bump
 * DEFINITIONS_CHANGESET when you edit this file, so discovery tells clients to refresh their cache.
 */

export const OPEN311_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Open311Datatype = (typeof OPEN311_DATATYPES)[number];

export interface AttributeValueOption {
  key: string;
  name: string;
}

export interface AttributeDefinition {
  code: string;
  /** false: information shown to the user, not a question (it takes no answer) */
  variable: boolean;
  datatype: Open311Datatype;
  required: boolean;
  /** 中文 first, then English */
  description: string;
  datatypeDescription?: string;
  /** singlevaluelist / multivaluelist only */
  values?: AttributeValueOption[];
  /** number only: inclusive bounds, and whether it must be a whole number */
  min?: number;
  max?: number;
  integer?: boolean;
  /** string / text only: most characters (default 200 for string, 1000 for text) */
  maxLength?: number;
}

/** When this file last changed (W3C datetime): part of the discovery changeset. */
export const DEFINITIONS_CHANGESET = '2025-12-01T00:00:00+08:00';

// ---- shared questions ----------------------------------------------------------------------------------------

const hazardLevel: AttributeDefinition = {
  code: 'hazard_level',
  variable: true,
  datatype: 'singlevaluelist',
  required: true,
  description: '危险等级 (hazard level): 对行人或车辆的危险程度',
  values: [
    { key: 'low', name: '一般 — 暂无危险 (low: no immediate danger)' },
    { key: 'medium', name: '较大 — 可能伤人或损车 (medium: could hurt someone or damage a vehicle)' },
    { key: 'high', name: '紧急 — 已有险情，需立即处置 (high: danger now, act immediately)' },
  ],
};

const roadBlocked = (required: boolean): AttributeDefinition => ({
  code: 'road_blocked',
  variable: true,
  datatype: 'singlevaluelist',
  required,
  description: '是否占道 (is the road or pavement blocked?)',
  values: [
    { key: 'no', name: '未占道 (not blocked)' },
    { key: 'partly', name: '部分占道 (partly blocked)' },
    { key: 'fully', name: '完全阻断 (fully blocked)' },
  ],
});

const coverCondition: AttributeDefinition = {
  code: 'cover_condition',
  variable: true,
  datatype: 'singlevaluelist',
  required: true,
  description: '井盖/箅子状况 (state of the cover or grate)',
  values: [
    { key: 'missing', name: '缺失 (missing)' },
    { key: 'broken', name: '破损 (broken)' },
    { key: 'displaced', name: '移位 (displaced)' },
    { key: 'sunken', name: '沉降或异响 (sunken or rattling)' },
  ],
};

const emergencyNotice = (text: string): AttributeDefinition => ({
  code: 'emergency_notice',
  variable: false,
  datatype: 'string',
  required: false,
  description: text,
});

// ---- per category ----------------------------------------------------------------------------------------------

export const SERVICE_DEFINITIONS: Readonly<Record<string, readonly AttributeDefinition[]>> = {
  // 上水井盖 / 污水井盖 / 雨水箅子
  C0101: [coverCondition, hazardLevel, roadBlocked(true)],
  C0102: [coverCondition, hazardLevel, roadBlocked(true)],
  C0104: [coverCondition, roadBlocked(false)],
  // 消火栓
  C0113: [
    {
      code: 'hydrant_fault',
      variable: true,
      datatype: 'multivaluelist',
      required: true,
      description: '消火栓问题 (what is wrong with the hydrant; choose all that apply)',
      values: [
        { key: 'leaking', name: '漏水 (leaking)' },
        { key: 'damaged', name: '损坏 (damaged)' },
        { key: 'blocked', name: '被遮挡或圈占 (blocked or fenced in)' },
        { key: 'cap_missing', name: '闷盖缺失 (cap missing)' },
      ],
    },
  ],
  // 电力设施
  C0116: [
    hazardLevel,
    {
      code: 'exposed_wires',
      variable: true,
      datatype: 'singlevaluelist',
      required: true,
      description: '是否有裸露电线 (are live wires exposed?)',
      values: [
        { key: 'yes', name: '有 (yes)' },
        { key: 'no', name: '没有 (no)' },
        { key: 'unknown', name: '不确定 (not sure)' },
      ],
    },
  ],
  // 路灯
  C0118: [
    {
      code: 'light_fault',
      variable: true,
      datatype: 'singlevaluelist',
      required: true,
      description: '路灯故障类型 (street-light fault)',
      values: [
        { key: 'dark', name: '不亮 (not lit at night)' },
        { key: 'on_by_day', name: '白天常亮 (lit during the day)' },
        { key: 'flickering', name: '闪烁 (flickering)' },
        { key: 'pole_damaged', name: '灯杆/灯罩损坏 (pole or lamp damaged)' },
      ],
    },
    {
      code: 'lamp_count',
      variable: true,
      datatype: 'number',
      required: false,
      description: '涉及路灯数量 (how many lamps)',
      datatypeDescription: '1–50 的整数 (a whole number from 1 to 50)',
      min: 1,
      max: 50,
      integer: true,
    },
  ],
  // 行道树
  C0402: [
    hazardLevel,
    roadBlocked(true),
    {
      code: 'tree_problem',
      variable: true,
      datatype: 'singlevaluelist',
      required: false,
      description: '行道树问题 (what happened to the tree)',
      values: [
        { key: 'fallen', name: '倒伏 (fallen)' },
        { key: 'leaning', name: '倾斜 (leaning)' },
        { key: 'broken_branch', name: '断枝 (broken branch)' },
        { key: 'dead', name: '枯死 (dead)' },
      ],
    },
  ],
  // 暴露垃圾
  E0102: [
    {
      code: 'rubbish_volume',
      variable: true,
      datatype: 'singlevaluelist',
      required: false,
      description: '垃圾量 (how much rubbish)',
      values: [
        { key: 'bag', name: '几袋以内 (a few bags)' },
        { key: 'cart', name: '约一推车 (about a cart-load)' },
        { key: 'truck', name: '需车辆清运 (needs a truck)' },
      ],
    },
  ],
  // 道路积水
  E0111: [
    {
      code: 'water_depth_cm',
      variable: true,
      datatype: 'number',
      required: true,
      description: '积水深度（厘米） (water depth in centimetres)',
      datatypeDescription: '0–200 的数字 (a number from 0 to 200)',
      min: 0,
      max: 200,
    },
    roadBlocked(true),
  ],
  // 施工扰民
  E0301: [
    {
      code: 'noise_started_at',
      variable: true,
      datatype: 'datetime',
      required: true,
      description: '噪声开始时间 (when the noise started)',
      datatypeDescription: 'W3C 日期时间，带时区 (a W3C datetime with a timezone, e.g. 2025-12-01T22:30:00+08:00)',
    },
    {
      code: 'site_name',
      variable: true,
      datatype: 'string',
      required: false,
      description: '工地名称或施工单位 (name of the site or the builder)',
      maxLength: 100,
    },
  ],
  // 路面塌陷
  E0401: [
    emergencyNotice('如有人员受伤或车辆坠入，请立即拨打 110/120 (if anyone is hurt or a vehicle fell in, call 110/120 now)'),
    hazardLevel,
    roadBlocked(true),
    {
      code: 'collapse_area_m2',
      variable: true,
      datatype: 'number',
      required: false,
      description: '塌陷面积约（平方米） (approximate area in square metres)',
      datatypeDescription: '0.1–1000 的数字 (a number from 0.1 to 1000)',
      min: 0.1,
      max: 1000,
    },
  ],
  // 自来水管破裂
  E0402: [hazardLevel, roadBlocked(true)],
  // 燃气泄漏
  E0403: [
    emergencyNotice('闻到燃气味请立即远离，勿开关电器，拨打 119 或燃气抢修 962777 (leave the area, do not touch switches, call 119 or the gas emergency line 962777)'),
    {
      code: 'smell_strength',
      variable: true,
      datatype: 'singlevaluelist',
      required: true,
      description: '气味强度 (how strong is the smell)',
      values: [
        { key: 'faint', name: '轻微 (faint)' },
        { key: 'strong', name: '明显 (strong)' },
        { key: 'hissing', name: '明显且有漏气声 (strong, with a hissing sound)' },
      ],
    },
  ],
  // 火灾/烟感告警
  E0411: [emergencyNotice('发现火情请立即拨打 119 (if you see fire, call 119 first)')],
  // 机动车乱停放
  E0505: [
    {
      code: 'plate_number',
      variable: true,
      datatype: 'string',
      required: false,
      description: '车牌号 (licence plate, if visible)',
      maxLength: 12,
    },
    roadBlocked(true),
  ],
  // 非机动车乱停放
  E0506: [
    {
      code: 'bike_count',
      variable: true,
      datatype: 'number',
      required: false,
      description: '车辆数量约 (about how many bikes)',
      datatypeDescription: '1–500 的整数 (a whole number from 1 to 500)',
      min: 1,
      max: 500,
      integer: true,
    },
    roadBlocked(false),
  ],
  // 电动自行车飞线充电
  E0902: [
    {
      code: 'charging_hazards',
      variable: true,
      datatype: 'multivaluelist',
      required: true,
      description: '充电隐患 (what you see; choose all that apply)',
      values: [
        { key: 'window_cable', name: '从窗口垂下电线 (cable hanging from a window)' },
        { key: 'stairwell', name: '楼道内充电 (charging in a stairwell)' },
        { key: 'across_path', name: '电线横穿通道 (cable across a path)' },
        { key: 'near_flammables', name: '靠近易燃物 (near flammable material)' },
      ],
    },
  ],
  // 物业服务问题
  E0903: [
    {
      code: 'community_name',
      variable: true,
      datatype: 'string',
      required: true,
      description: '小区名称 (name of the housing estate)',
      maxLength: 50,
    },
    {
      code: 'complaint_types',
      variable: true,
      datatype: 'multivaluelist',
      required: true,
      description: '问题类型 (kind of problem; choose all that apply)',
      values: [
        { key: 'cleaning', name: '保洁 (cleaning)' },
        { key: 'security', name: '安保 (security)' },
        { key: 'repairs', name: '报修不及时 (slow repairs)' },
        { key: 'parking', name: '停车管理 (parking)' },
        { key: 'fees', name: '收费 (fees)' },
      ],
    },
    {
      code: 'details',
      variable: true,
      datatype: 'text',
      required: false,
      description: '补充说明 (anything else the property office should know)',
      maxLength: 1000,
    },
  ],
};

export function serviceDefinition(categoryCode: string): readonly AttributeDefinition[] {
  return SERVICE_DEFINITIONS[categoryCode] ?? [];
}
