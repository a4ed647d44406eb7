// Shared by the hall's pages: words in Chinese and English, the JSON calls with the session's CSRF token, and plain
// words for every error. Nothing is loaded from elsewhere.
'use strict';

const OW = (() => {
  const words = {
    zh: {
      'app.title': '一窗通 · 大厅', 'signin.title': '工作人员登录', 'signin.hall': '大厅编号', 'signin.name': '姓名',
      'signin.password': '密码', 'signin.go': '登录', 'signin.wrong': '姓名或密码不正确，请重新输入。',
      'signin.locked': '密码错误次数过多，账号已锁定至 {until}，请稍后再试或联系大厅管理员。',
      'signout': '退出', 'lang': 'English', 'window': '窗口', 'window.choose': '请选择您的窗口',
      'window.n': '{n} 号窗口', 'current': '当前号码', 'current.none': '暂无', 'state.called': '已叫号，等待到窗',
      'state.serving': '正在办理', 'state.waiting': '等待中', 'state.done': '已办结', 'state.no_show': '过号',
      'act.next': '叫下一位', 'act.recall': '重呼', 'act.start': '开始办理', 'act.done': '办结',
      'act.transfer': '转移', 'act.call_number': '呼叫指定号', 'act.confirm_priority': '确认绿色通道',
      'transfer.to': '转至主题', 'number.placeholder': '如 A012', 'waiting': '等候中的号码', 'appointments': '今日预约',
      'col.number': '号码', 'col.theme': '业务', 'col.class': '类型', 'col.waited': '已等', 'col.slot': '时段', 'col.matter': '事项',
      'col.name': '姓名', 'col.state': '状态', 'minutes': '{n} 分钟', 'none.waiting': '暂无人等候',
      'none.appointments': '今日无预约', 'class.appointment': '预约', 'class.priority': '绿色通道',
      'class.ordinary': '普通', 'class.asked': '申请绿色通道',
      'appt.booked': '未到', 'appt.checked_in': '已签到', 'appt.forfeited': '迟到作废', 'appt.no_show': '爽约',
      'appt.cancelled': '已取消',
      'err.offline': '与中心的连接中断，正在自动重连……', 'err.central': '中心暂时无法处理，请稍后再试。',
      'err.csrf': '页面已过期，正在刷新……', 'err.signed_out': '登录已失效，请重新登录。',
      'err.none_waiting': '当前没有人在等候本窗口的号码。', 'err.no_current': '本窗口当前没有叫到的号码。',
      'err.not_waiting': '该号码不在等候中（可能已被其他窗口叫走），列表已刷新。', 'err.unknown_number': '今天没有这个号码。',
      'err.no_window': '请先选择您的窗口。', 'err.unknown_theme': '该主题不取号。',
      'ok.next': '已叫 {number}，请到 {window} 号窗口', 'ok.recall': '已重呼 {number}', 'ok.start': '开始办理 {number}',
      'ok.done': '{number} 已办结', 'ok.transfer': '{number} 已转移，保留等候时间', 'ok.call_number': '已叫 {number}',
      'ok.confirm_priority': '{number} 已确认为绿色通道', 'ok.no_show': '{number} 多次呼叫未到，记为过号',
      'stats': '统计', 'caller': '叫号', 'display': '显示屏',
      'svc.progress': '办件查询', 'svc.guides': '办事指南', 'svc.presubmit': '自助申报', 'svc.appointments': '预约',
      'svc.queue': '取号', 'svc.collect': '领取结果', 'svc.rate': '服务评价', 'svc.report': '办不成事反映', 'svc.': '首页',
      'reports.title': '办不成事工单', 'reports.overdue_only': '只看已超期', 'reports.note': '说明（选填）',
      'reports.col.no': '工单', 'reports.col.who': '反映人', 'reports.col.what': '涉及部门与情况', 'reports.col.state': '状态',
      'reports.none': '没有工单', 'reports.admin_only': '工单仅对大厅管理员开放。', 'reports.deadline': '{day} 前答复',
      'reports.overdue': '已超期（{day}）', 'reports.state.received': '已受理', 'reports.state.classified': '已分类',
      'reports.state.transferred': '已转办', 'reports.state.resolved': '已办结', 'reports.state.replied': '已反馈',
      'reports.state.verified': '已核查', 'reports.to.classified': '分类', 'reports.to.transferred': '转办',
      'reports.to.resolved': '办结', 'reports.to.replied': '反馈', 'reports.to.verified': '核查', 'reports': '工单',
      'audit': '留痕', 'audit.title': '操作留痕', 'audit.terminals_only': '只看终端服务模式', 'audit.none': '没有记录',
      'audit.admin_only': '操作留痕仅对大厅管理员开放。', 'audit.col.at': '时间', 'audit.col.who': '谁', 'audit.col.action': '做了什么',
      'audit.col.detail': '说明',
      'audit.action.terminal_code_scanned': '终端：扫描工作人员码', 'audit.action.terminal_code_refused': '终端：工作人员码被拒绝',
      'audit.action.terminal_signed_in': '终端：进入服务模式', 'audit.action.terminal_signed_out': '终端：退出服务模式',
      'audit.action.terminal_pin_wrong': '终端：PIN 错误', 'audit.action.terminal_locked_out': '终端：服务模式锁定',
      'audit.action.terminal_pin_refused_locked': '终端：锁定期间输入 PIN', 'audit.action.terminal_out_of_service': '终端：暂停服务',
      'audit.action.terminal_back_in_service': '终端：恢复服务', 'audit.action.terminal_test_receipt': '终端：打印测试小票',
      'audit.action.terminal_test_page_a4': '终端：打印测试 A4 页', 'audit.action.terminal_paper_replaced': '终端：更换小票纸',
      'audit.action.terminal_cover_closed': '终端：合上打印机盖', 'audit.action.terminal_self_test': '终端：设备自检',
      'audit.action.terminal_network_test': '终端：网络测试', 'audit.action.terminal_network_tested': '终端：网络测试结果',
      'audit.action.terminal_send_now': '终端：立即发送', 'audit.action.terminal_check_update': '终端：检查配置更新',
      'audit.action.terminal_restart': '终端：重启终端程序', 'audit.action.terminal_daily_restart': '终端：每日定时重启',
      'audit.action.terminal_reboot': '终端：重启整机', 'audit.action.terminal_power_off': '终端：关机',
      'audit.action.terminal_power_refused': '终端：系统未执行重启或关机', 'audit.action.staff_code_issued': '签发工作人员码',
      'ratings': '评价', 'ratings.title': '差评整改（1-4-13）', 'ratings.overdue_only': '只看已超期', 'ratings.note': '说明（选填）',
      'ratings.col.what': '评价对象', 'ratings.col.rater': '评价人', 'ratings.col.why': '评价与原因', 'ratings.col.state': '状态与期限',
      'ratings.none': '没有需要整改的差评', 'ratings.admin_only': '评价仅对大厅管理员开放。', 'ratings.show_rater': '查看评价人（留痕）',
      'ratings.level.1': '非常不满意', 'ratings.level.2': '不满意', 'ratings.contact_by': '{day} 前联系', 'ratings.fix_by': '{day} 前整改',
      'ratings.overdue': '已超期', 'ratings.complex': '复杂问题（13个工作日）', 'ratings.state.opened': '待联系',
      'ratings.state.checked': '已联系核实', 'ratings.state.fixed': '已整改', 'ratings.state.replied': '已反馈', 'ratings.state.visited': '已回访',
      'ratings.to.checked': '已联系', 'ratings.to.fixed': '已整改', 'ratings.to.replied': '已反馈', 'ratings.to.visited': '已回访',
      'ratings.appeal': '申诉复核', 'ratings.appeal.requested': '申诉中', 'ratings.appeal.upheld': '申诉成立（不计入）',
      'ratings.appeal.rejected': '申诉不成立', 'ratings.uphold': '申诉成立', 'ratings.reject': '申诉不成立',
      'ratings.month': '本月：评价 {ratings} 条，满意 {satisfied} 条，差评 {bad} 条，按期整改 {fixed}，超期 {overdue}',
      'ratings.window': '{window} 号窗口 {staff}',
      'svcstats.title': '服务统计', 'svcstats.csv': '导出服务 CSV', 'svcstats.ratings': '评价数', 'svcstats.rate': '评价率',
      'svcstats.satisfaction': '满意率', 'svcstats.bad_fixed': '差评按期整改', 'svcstats.bad_overdue': '差评超期',
      'svcstats.cases_on_time': '按承诺时限办结', 'svcstats.collections': '领取/寄出', 'svcstats.orders_on_time': '工单按期答复',
      'svcstats.orders_overdue': '工单超期', 'svcstats.help': '呼叫已响应', 'svcstats.levels': '评价等级分布',
      'svcstats.by_terminal': '按终端', 'svcstats.by_day': '按日', 'svcstats.terminal': '终端',
      'svcstats.level.5': '非常满意', 'svcstats.level.4': '满意', 'svcstats.level.3': '基本满意', 'svcstats.level.2': '不满意',
      'svcstats.level.1': '非常不满意',
      'help.title': '终端呼叫工作人员', 'help.row': '{kiosk}（{screen}）{elder}，已等 {n} 分钟', 'help.elder': ' · 60岁以上',
      'help.take': '我去处理', 'help.close': '已处理完', 'help.taken_by': '{name} 正在前往', 'help.again': ' · 再次呼叫',
      'err.help_gone': '该呼叫已被其他同事处理或已取消。',
      'password.change': '修改密码', 'password.first': '这是首次登录的初始密码，请先设置您自己的密码。',
      'password.current': '当前密码', 'password.new': '新密码（至少10位）', 'password.repeat': '再输入一次新密码',
      'password.save': '保存新密码', 'password.saved': '新密码已保存。', 'password.mismatch': '两次输入的新密码不一致。',
      'password.weak': '新密码至少需要10位。', 'password.same': '新密码不能与当前密码相同。',
      'password.wrong': '当前密码不正确。', 'err.change_password': '请先修改初始密码。',
      'display.title': '叫号显示', 'display.calls': '最近叫号', 'display.waiting': '等候人数',
      'display.sound': '点此开启语音播报', 'display.sound.on': '语音播报已开启', 'display.people': '{n} 人',
      'stats.title': '大厅统计', 'stats.from': '从', 'stats.to': '至', 'stats.show': '查看', 'stats.csv': '导出 CSV',
      'stats.tickets': '取号', 'stats.called': '已叫', 'stats.done': '办结', 'stats.no_shows': '过号',
      'stats.forfeited': '预约作废', 'stats.wait': '等候（中位 / 90%）', 'stats.service': '办理（中位 / 90%）',
      'stats.help': '呼叫工作人员（次 / 已接）', 'stats.help_take': '接应用时（中位 / 90%）', 'stats.by_theme': '按主题', 'stats.by_window': '按窗口', 'stats.by_day': '按日', 'stats.chart': '每日取号与等候中位数',
      'stats.admin_only': '统计仅对大厅管理员开放。',
      'theme.livelihood': '社会民生', 'theme.registration': '注册登记', 'theme.permit': '经营许可',
      'theme.construction': '投资建设',
    },
    en: {
      'app.title': 'OneWindow · Hall', 'signin.title': 'Staff sign-in', 'signin.hall': 'Hall', 'signin.name': 'Name',
      'signin.password': 'Password', 'signin.go': 'Sign in', 'signin.wrong': 'The name or the password is wrong. Please try again.',
      'signin.locked': 'Too many wrong passwords: the account is locked until {until}. Try later or ask the hall admin.',
      'signout': 'Sign out', 'lang': '中文', 'window': 'Window', 'window.choose': 'Choose your window',
      'window.n': 'Window {n}', 'current': 'Current number', 'current.none': 'None', 'state.called': 'Called, not yet here',
      'state.serving': 'Being served', 'state.waiting': 'Waiting', 'state.done': 'Done', 'state.no_show': 'No-show',
      'act.next': 'Call next', 'act.recall': 'Recall', 'act.start': 'Start', 'act.done': 'Done',
      'act.transfer': 'Transfer', 'act.call_number': 'Call number', 'act.confirm_priority': 'Confirm green channel',
      'transfer.to': 'To theme', 'number.placeholder': 'e.g. A012', 'waiting': 'Waiting', 'appointments': "Today's appointments",
      'col.number': 'Number', 'col.theme': 'Business', 'col.class': 'Kind', 'col.waited': 'Waited', 'col.slot': 'Slot', 'col.matter': 'Matter',
      'col.name': 'Name', 'col.state': 'State', 'minutes': '{n} min', 'none.waiting': 'Nobody is waiting',
      'none.appointments': 'No appointments today', 'class.appointment': 'Appointment', 'class.priority': 'Green channel',
      'class.ordinary': 'Ordinary', 'class.asked': 'Asks green channel',
      'appt.booked': 'Not yet here', 'appt.checked_in': 'Checked in', 'appt.forfeited': 'Forfeited (late)',
      'appt.no_show': 'No-show', 'appt.cancelled': 'Cancelled',
      'err.offline': 'The connection to central is lost; reconnecting…', 'err.central': 'Central cannot do this now; please try again.',
      'err.csrf': 'The page was out of date; reloading…', 'err.signed_out': 'Your session has ended; please sign in again.',
      'err.none_waiting': 'Nobody is waiting for this window.', 'err.no_current': 'No number is called at this window.',
      'err.not_waiting': 'That number is not waiting (another window may have called it); the list is refreshed.',
      'err.unknown_number': 'There is no such number today.', 'err.no_window': 'Choose your window first.',
      'err.unknown_theme': 'That theme gives no numbers.',
      'ok.next': 'Called {number} to window {window}', 'ok.recall': 'Recalled {number}', 'ok.start': 'Serving {number}',
      'ok.done': '{number} done', 'ok.transfer': '{number} transferred, keeping its waiting time', 'ok.call_number': 'Called {number}',
      'ok.confirm_priority': '{number} is now green channel', 'ok.no_show': '{number} did not come: a no-show',
      'stats': 'Statistics', 'caller': 'Caller', 'display': 'Display',
      'svc.progress': 'Case progress', 'svc.guides': 'Guides', 'svc.presubmit': 'Pre-submission', 'svc.appointments': 'Appointments',
      'svc.queue': 'Numbers', 'svc.collect': 'Collection', 'svc.rate': 'Rating', 'svc.report': 'Report', 'svc.': 'Home',
      'reports.title': 'Reports: could not be done', 'reports.overdue_only': 'Overdue only', 'reports.note': 'Note (optional)',
      'reports.col.no': 'Order', 'reports.col.who': 'Reported by', 'reports.col.what': 'Department and what happened', 'reports.col.state': 'State',
      'reports.none': 'No work orders', 'reports.admin_only': 'Work orders are for the hall admin.', 'reports.deadline': 'answer by {day}',
      'reports.overdue': 'overdue ({day})', 'reports.state.received': 'Received', 'reports.state.classified': 'Classified',
      'reports.state.transferred': 'Transferred', 'reports.state.resolved': 'Resolved', 'reports.state.replied': 'Replied',
      'reports.state.verified': 'Verified', 'reports.to.classified': 'Classify', 'reports.to.transferred': 'Transfer',
      'reports.to.resolved': 'Resolve', 'reports.to.replied': 'Reply', 'reports.to.verified': 'Verify', 'reports': 'Reports',
      'audit': 'Audit', 'audit.title': 'Audit', 'audit.terminals_only': 'Terminals\' service mode only', 'audit.none': 'Nothing recorded',
      'audit.admin_only': 'The audit is for the hall admin.', 'audit.col.at': 'When', 'audit.col.who': 'Who', 'audit.col.action': 'What',
      'audit.col.detail': 'Detail',
      'audit.action.terminal_code_scanned': 'Terminal: staff code scanned', 'audit.action.terminal_code_refused': 'Terminal: staff code refused',
      'audit.action.terminal_signed_in': 'Terminal: service mode entered', 'audit.action.terminal_signed_out': 'Terminal: service mode left',
      'audit.action.terminal_pin_wrong': 'Terminal: wrong PIN', 'audit.action.terminal_locked_out': 'Terminal: service mode locked',
      'audit.action.terminal_pin_refused_locked': 'Terminal: PIN while locked', 'audit.action.terminal_out_of_service': 'Terminal: out of service',
      'audit.action.terminal_back_in_service': 'Terminal: back in service', 'audit.action.terminal_test_receipt': 'Terminal: test receipt',
      'audit.action.terminal_test_page_a4': 'Terminal: test A4 page', 'audit.action.terminal_paper_replaced': 'Terminal: receipt paper replaced',
      'audit.action.terminal_cover_closed': 'Terminal: printer cover closed', 'audit.action.terminal_self_test': 'Terminal: device self-test',
      'audit.action.terminal_network_test': 'Terminal: network test', 'audit.action.terminal_network_tested': 'Terminal: network test result',
      'audit.action.terminal_send_now': 'Terminal: send now', 'audit.action.terminal_check_update': 'Terminal: check for an update',
      'audit.action.terminal_restart': 'Terminal: kiosk restarted', 'audit.action.terminal_daily_restart': 'Terminal: daily restart',
      'audit.action.terminal_reboot': 'Terminal: reboot', 'audit.action.terminal_power_off': 'Terminal: power off',
      'audit.action.terminal_power_refused': 'Terminal: reboot or power off refused', 'audit.action.staff_code_issued': 'Staff code issued',
      'ratings': 'Ratings', 'ratings.title': 'Bad ratings to put right (1-4-13)', 'ratings.overdue_only': 'Overdue only', 'ratings.note': 'Note (optional)',
      'ratings.col.what': 'What was rated', 'ratings.col.rater': 'Rater', 'ratings.col.why': 'Rating and reasons', 'ratings.col.state': 'State and deadlines',
      'ratings.none': 'No bad ratings to follow up', 'ratings.admin_only': 'Ratings are for the hall admin.', 'ratings.show_rater': 'Show the rater (audited)',
      'ratings.level.1': 'Very dissatisfied', 'ratings.level.2': 'Dissatisfied', 'ratings.contact_by': 'contact by {day}', 'ratings.fix_by': 'put right by {day}',
      'ratings.overdue': 'overdue', 'ratings.complex': 'complex (13 working days)', 'ratings.state.opened': 'To contact',
      'ratings.state.checked': 'Contacted', 'ratings.state.fixed': 'Put right', 'ratings.state.replied': 'Answered', 'ratings.state.visited': 'Visited back',
      'ratings.to.checked': 'Contacted', 'ratings.to.fixed': 'Put right', 'ratings.to.replied': 'Answered', 'ratings.to.visited': 'Visited back',
      'ratings.appeal': 'Appeal', 'ratings.appeal.requested': 'appeal pending', 'ratings.appeal.upheld': 'appeal upheld (not counted)',
      'ratings.appeal.rejected': 'appeal rejected', 'ratings.uphold': 'Uphold', 'ratings.reject': 'Reject',
      'ratings.month': 'This month: {ratings} ratings, {satisfied} satisfied, {bad} bad, {fixed} put right on time, {overdue} overdue',
      'ratings.window': 'window {window} {staff}',
      'svcstats.title': 'Services', 'svcstats.csv': 'Services as CSV', 'svcstats.ratings': 'Ratings', 'svcstats.rate': 'Rating rate',
      'svcstats.satisfaction': 'Satisfied', 'svcstats.bad_fixed': 'Bad ratings put right on time', 'svcstats.bad_overdue': 'Bad ratings overdue',
      'svcstats.cases_on_time': 'Cases within their promised limit', 'svcstats.collections': 'Collected or mailed',
      'svcstats.orders_on_time': 'Work orders answered on time', 'svcstats.orders_overdue': 'Work orders overdue',
      'svcstats.help': 'Calls for staff taken', 'svcstats.levels': 'Ratings by level', 'svcstats.by_terminal': 'By terminal',
      'svcstats.by_day': 'By day', 'svcstats.terminal': 'Terminal', 'svcstats.level.5': 'Very satisfied', 'svcstats.level.4': 'Satisfied',
      'svcstats.level.3': 'Fairly satisfied', 'svcstats.level.2': 'Dissatisfied', 'svcstats.level.1': 'Very dissatisfied',
      'help.title': 'Terminals calling for staff', 'help.row': '{kiosk} ({screen}){elder}, waiting {n} min', 'help.elder': ' · 60 or over',
      'help.take': "I'm going", 'help.close': 'Done', 'help.taken_by': '{name} is on the way', 'help.again': ' · called again',
      'err.help_gone': 'Someone else took that call, or it was cancelled.',
      'password.change': 'Change password', 'password.first': 'This is the first password you were given: please set your own first.',
      'password.current': 'Current password', 'password.new': 'New password (10 characters or more)',
      'password.repeat': 'New password again', 'password.save': 'Save the new password', 'password.saved': 'The new password is saved.',
      'password.mismatch': 'The two new passwords differ.', 'password.weak': 'A password needs at least 10 characters.',
      'password.same': 'Choose a password other than the current one.', 'password.wrong': 'The current password is wrong.',
      'err.change_password': 'Please change your first password first.',
      'display.title': 'Now calling', 'display.calls': 'Latest calls', 'display.waiting': 'Waiting',
      'display.sound': 'Tap to turn the spoken calls on', 'display.sound.on': 'Spoken calls on', 'display.people': '{n}',
      'stats.title': 'Hall statistics', 'stats.from': 'From', 'stats.to': 'To', 'stats.show': 'Show', 'stats.csv': 'Export CSV',
      'stats.tickets': 'Tickets', 'stats.called': 'Called', 'stats.done': 'Done', 'stats.no_shows': 'No-shows',
      'stats.forfeited': 'Appointments forfeited', 'stats.wait': 'Wait (median / 90%)', 'stats.service': 'Service (median / 90%)',
      'stats.help': 'Calls for staff (all / taken)', 'stats.help_take': 'Time to take (median / 90%)', 'stats.by_theme': 'By theme', 'stats.by_window': 'By window', 'stats.by_day': 'By day', 'stats.chart': 'Tickets and median wait per day',
      'stats.admin_only': 'The statistics are for the hall admin.',
      'theme.livelihood': 'Livelihood', 'theme.registration': 'Registration', 'theme.permit': 'Business permits',
      'theme.construction': 'Investment & construction',
    },
  };
  let lang = localStorage.getItem('ow.lang') || 'zh';
  let csrf = '';

  function t(key, vars = {}) {
    const text = (words[lang] && words[lang][key]) || words.zh[key] || key;
    return text.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : ''));
  }

  function applyWords(root = document) {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    root.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
    root.querySelectorAll('[data-t-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.tPlaceholder); });
  }

  function toggleLang() {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('ow.lang', lang);
    applyWords();
    document.dispatchEvent(new Event('ow-lang'));
  }

  // A call to central: {status, ok, doc}; status 0 when central cannot be reached at all.
  async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (method !== 'GET') init.headers['X-CSRF-Token'] = csrf;
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      return { status: 0, ok: false, doc: {} };
    }
    let doc = {};
    try { doc = await res.json(); } catch (e) { doc = {}; }
    return { status: res.status, ok: res.ok, doc };
  }

  function setCsrf(token) { csrf = token || ''; }

  function banner(el, kind, text) {
    if (!text) { el.classList.add('hidden'); el.textContent = ''; return; }
    el.className = 'banner ' + kind;
    el.textContent = text;
  }

  function clock(unixSeconds) {
    const d = new Date(unixSeconds * 1000);
    return d.toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
  }

  function themeName(code) { const k = 'theme.' + code; const s = t(k); return s === k ? code : s; }

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  return { t, applyWords, toggleLang, api, setCsrf, banner, clock, themeName, el, get lang() { return lang; } };
})();
