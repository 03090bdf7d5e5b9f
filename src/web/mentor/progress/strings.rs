//! The words of the mentor's dashboard and activity pages, Chinese first and English beside it (see `web::strings`).

use crate::i18n::CatalogueEntry as Entry;

/// `(key, zh-CN, en)`; keys start with `mentor.progress.`.
pub const STRINGS: &[Entry] = &[
    // Shared by the pages of this area.
    (
        "mentor.progress.log_activity",
        "登记培带活动",
        "Log an activity",
    ),
    ("mentor.progress.locked", "已锁定", "Locked"),
    ("mentor.progress.hours", "{n} 小时", "{n} h"),
    (
        "mentor.progress.answers",
        "培带对象确认情况",
        "Mentees' answers",
    ),
    ("mentor.progress.answer.pending", "待确认", "waiting"),
    ("mentor.progress.answer.confirmed", "已确认", "confirmed"),
    ("mentor.progress.answer.disputed", "有异议", "disputed"),
    (
        "mentor.progress.answer.no_note",
        "未填写异议说明",
        "no note given",
    ),
    ("mentor.progress.kind.lecture", "专题讲座", "Lectures"),
    (
        "mentor.progress.kind.technical_tutoring",
        "技术辅导",
        "Technical tutoring",
    ),
    (
        "mentor.progress.kind.training_class",
        "培训授课",
        "Training classes",
    ),
    (
        "mentor.progress.kind.exchange",
        "学术、技术、经验交流",
        "Exchanges",
    ),
    (
        "mentor.progress.kind.project_practice",
        "科研项目、岗位实践",
        "Project practice",
    ),
    ("mentor.progress.kind.custom", "其他（自定义）", "Other"),
    (
        "mentor.progress.done.logged",
        "活动已登记。参加的培带对象登录后可以确认或提出异议。",
        "The activity is logged. The attending mentees can confirm or dispute it when they sign in.",
    ),
    (
        "mentor.progress.done.saved",
        "修改已保存。",
        "Your changes are saved.",
    ),
    (
        "mentor.progress.done.files",
        "材料已上传。",
        "The files are uploaded.",
    ),
    // The dashboard.
    ("mentor.progress.dashboard.title", "工作台", "Dashboard"),
    (
        "mentor.progress.dashboard.no_contract_title",
        "还没有培带联系书",
        "No mentoring contract yet",
    ),
    (
        "mentor.progress.dashboard.no_contract",
        "与五名培带对象签订联系书后，这里会显示本年度各项指标的完成进度。请先起草联系书。",
        "Once you and your five mentees have signed a contract, this page shows the year's progress on each indicator. Start by drafting the contract.",
    ),
    (
        "mentor.progress.dashboard.draft_contract",
        "起草培带联系书",
        "Draft the contract",
    ),
    (
        "mentor.progress.dashboard.days_left",
        "天后培带期结束",
        "days left in the cycle",
    ),
    (
        "mentor.progress.dashboard.cycle",
        "培带期 {from} 至 {to}",
        "Cycle {from} to {to}",
    ),
    (
        "mentor.progress.dashboard.plans_waiting",
        "份培养计划待审阅",
        "plans to review",
    ),
    (
        "mentor.progress.dashboard.disputed_count",
        "项活动有异议",
        "disputed activities",
    ),
    (
        "mentor.progress.dashboard.signatures_count",
        "人尚未签署",
        "signatures pending",
    ),
    (
        "mentor.progress.dashboard.progress_title",
        "{year} 年度指标完成进度",
        "Progress on the indicators, {year}",
    ),
    (
        "mentor.progress.dashboard.progress_lead",
        "统计 {from} 至 {to} 登记的活动，共 {n} 项。有异议的活动不计入完成数。",
        "Activities held {from} to {to}: {n} logged. Disputed activities do not count as done.",
    ),
    (
        "mentor.progress.dashboard.mark_legend",
        "进度条上的竖线表示按时间进度今天应达到的位置。",
        "The line on each bar marks where you should be today, pro rata for the part of the year passed.",
    ),
    (
        "mentor.progress.dashboard.no_indicators",
        "联系书中没有年度指标。",
        "The contract sets no yearly indicators.",
    ),
    (
        "mentor.progress.dashboard.progress_none_title",
        "年度指标完成进度",
        "Progress on the indicators",
    ),
    (
        "mentor.progress.dashboard.outside_year",
        "今天不在培带期内，本年度没有进度可以统计。",
        "Today is outside the cycle; there is no progress to count this year.",
    ),
    (
        "mentor.progress.dashboard.ended",
        "本培带期已经结束。登记过的活动仍可查看。",
        "This cycle has ended. The activities you logged can still be seen.",
    ),
    (
        "mentor.progress.dashboard.not_active",
        "联系书各方签署后生效，生效后即可登记活动、统计进度。",
        "The contract takes effect once everyone has signed it; then you can log activities and see your progress.",
    ),
    (
        "mentor.progress.dashboard.see_contract",
        "查看培带联系书",
        "See the contract",
    ),
    (
        "mentor.progress.dashboard.see_activities",
        "查看培带活动",
        "See the activities",
    ),
    (
        "mentor.progress.dashboard.signatures_title",
        "待签署",
        "Signatures pending",
    ),
    (
        "mentor.progress.dashboard.signatures_none",
        "各方均已签署。",
        "Everyone has signed.",
    ),
    ("mentor.progress.dashboard.you", "您本人", "You"),
    (
        "mentor.progress.dashboard.not_signed",
        "未签署",
        "not signed",
    ),
    (
        "mentor.progress.dashboard.plans_title",
        "待审阅的培养计划",
        "Plans to review",
    ),
    (
        "mentor.progress.dashboard.plans_some",
        "有 {n} 份培养计划等待您审阅。",
        "{n} training plans are waiting for your review.",
    ),
    (
        "mentor.progress.dashboard.plans_none",
        "暂无待审阅的培养计划。",
        "No plans are waiting for you.",
    ),
    (
        "mentor.progress.dashboard.review_plans",
        "审阅培养计划",
        "Review the plans",
    ),
    (
        "mentor.progress.dashboard.disputed_title",
        "有异议的活动",
        "Disputed activities",
    ),
    (
        "mentor.progress.dashboard.disputed_none",
        "没有培带对象提出异议。",
        "No mentee has disputed an activity.",
    ),
    // A meter of the dashboard.
    (
        "mentor.progress.meter.figures.count",
        "{done} / {target} 次",
        "{done} of {target}",
    ),
    (
        "mentor.progress.meter.figures.hours",
        "{done} / {target} 学时",
        "{done} of {target} hours",
    ),
    ("mentor.progress.meter.done", "已完成", "Done"),
    (
        "mentor.progress.meter.short.count",
        "{kind} 还差 {n} 次",
        "{kind}: {n} more needed",
    ),
    (
        "mentor.progress.meter.short.hours",
        "{kind} 还差 {n} 学时",
        "{kind}: {n} more hours needed",
    ),
    (
        "mentor.progress.meter.on_track.count",
        "进度正常，全年还差 {n} 次",
        "On track; {n} more this year",
    ),
    (
        "mentor.progress.meter.on_track.hours",
        "进度正常，全年还差 {n} 学时",
        "On track; {n} more hours this year",
    ),
    (
        "mentor.progress.meter.due.count",
        "按时间进度，今天应完成 {n} 次",
        "Due by today, pro rata: {n}",
    ),
    (
        "mentor.progress.meter.due.hours",
        "按时间进度，今天应完成 {n} 学时",
        "Due by today, pro rata: {n} hours",
    ),
    (
        "mentor.progress.meter.unconfirmed.count",
        "其中 {n} 次待培带对象确认",
        "{n} of them still to be confirmed by the mentees",
    ),
    (
        "mentor.progress.meter.unconfirmed.hours",
        "其中 {n} 学时待培带对象确认",
        "{n} hours of them still to be confirmed by the mentees",
    ),
    (
        "mentor.progress.meter.disputed.count",
        "另有 {n} 次有异议，未计入",
        "{n} more disputed, not counted",
    ),
    (
        "mentor.progress.meter.disputed.hours",
        "另有 {n} 学时有异议，未计入",
        "{n} more hours disputed, not counted",
    ),
    // The list.
    ("mentor.progress.activities.title", "培带活动", "Activities"),
    ("mentor.progress.activities.years", "按年度查看", "By year"),
    ("mentor.progress.activities.all_years", "全部", "All"),
    ("mentor.progress.activities.year", "{year} 年", "{year}"),
    ("mentor.progress.activities.open", "查看", "Open"),
    ("mentor.progress.activities.edit", "修改", "Edit"),
    (
        "mentor.progress.activities.none",
        "还没有登记培带活动。每次讲座、辅导、授课或交流后，请及时登记并上传照片。",
        "No activities logged yet. After each lecture, tutoring session, class or exchange, log it and add a photo.",
    ),
    (
        "mentor.progress.activities.none_year",
        "{year} 年还没有登记培带活动。",
        "No activities logged in {year}.",
    ),
    // One activity.
    (
        "mentor.progress.activity.back",
        "返回培带活动",
        "Back to the activities",
    ),
    (
        "mentor.progress.activity.facts",
        "活动情况",
        "What was done",
    ),
    ("mentor.progress.activity.not_given", "未填写", "Not given"),
    ("mentor.progress.activity.files", "佐证材料", "Evidence"),
    (
        "mentor.progress.activity.no_files",
        "还没有上传照片或材料。",
        "No photos or files yet.",
    ),
    ("mentor.progress.activity.add_files", "上传", "Upload"),
    (
        "mentor.progress.activity.locked_note",
        "该年度考核已确认，这项活动已锁定，不能再修改或补充材料。",
        "The year's assessment is confirmed: this activity is locked and can no longer be changed or given files.",
    ),
    (
        "mentor.progress.activity.answers_note",
        "参加的培带对象确认后，活动计入完成数；有异议的活动会提交单位管理员核实。",
        "An activity counts as done once the attending mentees confirm it; a disputed one goes to your unit administrator to check.",
    ),
    (
        "mentor.progress.activity.add_label",
        "补充照片或材料",
        "Add photos or files",
    ),
    // The form.
    (
        "mentor.progress.form.new_title",
        "登记培带活动",
        "Log an activity",
    ),
    (
        "mentor.progress.form.edit_title",
        "修改培带活动",
        "Edit the activity",
    ),
    (
        "mentor.progress.form.lead",
        "登记后，参加的培带对象可以确认或提出异议。年度考核确认前都可以修改。",
        "Once logged, the attending mentees can confirm or dispute it. You can change it until the year's assessment is confirmed.",
    ),
    (
        "mentor.progress.form.back_to_activity",
        "返回活动",
        "Back to the activity",
    ),
    (
        "mentor.progress.form.no_active_contract",
        "联系书生效后才能登记活动。",
        "Activities are logged once your contract is in force.",
    ),
    ("mentor.progress.field.kind", "活动类型", "Kind of activity"),
    ("mentor.progress.field.title", "活动名称", "Title"),
    ("mentor.progress.field.held_on", "活动日期", "Date"),
    ("mentor.progress.field.hours", "时长", "Duration"),
    (
        "mentor.progress.field.hours_input",
        "时长（小时）",
        "Duration (hours)",
    ),
    ("mentor.progress.field.place", "地点", "Place"),
    (
        "mentor.progress.field.attendees",
        "参加的培带对象",
        "Attending mentees",
    ),
    ("mentor.progress.field.summary", "活动内容", "Summary"),
    (
        "mentor.progress.field.files",
        "照片或材料",
        "Photos or files",
    ),
    (
        "mentor.progress.form.title_hint",
        "例如：草原生态修复专题讲座",
        "For example: Restoring grassland ecology",
    ),
    (
        "mentor.progress.form.hours_hint",
        "以 0.25 小时为单位，例如 1.5",
        "In quarter hours, e.g. 1.5",
    ),
    ("mentor.progress.form.optional", "选填", "Optional"),
    (
        "mentor.progress.form.attendees_hint",
        "勾选实际参加的培带对象，由他们确认参加情况。",
        "Tick the mentees who took part; each of them confirms it.",
    ),
    (
        "mentor.progress.form.summary_hint",
        "选填。讲了什么、做了什么、有什么成果。",
        "Optional. What was covered, what was done, what came of it.",
    ),
    (
        "mentor.progress.form.files_hint",
        "可用手机直接拍照，或选择 PDF、JPEG、PNG 文件；每个不超过 {mb} MB，一次最多 10 个。",
        "Take a photo with your phone or choose PDF, JPEG or PNG files; up to {mb} MB each, 10 at a time.",
    ),
    (
        "mentor.progress.form.not_signed",
        "尚未签署联系书",
        "has not signed the contract yet",
    ),
    (
        "mentor.progress.form.kind_missing",
        "请选择活动类型",
        "Choose the kind of activity",
    ),
    (
        "mentor.progress.form.bad_date",
        "请按 年-月-日 填写日期，例如 2026-11-20",
        "Write the date as year-month-day, e.g. 2026-11-20",
    ),
    (
        "mentor.progress.form.bad_hours",
        "请填写数字，例如 1.5",
        "Write a number, e.g. 1.5",
    ),
    (
        "mentor.progress.form.files_again",
        "活动未保存，所选文件也没有上传。改正后请重新选择文件。",
        "The activity was not saved, so neither were the files. Choose them again once corrected.",
    ),
    ("mentor.progress.form.colon", "：", ": "),
    ("mentor.progress.form.sep", "；", "; "),
    (
        "mentor.progress.form.submit",
        "登记活动",
        "Log the activity",
    ),
    ("mentor.progress.form.save", "保存修改", "Save the changes"),
    ("mentor.progress.form.cancel", "取消", "Cancel"),
    // A refused file.
    (
        "mentor.progress.file.type",
        "有文件未上传：只接受 PDF、JPEG 或 PNG 文件。",
        "A file was not uploaded: only PDF, JPEG or PNG files are accepted.",
    ),
    (
        "mentor.progress.file.size",
        "有文件未上传：文件超过大小上限。",
        "A file was not uploaded: it is over the size limit.",
    ),
    (
        "mentor.progress.file.count",
        "一次最多上传 10 个文件，多出的没有上传。",
        "At most 10 files at a time; the rest were not uploaded.",
    ),
    (
        "mentor.progress.file.name",
        "有文件未上传：文件名不能为空，且不超过 200 个字。",
        "A file was not uploaded: its name must be given, at most 200 characters.",
    ),
    (
        "mentor.progress.file.locked",
        "活动已锁定，不能再补充材料。",
        "The activity is locked; no more files can be added.",
    ),
    (
        "mentor.progress.file.other",
        "有文件未上传，请重试。",
        "A file was not uploaded; please try again.",
    ),
    (
        "mentor.progress.file.none",
        "请先选择要上传的文件。",
        "Choose a file to upload first.",
    ),
];
