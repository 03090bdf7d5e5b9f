//! The words of the printable documents, Chinese first and English beside it. The Chinese
//! documents are the ones the offices sign and seal; the English ones are for English readers.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these documents; keys start with `print.`.
pub const STRINGS: &[Entry] = &[
    // The screen's bar above the sheet, and the parts every document shares.
    ("print.back", "← 返回", "← Back"),
    ("print.print", "打印", "Print"),
    (
        "print.hint",
        "用 A4 纸打印，或在打印对话框中选择“另存为 PDF”。",
        "Print on A4 paper, or choose “Save as PDF” in the print dialogue.",
    ),
    ("print.seal", "（盖章）", "(Seal)"),
    ("print.sign", "签名：", "Signature:"),
    ("print.date", "日期：", "Date:"),
    ("print.date_blank", "　　年　　月　　日", "____ / __ / __"),
    ("print.name", "姓名", "Name"),
    ("print.unit", "工作单位", "Unit"),
    ("print.category", "人才类别", "Talent category"),
    ("print.term", "聘期", "Term"),
    (
        "print.title_level",
        "职称（技能等级）",
        "Title (skill level)",
    ),
    ("print.col.no", "序号", "No."),
    ("print.yes", "是", "Yes"),
    ("print.no", "否", "No"),
    ("print.none", "无", "None"),
    ("print.times_n", "{n} 次", "{n} times"),
    ("print.hours_n", "{n} 学时", "{n} hours"),
    // The links to the documents from the pages where people meet them.
    (
        "print.link.certificate",
        "打印聘书",
        "Print the certificate",
    ),
    (
        "print.link.revocation",
        "打印撤销资格通知",
        "Print the notice of revocation",
    ),
    (
        "print.link.contract",
        "打印培带联系书",
        "Print the contract",
    ),
    (
        "print.link.nomination",
        "打印推荐申报表",
        "Print the application form",
    ),
    (
        "print.link.assessment",
        "打印考核结果通知书",
        "Print the result notice",
    ),
    ("print.link.notice", "打印公示", "Print the notice"),
    // 聘书.
    ("print.cert.title", "聘书", "Appointment certificate"),
    ("print.cert.heading", "聘　书", "Certificate of appointment"),
    ("print.cert.no", "证书编号：", "Certificate no.: "),
    ("print.cert.no_short", "证书编号", "Certificate no."),
    ("print.cert.salutation", "{name}同志：", "Dear {name},"),
    (
        "print.cert.text_imported",
        "经研究决定，聘任您为{category}人才培带人，聘期自{from}至{to}。",
        "You are appointed as a talent mentor ({category}) for the term from {from} to {to}.",
    ),
    (
        "print.cert.text",
        "经单位推荐、专家评审、社会公示，并经研究决定，在{round}中聘任您为{category}人才培带人，聘期自{from}至{to}。",
        "Nominated by your unit, reviewed by the expert committee and published on public notice, you are appointed in {round} as a talent mentor ({category}) for the term from {from} to {to}.",
    ),
    (
        "print.cert.hope",
        "希望您发挥传帮带作用，与培带对象签订培带联系书，按年度指标开展培带活动，为本市培养更多优秀人才。",
        "We ask you to pass on your knowledge and experience: sign a contract with your mentees, carry out the mentoring activities of each year's targets, and help the city raise more outstanding talent.",
    ),
    // 撤销人才培带人资格通知.
    (
        "print.revocation.title",
        "撤销人才培带人资格通知",
        "Notice of revocation of talent mentor status",
    ),
    (
        "print.revocation.text",
        "根据您{year}年度人才培带工作考核评价结果（{grade}），经确认，自{date}起撤销您的人才培带人资格，原聘书（{no}）同时作废。",
        "Following the confirmed result of your talent mentor assessment for {year} ({grade}), your status as a talent mentor is revoked from {date}; the certificate {no} is no longer valid.",
    ),
    (
        "print.revocation.text_plain",
        "经确认，自{date}起撤销您的人才培带人资格，原聘书（{no}）同时作废。",
        "Your status as a talent mentor is revoked from {date}; the certificate {no} is no longer valid.",
    ),
    ("print.revocation.on", "撤销日期", "Revoked on"),
    ("print.revocation.reason", "撤销原因", "Reason"),
    (
        "print.revocation.objection_until",
        "考核结果异议期截止",
        "Objections to the grade were taken until",
    ),
    (
        "print.revocation.effects",
        "撤销后的处理",
        "What the revocation ends",
    ),
    (
        "print.revocation.effect.contracts",
        "您尚在履行的培带联系书同时终止，培带对象另行安排培带人。",
        "Your open contracts end, and your mentees are assigned to another mentor.",
    ),
    (
        "print.revocation.effect.benefits",
        "正在享受和尚待办理的人才服务待遇同时停止，需交回的请按通知期限办理。",
        "The benefits you receive or have applied for end; return what must be handed back by the date you are told.",
    ),
    (
        "print.revocation.effect.record",
        "您的账号和以往培带记录予以保留。",
        "Your account and the record of your mentoring are kept.",
    ),
    ("print.revocation.route", "异议途径", "How to object"),
    (
        "print.revocation.route_text",
        "按照培带考核评价规定，考核结果确认后，本人可在异议期内提出一次书面异议；异议期届满未提出异议或异议不成立的，撤销资格。对本通知如有疑问，请以书面形式向{contact}反映。",
        "Under the assessment rules, a mentor may object once, in writing, within the objection period after the grade is confirmed; when the period has passed with no objection, or the objection is rejected, the status is revoked. For any question about this notice, write to {contact}.",
    ),
    // 培带联系书.
    ("print.contract.title", "培带联系书", "Mentoring contract"),
    (
        "print.contract.no",
        "联系书编号：{id}（第 {version} 版）",
        "Contract no. {id} (version {version})",
    ),
    (
        "print.contract.lead",
        "为做好人才培带工作，经{unit}组织，人才培带人{mentor}与以下 {n} 名培带对象自愿结成培带关系，签订本联系书。",
        "To carry out the talent mentoring programme, organised by {unit}, the talent mentor {mentor} and the {n} mentees below enter into this contract.",
    ),
    ("print.contract.parties", "一、培带双方", "1. The parties"),
    ("print.contract.role", "身份", "Role"),
    ("print.contract.mentor", "人才培带人", "Talent mentor"),
    ("print.contract.mentee_n", "培带对象{n}", "Mentee {n}"),
    ("print.contract.cycle", "二、培带周期", "2. The cycle"),
    (
        "print.contract.cycle_text",
        "培带周期自{from}起至{to}止，共 {months} 个月。",
        "The cycle runs from {from} to {to}: {months} months.",
    ),
    (
        "print.contract.indicators",
        "三、年度培带指标",
        "3. Yearly targets",
    ),
    ("print.contract.kind", "培带方式", "Kind of activity"),
    ("print.contract.description", "内容说明", "Description"),
    ("print.contract.yearly_target", "年度目标", "Yearly target"),
    (
        "print.contract.mentor_duties",
        "四、培带人职责",
        "4. The mentor's duties",
    ),
    (
        "print.contract.mentor_duty.1",
        "按上述年度指标开展专题讲座、技术辅导、培训授课、交流和项目实践等培带活动，并如实记录每次活动。",
        "Hold the lectures, tutoring, classes, exchanges and project practice of the yearly targets above, and record each activity truthfully.",
    ),
    (
        "print.contract.mentor_duty.2",
        "指导每名培带对象制定培养计划，及时审阅，提出修改意见，并跟踪计划的落实。",
        "Guide each mentee in writing a training plan, review it promptly with comments, and follow how it is carried out.",
    ),
    (
        "print.contract.mentor_duty.3",
        "在业务上言传身教，带领培带对象参与科研项目和岗位实践，帮助其提升专业能力。",
        "Teach by word and example, take the mentees into research projects and practice on the job, and help them grow in their field.",
    ),
    (
        "print.contract.mentor_duty.4",
        "接受所在单位的年度考核评价，考核结果作为保留培带人资格和享受服务待遇的依据。",
        "Take part in the annual assessment by the unit; its result decides whether the status and the benefits are kept.",
    ),
    (
        "print.contract.mentee_duties",
        "五、培带对象职责",
        "5. The mentees' duties",
    ),
    (
        "print.contract.mentee_duty.1",
        "在培带人指导下制定培养计划，明确培养目标、各年度目标及参与的项目或岗位，并按期提交。",
        "Write a training plan with the mentor's guidance, stating the aims, the milestones of each year and the projects or posts to join, and submit it on time.",
    ),
    (
        "print.contract.mentee_duty.2",
        "按时参加培带活动，如实确认本人出勤情况。",
        "Attend the mentoring activities and confirm one's own attendance truthfully.",
    ),
    (
        "print.contract.mentee_duty.3",
        "按培养计划学习实践，定期报告各阶段目标的完成情况。",
        "Study and practise as the plan sets out, and report the progress on each milestone.",
    ),
    (
        "print.contract.mentee_duty.4",
        "尊重培带人，主动请教，学成后积极将所学传给他人。",
        "Respect the mentor, ask for guidance, and pass on what was learnt.",
    ),
    ("print.contract.other", "六、其他", "6. Other terms"),
    (
        "print.contract.other_text",
        "本联系书自培带人和全体培带对象签字之日起生效，签字后条款不再变更。培带对象因调动、离职等原因中途退出的，由其他人员接替，接替人员签字后受本联系书约束。本联系书一式三份，培带人、培带对象所在单位和市委组织部各存一份。",
        "This contract takes effect when the mentor and every mentee have signed it; its terms do not change afterwards. A mentee who leaves (transferred, resigned or otherwise) is replaced by another person, who is bound once they have signed. It is made in three copies: for the mentor, the unit and the city organization department.",
    ),
    ("print.contract.signatures", "签字", "Signatures"),
    (
        "print.contract.unit_seal",
        "组织单位：{unit}",
        "Organising unit: {unit}",
    ),
    // 推荐申报表.
    (
        "print.nomination.title",
        "人才培带人推荐申报表",
        "Talent mentor application form",
    ),
    ("print.nomination.unit", "推荐单位：", "Nominating unit: "),
    (
        "print.nomination.unit_position",
        "工作单位及职务",
        "Unit and position",
    ),
    ("print.nomination.status", "状态：", "Status: "),
    ("print.nomination.submitted", "提交时间：", "Submitted: "),
    ("print.nomination.birth_date", "出生日期", "Date of birth"),
    ("print.nomination.education", "学历", "Education"),
    ("print.nomination.specialty", "专业领域", "Specialty"),
    (
        "print.nomination.city_work",
        "来本市工作时间",
        "Working in the city since",
    ),
    (
        "print.nomination.from_outside",
        "市外引进",
        "Brought in from outside",
    ),
    (
        "print.nomination.skills_award",
        "技能竞赛奖项",
        "Skills award",
    ),
    ("print.nomination.honours", "荣誉奖励", "Honours and awards"),
    ("print.nomination.achievements", "主要业绩", "Achievements"),
    (
        "print.nomination.exception",
        "破格推荐理由",
        "Why the age exception",
    ),
    (
        "print.nomination.qualification",
        "资格说明",
        "Qualification justification",
    ),
    (
        "print.nomination.opinion",
        "单位推荐意见",
        "The unit's opinion",
    ),
    ("print.nomination.files", "证明材料", "Evidence files"),
    ("print.nomination.file", "文件名", "File"),
    ("print.nomination.size", "大小", "Size"),
    (
        "print.nomination.no_files",
        "未上传证明材料。",
        "No evidence files were uploaded.",
    ),
    // 考核结果通知书.
    (
        "print.assessment.title",
        "考核结果通知书",
        "Assessment result notice",
    ),
    (
        "print.assessment.text",
        "经{unit}考核评价、市委组织部确认，您{year}年度（考核期{from}至{to}）人才培带工作考核结果为：{grade}。",
        "Assessed by {unit} and confirmed by the city organization department, the result of your talent mentoring in {year} (the period from {from} to {to}) is: {grade}.",
    ),
    ("print.assessment.grade", "考核等次：", "Grade: "),
    (
        "print.assessment.evidence",
        "年度指标完成情况",
        "The year's targets and what was done",
    ),
    (
        "print.assessment.period_target",
        "考核期目标",
        "Target for the period",
    ),
    ("print.assessment.done", "完成", "Done"),
    (
        "print.assessment.no_contract",
        "考核期内没有履行中的培带联系书。",
        "There was no contract in the period.",
    ),
    (
        "print.assessment.totals",
        "达标指标 {met}/{n} 项；培带活动 {activities} 次，共 {hours} 学时。",
        "Targets met: {met} of {n}; {activities} activities, {hours} hours in all.",
    ),
    (
        "print.assessment.comment",
        "单位考核意见",
        "The unit's comment",
    ),
    ("print.assessment.objection", "异议", "Objections"),
    (
        "print.assessment.objection_text",
        "如对考核结果有异议，请于{date}前（含当日）在平台上或以书面形式向{contact}提出，每次确认可提出一次。异议期届满未提出异议或异议不成立的，将按规定撤销人才培带人资格。",
        "To object to the result, file the objection on the service or in writing with {contact} by {date}, inclusive; one objection is taken per confirmation. When the period has passed with no objection, or the objection is rejected, the talent mentor status is revoked under the rules.",
    ),
    // 公示.
    ("print.notice.label", "公示", "Public notice"),
    ("print.notice.period", "公示时间", "Notice period"),
];
