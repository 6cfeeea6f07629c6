/** Words every screen uses. Domain labels (states, actions, roles, sources, districts) come from @gridops/domain. */
export const commonMessages = {
  'zh-CN': {
    app: { title: '长征镇一网统管', subtitle: '城运中心运行控制台' },
    nav: { board: '一屏观天下', desk: '受理派遣台', video: '视频AI确认', field: '我的任务', analytics: '统计考核', warnings: '趋势预警', import: '12345导入', admin: '系统管理', cases: '案件' },
    live: { connecting: '连接中', live: '实时', reconnecting: '重连中', stale: '数据可能过期' },
    light: { green: '正常', yellow: '临期', red: '超期', none: '—' },
    action: { logout: '退出登录', language: 'English', retry: '重试', cancel: '取消', save: '保存', submit: '提交', close: '关闭', refresh: '刷新', open: '打开' },
    login: {
      title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '用户名或密码错误', tooMany: '尝试次数过多，请稍后再试',
      demo: '演示账号密码：gridops-demo（operator / supervisor / worker.xincheng / admin …）',
    },
    error: { network: '网络连接失败', notFound: '页面不存在', forbidden: '无权访问', generic: '出错了', conflict: '案件已被他人更新，请刷新后重试' },
    misc: { loading: '加载中…', empty: '暂无数据', town: '全镇', unknown: '未知' },
  },
  en: {
    app: { title: 'Changzheng Grid Governance', subtitle: 'Operations centre console' },
    nav: { board: 'Town board', desk: 'Dispatch desk', video: 'Video', field: 'My tasks', analytics: 'Analytics', warnings: 'Warnings', import: '12345 import', admin: 'Admin', cases: 'Cases' },
    live: { connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting', stale: 'Data may be stale' },
    light: { green: 'On time', yellow: 'Near due', red: 'Overdue', none: '—' },
    action: { logout: 'Sign out', language: '中文', retry: 'Retry', cancel: 'Cancel', save: 'Save', submit: 'Submit', close: 'Close', refresh: 'Refresh', open: 'Open' },
    login: {
      title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Wrong username or password', tooMany: 'Too many attempts, try again later',
      demo: 'Demo password: gridops-demo (operator / supervisor / worker.xincheng / admin …)',
    },
    error: { network: 'Network unavailable', notFound: 'Page not found', forbidden: 'Not allowed', generic: 'Something went wrong', conflict: 'Someone else updated this case; refresh and try again' },
    misc: { loading: 'Loading…', empty: 'No data', town: 'Whole town', unknown: 'Unknown' },
  },
};
