import { registerMessages } from '../../i18n';

/** Words of the export button (导出), namespace `exports`. */
registerMessages('exports', {
  'zh-CN': {
    export: '导出', csv: 'CSV（Excel 可直接打开）', xlsx: 'Excel 工作簿（.xlsx）', cancel: '取消', preparing: '正在准备导出…',
    rows: '已导出 {{n}} / {{total}} 行', bytes: '已接收 {{size}}（共 {{total}} 行）', done: '已导出 {{name}}', failed: '导出失败：{{message}}',
    busy: '正在导出，请稍候',
  },
  en: {
    export: 'Export', csv: 'CSV (opens in Excel)', xlsx: 'Excel workbook (.xlsx)', cancel: 'Cancel', preparing: 'Preparing the export…',
    rows: '{{n}} of {{total}} rows exported', bytes: '{{size}} received ({{total}} rows)', done: 'Exported {{name}}', failed: 'Export failed: {{message}}',
    busy: 'An export is running',
  },
});
