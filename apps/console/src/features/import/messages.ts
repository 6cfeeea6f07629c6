import { registerMessages } from '../../i18n';

registerMessages('import', {
  'zh-CN': {
    title: '12345 工单导入', pick: '选择文件（CSV / XLSX）', mapping: '列映射', defaultMapping: '默认', dryRun: '预检（不写入）', run: '正式导入',
    hint: '先预检：逐行说明将新建、合并、不变或拒绝的原因；确认无误后再正式导入。按工单号去重，重复导入不会产生重复案件。',
    counts: { total: '总行数', created: '新建', merged: '合并', unchanged: '不变', refused: '拒绝' },
    cols: { row: '行', ref: '工单号', status: '结果', case: '案件', located: '定位', problems: '问题', suggested: '建议类别（模型）' },
    status: { created: '新建', merged: '合并', unchanged: '不变', refused: '拒绝' },
    located: { coordinates: '坐标', library: '标准地址库', address: '按地址（需现场核实）' },
    history: '导入记录', when: '时间', file: '文件', by: '导入人', dry: '预检', onlyProblems: '只看有问题的行', done: '导入完成：新建 {{created}}，合并 {{merged}}，拒绝 {{refused}}',
  },
  en: {
    title: '12345 work-order import', pick: 'Choose a file (CSV / XLSX)', mapping: 'Column mapping', defaultMapping: 'default', dryRun: 'Dry run (writes nothing)', run: 'Import',
    hint: 'Dry-run first: each row says whether it would be created, merged, unchanged or refused and why; then import. Work-order numbers are deduplicated, so re-importing never makes a case twice.',
    counts: { total: 'Rows', created: 'Created', merged: 'Merged', unchanged: 'Unchanged', refused: 'Refused' },
    cols: { row: 'Row', ref: 'Work order', status: 'Result', case: 'Case', located: 'Located by', problems: 'Problems', suggested: 'Suggested category (model)' },
    status: { created: 'Created', merged: 'Merged', unchanged: 'Unchanged', refused: 'Refused' },
    located: { coordinates: 'coordinates', library: 'address library', address: 'address (verify on site)' },
    history: 'Imports', when: 'When', file: 'File', by: 'By', dry: 'dry run', onlyProblems: 'Only rows with problems', done: 'Imported: {{created}} created, {{merged}} merged, {{refused}} refused',
  },
});
