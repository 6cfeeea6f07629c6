import { registerMessages } from '../../i18n';

/** Words of the desk (受理/派遣台), namespace `desk`. */
registerMessages('desk', {
  'zh-CN': {
    title: '受理派遣台',
    view: {
      title: '视图', triage: '待处理', intake: '待受理', dispatch: '待派遣', file: '待立案', close: '待结案', overdue: '超期', supervised: '督办', approval: '延期/回退申请',
      duplicates: '疑似重复', open: '全部在办', save: '保存为视图', saveTitle: '保存当前筛选为视图', name: '视图名称',
      namePlaceholder: '如：新城待派遣', saved: '已保存视图“{{name}}”', deleted: '已删除视图“{{name}}”', delete: '删除视图', custom: '我的视图',
    },
    filter: {
      state: '状态', district: '片区', grid: '网格', category: '类别', source: '来源', light: '红黄绿灯', search: '编号 / 描述 / 地址',
      supervised: '督办', urgent: '紧急', held: '待人工派遣', duplicate: '疑似重复', open: { true: '在办', false: '已办结', all: '全部' },
      any: '不限', yes: '是', no: '否', reset: '重置', more: '更多筛选', count: '{{n}} 项筛选',
    },
    column: {
      number: '编号', state: '状态', category: '类别', where: '网格', source: '来源', description: '问题描述', reportedAt: '上报',
      due: '时限', assignee: '处置人/单位', priority: '等级', caller: '来电人',
    },
    table: { empty: '当前视图下没有案件', loaded: '本页 {{n}} 件', total: '共 {{n}} 件', drill: '指标下钻：{{kpi}}，{{from}} 至 {{to}}', clearDrill: '清除下钻', window: '上报时间 {{from}} – {{to}}', prev: '上一页', next: '下一页', pageSize: '每页 {{n}}', fresh: '新', refresh: '刷新', error: '列表加载失败：{{message}}' },
    bulk: {
      selected: '已选 {{n}} 件', dispatch: '批量派遣', clear: '取消选择', title: '批量派遣 {{n}} 件案件', assignee: '派遣给', note: '说明（可选）',
      mixedDistricts: '所选案件分属多个片区：网格员只能接本片区案件，这里只提供处置单位。', start: '开始派遣', running: '派遣中 {{done}}/{{n}}',
      finished: '完成：成功 {{ok}} 件，未成功 {{failed}} 件', close: '完成', onlyPending: '只有待派遣的案件可以派遣',
      status: { pending: '等待', running: '派遣中', done: '已派遣', conflict: '已被他人更新', failed: '失败' },
      conflictHint: '该案件在您选择后已被更新（{{state}}），未派遣，请刷新后确认。',
    },
    duplicate: {
      title: '疑似重复案件对比', thisCase: '新上报', otherCase: '疑似重复于', distance: '两处相距约 {{m}} 米', gap: '上报时间相差 {{t}}',
      merge: '合并到 {{number}}', dismiss: '不是重复：{{action}}', dismissNote: '已核对：与 {{number}} 不是同一问题', otherClosed: '被比对的案件已办结或作废，不能合并到它。',
      loading: '加载对比案件…', none: '该案件没有重复提示',
    },
    intake: {
      open: '受理登记', title: '受理登记（来电 / 来访）', keys: 'Tab 切换 · 输入即可搜索 · Ctrl+Enter 保存 · Esc 关闭',
      source: '来源', sources: { hotline_12345: '12345来电', citizen_app: '市民来访', police_110: '110联动', district_assigned: '上级交办' },
      callerName: '来电人 / 来访人', callerPhone: '联系电话', category: '问题类别', categoryPlaceholder: '输入名称或编码搜索，如 垃圾、E0102',
      description: '问题描述', cell: '位置（网格）', cellPlaceholder: '输入片区或网格名称搜索，或在右侧地图上点选', cellHint: '选择网格，或在地图上点出具体位置',
      address: '地址（可选，可从标准地址库选择）', addressPicked: '已按标准地址库定位，案件显示标准地址', mapLabel: '点选位置的地图', mapHint: '在地图上点击可标出具体位置', save: '保存登记', clear: '清空',
      saved: '已登记 {{number}}', refused: '未能保存：{{message}}', offline: '未能连接服务器，内容已保留，请稍后再保存（不会重复登记）',
      reused: '修改前的那次保存已到达服务器并已登记；请先在列表中核对。再次保存将登记为另一件案件。',
      nearbyIdle: '选好类别和位置后，这里列出附近 50 米内 24 小时内的同类在办案件（疑似重复）。', nearbyNone: '附近没有同类在办案件',
      nearbyFound: '附近有 {{n}} 件同类在办案件，请先核对是否重复', nearbyFailed: '疑似重复查询失败', nearbyMeta: '相距 {{m}} 米 · {{at}} 上报', nearbyCaller: '来电人 {{caller}}',
      suggested: '建议类别（Alt+1~3 选用）', suggestionTitle: '建议 {{n}}：{{name}}（{{code}}），模型置信度 {{pct}}%',
      error: {
        category: '请选择问题类别', description: '请填写问题描述', descriptionTooLong: '问题描述过长', location: '请选择网格或在地图上点选位置',
        outside: '该点不在长征镇的四个片区内', callerName: '姓名过长', callerPhone: '电话只能包含数字、空格和 + - ( )', addressTooLong: '地址过长',
      },
    },
    search: {
      notInView: '当前视图下没有“{{q}}”', nowhere: '全部案件中也没有找到“{{q}}”', foundElsewhere: '在其他视图中找到 {{n}}{{more}} 件：',
      everywhere: '在全部案件中搜索“{{q}}”',
    },
    keys: { hint: 'n 受理登记 · j/k 或 ↑/↓ 移动 · Enter 打开 · Esc 关闭' },
  },
  en: {
    title: 'Dispatch desk',
    view: {
      title: 'Views', triage: 'To handle', intake: 'To register', dispatch: 'To dispatch', file: 'To file', close: 'To close', overdue: 'Overdue', supervised: 'Supervised', approval: 'Extension/return requests',
      duplicates: 'Possible duplicates', open: 'All open', save: 'Save as view', saveTitle: 'Save the current filters as a view', name: 'View name',
      namePlaceholder: 'e.g. Xincheng to dispatch', saved: 'View “{{name}}” saved', deleted: 'View “{{name}}” deleted', delete: 'Delete view', custom: 'My views',
    },
    filter: {
      state: 'State', district: 'District', grid: 'Grid cell', category: 'Category', source: 'Source', light: 'Light', search: 'Number / description / address',
      supervised: 'Supervised', urgent: 'Urgent', held: 'Dispatch by hand', duplicate: 'Possible duplicate', open: { true: 'Open', false: 'Finished', all: 'All' },
      any: 'Any', yes: 'Yes', no: 'No', reset: 'Reset', more: 'More filters', count: '{{n}} filters',
    },
    column: {
      number: 'Number', state: 'State', category: 'Category', where: 'Grid cell', source: 'Source', description: 'Description', reportedAt: 'Reported',
      due: 'Due', assignee: 'Assignee', priority: 'Prio', caller: 'Caller',
    },
    table: { empty: 'No cases in this view', loaded: '{{n}} on this page', total: '{{n}} in all', drill: 'Figure: {{kpi}}, {{from}} to {{to}}', clearDrill: 'Clear the drill-down', window: 'Reported {{from}} – {{to}}', prev: 'Previous', next: 'Next', pageSize: '{{n}} per page', fresh: 'new', refresh: 'Refresh', error: 'Could not load the list: {{message}}' },
    bulk: {
      selected: '{{n}} selected', dispatch: 'Dispatch selected', clear: 'Clear selection', title: 'Dispatch {{n}} cases', assignee: 'Dispatch to', note: 'Note (optional)',
      mixedDistricts: 'The cases are in several districts: grid workers take only their own district’s cases, so only units are offered.', start: 'Dispatch', running: 'Dispatching {{done}}/{{n}}',
      finished: 'Done: {{ok}} dispatched, {{failed}} not', close: 'Done', onlyPending: 'Only cases pending dispatch can be dispatched',
      status: { pending: 'Waiting', running: 'Dispatching', done: 'Dispatched', conflict: 'Changed by someone else', failed: 'Failed' },
      conflictHint: 'This case changed after you selected it ({{state}}); it was not dispatched. Refresh and check.',
    },
    duplicate: {
      title: 'Possible duplicate: side by side', thisCase: 'New report', otherCase: 'Possibly repeats', distance: 'About {{m}} m apart', gap: 'Reported {{t}} apart',
      merge: 'Merge into {{number}}', dismiss: 'Not a duplicate: {{action}}', dismissNote: 'Checked: not the same problem as {{number}}', otherClosed: 'The other case is closed or void: it cannot take a merge.',
      loading: 'Loading the other case…', none: 'This case has no duplicate suggestion',
    },
    intake: {
      open: 'Register a call', title: 'Register a call or walk-in', keys: 'Tab to move · type to search · Ctrl+Enter saves · Esc closes',
      source: 'Source', sources: { hotline_12345: '12345 call', citizen_app: 'Walk-in citizen', police_110: '110 hand-over', district_assigned: 'From the district' },
      callerName: 'Caller / visitor', callerPhone: 'Phone', category: 'Category', categoryPlaceholder: 'Type a name or code, e.g. rubbish, E0102',
      description: 'Description', cell: 'Location (grid cell)', cellPlaceholder: 'Type a district or cell name, or click the map', cellHint: 'Pick a grid cell, or click the exact spot on the map',
      address: 'Address (optional, pick from the address library)', addressPicked: 'Placed by the address library; the case shows the standard address', mapLabel: 'Map to pick the location', mapHint: 'Click the map to mark the exact spot', save: 'Save report', clear: 'Clear',
      saved: 'Registered {{number}}', refused: 'Not saved: {{message}}', offline: 'Could not reach the server; the form is kept — save again later (it will not register twice)',
      reused: 'The save before your change reached the server and was registered: check the list first. Saving again registers another case.',
      nearbyIdle: 'Once category and location are set, open cases of the category within 50 m and 24 h are listed here (possible duplicates).', nearbyNone: 'No open case of this category nearby',
      nearbyFound: '{{n}} open cases of this category nearby: check for a duplicate first', nearbyFailed: 'Could not look for duplicates', nearbyMeta: '{{m}} m away · reported {{at}}', nearbyCaller: 'Caller {{caller}}',
      suggested: 'Suggested (Alt+1–3 takes one)', suggestionTitle: 'Suggestion {{n}}: {{name}} ({{code}}), model confidence {{pct}}%',
      error: {
        category: 'Choose a category', description: 'Describe the problem', descriptionTooLong: 'The description is too long', location: 'Pick a grid cell or click the map',
        outside: 'That point is outside the four districts of Changzheng', callerName: 'The name is too long', callerPhone: 'A phone number holds digits, spaces and + - ( ) only', addressTooLong: 'The address is too long',
      },
    },
    search: {
      notInView: 'Nothing matches “{{q}}” in this view', nowhere: 'No case anywhere matches “{{q}}”', foundElsewhere: 'Found in other views ({{n}}{{more}}):',
      everywhere: 'Search all cases for “{{q}}”',
    },
    keys: { hint: 'n register a call · j/k or ↑/↓ to move · Enter to open · Esc to close' },
  },
});
