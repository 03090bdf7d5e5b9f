//! Every e-mail the service can send, with exactly the data its templates need. Only these can be
//! enqueued, and the outbox stores them as `{template, data}` JSON.

use crate::domain::ids::AssessmentId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One e-mail and its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "template", content = "data", rename_all = "snake_case")]
pub enum Email {
    /// A new account: set a password through the link.
    Invitation(Invitation),
    /// "Forgot password": choose a new one through the link.
    PasswordReset(PasswordReset),
    /// The password was changed (by the user or through a reset).
    PasswordChanged(PasswordChanged),
    /// A round closed and the person is now a mentor.
    Appointed(Appointed),
    /// To a unit's admins: one of their people is now a mentor.
    UnitMentorAppointed(UnitMentorAppointed),
    /// To a unit admin: a round's nomination deadline is near.
    NominationDeadline(NominationDeadline),
    /// To a mentor: the appointment's term has ended.
    AppointmentExpired(AppointmentExpired),
    /// The mentoring reminders (`mentoring_reminders` job).
    MentoringReminder(MentoringReminder),
    /// To a unit admin: an assessment window opened, is closing, or a follow-up is due.
    AssessmentReminder(AssessmentReminder),
    /// To a mentor: a confirmed unqualified grade, the reasons and the objection deadline.
    AssessmentUnqualified(AssessmentUnqualified),
    /// To a unit admin: an assessment came back for a new grade.
    AssessmentReturned(AssessmentReturned),
    /// To a mentor: the city admin decided the objection.
    ObjectionDecided(ObjectionDecided),
    /// To the mentor, then each mentee, then the unit admins: a rectification period began.
    RectificationStarted(RectificationStarted),
    /// To the mentor, each mentee and the unit admins: the mentor was revoked.
    MentorRevoked(MentorRevoked),
    /// To a mentor: a benefit is due, ends soon, was given or decided (`benefit_reminders`).
    BenefitNotice(BenefitNotice),
    /// To a city admin: the weekly digest of benefit applications waiting. No longer queued (the
    /// city admin's weekly digest carries it); kept so that rows already queued still send.
    BenefitDigest(BenefitDigest),
    /// To a city admin, daily: objection windows that passed and revocations carried out.
    CityAdminReminder(CityAdminReminder),
    /// To a city admin, weekly: rounds, outstanding assessments, objections, revocations,
    /// benefits to decide and dead e-mails.
    CityAdminDigest(CityAdminDigest),
}

/// An assessment's objection window that passed, and where the grade stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassedWindow {
    pub mentor_name: String,
    pub unit: String,
    pub year: i32,
    /// The window's last day.
    pub deadline: String,
    /// `objection_pending` (the city has an objection to decide), `due` (the revocation job acts
    /// on its next run), or what followed: `revoked`, `rectification`, `not_applicable`.
    pub state: String,
}

/// A revocation carried out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevocationLine {
    pub mentor_name: String,
    pub unit: String,
    pub certificate_no: String,
    pub revoked_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CityAdminReminder {
    pub name: String,
    pub windows: Vec<PassedWindow>,
    pub revocations: Vec<RevocationLine>,
}

/// A selection round not yet closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectionRoundLine {
    pub name: String,
    /// `open`, `reviewing` or `public_notice`.
    pub status: String,
    pub nomination_deadline: String,
    /// The last day of the public notice ("" before it).
    pub notice_ends_on: String,
}

/// An assessment round with its window and the assessments not yet handed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRoundLine {
    pub year: i32,
    pub opens_on: String,
    pub closes_on: String,
    pub outstanding: i64,
    /// Per unit, e.g. "红山区 2、松山区 1" ("" when none is outstanding).
    pub by_unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CityAdminDigest {
    pub name: String,
    /// The ISO week, e.g. "2027-W02".
    pub week: String,
    pub selection_rounds: Vec<SelectionRoundLine>,
    pub assessment_rounds: Vec<AssessmentRoundLine>,
    /// Objections waiting for the city's decision: on a public notice, and on an assessment.
    pub selection_objections: i64,
    pub assessment_objections: i64,
    /// Revocations carried out in the last seven days.
    pub revocations: Vec<RevocationLine>,
    /// Benefit applications waiting for a decision, in all and per kind (as in the benefit
    /// digest).
    pub benefits_waiting: i64,
    pub benefits_zh: String,
    pub benefits_en: String,
    /// E-mails that could not be delivered (`GET /api/v1/admin/emails?status=dead`).
    pub dead_emails: i64,
}

/// Which benefit notice; one template branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenefitNoticeKind {
    /// The free health check is due (`date`), or overdue.
    HealthCheckDue,
    /// A bus card's or apartment's period ends on `date`.
    PeriodEnding,
    /// Selected for a health check, leave, a class or a tour, from `date` to `end_date` at
    /// `place` (each "" while not set).
    Selected,
    /// The date or place of a selection was set or changed.
    Rescheduled,
    /// The application was approved or declined (`approved`, `reason`).
    Decided,
}

impl BenefitNoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HealthCheckDue => "health_check_due",
            Self::PeriodEnding => "period_ending",
            Self::Selected => "selected",
            Self::Rescheduled => "rescheduled",
            Self::Decided => "decided",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenefitNotice {
    pub name: String,
    pub notice: BenefitNoticeKind,
    /// The benefit's kind code (`health_check`, ...); "" in e-mails queued before it was kept.
    #[serde(default)]
    pub benefit: String,
    /// The benefit's name in Chinese and in English.
    pub benefit_zh: String,
    pub benefit_en: String,
    /// The due day, the end of the period, or the first day, as the notice says ("" if none).
    pub date: String,
    /// The last day of leave, a class or a tour ("" if none).
    pub end_date: String,
    pub place: String,
    pub approved: bool,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenefitDigest {
    pub name: String,
    /// Applications waiting, in all.
    pub waiting: i64,
    /// Per kind, e.g. "人才公交IC卡 3；玉龙人才公寓 1" (Chinese) and "bus card 3; apartment 1".
    pub lines_zh: String,
    pub lines_en: String,
}

/// Which assessment reminder; one template branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentReminderKind {
    /// The round's window opened.
    WindowOpened,
    /// The window closes in `days_left` days and `mentors` are not assessed yet.
    WindowClosing,
    /// A rectification period ended: the follow-up assessments of `mentors` are due.
    FollowUpDue,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentReminder {
    /// The unit admin's name.
    pub name: String,
    pub reminder: AssessmentReminderKind,
    pub year: i32,
    pub unit: String,
    pub opens_on: chrono::NaiveDate,
    pub closes_on: chrono::NaiveDate,
    pub days_left: i64,
    /// How many mentors the reminder is about, and their names ("、"-separated).
    pub count: i64,
    pub mentors: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentUnqualified {
    pub name: String,
    pub year: i32,
    pub assessment_id: AssessmentId,
    /// The assessor's overall comment.
    pub reasons: String,
    /// The last day to object.
    pub objection_deadline: chrono::NaiveDate,
    /// True when a rectification period comes before revocation.
    pub rectification: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentReturned {
    /// The unit admin's name.
    pub name: String,
    pub mentor_name: String,
    pub year: i32,
    pub assessment_id: AssessmentId,
    pub reason: String,
    /// True when the mentor's objection was upheld (otherwise the city admin returned it).
    pub objection_upheld: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectionDecided {
    pub name: String,
    pub year: i32,
    pub upheld: bool,
    pub reason: String,
}

/// Who a status e-mail about a mentor goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Mentor,
    Mentee,
    UnitAdmin,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mentor => "mentor",
            Self::Mentee => "mentee",
            Self::UnitAdmin => "unit_admin",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RectificationStarted {
    pub name: String,
    pub audience: Audience,
    pub mentor_name: String,
    pub year: i32,
    /// The last day of the rectification period; the follow-up assessment comes after it.
    pub ends_on: chrono::NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentorRevoked {
    pub name: String,
    pub audience: Audience,
    pub mentor_name: String,
    pub certificate_no: String,
    pub year: i32,
    /// The assessor's overall comment on the unqualified grade.
    pub reason: String,
    /// The benefits the revocation ended (empty for a mentee); absent in e-mails queued before
    /// the list existed.
    #[serde(default)]
    pub benefits: Vec<RevokedBenefit>,
}

/// One benefit ended by a revocation, and what must be handed back by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevokedBenefit {
    pub benefit_zh: String,
    pub benefit_en: String,
    /// The card number or the room to hand back ("" when nothing is handed back).
    pub item: String,
    /// The last day to hand it back ("" when nothing is handed back).
    pub return_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    pub name: String,
    /// Who opened the account (a person's name or the department).
    pub inviter: String,
    pub unit: Option<String>,
    /// The nonce of the account token; the link's token is derived from it at sending time.
    pub token_nonce: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub name: String,
    pub token_nonce: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordChanged {
    pub name: String,
    pub changed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appointed {
    pub name: String,
    pub round_name: String,
    pub unit: String,
    pub certificate_no: String,
    pub term_ends_on: chrono::NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitMentorAppointed {
    /// The unit admin's name.
    pub name: String,
    pub mentor_name: String,
    pub round_name: String,
    pub certificate_no: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NominationDeadline {
    pub name: String,
    pub round_name: String,
    pub unit: String,
    pub deadline: chrono::NaiveDate,
    pub days_left: i64,
    pub submitted: i64,
    pub drafts: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppointmentExpired {
    pub name: String,
    pub certificate_no: String,
    pub term_ends_on: chrono::NaiveDate,
}

/// Which mentoring reminder; one template branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// To a mentee: no plan submitted some days after the contract took effect.
    PlanNotSubmitted,
    /// To a mentee: the plan came back with comments.
    PlanReturned,
    /// To a party who has not signed yet.
    SignaturesPending,
    /// To a mentor: a plan has waited more than 7 days for review.
    PlanReviewOverdue,
    /// To a mentor: no activity logged for a while.
    NoActivity,
    /// To a mentor: indicators behind the pace after the third quarter.
    BehindTarget,
    /// To a mentor: the cycle ends soon.
    CycleEnding,
}

impl ReminderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PlanNotSubmitted => "plan_not_submitted",
            Self::PlanReturned => "plan_returned",
            Self::SignaturesPending => "signatures_pending",
            Self::PlanReviewOverdue => "plan_review_overdue",
            Self::NoActivity => "no_activity",
            Self::BehindTarget => "behind_target",
            Self::CycleEnding => "cycle_ending",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentoringReminder {
    pub name: String,
    pub reminder: ReminderKind,
    /// Days since, or days until, as the reminder says.
    pub days: i64,
    /// A name, a comment, a date or a list, as the reminder says.
    pub detail: String,
}

impl Email {
    /// The template folder under `emails/`.
    pub fn template(&self) -> &'static str {
        match self {
            Self::Invitation(_) => "invitation",
            Self::PasswordReset(_) => "password_reset",
            Self::PasswordChanged(_) => "password_changed",
            Self::Appointed(_) => "appointed",
            Self::UnitMentorAppointed(_) => "unit_mentor_appointed",
            Self::NominationDeadline(_) => "nomination_deadline",
            Self::AppointmentExpired(_) => "appointment_expired",
            Self::MentoringReminder(_) => "mentoring_reminder",
            Self::AssessmentReminder(_) => "assessment_reminder",
            Self::AssessmentUnqualified(_) => "assessment_unqualified",
            Self::AssessmentReturned(_) => "assessment_returned",
            Self::ObjectionDecided(_) => "objection_decided",
            Self::RectificationStarted(_) => "rectification_started",
            Self::MentorRevoked(_) => "mentor_revoked",
            Self::BenefitNotice(_) => "benefit_notice",
            Self::BenefitDigest(_) => "benefit_digest",
            Self::CityAdminReminder(_) => "city_admin_reminder",
            Self::CityAdminDigest(_) => "city_admin_digest",
        }
    }

    /// Every template name, for the start-up check and the tests.
    pub const TEMPLATES: [&'static str; 18] = [
        "invitation",
        "password_reset",
        "password_changed",
        "appointed",
        "unit_mentor_appointed",
        "nomination_deadline",
        "appointment_expired",
        "mentoring_reminder",
        "assessment_reminder",
        "assessment_unqualified",
        "assessment_returned",
        "objection_decided",
        "rectification_started",
        "mentor_revoked",
        "benefit_notice",
        "benefit_digest",
        "city_admin_reminder",
        "city_admin_digest",
    ];

    /// Example data for every e-mail: rendered at start-up and in the tests, so that a template
    /// that uses a variable the data lacks fails at once. Includes markup to prove escaping.
    pub fn examples() -> Vec<Email> {
        let at: DateTime<Utc> = "2026-06-01T02:00:00Z".parse().expect("valid");
        vec![
            Email::Invitation(Invitation {
                name: "张三 <b>".into(),
                inviter: "市委组织部人才科".into(),
                unit: Some("红山区".into()),
                token_nonce: "00".repeat(32),
                expires_at: at,
            }),
            Email::Invitation(Invitation {
                name: "李四".into(),
                inviter: "市委组织部人才科".into(),
                unit: None,
                token_nonce: "11".repeat(32),
                expires_at: at,
            }),
            Email::PasswordReset(PasswordReset {
                name: "王五".into(),
                token_nonce: "22".repeat(32),
                expires_at: at,
            }),
            Email::PasswordChanged(PasswordChanged {
                name: "赵六".into(),
                changed_at: at,
            }),
            Email::Appointed(Appointed {
                name: "李华".into(),
                round_name: "第五届人才培带人选拔".into(),
                unit: "市卫生健康委员会".into(),
                certificate_no: "赤培〔2027〕001号".into(),
                term_ends_on: "2030-11-30".parse().expect("valid"),
            }),
            Email::UnitMentorAppointed(UnitMentorAppointed {
                name: "市卫健委人事科".into(),
                mentor_name: "李华".into(),
                round_name: "第五届人才培带人选拔".into(),
                certificate_no: "赤培〔2027〕001号".into(),
            }),
            Email::NominationDeadline(NominationDeadline {
                name: "红山区委组织部".into(),
                round_name: "第五届人才培带人选拔".into(),
                unit: "红山区".into(),
                deadline: "2027-06-30".parse().expect("valid"),
                days_left: 7,
                submitted: 2,
                drafts: 1,
            }),
            Email::AppointmentExpired(AppointmentExpired {
                name: "李华".into(),
                certificate_no: "赤培〔2024〕001号".into(),
                term_ends_on: "2027-11-30".parse().expect("valid"),
            }),
        ]
        .into_iter()
        .chain(
            [
                ReminderKind::PlanNotSubmitted,
                ReminderKind::PlanReturned,
                ReminderKind::SignaturesPending,
                ReminderKind::PlanReviewOverdue,
                ReminderKind::NoActivity,
                ReminderKind::BehindTarget,
                ReminderKind::CycleEnding,
            ]
            .into_iter()
            .map(|reminder| {
                Email::MentoringReminder(MentoringReminder {
                    name: "陈晨".into(),
                    reminder,
                    days: 30,
                    detail: "专题讲座 <2/4>".into(),
                })
            }),
        )
        .chain(Self::assessment_examples())
        .chain(Self::benefit_examples())
        .chain(Self::city_admin_examples())
        .collect()
    }

    /// Examples of the city admin's e-mails, full and nearly empty.
    fn city_admin_examples() -> Vec<Email> {
        let revocation = RevocationLine {
            mentor_name: "李华 <b>".into(),
            unit: "红山区".into(),
            certificate_no: "赤培〔2026〕001号".into(),
            revoked_on: "2027-12-26".into(),
        };
        let windows = [
            "objection_pending",
            "due",
            "revoked",
            "rectification",
            "not_applicable",
        ]
        .into_iter()
        .map(|state| PassedWindow {
            mentor_name: "王强".into(),
            unit: "松山区".into(),
            year: 2027,
            deadline: "2027-12-25".into(),
            state: state.into(),
        })
        .collect();
        let rounds = ["open", "reviewing", "public_notice"]
            .into_iter()
            .map(|status| SelectionRoundLine {
                name: "第五届人才培带人选拔".into(),
                status: status.into(),
                nomination_deadline: "2027-06-30".into(),
                notice_ends_on: if status == "public_notice" {
                    "2027-08-08".into()
                } else {
                    String::new()
                },
            })
            .collect();
        vec![
            Email::CityAdminReminder(CityAdminReminder {
                name: "市委组织部人才科".into(),
                windows,
                revocations: vec![revocation.clone()],
            }),
            Email::CityAdminReminder(CityAdminReminder {
                name: "市委组织部人才科".into(),
                windows: vec![],
                revocations: vec![revocation.clone()],
            }),
            Email::CityAdminDigest(CityAdminDigest {
                name: "市委组织部人才科".into(),
                week: "2027-W52".into(),
                selection_rounds: rounds,
                assessment_rounds: vec![AssessmentRoundLine {
                    year: 2027,
                    opens_on: "2027-12-01".into(),
                    closes_on: "2027-12-31".into(),
                    outstanding: 3,
                    by_unit: "红山区 2、松山区 1".into(),
                }],
                selection_objections: 1,
                assessment_objections: 2,
                revocations: vec![revocation],
                benefits_waiting: 4,
                benefits_zh: "人才公交IC卡 3；玉龙人才公寓 1".into(),
                benefits_en: "talent bus card 3; Yulong talent apartment 1".into(),
                dead_emails: 1,
            }),
            Email::CityAdminDigest(CityAdminDigest {
                name: "市委组织部人才科".into(),
                week: "2027-W53".into(),
                selection_rounds: vec![],
                assessment_rounds: vec![],
                selection_objections: 0,
                assessment_objections: 0,
                revocations: vec![],
                benefits_waiting: 0,
                benefits_zh: String::new(),
                benefits_en: String::new(),
                dead_emails: 1,
            }),
        ]
    }

    /// Examples of the benefit e-mails, every branch of each.
    fn benefit_examples() -> Vec<Email> {
        let notice = |notice, approved| {
            Email::BenefitNotice(BenefitNotice {
                name: "李华 <b>".into(),
                notice,
                benefit: "recuperation_leave".into(),
                benefit_zh: "免费休假疗养".into(),
                benefit_en: "recuperation leave".into(),
                date: "2028-07-01".into(),
                end_date: "2028-07-07".into(),
                place: "阿斯哈图疗养院".into(),
                approved,
                reason: "符合条件".into(),
            })
        };
        vec![
            notice(BenefitNoticeKind::HealthCheckDue, false),
            notice(BenefitNoticeKind::PeriodEnding, false),
            notice(BenefitNoticeKind::Selected, false),
            notice(BenefitNoticeKind::Rescheduled, false),
            Email::BenefitNotice(BenefitNotice {
                name: "李华".into(),
                notice: BenefitNoticeKind::Selected,
                benefit: "health_check".into(),
                benefit_zh: "免费健康检查".into(),
                benefit_en: "free health check".into(),
                date: String::new(),
                end_date: String::new(),
                place: String::new(),
                approved: true,
                reason: String::new(),
            }),
            notice(BenefitNoticeKind::Decided, true),
            notice(BenefitNoticeKind::Decided, false),
            Email::BenefitDigest(BenefitDigest {
                name: "市委组织部人才科".into(),
                waiting: 4,
                lines_zh: "人才公交IC卡 3；玉龙人才公寓 1".into(),
                lines_en: "bus card 3; apartment 1".into(),
            }),
        ]
    }

    /// Examples of the assessment e-mails, every branch of each.
    fn assessment_examples() -> Vec<Email> {
        let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("valid");
        let mut out: Vec<Email> = [
            AssessmentReminderKind::WindowOpened,
            AssessmentReminderKind::WindowClosing,
            AssessmentReminderKind::FollowUpDue,
        ]
        .into_iter()
        .map(|reminder| {
            Email::AssessmentReminder(AssessmentReminder {
                name: "红山区委组织部".into(),
                reminder,
                year: 2027,
                unit: "红山区 <b>".into(),
                opens_on: day("2027-12-01"),
                closes_on: day("2027-12-31"),
                days_left: 7,
                count: 2,
                mentors: "李华、王强".into(),
            })
        })
        .collect();
        for rectification in [false, true] {
            out.push(Email::AssessmentUnqualified(AssessmentUnqualified {
                name: "李华".into(),
                year: 2027,
                assessment_id: AssessmentId(12),
                reasons: "全年仅开展 1 次讲座 <未达标>".into(),
                objection_deadline: day("2028-01-15"),
                rectification,
            }));
        }
        for objection_upheld in [false, true] {
            out.push(Email::AssessmentReturned(AssessmentReturned {
                name: "红山区委组织部".into(),
                mentor_name: "李华".into(),
                year: 2027,
                assessment_id: AssessmentId(12),
                reason: "请补充活动证明".into(),
                objection_upheld,
            }));
        }
        for upheld in [false, true] {
            out.push(Email::ObjectionDecided(ObjectionDecided {
                name: "李华".into(),
                year: 2027,
                upheld,
                reason: "经核实，活动记录完整".into(),
            }));
        }
        for audience in [Audience::Mentor, Audience::Mentee, Audience::UnitAdmin] {
            out.push(Email::RectificationStarted(RectificationStarted {
                name: "陈晨".into(),
                audience,
                mentor_name: "李华".into(),
                year: 2027,
                ends_on: day("2028-07-14"),
            }));
            out.push(Email::MentorRevoked(MentorRevoked {
                name: "陈晨".into(),
                audience,
                mentor_name: "李华".into(),
                certificate_no: "赤培〔2026〕001号".into(),
                year: 2027,
                reason: "全年未开展培带活动".into(),
                benefits: if audience == Audience::Mentee {
                    vec![]
                } else {
                    vec![
                        RevokedBenefit {
                            benefit_zh: "人才公交IC卡".into(),
                            benefit_en: "talent bus card".into(),
                            item: "RC-000123 <b>".into(),
                            return_by: "2028-01-25".into(),
                        },
                        RevokedBenefit {
                            benefit_zh: "免费健康检查".into(),
                            benefit_en: "free health check".into(),
                            item: String::new(),
                            return_by: String::new(),
                        },
                    ]
                },
            }));
        }
        out
    }
}
