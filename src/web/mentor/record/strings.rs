//! The words of the mentor's record pages, Chinese first and English beside it (see `web::strings`).

use crate::i18n::CatalogueEntry as Entry;

/// `(key, zh-CN, en)`; keys start with `mentor.record.`.
pub const STRINGS: &[Entry] = &[
    // Shared by the record pages.
    ("mentor.record.year", "{year}年度", "{year}"),
    ("mentor.record.unit", "所在单位", "Unit"),
    ("mentor.record.open", "查看详情", "View details"),
    (
        "mentor.record.open_and_object",
        "查看并提出异议",
        "View and object",
    ),
    // Grades, statuses, kinds, consequences.
    ("mentor.record.grade.excellent", "优秀", "Excellent"),
    ("mentor.record.grade.qualified", "合格", "Qualified"),
    (
        "mentor.record.grade.basically_qualified",
        "基本合格",
        "Basically qualified",
    ),
    ("mentor.record.grade.unqualified", "不合格", "Unqualified"),
    ("mentor.record.grade.none", "尚未评定", "Not graded yet"),
    (
        "mentor.record.status.draft",
        "单位评定中",
        "Being graded by the unit",
    ),
    (
        "mentor.record.status.submitted",
        "待市委组织部确认",
        "Awaiting the city's confirmation",
    ),
    (
        "mentor.record.status.returned",
        "退回单位重新评定",
        "Returned to the unit for a new grade",
    ),
    ("mentor.record.status.confirmed", "已确认", "Confirmed"),
    ("mentor.record.kind.annual", "年度考核", "Annual assessment"),
    (
        "mentor.record.kind.follow_up",
        "整改后复核",
        "Follow-up after rectification",
    ),
    ("mentor.record.consequence", "处理结果", "Outcome"),
    (
        "mentor.record.consequence.revoked",
        "异议期满，已取消培带人资格",
        "The objection window passed; the appointment was revoked",
    ),
    (
        "mentor.record.consequence.rectification",
        "异议期满，进入限期整改，整改期满后复核",
        "The objection window passed; a rectification period began, followed by a new assessment",
    ),
    (
        "mentor.record.consequence.not_applicable",
        "聘期已结束，无需处理",
        "The appointment had already ended; nothing further followed",
    ),
    (
        "mentor.record.unit_comment_label",
        "单位评价",
        "The unit's comment",
    ),
    ("mentor.record.confirmed_on", "确认时间", "Confirmed on"),
    (
        "mentor.record.unit_comment",
        "单位评价：",
        "The unit's comment: ",
    ),
    (
        "mentor.record.no_comment",
        "单位未填写评价",
        "The unit wrote no comment",
    ),
    // The list of assessments.
    (
        "mentor.record.assessments.title",
        "年度考核",
        "Annual assessments",
    ),
    (
        "mentor.record.assessments.lead",
        "市委组织部确认后的考核结果按年度列在这里。",
        "Your assessments appear here, year by year, once the city has confirmed them.",
    ),
    (
        "mentor.record.assessments.empty",
        "还没有已确认的考核结果。每年考核由所在单位评定、市委组织部确认后，结果会显示在这里；平时请按协议开展培带活动。",
        "No confirmed assessment yet. Each year your unit grades you and the city confirms it; the result then appears here. Meanwhile, keep up the activities your contract sets.",
    ),
    (
        "mentor.record.assessments.empty_action",
        "查看本年度进度",
        "See this year's progress",
    ),
    // One assessment.
    (
        "mentor.record.assessment.heading",
        "{year}年度考核结果",
        "The {year} assessment",
    ),
    (
        "mentor.record.back_to_assessments",
        "← 返回年度考核",
        "← Back to the assessments",
    ),
    ("mentor.record.assessment.result", "考核等次", "Grade"),
    (
        "mentor.record.evidence",
        "考核依据",
        "What the grade rests on",
    ),
    (
        "mentor.record.evidence.activities",
        "培带活动（次）",
        "Activities",
    ),
    ("mentor.record.evidence.hours", "活动时长（小时）", "Hours"),
    (
        "mentor.record.evidence.indicators",
        "完成的指标",
        "Indicators met",
    ),
    (
        "mentor.record.evidence.attendance",
        "培带对象平均出勤率",
        "Mentees' average attendance",
    ),
    // The objection window.
    (
        "mentor.record.window.open",
        "如对考核结果有异议，可在 {date}（含当日）前提出。",
        "If you disagree with the grade, you may object until the end of {date}.",
    ),
    (
        "mentor.record.window.closed",
        "异议期已于 {date} 结束，不能再提出异议。",
        "The objection window closed at the end of {date}; an objection can no longer be filed.",
    ),
    (
        "mentor.record.window.filed",
        "已提出异议，请等待市委组织部处理。",
        "You have objected; the city will decide.",
    ),
    // The objection.
    ("mentor.record.objection.title", "异议", "Objection"),
    (
        "mentor.record.objection.lead",
        "请写明不同意的理由，可附上活动台账、照片等证明材料。提交后市委组织部将复核并答复；每次考核结果只能提出一次异议。",
        "Say why you disagree and attach what shows it (activity records, photos). The city reviews it and answers; you can object once to each confirmed grade.",
    ),
    (
        "mentor.record.objection.content",
        "异议理由",
        "Why you disagree",
    ),
    (
        "mentor.record.objection.content_hint",
        "例如：哪些活动已开展但未记录，记录在何处",
        "For example: which activities took place but were not recorded, and where they are recorded",
    ),
    (
        "mentor.record.objection.files",
        "证明材料（可选）",
        "Supporting files (optional)",
    ),
    (
        "mentor.record.objection.files_hint",
        "PDF、JPEG 或 PNG，最多 {count} 个，每个不超过 {mb} MB",
        "PDF, JPEG or PNG; up to {count} files of at most {mb} MB each",
    ),
    (
        "mentor.record.objection.submit",
        "提交异议",
        "File the objection",
    ),
    (
        "mentor.record.objection.file_type",
        "只接受 PDF、JPEG 或 PNG 文件，请重新选择",
        "Only PDF, JPEG or PNG files are accepted; choose the files again",
    ),
    (
        "mentor.record.objection.file_too_large",
        "有文件超过大小限制，请压缩后重新选择",
        "A file is over the size limit; make it smaller and choose the files again",
    ),
    (
        "mentor.record.objection.too_many_files",
        "文件太多，请精简后重新选择",
        "Too many files; choose fewer and try again",
    ),
    ("mentor.record.objection.filed_on", "提出时间", "Filed on"),
    (
        "mentor.record.objection.status.pending",
        "待处理",
        "Waiting for a decision",
    ),
    (
        "mentor.record.objection.status.upheld",
        "异议成立",
        "Upheld",
    ),
    (
        "mentor.record.objection.status.rejected",
        "异议不成立",
        "Rejected",
    ),
    (
        "mentor.record.objection.pending_words",
        "市委组织部正在复核，处理结果会通过邮件告知您。",
        "The city is reviewing it; you will be told the decision by e-mail.",
    ),
    (
        "mentor.record.objection.outcome.upheld",
        "异议成立，考核已退回单位重新评定",
        "Upheld: the assessment went back to your unit for a new grade",
    ),
    (
        "mentor.record.objection.outcome.rejected",
        "异议不成立，维持原考核结果",
        "Rejected: the grade stands",
    ),
    (
        "mentor.record.objection.not_open",
        "只有经确认为“不合格”的考核结果可以提出异议。",
        "Only a confirmed \u{201c}unqualified\u{201d} grade can be objected to.",
    ),
    // Notices after a form.
    (
        "mentor.record.notice.objection_filed",
        "异议已提交，市委组织部处理后会通知您。",
        "Your objection has been filed. The city will tell you its decision.",
    ),
    (
        "mentor.record.notice.objection_files_failed",
        "异议已提交，但有文件未能保存。请将材料交给所在单位管理员转交。",
        "Your objection has been filed, but a file could not be kept. Give the documents to your unit's administrator to pass on.",
    ),
    (
        "mentor.record.notice.applied",
        "申请已提交，市委组织部审核后会通知您。",
        "Your application has been sent. The city will tell you its decision.",
    ),
    // Benefits.
    ("mentor.record.benefits.title", "服务待遇", "Benefits"),
    (
        "mentor.record.benefits.lead",
        "在聘培带人享受的待遇，以及每项待遇的办理进度。",
        "What an appointed mentor receives, and where each of your benefits stands.",
    ),
    (
        "mentor.record.benefits.qualify",
        "我符合的待遇",
        "What you qualify for",
    ),
    ("mentor.record.benefits.eligible", "符合条件", "Eligible"),
    (
        "mentor.record.benefits.not_eligible_chip",
        "暂不符合",
        "Not eligible now",
    ),
    (
        "mentor.record.benefits.health_due",
        "体检到期日：",
        "Due on:",
    ),
    (
        "mentor.record.benefits.can_apply",
        "可以提出申请",
        "You can apply for it",
    ),
    (
        "mentor.record.benefits.already",
        "已有同类待遇在办理或有效期内",
        "You already have one being handled or running",
    ),
    (
        "mentor.record.benefits.arranged",
        "由市委组织部统一安排，无需申请",
        "Arranged by the city; no application needed",
    ),
    (
        "mentor.record.benefits.not_active",
        "只有在聘培带人享受服务待遇。",
        "Benefits are for mentors whose appointment is running.",
    ),
    ("mentor.record.benefits.apply", "申请待遇", "Apply"),
    ("mentor.record.benefits.kind", "申请的待遇", "Benefit"),
    ("mentor.record.benefits.note", "说明", "Note"),
    (
        "mentor.record.benefits.note_hint",
        "可选，例如乘车线路或入住时间的需求",
        "Optional, e.g. the routes you ride or when you would move in",
    ),
    (
        "mentor.record.benefits.submit",
        "提交申请",
        "Send the application",
    ),
    (
        "mentor.record.benefits.nothing_to_apply",
        "目前没有可以申请的待遇。人才公交IC卡和玉龙人才公寓在符合条件时可在此申请，其他待遇由市委组织部统一安排。",
        "Nothing to apply for now. The bus card and the apartment are applied for here when you qualify; the city arranges the other benefits.",
    ),
    (
        "mentor.record.benefits.choose_kind",
        "请选择要申请的待遇",
        "Choose the benefit to apply for",
    ),
    (
        "mentor.record.benefits.not_eligible",
        "不符合申请条件：",
        "Not eligible: ",
    ),
    ("mentor.record.benefits.mine", "我的待遇", "Your benefits"),
    (
        "mentor.record.benefits.empty",
        "还没有待遇记录。符合条件的待遇可以在上方申请，体检、休假疗养、培训班等由市委组织部安排后会显示在这里。",
        "No benefits yet. Apply above for what you qualify for; the health check, leave, class and the others appear here once the city arranges them.",
    ),
    ("mentor.record.benefits.empty_action", "去申请", "Apply"),
    ("mentor.record.benefits.since", "办理时间", "Since"),
    ("mentor.record.benefits.card_number", "卡号", "Card number"),
    ("mentor.record.benefits.room", "房间", "Room"),
    ("mentor.record.benefits.valid", "有效期", "Valid"),
    (
        "mentor.record.benefits.checked_on",
        "体检日期",
        "Checked on",
    ),
    ("mentor.record.benefits.dates", "时间", "Dates"),
    ("mentor.record.benefits.place", "地点", "Place"),
    ("mentor.record.benefits.attended", "是否参加", "Attended"),
    ("mentor.record.benefits.attended_yes", "已参加", "Yes"),
    ("mentor.record.benefits.attended_no", "未参加", "No"),
    ("mentor.record.benefits.honour", "表彰称号", "Honour"),
    (
        "mentor.record.benefits.decision_reason",
        "审核意见",
        "Decision",
    ),
    (
        "mentor.record.benefits.end_reason",
        "结束原因",
        "Ended because",
    ),
    (
        "mentor.record.benefits.return_by",
        "请在此日期前交回",
        "Hand it back by",
    ),
    (
        "mentor.record.benefit.health_check",
        "免费健康检查",
        "Free health check",
    ),
    (
        "mentor.record.benefit.bus_card",
        "人才公交IC卡",
        "Talent bus card",
    ),
    (
        "mentor.record.benefit.apartment",
        "玉龙人才公寓",
        "Yulong talent apartment",
    ),
    (
        "mentor.record.benefit.recuperation_leave",
        "免费休假疗养",
        "Recuperation leave",
    ),
    (
        "mentor.record.benefit.training_class",
        "培带人培训班",
        "Training class",
    ),
    ("mentor.record.benefit.study_tour", "学习考察", "Study tour"),
    (
        "mentor.record.benefit.commendation",
        "优秀培带人表彰",
        "Commendation",
    ),
    (
        "mentor.record.benefit_status.applied",
        "已申请，待审核",
        "Applied, awaiting a decision",
    ),
    (
        "mentor.record.benefit_status.approved",
        "已批准，待发放",
        "Approved, to be issued",
    ),
    (
        "mentor.record.benefit_status.declined",
        "未批准",
        "Declined",
    ),
    ("mentor.record.benefit_status.issued", "已发放", "Issued"),
    ("mentor.record.benefit_status.expired", "已到期", "Expired"),
    ("mentor.record.benefit_status.revoked", "已取消", "Revoked"),
    (
        "mentor.record.benefits.reason.not_active",
        "聘任已结束",
        "your appointment is not running",
    ),
    (
        "mentor.record.benefits.reason.not_due",
        "距上次体检未满规定间隔",
        "the last check was too recent",
    ),
    (
        "mentor.record.benefits.reason.unit_not_eligible",
        "所在单位不在享受范围内",
        "your unit is not among those it covers",
    ),
    (
        "mentor.record.benefits.reason.not_from_outside",
        "仅限从市外引进的人才",
        "it is for talents brought in from outside the city",
    ),
    (
        "mentor.record.benefits.reason.not_in_urban_area",
        "所在单位不在中心城区",
        "your unit is not in the urban area",
    ),
    (
        "mentor.record.benefits.reason.owns_urban_housing",
        "在中心城区已有住房",
        "you own housing in the urban area",
    ),
    (
        "mentor.record.benefits.reason.not_outstanding",
        "上一年度考核未获评优秀",
        "it needs an excellent grade last year",
    ),
    (
        "mentor.record.benefits.reason.too_soon",
        "距上次获得未满规定年限",
        "too soon after the last one",
    ),
    (
        "mentor.record.benefits.reason.other",
        "暂不符合条件",
        "not eligible at present",
    ),
    // Lineage.
    ("mentor.record.lineage.title", "培带传承", "Lineage"),
    (
        "mentor.record.lineage.lead",
        "您培带过的对象，其中成长为培带人的，以及他们再培带的对象。",
        "The mentees you trained, those of them who became mentors, and the mentees they trained in turn.",
    ),
    ("mentor.record.lineage.direct", "直接培带", "Trained by you"),
    (
        "mentor.record.lineage.descendants",
        "传承总人数",
        "In your lineage",
    ),
    (
        "mentor.record.lineage.became_mentors",
        "成长为培带人",
        "Became mentors",
    ),
    ("mentor.record.lineage.depth", "传承代数", "Generations"),
    ("mentor.record.lineage.tree", "传承关系", "Who trained whom"),
    (
        "mentor.record.lineage.mentor_chip",
        "已成为培带人",
        "Became a mentor",
    ),
    (
        "mentor.record.lineage.no_unit",
        "单位未登记",
        "No unit on record",
    ),
    (
        "mentor.record.lineage.trained",
        "培带期 {from}–{to} 年",
        "trained {from}–{to}",
    ),
    (
        "mentor.record.lineage.trained_one",
        "培带期 {year} 年",
        "trained {year}",
    ),
    (
        "mentor.record.lineage.appointed",
        "聘为培带人",
        "appointed a mentor",
    ),
    (
        "mentor.record.lineage.empty",
        "传承记录的是您培带过的对象，以及他们成长为培带人后再培带的对象。培带协议生效后，您的培带对象会显示在这里。",
        "Your lineage shows the mentees you trained and, once they become mentors themselves, the mentees they train. Your mentees appear here once a contract with them takes effect.",
    ),
    (
        "mentor.record.lineage.empty_action",
        "查看培带协议",
        "See your contract",
    ),
    // Appointment.
    ("mentor.record.appointment.title", "聘任信息", "Appointment"),
    (
        "mentor.record.appointment.lead",
        "您的聘书编号、聘期和聘任状态。",
        "Your certificate number, term and the state of your appointment.",
    ),
    (
        "mentor.record.appointment.certificate",
        "聘书编号",
        "Certificate no.",
    ),
    ("mentor.record.appointment.term", "聘期", "Term"),
    ("mentor.record.appointment.round", "选拔批次", "Selected in"),
    (
        "mentor.record.appointment.imported",
        "启用本系统前聘任（导入）",
        "Appointed before the service (imported)",
    ),
    (
        "mentor.record.appointment.category",
        "人才类别",
        "Talent category",
    ),
    (
        "mentor.record.appointment.revoked_on",
        "取消资格日期",
        "Revoked on",
    ),
    ("mentor.record.appointment.reason", "原因", "Reason"),
    (
        "mentor.record.appointment.assessment",
        "相关考核",
        "The assessment concerned",
    ),
    (
        "mentor.record.appointment.active_note",
        "聘期至 {date}。聘期内请按培带协议开展活动，每年接受考核。",
        "Your term runs until {date}. During it, carry out your contract's activities; you are assessed every year.",
    ),
    (
        "mentor.record.appointment.earlier",
        "以往聘任",
        "Earlier appointments",
    ),
    (
        "mentor.record.appointment.empty",
        "没有查到您的聘任记录。如有疑问，请联系所在单位管理员。",
        "No appointment of yours was found. If this is wrong, contact your unit's administrator.",
    ),
    ("mentor.record.mentor_status.active", "在聘", "Active"),
    (
        "mentor.record.mentor_status.revoked",
        "已取消资格",
        "Revoked",
    ),
    (
        "mentor.record.mentor_status.expired",
        "聘期已满",
        "Term ended",
    ),
    (
        "mentor.record.mentor_status.withdrawn",
        "已撤回",
        "Withdrawn",
    ),
    (
        "mentor.record.category.professional_technical",
        "专业技术人才",
        "Professional and technical talent",
    ),
    (
        "mentor.record.category.high_skill",
        "高技能人才",
        "Highly skilled talent",
    ),
    (
        "mentor.record.category.rural_practical",
        "农村牧区实用人才",
        "Rural and pastoral practical talent",
    ),
    (
        "mentor.record.category.equivalent_or_higher",
        "高于或相当于上述层次的人才",
        "Talent at or above these levels",
    ),
    (
        "mentor.record.category.approved_other",
        "经市委组织部批准的其他人才",
        "Other talent approved by the city",
    ),
];

#[cfg(test)]
mod tests {
    use crate::domain::assessment::{
        AssessmentKind, AssessmentStatus, Consequence, Grade, ObjectionStatus,
    };
    use crate::domain::benefit::{BenefitKind, BenefitStatus};
    use crate::domain::category::TalentCategory;
    use crate::domain::review::MentorStatus;
    use crate::i18n::Locale;
    use crate::web::strings::word;

    /// The templates name these keys from a value's code: every value must have its words.
    #[test]
    fn every_value_the_pages_show_has_its_words() {
        let mut keys = Vec::new();
        let mut add = |prefix: &str, codes: Vec<&str>| {
            keys.extend(
                codes
                    .into_iter()
                    .map(|c| format!("mentor.record.{prefix}.{c}")),
            );
        };
        add("grade", Grade::ALL.iter().map(|v| v.as_str()).collect());
        add(
            "status",
            AssessmentStatus::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "kind",
            AssessmentKind::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "consequence",
            Consequence::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "objection.status",
            ObjectionStatus::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "benefit",
            BenefitKind::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "benefit_status",
            BenefitStatus::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "mentor_status",
            MentorStatus::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "category",
            TalentCategory::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add("objection.outcome", vec!["upheld", "rejected"]);
        for key in keys {
            assert!(word(&key, Locale::ZhCn).is_some(), "{key}");
        }
    }
}
