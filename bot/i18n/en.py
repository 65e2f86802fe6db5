"""English interface texts, for users whose Telegram language is English or who choose it."""

MESSAGES: dict[str, str] = {
    "cmd.start": "Start and subscribe to the daily reading",
    "cmd.today": "Today's reading and quotation",
    "cmd.quote": "A quotation",
    "cmd.quiz": "Today's short quiz",
    "cmd.streak": "My study streak",
    "cmd.rank": "Streak leaderboard",
    "cmd.settings": "Push time, time zone, language and more",
    "cmd.note": "Write a reading reflection",
    "cmd.notes": "My recent reflections",
    "cmd.studyday": "Concentrated study days (groups)",
    "cmd.report": "Study evaluation report (groups)",
    "cmd.help": "Help",
    "welcome": (
        "👋 Welcome, {name}, to <b>studybot</b>!\n\n"
        "Every day at <b>{push_time}</b> ({timezone}) I send you a short reading and a quotation "
        "from the study material, plus a few quiz questions, to help you keep a daily habit.\n\n"
        "A study day counts once you have read the day's reading and answered {min_answers} "
        "questions. Send /today to begin, /help for all commands."
    ),
    "welcome.back": "Welcome back, {name}! Your daily push is on at {push_time} ({timezone}). Send /today to study.",
    "welcome.from_group": "You came from the group “{group}”. Its quizzes count for your study days too.",
    "help": (
        "<b>Commands</b>\n"
        "/today today's reading and quotation\n"
        "/quote a quotation\n"
        "/quiz today's short quiz\n"
        "/streak your streak and calendar\n"
        "/rank leaderboard (week / month / all time)\n"
        "/note text — save a reading reflection; /notes your reflections\n"
        "/settings settings; shortcuts: /time 07:30, /tz Europe/Berlin, /pause, /resume\n"
        "/deleteme erase everything stored about you\n\n"
        "<b>Groups</b>: /quiz group quiz, /rank group board, /studyday study days, "
        "/report evaluation, /export spreadsheet (admins)"
    ),
    "unknown_command": "I don't know that command. Send /help to see what I can do.",
    "stray_text": "I'm a study bot and can't chat yet 🙂 Send /today to study or /help for commands.",
    "error.generic": "Sorry, something went wrong on my side. Please try again in a moment.",
    "error.stale_button": "This button has expired.",
    "error.not_yours": "This button is not for you.",
    "error.private_only": "Please use this command in a private chat with me.",
    "error.group_only": "This command only works in a group.",
    "error.admins_only": "Only the group's administrators can do that.",
    "error.busy": "One moment, the previous step is still being processed.",
    "reading.title": "📖 <b>Today's reading</b> · {day}",
    "reading.source": "— from “{article}”",
    "reading.quote_title": "💡 <b>Quotation</b>",
    "reading.attribution": "— {attribution}",
    "reading.button.read": "✅ Read",
    "reading.button.quiz": "📝 Start the quiz",
    "reading.marked": "Noted: today's reading is done ✅",
    "reading.already_marked": "You already marked today's reading.",
    "reading.empty": "The study material is empty for now; please tell an administrator.",
    "quote.title": "💡 <b>Quotation</b>",
    "quiz.intro": "📝 Today's quiz: {count} questions. Answer right in the polls.",
    "quiz.intro.group": "📝 Group quiz: {count} questions, {seconds} seconds each. Everyone can answer!",
    "quiz.question_prefix": "Q{n}/{total}: ",
    "quiz.none": "The question bank is empty for now. Please try later.",
    "quiz.in_progress": "You still have a question open: please answer the poll above first.",
    "quiz.result": (
        "🎯 <b>Quiz done</b>: {correct}/{total} correct\n"
        "🔥 Streak: {streak} days\n"
        "🔁 Questions due for review: {due}\n{today_status}"
    ),
    "quiz.group_result": "🏁 Group quiz over: {participants} took part, accuracy {accuracy}. Send /rank for the board.",
    "quiz.explanation_source": "From “{article}”",
    "studyday.done": "✅ Today's study day is complete!",
    "studyday.missing": "Still to do: {missing}",
    "studyday.missing.reading": "read today's reading (/today)",
    "studyday.missing.answers": "answer {n} more questions (/quiz)",
    "studyday.completed_now": "🎉 Study day complete! Your streak: {streak} days.",
    "streak.summary": (
        "🔥 <b>Current streak</b>: {current} days\n"
        "🏆 Longest: {longest} days\n"
        "📅 Study days in total: {total}\n"
        "🧊 Streak freezes: {freezes} (one per 7 days in a row, at most 2, used automatically on a missed day)\n"
        "{today_status}"
    ),
    "streak.calendar_caption": "Your study days over the last {weeks} weeks",
    "rank.title.group": "🏅 <b>{title}</b> leaderboard · {window}",
    "rank.title.global": "🌏 <b>Global leaderboard</b> · {window}",
    "rank.window.week": "this week",
    "rank.window.month": "this month",
    "rank.window.all": "all time",
    "rank.row": "{position}. {name} — streak {streak} · study days {total} · accuracy {accuracy}",
    "rank.empty": "Nobody on the board yet. Go study!",
    "rank.you": "Your place: #{position}",
    "rank.you_hidden": "You are not shown on the global board. Turn it on in /settings and choose a name.",
    "rank.rule": "Order: streak › study days › accuracy › who got there first",
    "settings.title": (
        "⚙️ <b>Settings</b>\nPush time: {push_time}\nTime zone: {timezone}\nDaily push: {push_state}\n"
        "Language: {language}\nLeaderboard: {board}"
    ),
    "settings.title.group": (
        "⚙️ <b>Group settings</b>\nPush time: {push_time}\nTime zone: {timezone}\n"
        "Daily push: {push_state}\nQuestions per quiz: {quiz_length}"
    ),
    "settings.on": "on",
    "settings.off": "paused",
    "settings.board.visible": "shown (as {name})",
    "settings.board.hidden": "hidden",
    "settings.button.time": "⏰ Push time",
    "settings.button.tz": "🌐 Time zone",
    "settings.button.pause": "⏸ Pause",
    "settings.button.resume": "▶️ Resume",
    "settings.button.lang": "🈯 中文",
    "settings.button.board_on": "🏅 Show me on the board",
    "settings.button.board_off": "🙈 Hide me from the board",
    "settings.button.quiz_length": "📝 {n} questions",
    "settings.pick_time": "Pick the daily push time, or send /time 07:30:",
    "settings.pick_tz": "Pick a time zone, or send /tz Region/City (e.g. /tz Europe/Berlin):",
    "settings.time_set": "Done: the daily push is now at {push_time} ({timezone}). Next push: {next_push}.",
    "settings.tz_set": "Done: your time zone is now {timezone}. Next push: {next_push}.",
    "settings.paused": "Daily push paused. Send /resume to turn it back on.",
    "settings.resumed": "Daily push resumed. Next push: {next_push}.",
    "settings.lang_set": "The interface is now in English.",
    "settings.board_set_on": "You are shown on the global board as “{name}”. Send /name NewName to change it.",
    "settings.board_set_off": "You are no longer shown on the global board.",
    "settings.name_set": "Your leaderboard name is now “{name}”.",
    "settings.quiz_length_set": "Quizzes now have {n} questions.",
    "settings.usage.time": "Usage: /time 07:30 (24-hour clock)",
    "settings.usage.tz": "Usage: /tz Europe/Berlin (an IANA time zone name)",
    "settings.usage.name": "Usage: /name DisplayName (1–32 characters)",
    "error.invalid_timezone": "Unknown time zone: {value}. Use an IANA name such as Asia/Shanghai or Europe/Berlin.",
    "error.invalid_push_time": "That is not a time: {value}. Use the 24-hour clock, e.g. 07:30.",
    "error.invalid_text": "Invalid text: {reason}",
    "error.too_long": "That is too long (at most {max} characters).",
    "error.too_short": "That is too short (at least {min} characters).",
    "error.control_chars": "The text contains control characters.",
    "error.bad_unicode": "The text contains invalid characters.",
    "note.saved": "📝 Reflection saved ({chars} characters). {counted}",
    "note.counts": "It can stand in for today's reading.",
    "note.usage": "Usage: /note your reflection (at least {min}, at most {max} characters). You can also reply to the daily push.",
    "note.list.title": "📚 <b>Your recent reflections</b>",
    "note.list.empty": "You have no reflections yet. Send /note followed by your thoughts.",
    "note.list.item": "{day}: {text}",
    "note.button.share": "📢 Share with “{group}”",
    "note.shared": "Shared with the group.",
    "note.shared_post": "📢 {name} shared a reading reflection:\n\n{text}",
    "deleteme.confirm": "Erase everything stored about you: study days, streak, answers and reflections? This cannot be undone.",
    "deleteme.button.yes": "Erase",
    "deleteme.button.no": "Cancel",
    "deleteme.done": "Everything about you has been erased. Goodbye! Send /start to begin again.",
    "deleteme.cancelled": "Cancelled; nothing was changed.",
    "group.greeting": (
        "Hello everyone! I'm <b>studybot</b> 📚\n"
        "Every day at {push_time} ({timezone}) I post a reading and a quotation here;\n"
        "/quiz starts a group quiz that counts for everyone's study day; /rank shows the board;\n"
        "admins can change the push time in /settings and plan study days with /studyday.\n"
        "Message me privately ({link}) for the personal features."
    ),
    "group.private_invite": "open a private chat",
    "group.migrated": "The group became a supergroup; all study records were kept.",
    "push.footer": "Tap “Read” when you're done, then answer a few questions to complete today's study day.",
    # study-day sessions and reports
    "sd.title": "📅 <b>Study-day sessions</b> ({timezone})",
    "sd.empty": "No study-day sessions are scheduled in this group.",
    "sd.item": "#{id} every {weekday} {time}, {count} questions, {seconds} s each (next: {next})",
    "sd.admin_hint": "Administrators: add or cancel with the buttons, or send /studyday add fri 15:00, /studyday cancel ID.",
    "sd.usage": (
        "Usage: /studyday shows the sessions; /studyday add fri 15:00 adds one; "
        "/studyday list lists them; /studyday cancel ID cancels one."
    ),
    "sd.added": "✅ Study-day session #{id} scheduled: every {weekday} {time} ({timezone}), next {next}.",
    "sd.cancelled": "Study-day session #{id} (every {weekday} {time}) cancelled.",
    "sd.error.no_such": "This group has no study-day session #{value}.",
    "sd.error.duplicate": "A session is already scheduled at that time.",
    "sd.error.too_many": "A group can have at most {max} study-day sessions.",
    "sd.error.bad_weekday": "“{value}” is not a weekday; use mon…sun.",
    "sd.error.bad_time": "“{value}” is not a time; use 24-hour HH:MM, e.g. 15:00.",
    "sd.button.add": "➕ Add",
    "sd.button.cancel": "✖ Cancel #{id}",
    "sd.button.back": "↩ Back",
    "sd.pick_weekday": "Pick a weekday:",
    "sd.pick_time": "Pick the start time on {weekday}:",
    "sd.session.open": (
        "📚 <b>Study-day session starts now!</b>\nRead the texts below, then answer {count} "
        "questions together, {seconds} seconds each. Answering counts toward your study day."
    ),
    "sd.reading.title": "📖 <b>Today's reading · {theme}</b>",
    "report.usage": "Usage: /report week for this week, /report month for this month.",
    "report.chart_caption": "📈 {period}: participation and accuracy per week",
    "export.usage": "Usage: /export [week|month|2026-11|2026-W47]",
    "export.sent": "📎 The spreadsheets for {period} were sent to you privately.",
    "export.start_first": "Please send me /start in a private chat first, so I can send you the files.",
    "export.caption": "{title} · {period}",
    "admin.refused": "Sorry, only the bot's administrators can use this command.",
    "admin.stats": (
        "📊 <b>Statistics</b> ({day})\nLearners: {learners}\nGroups: {groups}\nPrivate chats: {private_chats}\n"
        "Chats receiving pushes: {subscribed}\nChats that blocked the bot: {blocked}\n"
        "Pushes today: {pushes}\nAnswers today: {answers}"
    ),
    "admin.stats.none": "none",
    "admin.broadcast.usage": "Usage: /broadcast text (sent to every subscribed chat that has not blocked the bot, after a confirmation).",
    "admin.broadcast.preview": "📣 <b>Broadcast #{id} preview</b>, to every subscribed chat that has not blocked the bot once you confirm:\n\n{text}",
    "admin.broadcast.button.go": "✅ Send",
    "admin.broadcast.button.no": "Cancel",
    "admin.broadcast.started": "📣 Broadcast #{id} is being sent. You will be told when it is done.",
    "admin.broadcast.cancelled": "Broadcast #{id} cancelled.",
    "admin.broadcast.already": "Broadcast #{id} was handled already.",
    "admin.broadcast.done": "📣 Broadcast #{id} done: delivered to {sent} chats, {failed} failed.",
    "admin.reload.done": "🔄 Content reloaded: {excerpts} excerpts, {quotations} quotations, {quiz} questions.",
    "admin.reload.failed": "The content did not load; the previous content stays: {error}",
    "admin.import.cli": (
        "Content is not imported inside the bot: an import needs the whole curation pipeline "
        "(segmentation, cleaning, an editor's review). Run <code>studybot content import FILE</code> "
        "on the server, check the result, then send /reload."
    ),
}
