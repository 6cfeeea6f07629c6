import { registerMessages } from '../../i18n';

/** Words of the case file, drawer, timeline and action forms (namespace `cases`). */
registerMessages('cases', {
  'zh-CN': {
    file: {
      title: '案卷', print: '打印案卷', openFile: '打开案卷', copyLink: '复制链接', linkCopied: '链接已复制', back: '返回',
      notFound: '案件不存在或不在您的权限范围内', loadFailed: '案件加载失败', printedAt: '打印时间 {{at}}，打印人 {{name}}',
    },
    section: { summary: '基本信息', deadlines: '时限', actions: '可执行操作', map: '位置', photos: '照片', timeline: '流转记录', reporter: '上报人' },
    field: {
      number: '案件编号', state: '状态', category: '类别', priority: '等级', source: '来源', district: '片区', grid: '网格',
      address: '地址', description: '问题描述', reportedAt: '上报时间', occurredAt: '发生时间', assignee: '处置人/单位',
      checker: '核查人', fixer: '处置人', reporter: '上报人', phone: '电话', location: '坐标', counters: '计数',
      duplicateOf: '已合并至', voidReason: '作废原因', returnReason: '回退原因', requestedDueAt: '申请延期至', callback: '回访结果',
    },
    flag: { urgent: '紧急', supervised: '督办', escalated: '已上提区级', held: '待人工派遣', duplicate: '疑似重复', rework: '返工 {{n}} 次', extension: '延期 {{n}} 次', returned: '回退 {{n}} 次' },
    hold: { no_one_on_duty: '网格无人值班，需人工派遣', other: '自动派遣未完成，需人工派遣' },
    deadline: { step: '当前环节时限', handling: '处置时限', clock: '计时', none: '当前无计时', suspended: '挂账中，计时暂停' },
    milestone: { reportedAt: '上报', filedAt: '立案', dispatchedAt: '派遣', acceptedAt: '签收', handledAt: '处置', checkedAt: '核查', closedAt: '结案' },
    callback: { satisfied: '满意', dissatisfied: '不满意' },
    event: { report: '上报' },
    duplicate: { compare: '并排对比', banner: '疑似与 {{number}} 重复（同类别、位置相近、时间接近）', open: '查看该案件' },
    timeline: { empty: '暂无记录', system: '系统', transition: '{{from}} → {{to}}', photos: '{{n}} 张照片', detail: '{{label}}：{{value}}' },
    photos: { empty: '暂无照片', kind: { before: '处置前', after: '处置后', report: '上报', other: '其他' } },
    map: { loading: '地图加载中…', noGeometry: '暂无网格边界数据' },
    action: {
      none: '当前没有您可执行的操作', submit: '确认{{action}}', done: '已{{action}}', cancel: '取消',
      placeholder: {
        note: '说明（可选）', noteRequired: '请填写说明', assignee: '选择网格员或处置单位', checker: '自动指派（可选）', reason: '选择原因',
        target: '输入案件编号或描述搜索', dueAt: '选择新的时限',
      },
      label: {
        note: '说明', attachmentIds: '照片', reasonCode: '原因', assignee: '派遣给', checkerUserId: '核查人', categoryCode: '类别',
        priority: '等级', urgent: '紧急', dueAt: '新时限', satisfied: '回访结果', targetCaseId: '合并到案件',
      },
      group: { gridWorkers: '网格员（{{district}}）', units: '处置单位', unitStaff: '处置单位人员' },
      suggested: '建议', currentDue: '当前时限 {{at}}', requestedDue: '申请延期至 {{at}}', extendBy: '延长',
      preset: { h4: '+4小时', d1: '+1天', d2: '+2天', d3: '+3天', d7: '+7天' },
      upload: '上传照片', uploading: '上传中…', uploadFailed: '照片上传失败：{{message}}', afterPhotoHint: '本类别须上传处置后照片',
      searchCases: '搜索案件…', noCases: '没有匹配的在办案件',
    },
    reason: {
      duplicate: '重复上报', out_of_jurisdiction: '非本镇管辖', invalid: '无效信息', not_found: '现场未发现', other: '其他',
      not_our_responsibility: '非本单位职责', wrong_category: '类别错误', wrong_location: '位置错误', cannot_handle: '无法处置',
    },
    validation: {
      required: '必填', invalid: '格式不正确', tooLong: '不能超过 {{max}} 字', noteOrPhoto: '请填写说明或上传照片',
      afterPhoto: '本类别须上传处置后照片', dueAfterNow: '新时限须晚于现在', dueAfterCurrent: '新时限须晚于当前时限',
      tooMany: '最多 {{max}} 项', sameCase: '不能合并到本案件',
    },
    moved: {
      loading: '此案件刚被他人更新，正在载入最新状态…（您填写的内容已保留）',
      by: '此案件已被 {{who}} {{what}}（{{time}}），现为“{{state}}”。', unknown: '此案件已被他人更新，现为“{{state}}”。',
      stillAllowed: '您填写的内容已保留，仍可{{action}}。', notAllowed: '“{{action}}”已不能执行；您填写的内容已保留，可改为：',
      nothingAllowed: '“{{action}}”已不能执行，您现在没有可执行的操作；填写的内容保留在此，可复制后关闭。',
    },
    error: {
      conflict: '{{who}}于 {{time}} 更新了此案件（{{what}}），以下已是最新状态，请核对后再操作。',
      conflictUnknown: '此案件已被他人更新，以下已是最新状态，请核对后再操作。',
      forbidden: '您无权执行此操作：{{message}}', notFound: '案件不存在或不在您的权限范围内',
      INVALID_STATE: '案件当前状态不能执行此操作（可能已被他人处理）', RULE_VIOLATION: '业务规则不允许：{{message}}',
      INVALID_ASSIGNEE: '派遣对象无效：{{message}}', INVALID_CHECKER: '核查人无效：{{message}}', INVALID_TARGET: '合并目标无效：{{message}}',
      input: '输入有误：{{message}}', network: '网络连接失败，请稍后重试', generic: '操作失败：{{message}}',
    },
  },
  en: {
    file: {
      title: 'Case file', print: 'Print', openFile: 'Open case file', copyLink: 'Copy link', linkCopied: 'Link copied', back: 'Back',
      notFound: 'This case does not exist or is outside your scope', loadFailed: 'Could not load the case', printedAt: 'Printed {{at}} by {{name}}',
    },
    section: { summary: 'Summary', deadlines: 'Deadlines', actions: 'Actions', map: 'Location', photos: 'Photos', timeline: 'Timeline', reporter: 'Reporter' },
    field: {
      number: 'Number', state: 'State', category: 'Category', priority: 'Priority', source: 'Source', district: 'District', grid: 'Grid cell',
      address: 'Address', description: 'Description', reportedAt: 'Reported', occurredAt: 'Occurred', assignee: 'Assignee',
      checker: 'Checker', fixer: 'Fixed by', reporter: 'Reporter', phone: 'Phone', location: 'Coordinates', counters: 'Counters',
      duplicateOf: 'Merged into', voidReason: 'Void reason', returnReason: 'Return reason', requestedDueAt: 'Extension asked to', callback: 'Callback',
    },
    flag: { urgent: 'Urgent', supervised: 'Supervised', escalated: 'Escalated to district', held: 'Dispatch by hand', duplicate: 'Possible duplicate', rework: 'Rework ×{{n}}', extension: 'Extended ×{{n}}', returned: 'Returned ×{{n}}' },
    hold: { no_one_on_duty: 'No one on duty in this grid cell: dispatch by hand', other: 'Automatic dispatch did not finish: dispatch by hand' },
    deadline: { step: 'Current step due', handling: 'Handling due', clock: 'Clock', none: 'No clock running', suspended: 'Suspended: clock paused' },
    milestone: { reportedAt: 'Reported', filedAt: 'Filed', dispatchedAt: 'Dispatched', acceptedAt: 'Accepted', handledAt: 'Handled', checkedAt: 'Checked', closedAt: 'Closed' },
    callback: { satisfied: 'Satisfied', dissatisfied: 'Dissatisfied' },
    event: { report: 'Reported' },
    duplicate: { compare: 'Compare side by side', banner: 'Possibly repeats {{number}} (same category, nearby, close in time)', open: 'Open that case' },
    timeline: { empty: 'No events yet', system: 'System', transition: '{{from}} → {{to}}', photos: '{{n}} photo(s)', detail: '{{label}}: {{value}}' },
    photos: { empty: 'No photos', kind: { before: 'Before', after: 'After', report: 'Report', other: 'Other' } },
    map: { loading: 'Loading map…', noGeometry: 'No grid outline available' },
    action: {
      none: 'No action you can take now', submit: '{{action}}', done: '{{action}}: done', cancel: 'Cancel',
      placeholder: {
        note: 'Note (optional)', noteRequired: 'Please write a note', assignee: 'Choose a grid worker or unit', checker: 'Assigned automatically (optional)', reason: 'Choose a reason',
        target: 'Search by number or description', dueAt: 'Choose the new deadline',
      },
      label: {
        note: 'Note', attachmentIds: 'Photos', reasonCode: 'Reason', assignee: 'Dispatch to', checkerUserId: 'Checker', categoryCode: 'Category',
        priority: 'Priority', urgent: 'Urgent', dueAt: 'New deadline', satisfied: 'Callback result', targetCaseId: 'Merge into case',
      },
      group: { gridWorkers: 'Grid workers ({{district}})', units: 'Units', unitStaff: 'Unit staff' },
      suggested: 'suggested', currentDue: 'Currently due {{at}}', requestedDue: 'Asked for {{at}}', extendBy: 'Extend',
      preset: { h4: '+4 h', d1: '+1 day', d2: '+2 days', d3: '+3 days', d7: '+7 days' },
      upload: 'Upload photo', uploading: 'Uploading…', uploadFailed: 'Upload failed: {{message}}', afterPhotoHint: 'This category needs an after-photo',
      searchCases: 'Search cases…', noCases: 'No matching open case',
    },
    reason: {
      duplicate: 'Duplicate', out_of_jurisdiction: 'Out of jurisdiction', invalid: 'Invalid', not_found: 'Not found on site', other: 'Other',
      not_our_responsibility: 'Not our responsibility', wrong_category: 'Wrong category', wrong_location: 'Wrong location', cannot_handle: 'Cannot handle',
    },
    validation: {
      required: 'Required', invalid: 'Invalid value', tooLong: 'At most {{max}} characters', noteOrPhoto: 'Write a note or add a photo',
      afterPhoto: 'This category needs an after-photo', dueAfterNow: 'The new deadline must be in the future', dueAfterCurrent: 'The new deadline must be later than the current one',
      tooMany: 'At most {{max}}', sameCase: 'A case cannot be merged into itself',
    },
    moved: {
      loading: 'Someone else just updated this case; loading it… (what you typed is kept)',
      by: '{{who}} took “{{what}}” on this case at {{time}}; it is now “{{state}}”.', unknown: 'Someone else updated this case; it is now “{{state}}”.',
      stillAllowed: 'What you typed is kept; you can still {{action}}.', notAllowed: '“{{action}}” is no longer possible; what you typed is kept. Instead:',
      nothingAllowed: '“{{action}}” is no longer possible and you have no action on this case now; what you typed stays here to copy.',
    },
    error: {
      conflict: '{{who}} updated this case at {{time}} ({{what}}). Below is the current state: check it before acting again.',
      conflictUnknown: 'Someone else updated this case. Below is the current state: check it before acting again.',
      forbidden: 'You may not do this: {{message}}', notFound: 'This case does not exist or is outside your scope',
      INVALID_STATE: 'This action is not possible in the case’s current state (someone may have handled it already)', RULE_VIOLATION: 'A workflow rule says no: {{message}}',
      INVALID_ASSIGNEE: 'Invalid assignee: {{message}}', INVALID_CHECKER: 'Invalid checker: {{message}}', INVALID_TARGET: 'Invalid merge target: {{message}}',
      input: 'Invalid input: {{message}}', network: 'Network unavailable, try again', generic: 'The action failed: {{message}}',
    },
  },
});
