/**
 * Words the simulated town speaks: places per 片区 and, per category, how people describe the problem and how the
 * person who fixed it reports back. Street names are real streets of 长征镇 and its neighbours, estates are
 * plausible names; the seed geography is schematic, so a place and its pin only roughly agree.
 */
import type { DistrictCode } from '@gridops/domain';

export interface DistrictPlaces {
  streets: readonly string[];
  /** 小区 / 新村 */
  estates: readonly string[];
  /** shops and landmarks that people name */
  landmarks: readonly string[];
}

export const PLACES: Record<DistrictCode, DistrictPlaces> = {
  xincheng: {
    streets: ['真北路', '新村路', '铜川路', '白玉路'],
    estates: ['新城家园', '真北新村', '长征新苑', '新村路小区'],
    landmarks: ['菜市场', '社区卫生服务站', '幼儿园', '公交站'],
  },
  jinsha: {
    streets: ['金沙江路', '同普路', '祁连山南路', '真北路'],
    estates: ['金沙新城', '同普苑', '金沙江路小区'],
    landmarks: ['地铁站出口', '商场', '便利店', '银行网点', '公交站'],
  },
  nujiang: {
    streets: ['怒江北路', '怒江路', '丹巴路', '白兰路'],
    estates: ['怒江苑', '丹巴小区', '怒江新村'],
    landmarks: ['工地围挡', '建材市场', '公交站', '菜市场'],
  },
  meichuan: {
    streets: ['梅川路', '杏山路', '棕榈路', '中宁路'],
    estates: ['梅川一村', '梅川二村', '杏山小区', '棕榈园'],
    landmarks: ['步行街', '美食街', '超市', '药店', '地铁站出口'],
  },
};

/** Where on a street: `{street}` `{street2}` `{n}` `{estate}` `{building}` `{landmark}` are filled in. */
export const PLACE_PATTERNS: readonly string[] = [
  '{street}{n}号门口',
  '{street}{n}号附近',
  '{street}与{street2}路口',
  '{estate}{building}号楼下',
  '{estate}南门',
  '{estate}东门外',
  '{street}{landmark}旁',
  '{street}{landmark}门前人行道',
];

export interface CategoryTexts {
  /** what the reporter says, after the place: "金沙江路88号门口" + "井盖缺失" */
  problems: readonly string[];
  /** optional tail: how long, how bad */
  details?: readonly string[];
  /** the fix, as the handler writes it back (处置反馈) */
  fixes: readonly string[];
}

const FIX_GENERIC = ['已到场处置完毕，现场恢复正常', '已处置，附处置后照片'];

/* prettier-ignore */
export const CATEGORY_TEXTS: Record<string, CategoryTexts> = {
  C0101: { problems: ['上水井盖缺失', '上水井盖破损', '上水井盖移位，有安全隐患'], details: ['行人容易踩空', '车辆经过有响声'], fixes: ['已补装井盖并撤除警示', '已更换破损井盖，现场复位'] },
  C0102: { problems: ['污水井盖缺失', '污水井盖破损松动', '污水井盖凹陷'], details: ['有异味冒出', '夜间看不清，存在隐患'], fixes: ['已更换污水井盖', '已加固井座，井盖复位'] },
  C0104: { problems: ['雨水箅子被垃圾堵塞', '雨水箅子破损', '雨水箅子缺失'], details: ['下雨时积水'], fixes: ['已清掏雨水口并更换箅子', '已疏通雨水箅子'] },
  C0113: { problems: ['消火栓漏水', '消火栓被车辆遮挡', '消火栓外壳损坏'], fixes: ['已联系供水单位维修消火栓', '已清除遮挡，消火栓可正常使用'] },
  C0118: { problems: ['路灯不亮', '路灯忽明忽暗', '路灯灯杆倾斜'], details: ['晚上很黑'], fixes: ['已更换灯具，路灯恢复照明'] },
  C0209: { problems: ['交通标志牌歪倒', '交通标志牌被树枝遮挡'], fixes: ['已扶正并加固标志牌'] },
  C0301: { problems: ['公共厕所卫生差', '公共厕所水龙头损坏', '公共厕所未按时开放'], fixes: ['已安排保洁清扫', '已维修水龙头'] },
  C0305: { problems: ['垃圾箱满溢', '垃圾箱破损', '垃圾箱缺盖'], details: ['周边散落垃圾'], fixes: ['已清空垃圾箱并清扫周边', '已更换垃圾箱'] },
  C0402: { problems: ['行道树枝条断裂悬挂', '行道树倾斜', '行道树枯死'], details: ['影响行人安全'], fixes: ['已修剪断枝', '已扶正加固'] },
  E0101: { problems: ['有人正在违章搭建', '屋顶违法加盖彩钢板房', '底楼违规扩建围墙'], details: ['邻居多次反映', '已施工两天'], fixes: ['已责令停工，限期自行拆除', '城管中队已现场拆除违法建筑'] },
  E0102: { problems: ['有暴露垃圾', '垃圾堆放无人清理', '生活垃圾和建筑垃圾混堆'], details: ['散发异味', '已堆放多日', '影响通行'], fixes: ['已清运完毕，现场已恢复整洁', '已清理垃圾并告知物业加强巡查'] },
  E0103: { problems: ['积存渣土未覆盖', '装修垃圾积存', '建筑渣土堆积'], details: ['刮风时扬尘', '已堆了一周'], fixes: ['已清运渣土', '已覆盖防尘网并安排清运'] },
  E0104: { problems: ['路面有大片油污', '路面泥土多，不清洁', '人行道满地落叶和纸屑'], fixes: ['已安排保洁冲洗路面', '已清扫完毕'] },
  E0106: { problems: ['绿地里有垃圾', '绿化带被倒入杂物', '绿地内有人晾晒衣物'], fixes: ['已清理绿地垃圾', '已清除杂物并劝导'] },
  E0111: { problems: ['道路积水', '路面积水较深', '下水不畅造成积水'], details: ['行人无法通过', '车辆经过溅水'], fixes: ['已疏通排水口，积水已退'] },
  E0201: { problems: ['有非法小广告', '电线杆上贴满小广告', '墙面喷涂办证小广告'], fixes: ['已清除小广告', '已铲除并覆盖喷涂'] },
  E0203: { problems: ['违规设置户外广告牌', '店招超出规定尺寸'], fixes: ['已责令整改，广告牌已拆除'] },
  E0301: { problems: ['工地夜间施工噪声扰民', '夜里工地打桩声很大', '深夜施工机械轰鸣'], details: ['居民无法休息', '已连续几晚'], fixes: ['已到场责令停止夜间施工', '已核查夜间施工许可，噪声已停止'] },
  E0302: { problems: ['工地扬尘严重', '工地渣土车出场未冲洗', '工地裸土未覆盖'], fixes: ['已督促工地覆盖裸土、开启喷淋', '已责令整改'] },
  E0304: { problems: ['渣土车遗撒', '道路上有沿途遗撒的泥浆'], details: ['路面打滑'], fixes: ['已清扫遗撒物，已追查车辆'] },
  E0401: { problems: ['路面塌陷', '路面出现坑洞'], details: ['已有车辆被卡', '范围在扩大'], fixes: ['已设置围挡，道路养护单位已修复'] },
  E0501: { problems: ['有流动摊贩占道经营', '无照摊贩摆摊卖水果', '路边有人卖早点占道'], details: ['影响行人通行', '每天这个时间都有'], fixes: ['已劝离流动摊贩，现场已规范', '已教育劝导，摊贩已离开'] },
  E0504: { problems: ['商户店外经营', '店家货物摆放到人行道', '饭店在店外摆桌'], details: ['占用盲道'], fixes: ['已责令商户将物品收回店内', '已劝导商户规范经营'] },
  E0505: { problems: ['机动车乱停放', '车辆停在人行道上', '车辆堵住消防通道'], fixes: ['已联系车主挪车', '已贴单告知'] },
  E0506: { problems: ['共享单车乱停放', '非机动车堆放堵塞通道', '电瓶车乱停占用盲道'], details: ['行人无法通过'], fixes: ['已整理归位非机动车', '已通知运营企业清运单车'] },
  E0507: { problems: ['乱堆物堆料', '楼道口堆放杂物', '人行道上堆放建材'], details: ['存在消防隐患'], fixes: ['已清理堆物', '已督促当事人自行清理'] },
  E0510: { problems: ['露天烧烤油烟扰民', '夜宵摊露天烧烤', '饭店油烟直排'], details: ['烟雾很大', '居民关窗也能闻到'], fixes: ['已劝阻露天烧烤并收缴烤炉', '已督促商户清洗油烟净化器'] },
  E0901: { problems: ['疑似群租', '一套房里住了十几个人', '房屋被隔成多间出租'], fixes: ['已会同房管办上门核查，责令整改'] },
  E0902: { problems: ['电动自行车飞线充电', '楼上拉电线下来给电瓶车充电', '楼道里给电动车充电'], details: ['存在火灾隐患'], fixes: ['已拆除飞线，劝导居民到充电桩充电', '已现场断电并宣传教育'] },
  E0903: { problems: ['物业不作为，小区卫生差', '小区电梯经常故障物业不修', '物业对投诉不理睬'], fixes: ['已约谈物业公司，问题已整改'] },
};

export const FIX_FALLBACK: readonly string[] = FIX_GENERIC;

/** How a reporter opens, by channel (the hotline operator's note, the app's caption, a patrol's log). */
export const CHANNEL_OPENERS = {
  patrol: ['巡查发现：', '网格巡查：', ''],
  hotline: ['市民来电反映：', '12345工单：市民反映', '来电人称'],
  app: ['市民随手拍：', '市民上报：', ''],
} as const;

/** Notes the people in the loop write. */
export const NOTES = {
  verify: ['现场核实属实', '已到现场，情况属实', '核实情况与反映一致'],
  verifyNotFound: ['现场未发现反映的问题', '到场核实，问题不存在'],
  checkPass: ['复查合格', '现场已整改到位', '核查通过'],
  checkFail: ['复查发现问题未彻底解决，请返工', '现场整改不到位，需重新处置', '问题有反复，请再次处置'],
  extension: ['需协调相关单位，申请延期一天', '需采购配件，申请延期', '当事人不在，需约时间处理'],
  rejectExtension: ['请按原时限处置', '理由不充分，不予延期'],
  callbackSatisfied: ['回访市民，表示满意', '回访来电人，对处理结果满意'],
  callbackUnsatisfied: ['回访市民，表示问题仍未解决', '来电人反映问题有反复，要求重新处理'],
  urge: ['已超期，请抓紧处置', '督办：请尽快处理并反馈'],
  voidInvalid: ['来电信息不全，无法处理', '非本镇管辖范围'],
  merge: ['同一问题重复上报，合并处理'],
} as const;

/** Surnames and forms of address for the hotline's caller records. */
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭'];
export const ADDRESS_FORMS = ['先生', '女士', '阿姨', '师傅'];
