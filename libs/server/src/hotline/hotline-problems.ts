import type { HotlineField, HotlineRowProblem } from '@gridops/contracts';

/** Every problem a row can have: a stable English code, a Chinese message for the desk, an English one beside it. */
export const problem = {
  missingExternalRef: (): HotlineRowProblem => p('MISSING_EXTERNAL_REF', 'externalRef', '缺少工单号', 'the 工单号 (work order number) is empty'),
  badExternalRef: (v: string): HotlineRowProblem =>
    p('BAD_EXTERNAL_REF', 'externalRef', `工单号「${cut(v)}」格式不正确（应为字母、数字及 . _ - / # :，最长 64 位）`, `the 工单号 "${cut(v)}" is not a valid work order number (letters, digits and . _ - / # :, up to 64)`),
  externalRefLostPrecision: (v: string): HotlineRowProblem =>
    p('BAD_EXTERNAL_REF', 'externalRef', `工单号「${cut(v)}」被 Excel 存成数字并丢失精度，请把该列设为文本后重新导出`, `the 工单号 "${cut(v)}" was stored by Excel as a number and lost digits; format the column as text`),
  duplicateInFile: (firstRow: number): HotlineRowProblem =>
    p('DUPLICATE_IN_FILE', 'externalRef', `工单号与第 ${firstRow} 行重复，本行未导入`, `the same 工单号 is already on row ${firstRow} of this file; this row is skipped`),
  emptyDescription: (): HotlineRowProblem => p('EMPTY_DESCRIPTION', 'description', '诉求内容为空', 'the 诉求内容 (complaint text) is empty'),
  missingCategory: (): HotlineRowProblem => p('MISSING_CATEGORY', 'category', '缺少分类', 'the 分类 (category) is empty'),
  unknownCategory: (v: string): HotlineRowProblem =>
    p('UNKNOWN_CATEGORY', 'category', `未知分类「${cut(v)}」，请在导入映射的分类对照中添加`, `unknown 分类 "${cut(v)}": add it to the mapping's category table`),
  inactiveCategory: (code: string): HotlineRowProblem => p('CATEGORY_INACTIVE', 'category', `分类 ${code} 已停用`, `category ${code} is no longer in use`),
  badCoordinates: (v: string): HotlineRowProblem =>
    p('BAD_COORDINATES', 'coordinates', `坐标「${cut(v)}」无法识别（应为经度、纬度两个数字）`, `the coordinates "${cut(v)}" are not a longitude and a latitude`),
  outsideTown: (lat: number, lng: number): HotlineRowProblem =>
    p('OUTSIDE_TOWN', 'coordinates', `坐标 (${lng}, ${lat}) 不在长征镇四个片区内`, `(${lng}, ${lat}) is outside 长征镇's four 片区`),
  addressNotLocated: (v: string): HotlineRowProblem =>
    p('ADDRESS_NOT_LOCATED', 'address', `没有坐标，地址「${cut(v)}」也无法匹配到网格；请补充坐标或在导入映射中添加地址关键词`, `no coordinates, and the address "${cut(v)}" matches no grid cell: add coordinates or an address keyword to the mapping`),
  addressAmbiguous: (v: string, candidates: string[]): HotlineRowProblem =>
    p(
      'ADDRESS_AMBIGUOUS',
      'address',
      `没有坐标，地址「${cut(v)}」在标准地址库中对应多个地址（${candidates.join('、')}），未导入；请补充坐标或写明地址`,
      `no coordinates, and the address "${cut(v)}" could be more than one entry of the address library (${candidates.join(', ')}): not imported; add coordinates or a precise address`,
    ),
  missingLocation: (): HotlineRowProblem => p('MISSING_LOCATION', 'address', '既没有坐标也没有地址，无法定位', 'neither coordinates nor an address: the row cannot be placed'),
  invalidField: (field: HotlineField | null, message: string): HotlineRowProblem => p('INVALID_FIELD', field, `字段无效：${message}`, `invalid field: ${message}`),
  intakeRefused: (code: string, message: string): HotlineRowProblem => p(code, null, `上报被拒绝：${message}`, `the report was refused: ${message}`),

  descriptionTruncated: (max: number): HotlineRowProblem => p('DESCRIPTION_TRUNCATED', 'description', `诉求内容过长，已截断为 ${max} 字`, `the 诉求内容 was cut to ${max} characters`),
  addressTruncated: (max: number): HotlineRowProblem => p('ADDRESS_TRUNCATED', 'address', `地址过长，已截断为 ${max} 字`, `the address was cut to ${max} characters`),
  nameTruncated: (max: number): HotlineRowProblem => p('NAME_TRUNCATED', 'reporterName', `联系人过长，已截断为 ${max} 字`, `the contact name was cut to ${max} characters`),
  phoneDropped: (v: string): HotlineRowProblem =>
    p('PHONE_DROPPED', 'reporterPhone', `联系电话「${cut(v)}」格式无法识别，未导入该号码`, `the phone "${cut(v)}" is not a phone number; it was left out`),
  badCalledAt: (v: string): HotlineRowProblem => p('BAD_CALLED_AT', 'calledAt', `来电时间「${cut(v)}」无法识别，已忽略`, `the call time "${cut(v)}" is not a date and time; ignored`),
  calledAtInFuture: (v: string): HotlineRowProblem => p('CALLED_AT_IN_FUTURE', 'calledAt', `来电时间「${cut(v)}」晚于当前时间，已忽略`, `the call time "${cut(v)}" is in the future; ignored`),
  categoryGuessed: (v: string, code: string): HotlineRowProblem =>
    p('CATEGORY_GUESSED', 'category', `分类「${cut(v)}」按包含的名称归入 ${code}，请核对`, `分类 "${cut(v)}" was taken as ${code} from a name it contains: please check`),
  locatedByLibrary: (standard: string): HotlineRowProblem =>
    p('LOCATED_BY_LIBRARY', 'address', `无坐标，按标准地址库定位到「${cut(standard)}」`, `no coordinates: placed at "${cut(standard)}" of the address library`),
  locatedByAddress: (cell: string): HotlineRowProblem =>
    p('LOCATED_BY_ADDRESS', 'address', `无坐标，按地址定位到网格 ${cell} 的中心点，需现场核实`, `no coordinates: placed at the anchor point of grid cell ${cell} from the address; verify on site`),
};

function p(code: string, field: HotlineField | null, message: string, messageEn: string): HotlineRowProblem {
  return { code, field, message, messageEn };
}

/** Quoted cell text stays short in messages. */
function cut(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}
