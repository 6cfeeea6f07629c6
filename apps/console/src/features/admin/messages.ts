import { registerMessages } from '../../i18n';

registerMessages('admin', {
  'zh-CN': {
    title: '系统管理',
    tabs: { users: '用户与角色', categories: '案件类别与时限', roster: '值班表', calendar: '工作日历', apiKeys: 'API 密钥', devices: '物联设备', cameras: '视频AI', addresses: '标准地址库', queues: '处理队列', geography: '地理底图' },
    common: { add: '新增', edit: '编辑', save: '保存', cancel: '取消', active: '启用', inactive: '停用', yes: '是', no: '否', search: '搜索', saved: '已保存', actions: '操作', none: '—' },
    users: {
      username: '用户名', displayName: '姓名', role: '角色', district: '片区', unit: '处置单位', phone: '电话', status: '状态', password: '初始密码',
      resetPassword: '重置密码', newPassword: '新密码（至少10位）', create: '新增用户', editTitle: '编辑用户 {{name}}', deactivateSelf: '不能停用自己的账号',
      passwordHint: '至少 10 位；用户首次登录后应修改',
    },
    categories: {
      code: '编码', name: '名称', nameEn: '英文名称', kind: '类型', priority: '优先级', limit: '处置时限', selfDisposable: '可自处置', needsUnit: '需派单位', defaultUnit: '默认单位',
      afterPhoto: '须处置后照片', editTitle: '编辑类别 {{code}}', units: { working_hours: '工作小时', working_days: '工作日', natural_hours: '自然小时' },
      component: '部件', event: '事件',
    },
    roster: { date: '日期', shiftLead: '值班长', cell: '网格', workers: '在岗网格员', unstaffed: '无人值班', save: '保存当天', saved: '值班表已保存', district: '片区' },
    calendar: { year: '年份', date: '日期', kind: '类型', name: '名称', nameEn: '英文名称', holiday: '法定节假日', workday: '调休上班', normal: '恢复正常', add: '设置日期', workhours: '工作时间 {{start}}–{{end}}', weekend: '周末：{{days}}', isWorkday: '当天{{v}}办公' },
    queues: {
      queue: '队列', state: '状态', waiting: '等待', active: '处理中', delayed: '延迟', failed: '失败', completed: '已完成', retry: '重试失败任务', retried: '已重新排队 {{n}} 个任务',
      names: { intake: '受理', dispatch: '派遣', sla: '时限', closure: '结案', models: '建议模型', trends: '趋势预警' },
      tone: { ok: '正常', busy: '积压', failed: '有失败', paused: '已暂停' },
    },
    apiKeys: { name: '名称', prefix: '前缀', scopes: '权限范围', createdAt: '创建时间', revokedAt: '状态', revoke: '吊销', revoked: '已吊销', activeKey: '有效', create: '签发密钥', issued: '新密钥（只显示这一次，请立即复制保存）', confirmRevoke: '吊销后使用该密钥的系统将无法再提交数据，确定吗？', scope: { open311: 'Open311 市民上报', alarms: '物联告警', 'hotline-import': '12345 导入', video: '视频AI识别' } },
    devices: { id: '设备编号', type: '类型', name: '名称', location: '位置', lat: '纬度', lng: '经度', address: '地址', grid: '网格', lastSeen: '最近上报', lastAlarm: '最近告警', openCase: '在办案件', create: '新增设备', editTitle: '编辑设备 {{id}}', raised: '告警', cleared: '解除' },
    cameras: { id: '摄像头编号', name: '名称', grid: '网格', categories: '可识别类别', lastSeen: '最近上报', rejection: '误报率', rate: '{{rate}}%（{{rejected}}/{{decided}}）', create: '新增摄像头', editTitle: '编辑摄像头 {{id}}', thresholds: '各类别置信度阈值', thresholdHint: '识别置信度低于阈值的结果须人工确认后才立案；未设置的类别使用默认值。', confirmBelow: '低于此值须确认', thresholdSet: '已设置', default: '默认' },
  },
  en: {
    title: 'Administration',
    tabs: { users: 'Users & roles', categories: 'Categories & limits', roster: 'Duty roster', calendar: 'Calendar', apiKeys: 'API keys', devices: 'IoT devices', cameras: 'Video AI', addresses: 'Address library', queues: 'Queues', geography: 'Geography' },
    common: { add: 'Add', edit: 'Edit', save: 'Save', cancel: 'Cancel', active: 'Active', inactive: 'Inactive', yes: 'Yes', no: 'No', search: 'Search', saved: 'Saved', actions: 'Actions', none: '—' },
    users: {
      username: 'Username', displayName: 'Name', role: 'Role', district: 'District', unit: 'Unit', phone: 'Phone', status: 'Status', password: 'Initial password',
      resetPassword: 'Reset password', newPassword: 'New password (10+ characters)', create: 'New user', editTitle: 'Edit {{name}}', deactivateSelf: 'You cannot deactivate your own account',
      passwordHint: 'At least 10 characters; the user should change it after signing in',
    },
    categories: {
      code: 'Code', name: 'Name', nameEn: 'English name', kind: 'Kind', priority: 'Priority', limit: 'Handling limit', selfDisposable: 'Self-disposable', needsUnit: 'Needs a unit', defaultUnit: 'Default unit',
      afterPhoto: 'After-photo required', editTitle: 'Edit category {{code}}', units: { working_hours: 'working hours', working_days: 'working days', natural_hours: 'hours (24×7)' },
      component: 'Component', event: 'Event',
    },
    roster: { date: 'Date', shiftLead: 'Shift lead', cell: 'Grid cell', workers: 'Grid workers on duty', unstaffed: 'Unstaffed', save: 'Save day', saved: 'Roster saved', district: 'District' },
    calendar: { year: 'Year', date: 'Date', kind: 'Kind', name: 'Name', nameEn: 'English name', holiday: 'Public holiday', workday: 'Adjusted workday', normal: 'Back to normal', add: 'Set a date', workhours: 'Office hours {{start}}–{{end}}', weekend: 'Weekend: {{days}}', isWorkday: 'Office {{v}} that day' },
    queues: {
      queue: 'Queue', state: 'State', waiting: 'Waiting', active: 'Active', delayed: 'Delayed', failed: 'Failed', completed: 'Done', retry: 'Retry failed jobs', retried: '{{n}} jobs queued again',
      names: { intake: 'Intake', dispatch: 'Dispatch', sla: 'Deadlines', closure: 'Closure', models: 'Suggestion model', trends: 'Trend warnings' },
      tone: { ok: 'OK', busy: 'Backlog', failed: 'Failures', paused: 'Paused' },
    },
    apiKeys: { name: 'Name', prefix: 'Prefix', scopes: 'Scopes', createdAt: 'Created', revokedAt: 'Status', revoke: 'Revoke', revoked: 'Revoked', activeKey: 'Active', create: 'Issue key', issued: 'New key (shown only once — copy it now)', confirmRevoke: 'Systems using this key will no longer be able to submit. Revoke it?', scope: { open311: 'Open311 citizen reports', alarms: 'IoT alarms', 'hotline-import': '12345 import', video: 'Video analytics' } },
    devices: { id: 'Device id', type: 'Type', name: 'Name', location: 'Location', lat: 'Latitude', lng: 'Longitude', address: 'Address', grid: 'Grid cell', lastSeen: 'Last seen', lastAlarm: 'Last alarm', openCase: 'Open case', create: 'New device', editTitle: 'Edit device {{id}}', raised: 'raised', cleared: 'cleared' },
    cameras: { id: 'Camera id', name: 'Name', grid: 'Grid cell', categories: 'Categories', lastSeen: 'Last seen', rejection: 'Rejected', rate: '{{rate}}% ({{rejected}}/{{decided}})', create: 'New camera', editTitle: 'Edit camera {{id}}', thresholds: 'Confidence thresholds by category', thresholdHint: 'Detections below the threshold wait for a person to confirm them; categories without one use the default.', confirmBelow: 'Confirm below', thresholdSet: 'Set', default: 'Default' },
  },
});
