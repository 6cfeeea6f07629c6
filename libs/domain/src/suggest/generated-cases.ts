/**
 * A generated, labelled history of closed cases for the suggestion model's tests, bench and docs: descriptions in
 * Chinese for all 37 categories (管理部件和事件) of the seed table, with varied phrasing (openers by channel, places in
 * each 片区, problems, details, the polite tails callers add) and a skewed category mix, from a fixed seed.
 *
 * It is not the town's data: real descriptions are messier (typos, several problems in one call, places without a
 * street name), so the accuracy measured on it is an upper bound of what the desk will see. Used by tests, bench/suggest.mjs and docs/suggestions.md, never by the product's own paths.
 */
import type { DistrictCode } from '../districts';

export interface GeneratedCase {
  id: string;
  description: string;
  categoryCode: string;
  districtCode: DistrictCode;
}

/** mulberry32: a small seeded generator, the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(r() * list.length)];

const PLACES: Record<DistrictCode, { streets: string[]; estates: string[]; landmarks: string[] }> = {
  xincheng: { streets: ['真北路', '新村路', '铜川路', '白玉路'], estates: ['新城家园', '真北新村', '长征新苑', '新村路小区'], landmarks: ['菜市场', '社区卫生服务站', '幼儿园', '公交站'] },
  jinsha: { streets: ['金沙江路', '同普路', '祁连山南路', '真北路'], estates: ['金沙新城', '同普苑', '金沙江路小区'], landmarks: ['地铁站出口', '商场', '便利店', '银行网点', '公交站'] },
  nujiang: { streets: ['怒江北路', '怒江路', '丹巴路', '白兰路'], estates: ['怒江苑', '丹巴小区', '怒江新村'], landmarks: ['工地围挡', '建材市场', '公交站', '菜市场'] },
  meichuan: { streets: ['梅川路', '杏山路', '棕榈路', '中宁路'], estates: ['梅川一村', '梅川二村', '杏山小区', '棕榈园'], landmarks: ['步行街', '美食街', '超市', '药店', '地铁站出口'] },
};

const PLACE_PATTERNS = ['{street}{n}号门口', '{street}{n}号附近', '{street}与{street2}路口', '{estate}{b}号楼下', '{estate}南门', '{estate}东门外', '{street}{landmark}旁', '{street}{landmark}门前人行道', '{estate}里面', '{street}上'];

const OPENERS = ['', '', '市民来电反映：', '12345工单：市民反映', '来电人称', '巡查发现：', '网格巡查：', '市民随手拍：', '市民上报：', '居民反映'];
const TAILS = ['', '', '', '，请尽快处理', '，希望有关部门管一管', '，请派人来看看', '，已经好几天了', '，要求尽快解决', '，谢谢'];

/** Per category: how people describe the problem, optional details, and a weight (how common it is). */
/* prettier-ignore */
const CATEGORY_PHRASES: Record<string, { problems: string[]; details?: string[]; weight: number }> = {
  C0101: { weight: 3, problems: ['上水井盖缺失', '自来水井盖破损', '上水井盖移位了', '供水井盖不见了', '井盖翘起来，上面写着上水'], details: ['行人容易踩空', '车辆经过有响声', '有小孩差点掉下去'] },
  C0102: { weight: 3, problems: ['污水井盖缺失', '污水井盖破损松动', '污水井盖凹陷', '下水道井盖碎了', '污水窨井盖被压坏'], details: ['有异味冒出', '夜间看不清，存在隐患'] },
  C0104: { weight: 3, problems: ['雨水箅子被垃圾堵塞', '雨水箅子破损', '雨水箅子缺失', '路边的雨水口盖板不见了', '雨水篦子断了一根'], details: ['下雨时积水', '自行车轮子会卡进去'] },
  C0113: { weight: 2, problems: ['消火栓漏水', '消火栓被车辆遮挡', '消火栓外壳损坏', '消防栓被撞歪了', '消火栓在往外冒水'], details: ['地上一直有水'] },
  C0116: { weight: 2, problems: ['电力箱门敞开', '配电箱门被撬开，电线裸露', '变电箱冒烟', '电表箱门坏了关不上', '电缆从配电柜里拖出来'], details: ['很危险', '有小孩在旁边玩'] },
  C0118: { weight: 4, problems: ['路灯不亮', '路灯忽明忽暗', '路灯灯杆倾斜', '一排路灯都坏了', '路灯白天也亮着'], details: ['晚上很黑', '走路看不清'] },
  C0203: { weight: 2, problems: ['公交站亭玻璃碎了', '公交候车亭顶棚漏雨', '站牌亭广告灯箱掉下来', '公交站的座椅坏了'], details: ['等车的人很多'] },
  C0209: { weight: 2, problems: ['交通标志牌歪倒', '交通标志牌被树枝遮挡', '限速牌被撞倒在地', '路口指示牌掉了一半'] },
  C0211: { weight: 2, problems: ['交通护栏被撞坏', '道路隔离栏倒了', '护栏歪斜伸到机动车道', '中间隔离护栏缺了几节'], details: ['车辆要绕开'] },
  C0301: { weight: 2, problems: ['公共厕所卫生差', '公共厕所水龙头损坏', '公共厕所未按时开放', '公厕冲水坏了很臭', '公厕里没有灯'] },
  C0305: { weight: 4, problems: ['垃圾箱满溢', '垃圾箱破损', '垃圾箱缺盖', '路边果壳箱满了没人倒', '垃圾桶被推倒了'], details: ['周边散落垃圾', '招苍蝇'] },
  C0402: { weight: 3, problems: ['行道树枝条断裂悬挂', '行道树倾斜', '行道树枯死', '大树被风刮倒压在人行道上', '树枝挡住了红绿灯'], details: ['影响行人安全', '随时会掉下来'] },
  C0501: { weight: 1, problems: ['宣传栏玻璃破损', '社区宣传栏倒了', '宣传橱窗内容过期破烂', '公告栏板面脱落'] },
  E0101: { weight: 4, problems: ['有人正在违章搭建', '屋顶违法加盖彩钢板房', '底楼违规扩建围墙', '楼顶在搭阳光房', '小区里有人私自搭建棚子'], details: ['邻居多次反映', '已施工两天', '晚上偷偷施工'] },
  E0102: { weight: 6, problems: ['有暴露垃圾', '垃圾堆放无人清理', '生活垃圾和建筑垃圾混堆', '路边有一堆垃圾袋', '垃圾扔在地上没人收'], details: ['散发异味', '已堆放多日', '影响通行'] },
  E0103: { weight: 3, problems: ['积存渣土未覆盖', '装修垃圾积存', '建筑渣土堆积', '小区里装修垃圾堆成小山', '碎砖块和渣土堆了很久'], details: ['刮风时扬尘', '已堆了一周'] },
  E0104: { weight: 4, problems: ['路面有大片油污', '路面泥土多，不清洁', '人行道满地落叶和纸屑', '马路很脏没人扫', '地上有呕吐物没人清理'] },
  E0106: { weight: 3, problems: ['绿地里有垃圾', '绿化带被倒入杂物', '绿地内有人晾晒衣物', '草坪里扔满了塑料瓶', '花坛里堆了垃圾'] },
  E0111: { weight: 3, problems: ['道路积水', '路面积水较深', '下水不畅造成积水', '一下雨这里就淹了', '路口水漫到人行道'], details: ['行人无法通过', '车辆经过溅水'] },
  E0201: { weight: 4, problems: ['有非法小广告', '电线杆上贴满小广告', '墙面喷涂办证小广告', '楼道里贴了很多开锁广告', '到处是牛皮癣广告'] },
  E0203: { weight: 2, problems: ['违规设置户外广告牌', '店招超出规定尺寸', '楼顶立了一块大广告牌', '商家在路边摆放立式广告灯箱'] },
  E0301: { weight: 4, problems: ['工地夜间施工噪声扰民', '夜里工地打桩声很大', '深夜施工机械轰鸣', '晚上十一点还在施工', '凌晨有工地在切割钢筋'], details: ['居民无法休息', '已连续几晚'] },
  E0302: { weight: 2, problems: ['工地扬尘严重', '工地渣土车出场未冲洗', '工地裸土未覆盖', '工地灰尘飘到小区里'] },
  E0304: { weight: 2, problems: ['渣土车遗撒', '道路上有沿途遗撒的泥浆', '卡车掉了一路的沙子', '运输车辆抛洒泥土'], details: ['路面打滑'] },
  E0401: { weight: 2, problems: ['路面塌陷', '路面出现坑洞', '马路中间陷下去一个大坑', '人行道地面下沉开裂'], details: ['已有车辆被卡', '范围在扩大'] },
  E0402: { weight: 2, problems: ['自来水管爆了', '地下水管破裂往外喷水', '路边水管漏水严重', '供水管道爆裂，马路上都是水'], details: ['附近停水了'] },
  E0403: { weight: 1, problems: ['闻到很重的煤气味', '燃气管道泄漏', '楼道里有液化气味道', '疑似天然气泄漏'], details: ['很危险'] },
  E0411: { weight: 1, problems: ['楼里冒烟了', '烟感报警器一直在响', '有房子着火了', '电瓶车起火', '闻到烧焦味还有烟'] },
  E0501: { weight: 4, problems: ['有流动摊贩占道经营', '无照摊贩摆摊卖水果', '路边有人卖早点占道', '三轮车在路口卖菜', '地铁口有人摆地摊'], details: ['影响行人通行', '每天这个时间都有'] },
  E0504: { weight: 4, problems: ['商户店外经营', '店家货物摆放到人行道', '饭店在店外摆桌', '水果店把摊子摆到门外', '修车铺在人行道上修车'], details: ['占用盲道'] },
  E0505: { weight: 5, problems: ['机动车乱停放', '汽车停在人行道上', '车辆堵住消防通道', '小区门口汽车违停', '私家车停在路口影响通行'] },
  E0506: { weight: 4, problems: ['共享单车乱停放', '非机动车堆放堵塞通道', '电瓶车乱停占用盲道', '自行车倒了一地', '单车堆满了人行道'], details: ['行人无法通过'] },
  E0507: { weight: 4, problems: ['乱堆物堆料', '楼道口堆放杂物', '人行道上堆放建材', '有人在公共区域堆放旧家具', '楼梯间堆满纸板'], details: ['存在消防隐患'] },
  E0510: { weight: 3, problems: ['露天烧烤油烟扰民', '夜宵摊露天烧烤', '饭店油烟直排', '烧烤店烟雾熏到楼上'], details: ['烟雾很大', '居民关窗也能闻到'] },
  E0901: { weight: 2, problems: ['疑似群租', '一套房里住了十几个人', '房屋被隔成多间出租', '楼下那户改成了好多小隔间出租', '出租房里住了很多人进进出出'] },
  E0902: { weight: 3, problems: ['电动自行车飞线充电', '楼上拉电线下来给电瓶车充电', '楼道里给电动车充电', '有人从窗户吊插线板充电', '电瓶车推进电梯上楼充电'], details: ['存在火灾隐患'] },
  E0903: { weight: 3, problems: ['物业不作为，小区卫生差', '小区电梯经常故障物业不修', '物业对投诉不理睬', '物业乱收停车费', '小区门禁坏了物业不管'] },
};

/**
 * Neighbours a closing category often comes from: the desk files a case under one, the handler finds it is the other
 * (the final category is what the model learns). A share of the generated cases gets a neighbour's label.
 */
const CONFUSABLE: Record<string, string> = {
  E0102: 'E0103', E0103: 'E0102', C0305: 'E0102', E0106: 'E0102', C0101: 'C0102', C0102: 'C0101', E0505: 'E0506',
  E0506: 'E0505', E0501: 'E0504', E0504: 'E0501', E0507: 'E0504', E0302: 'E0301', E0304: 'E0104', E0111: 'C0104',
  E0401: 'E0402', E0902: 'E0411', E0903: 'E0507', C0203: 'C0209',
};
/** Share of cases closed under a neighbouring category, and of descriptions that name no problem at all. */
const RELABELLED = 0.06;
const VAGUE = 0.04;
const VAGUE_PROBLEMS = ['有问题需要处理', '情况比较严重', '反映的问题一直没解决', '存在安全隐患'];

/** The 37 category codes the generated set uses. */
export const GENERATED_CATEGORY_CODES: readonly string[] = Object.keys(CATEGORY_PHRASES).sort();

function place(district: DistrictCode, r: () => number): string {
  const p = PLACES[district];
  const street = pick(p.streets, r);
  const others = p.streets.filter((s) => s !== street);
  return pick(PLACE_PATTERNS, r)
    .replace('{street2}', pick(others, r))
    .replace('{street}', street)
    .replace('{estate}', pick(p.estates, r))
    .replace('{landmark}', pick(p.landmarks, r))
    .replace('{b}', String(1 + Math.floor(r() * 40)))
    .replace('{n}', String(1 + Math.floor(r() * 1500)));
}

/**
 * `count` closed cases from `seed`: ids `gen-<seed>-<n>`, a category by weight, a 片区 at random, a description
 * "[opener][place][problem][，detail][tail]" (the place comes after the problem now and then, as people also say it);
 * VAGUE of them name no problem, RELABELLED of them closed under a neighbouring category.
 */
export function generateLabelledCases(count: number, seed = 18): GeneratedCase[] {
  const r = seededRandom(seed);
  const codes = GENERATED_CATEGORY_CODES;
  const weights = codes.map((c) => CATEGORY_PHRASES[c].weight);
  const total = weights.reduce((a, b) => a + b, 0);
  const districts = Object.keys(PLACES) as DistrictCode[];
  const out: GeneratedCase[] = [];
  for (let i = 0; i < count; i++) {
    let x = r() * total;
    let ci = 0;
    while (x >= weights[ci]) x -= weights[ci++];
    const code = codes[Math.min(ci, codes.length - 1)];
    const phrases = CATEGORY_PHRASES[code];
    const districtCode = pick(districts, r);
    const where = place(districtCode, r);
    const problem = r() < VAGUE ? pick(VAGUE_PROBLEMS, r) : pick(phrases.problems, r);
    const label = r() < RELABELLED ? (CONFUSABLE[code] ?? code) : code;
    const detail = phrases.details && r() < 0.5 ? `，${pick(phrases.details, r)}` : '';
    const body = r() < 0.8 ? `${where}${problem}` : `${problem}，地点在${where}`;
    out.push({ id: `gen-${seed}-${i}`, description: `${pick(OPENERS, r)}${body}${detail}${pick(TAILS, r)}`, categoryCode: label, districtCode });
  }
  return out;
}
