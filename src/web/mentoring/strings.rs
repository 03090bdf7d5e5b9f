//! The words of the mentoring pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these pages.
pub const STRINGS: &[Entry] = &[
    ("mentoring.yes", "是", "Yes"),
    ("mentoring.no", "否", "No"),
    // Filters.
    ("mentoring.filter.status", "状态", "Status"),
    ("mentoring.filter.mentor", "培带人", "Mentor"),
    ("mentoring.filter.unit", "所在单位", "Unit"),
    ("mentoring.filter.ends", "周期结束年份", "Cycle ends in"),
    ("mentoring.filter.year", "年度", "Year"),
    ("mentoring.filter.all_statuses", "全部状态", "All statuses"),
    ("mentoring.filter.all_mentors", "全部培带人", "All mentors"),
    ("mentoring.filter.all_units", "全部单位", "All units"),
    ("mentoring.filter.all_years", "全部年份", "All years"),
    ("mentoring.filter.apply", "筛选", "Filter"),
    ("mentoring.filter.clear", "清除筛选", "Clear the filters"),
    // Contracts.
    ("mentoring.contracts.title", "培带联系书", "Contracts"),
    (
        "mentoring.contracts.lead_unit",
        "本单位培带人签订的联系书",
        "The contracts of your unit's mentors",
    ),
    (
        "mentoring.contracts.lead_city",
        "各单位的联系书，按状态统计",
        "Every unit's contracts, counted by status",
    ),
    ("mentoring.contracts.total", "共 {n} 份", "{n} contracts"),
    (
        "mentoring.contracts.of",
        "{name} 的培带联系书",
        "{name}'s contract",
    ),
    (
        "mentoring.contracts.cycle",
        "周期 {from} – {to}",
        "Cycle {from} – {to}",
    ),
    (
        "mentoring.contracts.mentees",
        "培带对象 {n} 人",
        "{n} mentees",
    ),
    (
        "mentoring.contracts.empty",
        "还没有联系书。培带人起草并经各方签署后，联系书会出现在这里。",
        "No contracts yet. Once a mentor drafts one and every party signs, it shows here.",
    ),
    (
        "mentoring.contracts.empty_filtered",
        "没有符合筛选条件的联系书。",
        "No contract matches these filters.",
    ),
    (
        "mentoring.contracts.back",
        "返回联系书列表",
        "Back to the contracts",
    ),
    ("mentoring.contract.terms", "联系书信息", "Terms"),
    ("mentoring.contract.status", "状态", "Status"),
    ("mentoring.contract.cycle", "培带周期", "Cycle"),
    ("mentoring.contract.version", "版本", "Version"),
    (
        "mentoring.contract.mentor_signed",
        "培带人已签署",
        "Signed by the mentor",
    ),
    (
        "mentoring.contract.trained",
        "本周期已培带人数",
        "Mentees trained this cycle",
    ),
    ("mentoring.contract.end_reason", "结束原因", "Why it ended"),
    ("mentoring.contract.mentees", "培带对象", "Mentees"),
    (
        "mentoring.contract.no_mentees",
        "暂无培带对象",
        "No mentees",
    ),
    ("mentoring.contract.signed", "已签署", "Signed"),
    ("mentoring.contract.unsigned", "待签署", "Not signed yet"),
    ("mentoring.contract.joined", "加入日期", "Joined"),
    (
        "mentoring.contract.former",
        "已离开的培带对象",
        "Former mentees",
    ),
    ("mentoring.contract.left", "离开日期", "Left"),
    ("mentoring.contract.indicators", "培带指标", "Indicators"),
    ("mentoring.contract.target", "每年 {n} 次", "{n} a year"),
    // Terminating.
    (
        "mentoring.terminate.title",
        "提前终止联系书",
        "End the contract early",
    ),
    (
        "mentoring.terminate.words",
        "终止后，{mentor} 与 {mentees} 的联系书立即结束，不能再记录培带活动，也不能恢复；终止原因记入联系书和操作日志。系统不会自动发送邮件通知培带人和培带对象，请另行告知。",
        "Ending it closes the contract of {mentor} with {mentees} at once: no more activities can be logged, and it cannot be undone; the reason is kept with the contract and in the audit log. The system does not e-mail the mentor or the mentees; tell them yourself.",
    ),
    ("mentoring.terminate.reason", "终止原因", "Reason"),
    (
        "mentoring.terminate.reason_hint",
        "必填，将显示在联系书上",
        "Required; shown on the contract",
    ),
    (
        "mentoring.terminate.submit",
        "确认终止联系书",
        "End the contract",
    ),
    (
        "mentoring.notice.terminated",
        "联系书已终止。",
        "The contract was ended.",
    ),
    // Drafting on a mentor's behalf, and sending for signatures.
    (
        "mentoring.draft.title",
        "代培带人起草联系书",
        "Draft a contract for a mentor",
    ),
    (
        "mentoring.draft.lead",
        "为本单位在聘培带人起草联系书：选择培带对象（其他单位或专业的人员按邮箱添加并说明理由）、周期和培带指标。",
        "Draft a contract for one of your unit's mentors in office: the mentees (people of another unit or specialty added by e-mail, with a justification), the cycle and the indicators.",
    ),
    (
        "mentoring.draft.edit_title",
        "修改联系书草稿",
        "Change the draft",
    ),
    (
        "mentoring.draft.edit_lead",
        "{mentor} 的联系书草稿，发送签署前可以修改。",
        "{mentor}'s draft contract; its terms can change until it is sent for signatures.",
    ),
    (
        "mentoring.draft.not_draft",
        "这份联系书已发送签署或已生效，条款不能再修改；如需调整，请由市级管理员终止后重新起草。",
        "This contract was sent for signatures or is in force, so its terms can no longer change; to change them, the city admin ends it and a new one is drafted.",
    ),
    (
        "mentoring.draft.edit_words",
        "保存后仍是草稿，不会通知任何人；确认无误后，在联系书页面发送签署。",
        "Saved, it stays a draft and tells nobody; send it for signatures from its page once it is right.",
    ),
    ("mentoring.draft.save", "保存修改", "Save the changes"),
    ("mentoring.draft.edit", "修改草稿", "Change the draft"),
    (
        "mentoring.notice.saved",
        "联系书草稿已保存。",
        "The draft was saved.",
    ),
    (
        "mentoring.draft.choose_mentor",
        "请选择培带人",
        "Choose a mentor",
    ),
    (
        "mentoring.draft.no_mentors",
        "本单位暂无在聘培带人，不能起草联系书。",
        "Your unit has no mentor in office, so no contract can be drafted.",
    ),
    (
        "mentoring.draft.words",
        "提交后生成联系书草稿，不会通知任何人；确认无误后，在联系书页面发送签署。",
        "Saving makes a draft and tells nobody; send it for signatures from its page once it is right.",
    ),
    ("mentoring.draft.submit", "生成联系书草稿", "Make the draft"),
    ("mentoring.send.title", "发送签署", "Send for signatures"),
    (
        "mentoring.send.words",
        "发送后联系书进入待签署状态，由 {mentor} 和每位培带对象签署，全部签署后生效。",
        "Sent, the contract waits for the signatures of {mentor} and of each mentee; it takes effect once all have signed.",
    ),
    ("mentoring.send.submit", "发送签署", "Send for signatures"),
    (
        "mentoring.notice.drafted",
        "联系书草稿已生成。",
        "The draft was made.",
    ),
    (
        "mentoring.notice.sent",
        "联系书已发送签署。",
        "The contract was sent for signatures.",
    ),
    // Activities.
    ("mentoring.activities.title", "培带活动", "Activities"),
    (
        "mentoring.activities.lead",
        "本单位培带人记录的活动及培带对象的确认情况",
        "The activities your unit's mentors logged, and their mentees' answers",
    ),
    (
        "mentoring.activities.total",
        "共 {n} 次活动",
        "{n} activities",
    ),
    (
        "mentoring.activities.disputed_only",
        "只看有异议的",
        "Disputed only",
    ),
    ("mentoring.activities.disputed", "有异议", "Disputed"),
    (
        "mentoring.activities.disputed_banner",
        "有 {n} 次活动被培带对象提出异议，请核实。",
        "{n} activities are disputed by a mentee; please look into them.",
    ),
    ("mentoring.activities.hours", "{n} 小时", "{n} h"),
    ("mentoring.activities.reason", "异议理由：", "Reason: "),
    (
        "mentoring.activities.empty",
        "还没有培带活动。联系书生效后，培带人记录的活动会出现在这里。",
        "No activities yet. Once a contract is active, the mentor's activities show here.",
    ),
    (
        "mentoring.activities.empty_filtered",
        "没有符合筛选条件的活动。",
        "No activity matches these filters.",
    ),
    (
        "mentoring.activities.to_contracts",
        "查看联系书",
        "See the contracts",
    ),
    // Plans.
    ("mentoring.plans.title", "培养计划", "Training plans"),
    (
        "mentoring.plans.lead",
        "本单位培带对象的培养计划；联系书生效 {days} 天后仍未提交的计划标为逾期",
        "Your unit's mentees' plans; a plan not handed in {days} days after its contract took effect is overdue",
    ),
    ("mentoring.plans.total", "共 {n} 份", "{n} plans"),
    ("mentoring.plans.of", "{name} 的培养计划", "{name}'s plan"),
    ("mentoring.plans.mentor", "培带人：", "Mentor: "),
    ("mentoring.plans.submitted", "提交时间", "Submitted"),
    ("mentoring.plans.overdue", "逾期未提交", "Overdue"),
    ("mentoring.plans.not_started", "尚未填写", "Not started"),
    ("mentoring.plans.overdue_only", "只看逾期的", "Overdue only"),
    (
        "mentoring.plans.empty",
        "还没有培养计划。培带对象在联系书生效后填写计划。",
        "No plans yet. Mentees write theirs once their contract is active.",
    ),
    (
        "mentoring.plans.empty_filtered",
        "没有符合筛选条件的计划。",
        "No plan matches these filters.",
    ),
    ("mentoring.plans.back", "返回计划列表", "Back to the plans"),
    (
        "mentoring.plan.read_only",
        "此页只读：计划由培带对象填写、培带人审核。",
        "Read only: the mentee writes the plan and the mentor reviews it.",
    ),
    ("mentoring.plan.state", "计划状态", "State"),
    ("mentoring.plan.reviewed", "审核时间", "Reviewed"),
    (
        "mentoring.plan.comment",
        "培带人意见",
        "The mentor's comment",
    ),
    ("mentoring.plan.contract", "所属联系书", "Contract"),
    ("mentoring.plan.goals", "培养目标", "Goals"),
    (
        "mentoring.plan.projects",
        "参与的项目或岗位",
        "Projects and posts",
    ),
    ("mentoring.plan.milestones", "阶段目标", "Milestones"),
    ("mentoring.plan.year", "{year}年", "{year}"),
    ("mentoring.plan.evidence", "成果体现：", "Shown by: "),
    ("mentoring.plan.report", "进展报告：", "Report: "),
    ("mentoring.plan.none", "未填写", "Not written yet"),
];
