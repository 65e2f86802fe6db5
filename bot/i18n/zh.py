"""中文界面文本（默认）。"""

MESSAGES: dict[str, str] = {
    # commands menu
    "cmd.start": "开始使用，订阅每日学习推送",
    "cmd.today": "今日学习：摘录与名言",
    "cmd.quote": "来一句名言警句",
    "cmd.quiz": "今日小测验",
    "cmd.streak": "我的连续学习天数",
    "cmd.rank": "学习排行榜",
    "cmd.settings": "设置：推送时间、时区、语言等",
    "cmd.note": "写读书心得",
    "cmd.notes": "我最近的读书心得",
    "cmd.studyday": "集中学习日安排（群组）",
    "cmd.report": "学习效果评比报告（群组）",
    "cmd.help": "帮助",
    # welcome and help
    "welcome": (
        "👋 {name}，欢迎使用<b>学习打卡助手</b>！\n\n"
        "我每天在 <b>{push_time}</b>（{timezone}）给你推送一段学习材料和一句名言，"
        "并出几道小测验，帮你养成每天学习的习惯。\n\n"
        "每天阅读当日材料，再答完 {min_answers} 道小测验题（对错都算），就完成了一个学习日。\n"
        "发送 /today 开始今天的学习，/help 查看全部命令。"
    ),
    "welcome.back": "{name}，欢迎回来！每日推送已开启，时间 {push_time}（{timezone}）。发送 /today 开始学习。",
    "welcome.from_group": "你是从群组「{group}」来的，欢迎！群里的测验也会计入你的学习日和排行。",
    "help": (
        "<b>可用命令</b>\n"
        "/today 今日学习（摘录 + 名言）\n"
        "/quote 来一句名言\n"
        "/quiz 今日小测验\n"
        "/streak 连续学习天数与日历\n"
        "/rank 排行榜（本周 / 本月 / 全部）\n"
        "/note 文字 — 写读书心得；/notes 查看我的心得\n"
        "/settings 设置；快捷方式：/time 07:30、/tz Asia/Shanghai、/pause、/resume\n"
        "/deleteme 删除我的全部数据\n\n"
        "<b>群组</b>：/quiz 群测验，/rank 群排行，/studyday 集中学习日，/report 评比报告，/export 导出（管理员）"
    ),
    "unknown_command": "没有这个命令。发送 /help 查看可用命令。",
    "stray_text": "我是学习助手，暂时不会聊天 🙂 发送 /today 开始今天的学习，或 /help 查看命令。",
    "error.generic": "抱歉，处理时出了点问题，请稍后再试。",
    "error.stale_button": "这个按钮已经失效了。",
    "error.not_yours": "这个按钮不是给你的。",
    "error.private_only": "这个命令请在与我的私聊中使用。",
    "error.group_only": "这个命令只能在群组中使用。",
    "error.admins_only": "只有群管理员可以这样做。",
    "error.busy": "请稍候，上一步还在处理中。",
    # reading
    "reading.title": "📖 <b>今日学习</b> · {day}",
    "reading.source": "——《{article}》",
    "reading.quote_title": "💡 <b>名言</b>",
    "reading.attribution": "——{attribution}",
    "reading.button.read": "✅ 已读",
    "reading.button.quiz": "📝 开始小测验",
    "reading.marked": "已记录：今天的材料已读 ✅",
    "reading.already_marked": "今天已经标记过已读了。",
    "reading.empty": "学习材料库暂时是空的，请联系管理员。",
    "quote.title": "💡 <b>名言警句</b>",
    # quiz
    "quiz.intro": "📝 今日小测验，共 {count} 题。直接在投票里选择答案。",
    "quiz.intro.group": "📝 群测验开始，共 {count} 题，每题 {seconds} 秒。大家一起来答！",
    "quiz.question_prefix": "第 {n}/{total} 题：",
    "quiz.none": "题库暂时是空的，请稍后再试。",
    "quiz.in_progress": "你还有一道题没答完，请先回答上面的投票。",
    "quiz.result": (
        "🎯 <b>测验完成</b>：答对 {correct}/{total}\n"
        "🔥 连续学习：{streak} 天\n"
        "🔁 待复习的题目：{due} 道\n{today_status}"
    ),
    "quiz.group_result": "🏁 群测验结束：{participants} 人参与，正确率 {accuracy}。发送 /rank 查看群排行。",
    "quiz.explanation_source": "出自《{article}》",
    # study day and streak
    "studyday.done": "✅ 今天的学习日已完成！",
    "studyday.missing": "还差：{missing}",
    "studyday.missing.reading": "阅读今日材料（/today）",
    "studyday.missing.answers": "再答 {n} 道题（/quiz）",
    "studyday.completed_now": "🎉 今天的学习日完成了！连续学习 {streak} 天。",
    "streak.summary": (
        "🔥 <b>连续学习</b>：{current} 天\n"
        "🏆 最长连续：{longest} 天\n"
        "📅 累计学习日：{total} 天\n"
        "🧊 补学卡：{freezes} 张（每连续学习 7 天得 1 张，最多 2 张，漏学一天自动使用）\n"
        "{today_status}"
    ),
    "streak.calendar_caption": "最近 {weeks} 周的学习日",
    # ranking
    "rank.title.group": "🏅 <b>{title}</b> 排行榜 · {window}",
    "rank.title.global": "🌏 <b>全体排行榜</b> · {window}",
    "rank.window.week": "本周",
    "rank.window.month": "本月",
    "rank.window.all": "全部",
    "rank.row": "{position}. {name} — 连续 {streak} 天 · 学习日 {total} · 正确率 {accuracy}",
    "rank.empty": "还没有人上榜，快去学习吧！",
    "rank.you": "你的名次：第 {position} 名",
    "rank.you_hidden": "你尚未公开显示在全体排行榜上。在 /settings 中可以开启，并设置显示名。",
    "rank.rule": "排序：连续天数 › 学习日 › 正确率 › 先达到者",
    # settings
    "settings.title": (
        "⚙️ <b>设置</b>\n"
        "推送时间：{push_time}\n时区：{timezone}\n每日推送：{push_state}\n"
        "语言：{language}\n排行榜：{board}"
    ),
    "settings.title.group": (
        "⚙️ <b>群组设置</b>\n推送时间：{push_time}\n时区：{timezone}\n每日推送：{push_state}\n"
        "每次测验题数：{quiz_length}"
    ),
    "settings.on": "开启",
    "settings.off": "已暂停",
    "settings.board.visible": "公开（显示名：{name}）",
    "settings.board.hidden": "不公开",
    "settings.button.time": "⏰ 推送时间",
    "settings.button.tz": "🌐 时区",
    "settings.button.pause": "⏸ 暂停推送",
    "settings.button.resume": "▶️ 恢复推送",
    "settings.button.lang": "🈯 English",
    "settings.button.board_on": "🏅 在排行榜显示我",
    "settings.button.board_off": "🙈 不在排行榜显示",
    "settings.button.quiz_length": "📝 测验 {n} 题",
    "settings.pick_time": "选择每日推送时间，或发送 /time 07:30 自定义：",
    "settings.pick_tz": "选择时区，或发送 /tz 地区/城市（例如 /tz Europe/Berlin）：",
    "settings.time_set": "好的，每日推送时间改为 {push_time}（{timezone}）。下次推送：{next_push}。",
    "settings.tz_set": "好的，时区改为 {timezone}。下次推送：{next_push}。",
    "settings.paused": "已暂停每日推送。发送 /resume 可随时恢复。",
    "settings.resumed": "已恢复每日推送，下次推送：{next_push}。",
    "settings.lang_set": "界面语言已设为中文。",
    "settings.board_set_on": "你将以「{name}」显示在全体排行榜上。发送 /name 新名字 可修改显示名。",
    "settings.board_set_off": "你已不再显示在全体排行榜上。",
    "settings.name_set": "排行榜显示名已设为「{name}」。",
    "settings.quiz_length_set": "每次测验改为 {n} 题。",
    "settings.usage.time": "用法：/time 07:30（24 小时制）",
    "settings.usage.tz": "用法：/tz Asia/Shanghai（IANA 时区名）",
    "settings.usage.name": "用法：/name 显示名（1–32 个字）",
    "error.invalid_timezone": "没有这个时区：{value}。请使用 IANA 时区名，例如 Asia/Shanghai、Europe/Berlin。",
    "error.invalid_push_time": "时间格式不对：{value}。请用 24 小时制，例如 07:30。",
    "error.invalid_text": "内容无效：{reason}",
    "error.too_long": "内容太长了（最多 {max} 个字）。",
    "error.too_short": "内容太短了（至少 {min} 个字）。",
    "error.control_chars": "内容包含无法识别的控制字符。",
    "error.bad_unicode": "内容包含无效的字符。",
    # notes
    "note.saved": "📝 读书心得已保存（{chars} 字）。{counted}",
    "note.counts": "它可以代替今天的阅读计入学习日。",
    "note.usage": "用法：/note 你的读书心得（至少 {min} 个字，最多 {max} 个字）。也可以直接回复每日推送。",
    "note.list.title": "📚 <b>我最近的读书心得</b>",
    "note.list.empty": "你还没有写过读书心得。发送 /note 加上你的体会即可保存。",
    "note.list.item": "{day}：{text}",
    "note.button.share": "📢 分享到群「{group}」",
    "note.shared": "已分享到群组。",
    "note.shared_post": "📢 {name} 分享了一篇读书心得：\n\n{text}",
    # account
    "deleteme.confirm": "确定要删除你的全部数据吗？包括学习日、连续天数、答题记录和读书心得，删除后无法恢复。",
    "deleteme.button.yes": "确认删除",
    "deleteme.button.no": "取消",
    "deleteme.done": "你的全部数据已删除。再见！如果想重新开始，发送 /start。",
    "deleteme.cancelled": "已取消，数据保持不变。",
    # groups
    "group.greeting": (
        "大家好！我是<b>学习打卡助手</b> 📚\n"
        "我每天 {push_time}（{timezone}）在群里推送学习材料和名言；\n"
        "/quiz 发起群测验，答题计入每个人的学习日；/rank 查看群排行榜；\n"
        "管理员可用 /settings 修改推送时间、/studyday 安排集中学习日。\n"
        "私聊我（点击 {link}）可以使用个人功能。"
    ),
    "group.private_invite": "私聊我",
    "group.migrated": "群组已升级为超级群，学习记录已全部保留。",
    # push
    "push.footer": "完成阅读后点「已读」，再做几道小测验，就完成今天的学习日了。",
    # 集中学习日 and 学习效果评比
    "sd.title": "📅 <b>集中学习日安排</b>（{timezone}）",
    "sd.empty": "本群还没有安排集中学习日。",
    "sd.item": "#{id} 每{weekday} {time}，{count} 题，每题 {seconds} 秒（下次：{next}）",
    "sd.admin_hint": "管理员可用下方按钮添加或取消，或发送 /studyday add 周五 15:00、/studyday cancel 编号。",
    "sd.usage": (
        "用法：/studyday 查看安排；/studyday add 周五 15:00 添加（也可写 fri 15:00）；"
        "/studyday list 列出；/studyday cancel 编号 取消。"
    ),
    "sd.added": "✅ 已安排集中学习日 #{id}：每{weekday} {time}（{timezone}），下次 {next}。",
    "sd.cancelled": "已取消集中学习日 #{id}（每{weekday} {time}）。",
    "sd.error.no_such": "本群没有编号为 {value} 的集中学习日安排。",
    "sd.error.duplicate": "这个时间已经安排过集中学习日了。",
    "sd.error.too_many": "每个群最多安排 {max} 个集中学习日。",
    "sd.error.bad_weekday": "无法识别星期「{value}」，请用 周一…周日 或 mon…sun。",
    "sd.error.bad_time": "无法识别时间「{value}」，请用 24 小时制 HH:MM，例如 15:00。",
    "sd.button.add": "➕ 添加",
    "sd.button.cancel": "✖ 取消 #{id}",
    "sd.button.back": "↩ 返回",
    "sd.pick_weekday": "选择星期：",
    "sd.pick_time": "选择{weekday}的开始时间：",
    "sd.session.open": (
        "📚 <b>集中学习日开始了！</b>\n先读下面的材料，再一起答 {count} 道题，每题 {seconds} 秒。"
        "答题计入每个人的学习日。"
    ),
    "sd.reading.title": "📖 <b>本次学习材料 · {theme}</b>",
    "report.usage": "用法：/report week 本周评比，/report month 本月评比。",
    "report.chart_caption": "📈 {period} 每周参与率与正确率",
    "export.usage": "用法：/export [week|month|2026-11|2026-W47]",
    "export.sent": "📎 {period} 的评比表格已私信发给你。",
    "export.start_first": "请先私聊我发送 /start，我才能把表格发给你。",
    "export.caption": "{title} · {period}",
    "admin.refused": "抱歉，这个命令只有机器人管理员可以使用。",
    "admin.stats": (
        "📊 <b>运行统计</b>（{day}）\n学习者：{learners}\n群组：{groups}\n私聊：{private_chats}\n"
        "接收推送的会话：{subscribed}\n已屏蔽机器人的会话：{blocked}\n今日推送：{pushes}\n今日答题：{answers}"
    ),
    "admin.stats.none": "无",
    "admin.broadcast.usage": "用法：/broadcast 要发送的内容（发送给所有订阅且未屏蔽机器人的会话，发送前需确认）。",
    "admin.broadcast.preview": "📣 <b>广播 #{id} 预览</b>，确认后发送给所有订阅且未屏蔽机器人的会话：\n\n{text}",
    "admin.broadcast.button.go": "✅ 确认发送",
    "admin.broadcast.button.no": "取消",
    "admin.broadcast.started": "📣 广播 #{id} 已开始发送。完成后会通知你。",
    "admin.broadcast.cancelled": "广播 #{id} 已取消。",
    "admin.broadcast.already": "广播 #{id} 已经处理过了。",
    "admin.broadcast.done": "📣 广播 #{id} 已完成：送达 {sent} 个会话，失败 {failed} 个。",
    "admin.reload.done": "🔄 内容已重新加载：摘录 {excerpts} 段，名言 {quotations} 条，题目 {quiz} 道。",
    "admin.reload.failed": "内容未能加载，仍使用原来的内容：{error}",
    "admin.import.cli": (
        "机器人内不执行内容导入：导入需要完整的整理流程（分词、清洗、人工复核）。"
        "请在服务器上运行 <code>studybot content import 文件</code>，检查后发送 /reload 加载。"
    ),
}
