//! The words of the nominations pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these pages; keys start with `nominations.`.
pub const STRINGS: &[Entry] = &[
    ("nominations.back", "返回推荐申报", "Back to nominations"),
    ("nominations.none", "未填写", "Not given"),
    // The list.
    ("nominations.list.title", "推荐申报", "Nominations"),
    (
        "nominations.list.lead",
        "本单位在各届选拔中的推荐，按届次和状态查看",
        "Your unit's nominations, by round and status",
    ),
    (
        "nominations.list.new",
        "填写推荐申报表",
        "Fill in a nomination form",
    ),
    ("nominations.list.round", "选拔届次", "Round"),
    ("nominations.list.status", "状态", "Status"),
    ("nominations.sort.category", "按人才类别", "By category"),
    ("nominations.list.all_statuses", "全部状态", "All statuses"),
    ("nominations.list.filter", "筛选", "Filter"),
    (
        "nominations.list.total",
        "共 {total} 条推荐",
        "{total} nominations",
    ),
    ("nominations.list.has_warnings", "有提示", "Has warnings"),
    (
        "nominations.list.no_category",
        "未选人才类别",
        "No category yet",
    ),
    ("nominations.list.submitted_at", "提交时间", "Submitted"),
    ("nominations.list.edit", "修改并提交", "Edit and submit"),
    ("nominations.list.view", "查看", "View"),
    (
        "nominations.list.empty_open",
        "本届还没有推荐。填写推荐申报表，保存草稿后可随时修改，截止前提交。",
        "No nominations in this round yet. Fill in a form; a saved draft can be changed until you submit it before the deadline.",
    ),
    (
        "nominations.list.empty",
        "这一届没有符合条件的推荐。",
        "No nominations match in this round.",
    ),
    (
        "nominations.list.no_round",
        "目前还没有选拔届次。市委组织部开启选拔后，可在此填写推荐。",
        "There is no selection round yet. Once the city opens one, you nominate here.",
    ),
    // The round.
    (
        "nominations.round_status.open",
        "推荐申报中",
        "Open for nominations",
    ),
    (
        "nominations.round_status.reviewing",
        "评审中",
        "Under review",
    ),
    (
        "nominations.round_status.public_notice",
        "公示中",
        "Public notice",
    ),
    ("nominations.round_status.closed", "已结束", "Closed"),
    (
        "nominations.round.deadline",
        "推荐截止日期",
        "Nomination deadline",
    ),
    (
        "nominations.round.days_left",
        "还剩 {days} 天",
        "{days} days left",
    ),
    ("nominations.round.quota", "本单位名额", "Your unit's quota"),
    (
        "nominations.round.quota_used",
        "已用 {used} / {quota} 个",
        "{used} of {quota} used",
    ),
    (
        "nominations.round.no_quota",
        "不限名额，已提交 {used} 个",
        "No quota; {used} handed in",
    ),
    // Statuses and categories.
    ("nominations.status.draft", "草稿", "Draft"),
    ("nominations.status.submitted", "已提交", "Submitted"),
    ("nominations.status.returned", "已退回", "Returned"),
    ("nominations.status.under_review", "评审中", "Under review"),
    ("nominations.status.approved", "已通过", "Approved"),
    ("nominations.status.rejected", "未通过", "Not approved"),
    ("nominations.status.withdrawn", "已撤回", "Withdrawn"),
    (
        "nominations.category.professional_technical",
        "专业技术人才",
        "Professional and technical talent",
    ),
    (
        "nominations.category.high_skill",
        "高技能人才",
        "High-skill talent",
    ),
    (
        "nominations.category.rural_practical",
        "农村牧区实用人才",
        "Practical talent of farming and pastoral areas",
    ),
    (
        "nominations.category.equivalent_or_higher",
        "高于或相当于上述层次的人才",
        "Talent at or above the levels above",
    ),
    (
        "nominations.category.approved_other",
        "经市委组织部批准的其他人才",
        "Other talent approved by the city",
    ),
    // The form.
    (
        "nominations.new.title",
        "填写推荐申报表",
        "New nomination form",
    ),
    (
        "nominations.new.lead",
        "填写时即按本届推荐条件检查，提示显示在对应栏目旁。可先保存草稿，截止前提交。",
        "The form is checked against this round's rules as you type; reasons appear beside their fields. Save a draft first if you like, and submit before the deadline.",
    ),
    (
        "nominations.new.no_round",
        "目前没有正在推荐申报的选拔届次。",
        "No round is open for nominations now.",
    ),
    ("nominations.form.group.person", "被推荐人", "Candidate"),
    (
        "nominations.form.group.category",
        "人才类别",
        "Talent category",
    ),
    (
        "nominations.form.group.eligibility",
        "推荐条件",
        "Eligibility",
    ),
    (
        "nominations.form.group.record",
        "主要业绩与推荐意见",
        "Achievements and opinion",
    ),
    ("nominations.form.name", "姓名", "Name"),
    ("nominations.form.email", "电子邮箱", "Email"),
    (
        "nominations.form.email_hint",
        "聘任后将以此邮箱通知本人",
        "The candidate is told at this address once appointed",
    ),
    ("nominations.form.category", "人才类别", "Talent category"),
    ("nominations.form.specialty", "专业或领域", "Specialty"),
    (
        "nominations.form.city_work_start_date",
        "来本市工作时间",
        "Started working in the city",
    ),
    (
        "nominations.form.city_work_start_date_hint",
        "须在本市工作满 {years} 年",
        "At least {years} years in the city are required",
    ),
    ("nominations.form.birth_date", "出生日期", "Birth date"),
    (
        "nominations.form.birth_date_hint",
        "年龄一般不超过 {age} 周岁（或本届规定的出生日期）",
        "Generally at most {age} years old (or the round's birth-date cut-off)",
    ),
    (
        "nominations.form.outstanding_exception",
        "特别优秀，申请破格推荐",
        "Particularly outstanding: nominate under the exception",
    ),
    (
        "nominations.form.outstanding_exception_hint",
        "超过年龄要求时勾选，并在下方写明理由",
        "Tick when over the age limit, and write the justification below",
    ),
    (
        "nominations.form.exception_justification",
        "破格推荐理由",
        "Justification of the exception",
    ),
    ("nominations.form.education", "学历", "Education"),
    ("nominations.form.title_level", "职称", "Professional title"),
    (
        "nominations.form.skill_level",
        "职业技能等级",
        "Skill level",
    ),
    ("nominations.form.skills_award", "技能奖项", "Skills award"),
    (
        "nominations.form.skills_award_hint",
        "高技能人才可填写所获的技能竞赛奖项",
        "High-skill candidates may give a skills competition award",
    ),
    (
        "nominations.form.qualification_justification",
        "推荐理由（学历、职称或技能等级未达要求时）",
        "Justification (when degree, title or skill level is below the usual)",
    ),
    (
        "nominations.form.qualification_justification_hint",
        "评审专家将看到此说明",
        "The reviewers will read it",
    ),
    (
        "nominations.form.from_outside_city",
        "市外引进人才",
        "Brought in from outside the city",
    ),
    ("nominations.form.achievements", "主要业绩", "Achievements"),
    (
        "nominations.form.unit_opinion",
        "单位推荐意见",
        "Unit's opinion",
    ),
    (
        "nominations.form.live_warnings",
        "提交后评审专家将看到以下提示：",
        "On submission the reviewers will see:",
    ),
    ("nominations.form.save", "保存草稿", "Save draft"),
    ("nominations.form.submit", "提交推荐", "Submit"),
    (
        "nominations.form.resubmit",
        "修改后重新提交",
        "Submit again",
    ),
    (
        "nominations.form.submit_consequence",
        "提交后本单位不能再修改，推荐交市委组织部审核并进入评审；截止日期 {date}。被退回时可修改后重新提交。",
        "Once submitted your unit can no longer change it; it goes to the city and then to review. Deadline {date}. If it is returned you can change it and submit again.",
    ),
    (
        "nominations.form.choose",
        "请从列表中选择",
        "Choose one from the list",
    ),
    (
        "nominations.form.bad_date",
        "请按 年-月-日 填写日期",
        "Write the date as year-month-day",
    ),
    ("nominations.form.pick", "请选择", "Choose"),
    (
        "nominations.form.honours",
        "荣誉和奖项",
        "Honours and awards",
    ),
    (
        "nominations.form.honours_hint",
        "每行一项；保存后可再添加一行",
        "One a row; save to add another row",
    ),
    ("nominations.form.honour_name", "名称", "Name"),
    ("nominations.form.honour_level", "级别", "Level"),
    ("nominations.form.honour_year", "年份", "Year"),
    (
        "nominations.form.honour_incomplete",
        "每项荣誉请填写名称、级别和年份",
        "Give each honour its name, level and year",
    ),
    (
        "nominations.form.candidate",
        "本单位人员",
        "A person of your unit",
    ),
    (
        "nominations.form.candidate_hint",
        "可选择本单位已有人员（如培带对象）；新人员请选第一项并在下方填写姓名和邮箱",
        "Pick a person already in your unit (e.g. a mentee); for someone new, keep the first choice and give the name and email below",
    ),
    (
        "nominations.form.new_person",
        "新人员（在下方填写）",
        "Someone new (fill in below)",
    ),
    // One nomination.
    (
        "nominations.nomination.title",
        "{name}的推荐",
        "Nomination of {name}",
    ),
    (
        "nominations.nomination.form",
        "推荐申报表",
        "Application form",
    ),
    (
        "nominations.nomination.returned",
        "市委组织部退回意见",
        "Returned by the city with this reason",
    ),
    (
        "nominations.nomination.returned_lead",
        "请按意见修改后重新提交。",
        "Change the form as asked and submit it again.",
    ),
    (
        "nominations.nomination.warnings",
        "评审专家将看到的提示",
        "Warnings the reviewers see",
    ),
    // Files.
    ("nominations.files.title", "证明材料", "Evidence files"),
    (
        "nominations.files.empty_editable",
        "还没有证明材料。请上传学历、职称、获奖等证书的扫描件或照片。",
        "No evidence yet. Upload scans or photos of degree, title and award certificates.",
    ),
    (
        "nominations.files.empty",
        "没有证明材料。",
        "No evidence files.",
    ),
    ("nominations.files.choose", "选择文件", "Choose files"),
    (
        "nominations.files.hint",
        "PDF、JPEG 或 PNG，一次最多 {count} 个，每个不超过 {mb} MB",
        "PDF, JPEG or PNG; up to {count} files at once, {mb} MB each",
    ),
    ("nominations.files.upload", "上传", "Upload"),
    (
        "nominations.files.too_large",
        "文件过大，请压缩后重新上传",
        "A file is too large; make it smaller and try again",
    ),
    (
        "nominations.files.too_many",
        "一次上传的文件过多",
        "Too many files at once",
    ),
    (
        "nominations.files.none",
        "请选择要上传的文件",
        "Choose a file to upload",
    ),
    // Withdrawing.
    ("nominations.withdraw.title", "撤回推荐", "Withdraw"),
    (
        "nominations.withdraw.consequence",
        "撤回后，{name}不再参加本届选拔，不占本单位名额；撤回不能恢复，如需推荐须重新填写。",
        "Once withdrawn, {name} takes no further part in this round and uses no quota; it cannot be undone, and nominating again means a new form.",
    ),
    (
        "nominations.withdraw.button",
        "撤回此推荐",
        "Withdraw this nomination",
    ),
    // Notices.
    ("nominations.done.created", "草稿已保存。", "Draft saved."),
    ("nominations.done.saved", "已保存。", "Saved."),
    (
        "nominations.done.submitted",
        "已提交，等待市委组织部审核。",
        "Submitted; the city reviews it next.",
    ),
    (
        "nominations.done.files",
        "证明材料已上传。",
        "Evidence uploaded.",
    ),
    (
        "nominations.done.files_some",
        "部分文件已上传，其余未上传：",
        "Some files were uploaded; the rest were not:",
    ),
    (
        "nominations.done.withdrawn",
        "推荐已撤回。",
        "Nomination withdrawn.",
    ),
    (
        "nominations.done.created_not_submitted",
        "草稿已保存，但尚未提交：",
        "The draft was saved but not submitted:",
    ),
    (
        "nominations.done.saved_not_submitted",
        "已保存，但尚未提交：",
        "Saved, but not submitted:",
    ),
];
