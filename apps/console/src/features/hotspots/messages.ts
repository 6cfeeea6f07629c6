import { registerMessages } from '../../i18n';

registerMessages('hotspots', {
  'zh-CN': {
    title: '高发点位',
    rule: '同类问题 {{days}} 天内在 {{radius}} 米内出现 {{n}} 次及以上',
    empty: '暂无高发点位',
    cols: { category: '类别', place: '位置', district: '片区', count: '次数', last: '最近上报', cases: '案件', special: '专项案件' },
    open: '开专项',
    opened: '专项案件 {{number}} 已立',
    openFailed: '开专项失败：{{message}}',
  },
  en: {
    title: 'Hotspots',
    rule: 'One category {{n}}+ times within {{radius}} m in {{days}} days',
    empty: 'No hotspots',
    cols: { category: 'Category', place: 'Place', district: 'District', count: 'Count', last: 'Last report', cases: 'Cases', special: 'Root-cause case' },
    open: 'Open root-cause case',
    opened: 'Root-cause case {{number}} opened',
    openFailed: 'Could not open it: {{message}}',
  },
});
