import { registerMessages } from '../../i18n';

registerMessages('analytics', {
  'zh-CN': {
    title: '统计考核', range: '统计区间', district: '片区', allTown: '全镇', target: '目标 {{v}}',
    presets: { today: '今日', week: '近7天', month: '本月', lastMonth: '上月', quarter: '近90天' },
    rates: { onTimeRate: '按期结案率', closureRate: '结案率', grassRootsRate: '基层解决率', reworkRate: '返工率', resolutionRate: '解决率', extensionRate: '延期率', returnRate: '回退率', selfDisposalRate: '自处置率' },
    totals: { reported: '上报', filed: '立案', dispatched: '派遣', handled: '处置', closed: '结案', voided: '作废', overdue: '超期', overdueOpen: '超期未结', open: '在办', suspended: '挂账', extended: '延期', returned: '回退', reworks: '返工', escalated: '上提区级' },
    durations: { timeToAccept: '平均签收时长', timeToHandle: '平均处置时长', timeToClose: '平均结案时长', median: '中位数', count: '{{n}} 件' },
    tabs: { districts: '片区排名', gridCells: '网格排名', workers: '网格员排名', units: '处置单位', categories: '案件类别', sources: '来源' },
    cols: { rank: '排名', name: '名称', district: '片区', reported: '上报', handled: '处置', closed: '结案', dueToClose: '应结案', onTimeRate: '按期率', closureRate: '结案率', overdue: '超期', returns: '回退', reworks: '返工', meanHandling: '平均处置', score: '得分', source: '来源' },
    trend: { title: '上报与结案趋势', created: '上报', closed: '结案' },
    minutes: '{{n}}分钟', hours: '{{n}}小时', none: '—', basis: '{{a}} / {{b}}',
  },
  en: {
    title: 'Analytics', range: 'Period', district: 'District', allTown: 'Whole town', target: 'Target {{v}}',
    presets: { today: 'Today', week: 'Last 7 days', month: 'This month', lastMonth: 'Last month', quarter: 'Last 90 days' },
    rates: { onTimeRate: 'On-time closure', closureRate: 'Closure rate', grassRootsRate: 'Solved at grass roots', reworkRate: 'Rework rate', resolutionRate: 'Resolution rate', extensionRate: 'Extension rate', returnRate: 'Return rate', selfDisposalRate: 'Self-disposal rate' },
    totals: { reported: 'Reported', filed: 'Filed', dispatched: 'Dispatched', handled: 'Handled', closed: 'Closed', voided: 'Void', overdue: 'Overdue', overdueOpen: 'Overdue, open', open: 'Open', suspended: 'Suspended', extended: 'Extended', returned: 'Returned', reworks: 'Reworks', escalated: 'Escalated' },
    durations: { timeToAccept: 'Mean time to accept', timeToHandle: 'Mean time to handle', timeToClose: 'Mean time to close', median: 'median', count: '{{n}} cases' },
    tabs: { districts: 'Districts', gridCells: 'Grid cells', workers: 'Grid workers', units: 'Units', categories: 'Categories', sources: 'Sources' },
    cols: { rank: 'Rank', name: 'Name', district: 'District', reported: 'Reported', handled: 'Handled', closed: 'Closed', dueToClose: 'Due', onTimeRate: 'On time', closureRate: 'Closed %', overdue: 'Overdue', returns: 'Returns', reworks: 'Reworks', meanHandling: 'Mean handling', score: 'Score', source: 'Source' },
    trend: { title: 'Reported vs closed', created: 'Reported', closed: 'Closed' },
    minutes: '{{n}} min', hours: '{{n}} h', none: '—', basis: '{{a}} / {{b}}',
  },
});
