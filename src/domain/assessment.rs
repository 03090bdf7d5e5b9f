//! The annual assessment (年度考核评价): grades, the life of an assessment and of an objection,
//! the evidence computed from the mentoring data, and the grade the service suggests from it.
//! The suggestion is a pure function of the evidence and the policy's thresholds.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ids::{ContractId, IndicatorId};
use super::plan::PlanStatus;
use super::policy::{Policy, UnqualifiedConsequence};
use super::progress::{IndicatorProgress, MenteeProgress};
use super::text;
use crate::error::{AppError, Problems};
use crate::i18n::Msg;

text_enum!(
    /// An assessment grade, best first.
    Grade {
        Excellent => "excellent" ("优秀"),
        Qualified => "qualified" ("合格"),
        BasicallyQualified => "basically_qualified" ("基本合格"),
        Unqualified => "unqualified" ("不合格"),
    }
);

text_enum!(
    /// Where an assessment is: written by the unit, then confirmed or returned by the city.
    AssessmentStatus {
        Draft => "draft" ("草稿"),
        Submitted => "submitted" ("已提交"),
        Returned => "returned" ("已退回"),
        Confirmed => "confirmed" ("已确认"),
    }
);

text_enum!(
    /// The yearly assessment, or the one at the end of a rectification period.
    AssessmentKind {
        Annual => "annual" ("年度考核"),
        FollowUp => "follow_up" ("整改后复核"),
    }
);

text_enum!(
    /// What became of a confirmed unqualified grade once its objection window passed.
    Consequence {
        /// The mentor was revoked.
        Revoked => "revoked" ("已取消资格"),
        /// The mentor was given a rectification period and a follow-up assessment.
        Rectification => "rectification" ("限期整改"),
        /// The appointment had ended already; nothing to revoke.
        NotApplicable => "not_applicable" ("不适用"),
    }
);

text_enum!(
    /// Where an objection is.
    ObjectionStatus {
        Pending => "pending" ("待处理"),
        /// The objection stands: the assessment goes back to the unit for a new grade.
        Upheld => "upheld" ("成立"),
        Rejected => "rejected" ("不成立"),
    }
);

text_enum!(
    /// The city admin's decision on an objection (`dismissed`, the selection's old word, is
    /// accepted as `rejected`).
    ObjectionDecision {
        Upheld => "upheld" ("成立"),
        Rejected => "rejected" | "dismissed" ("不成立"),
    }
);

/// The thresholds of the suggestion (`policy.assessment_*`).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Every indicator done at least this multiple of its target, and every plan approved:
    /// excellent.
    pub excellent_ratio: f64,
    /// At least this share of the indicators met: basically qualified; under it: unqualified.
    pub basic_share: f64,
}

impl Policy {
    /// The thresholds of the suggested assessment grade (here, beside the suggestion they steer).
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            excellent_ratio: self.assessment_excellent_ratio,
            basic_share: self.assessment_basic_share,
        }
    }
}

/// One mentee's part of the evidence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MenteeEvidence {
    #[serde(flatten)]
    pub attendance: MenteeProgress,
    /// Milestones the mentee's plan sets for the period's year, and how many have a report.
    pub milestones_due: usize,
    pub milestones_reported: usize,
}

/// What the assessment is based on, computed from the mentoring data of the period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    /// The contract whose data it is (none: the mentor had no contract in the period).
    #[schema(value_type = Option<i64>)]
    pub contract_id: Option<ContractId>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub activities: usize,
    /// Hours of all activities of the period, disputed ones included.
    pub hours: f64,
    /// Activities some mentee disputed (not counted as done).
    pub disputed_activities: usize,
    /// Per indicator: target (pro rata for the part of the year covered) and done.
    pub indicators: Vec<IndicatorProgress>,
    /// Indicators whose done (confirmed and unconfirmed) reaches the pro-rata target.
    pub indicators_met: usize,
    pub mentees: Vec<MenteeEvidence>,
    /// The mentees' average attendance rate.
    pub attendance_rate: f64,
    pub plans_approved: usize,
    /// What the service suggests; the assessor decides.
    pub suggested_grade: Grade,
}

/// True when the indicator's done reaches `ratio` times its pro-rata target.
fn reaches(i: &IndicatorProgress, ratio: f64) -> bool {
    i.done_confirmed + i.done_unconfirmed + 1e-9 >= i.pro_rata_target * ratio
}

/// Counts the indicators met.
pub fn indicators_met(indicators: &[IndicatorProgress]) -> usize {
    indicators.iter().filter(|i| reaches(i, 1.0)).count()
}

/// The suggested grade: no indicators (no contract) or under `basic_share` of them met:
/// unqualified; at least that share: basically qualified; all met: qualified; all at
/// `excellent_ratio` of their targets with every mentee's plan approved: excellent.
pub fn suggest(
    indicators: &[IndicatorProgress],
    mentees: usize,
    plans_approved: usize,
    t: Thresholds,
) -> Grade {
    if indicators.is_empty() {
        return Grade::Unqualified;
    }
    let met = indicators_met(indicators);
    let share = met as f64 / indicators.len() as f64;
    if met == indicators.len() {
        let all_far = indicators.iter().all(|i| reaches(i, t.excellent_ratio));
        if all_far && mentees > 0 && plans_approved >= mentees {
            Grade::Excellent
        } else {
            Grade::Qualified
        }
    } else if share + 1e-9 >= t.basic_share {
        Grade::BasicallyQualified
    } else {
        Grade::Unqualified
    }
}

/// Assembles the evidence's totals around the progress report.
pub fn plans_approved(mentees: &[MenteeEvidence]) -> usize {
    mentees
        .iter()
        .filter(|m| m.attendance.plan_status == Some(PlanStatus::Approved))
        .count()
}

/// `POST /api/v1/assessment-rounds`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenRoundRequest {
    /// The year assessed, e.g. 2027 (2000 to 2100).
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// The window in which units assess their mentors.
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// Days a mentor has to object to an unqualified grade, 1 to 90 (default: the policy's).
    #[schema(minimum = 1, maximum = 90)]
    pub objection_days: Option<u32>,
    /// What follows a confirmed unqualified grade (default: the policy's).
    #[serde(default, deserialize_with = "super::choice::optional")]
    pub consequence: Option<UnqualifiedConsequence>,
    /// Days of rectification under `rectify_then_revoke`, 1 to 730 (default: the policy's).
    #[schema(minimum = 1, maximum = 730)]
    pub rectification_days: Option<u32>,
}

impl super::choice::Choice for UnqualifiedConsequence {
    const ALL: &'static [Self] = &[Self::Revoke, Self::RectifyThenRevoke];

    fn code(self) -> &'static str {
        match self {
            Self::Revoke => "revoke",
            Self::RectifyThenRevoke => "rectify_then_revoke",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Self::Revoke => "直接取消资格",
            Self::RectifyThenRevoke => "先限期整改，仍不合格再取消资格",
        }
    }

    fn from_code(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == s)
    }
}

/// An opening request checked and completed from the policy.
#[derive(Debug, Clone)]
pub struct RoundSettings {
    pub year: i32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub objection_days: u32,
    pub consequence: UnqualifiedConsequence,
    pub rectification_days: u32,
}

impl OpenRoundRequest {
    pub fn parse(self, policy: &Policy) -> Result<RoundSettings, AppError> {
        let mut p = Problems::new();
        if !(2000..=2100).contains(&self.year) {
            p.add(
                "year",
                "out_of_range",
                Msg::new("年份须在 2000 到 2100 之间", "the year must be 2000–2100"),
            );
        }
        if self.closes_on < self.opens_on {
            p.add(
                "closes_on",
                "before_opens_on",
                Msg::new(
                    "截止日期不能早于开始日期",
                    "the window cannot close before it opens",
                ),
            );
        }
        let objection_days = self.objection_days.unwrap_or(policy.objection_days);
        if !(1..=90).contains(&objection_days) {
            p.add(
                "objection_days",
                "out_of_range",
                Msg::new("异议期须在 1 到 90 天之间", "1 to 90 days"),
            );
        }
        let rectification_days = self.rectification_days.unwrap_or(policy.rectification_days);
        if !(1..=730).contains(&rectification_days) {
            p.add(
                "rectification_days",
                "out_of_range",
                Msg::new("整改期须在 1 到 730 天之间", "1 to 730 days"),
            );
        }
        p.finish()?;
        Ok(RoundSettings {
            year: self.year,
            opens_on: self.opens_on,
            closes_on: self.closes_on,
            objection_days,
            consequence: self.consequence.unwrap_or(policy.unqualified_consequence),
            rectification_days,
        })
    }
}

/// A comment on one indicator of the contract.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorComment {
    #[schema(value_type = i64)]
    pub indicator_id: IndicatorId,
    pub comment: String,
}

/// `PATCH /api/v1/assessments/{id}`: what the unit admin writes; absent fields stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeRequest {
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<Grade>)]
    pub grade: Option<Option<Grade>>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<String>)]
    pub overall_comment: Option<Option<String>>,
    /// Replaces every indicator comment.
    pub indicator_comments: Option<Vec<IndicatorComment>>,
}

/// A grade request checked against the assessment's indicators.
pub struct GradeInput {
    pub grade: Option<Option<Grade>>,
    pub overall_comment: Option<Option<String>>,
    pub indicator_comments: Option<Vec<IndicatorComment>>,
}

impl GradeRequest {
    /// Checks lengths and that each comment names one of `indicator_ids`, once.
    pub fn parse(self, indicator_ids: &[IndicatorId]) -> Result<GradeInput, AppError> {
        let mut p = Problems::new();
        let overall_comment = match self.overall_comment {
            None => None,
            Some(raw) => p
                .take("overall_comment", text::long_optional(raw.as_deref(), 5000))
                .map(Some),
        }
        .flatten();
        let indicator_comments = self.indicator_comments.map(|list| {
            let mut seen = Vec::new();
            let mut out = Vec::new();
            for (i, c) in list.into_iter().enumerate() {
                if !indicator_ids.contains(&c.indicator_id) {
                    p.add(
                        format!("indicator_comments[{i}].indicator_id"),
                        "not_found",
                        Msg::new("联系书没有这项指标", "the contract has no such indicator"),
                    );
                } else if seen.contains(&c.indicator_id) {
                    p.add(
                        format!("indicator_comments[{i}].indicator_id"),
                        "duplicate",
                        Msg::new("同一指标只能评价一次", "one comment per indicator"),
                    );
                }
                seen.push(c.indicator_id);
                if let Some(Some(comment)) = p.take(
                    &format!("indicator_comments[{i}].comment"),
                    text::long_optional(Some(&c.comment), 2000),
                ) {
                    out.push(IndicatorComment {
                        indicator_id: c.indicator_id,
                        comment,
                    });
                }
            }
            out
        });
        p.finish()?;
        Ok(GradeInput {
            grade: self.grade,
            overall_comment,
            indicator_comments,
        })
    }
}

/// `POST /api/v1/assessments/{id}/return`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,1998}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub reason: String,
}

/// `POST /api/v1/assessments/{id}/objection`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionRequest {
    /// Why the mentor disagrees with the grade.
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,4998}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub content: String,
}

/// `POST /api/v1/objections/{id}/decision`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionDecisionRequest {
    pub outcome: ObjectionDecision,
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,1998}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub reason: String,
}

/// The last day an objection can be filed: `days` after the confirmation day.
pub fn objection_deadline(confirmed_on: NaiveDate, days: u32) -> NaiveDate {
    confirmed_on + chrono::Duration::days(i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contract::Measure;
    use crate::domain::indicator::IndicatorKind;

    fn ind(target: f64, done: f64) -> IndicatorProgress {
        IndicatorProgress {
            indicator_id: IndicatorId(1),
            kind: IndicatorKind::Lecture,
            description: "讲座".into(),
            measure: Measure::Count,
            yearly_target: target as i32,
            done_confirmed: done,
            done_unconfirmed: 0.0,
            disputed: 0.0,
            pro_rata_target: target,
            shortfall: (target - done).max(0.0),
        }
    }

    const T: Thresholds = Thresholds {
        excellent_ratio: 1.2,
        basic_share: 0.5,
    };

    #[test]
    fn all_targets_met_is_at_least_qualified_and_far_beyond_with_all_plans_is_excellent() {
        let met = [ind(4.0, 4.0), ind(2.0, 2.0)];
        assert_eq!(suggest(&met, 5, 5, T), Grade::Qualified);
        let far = [ind(4.0, 5.0), ind(2.0, 3.0)];
        assert_eq!(suggest(&far, 5, 5, T), Grade::Excellent);
        assert_eq!(
            suggest(&far, 5, 4, T),
            Grade::Qualified,
            "a plan not approved"
        );
        let just_under = [ind(5.0, 5.0), ind(5.0, 6.0)];
        assert_eq!(
            suggest(&just_under, 5, 5, T),
            Grade::Qualified,
            "5 < 1.2 × 5"
        );
    }

    #[test]
    fn half_the_targets_met_is_basically_qualified_and_under_half_unqualified() {
        let half = [ind(4.0, 4.0), ind(2.0, 1.0)];
        assert_eq!(suggest(&half, 5, 5, T), Grade::BasicallyQualified);
        let third = [ind(4.0, 4.0), ind(2.0, 1.0), ind(1.0, 0.0)];
        assert_eq!(suggest(&third, 5, 5, T), Grade::Unqualified);
        assert_eq!(suggest(&[], 0, 0, T), Grade::Unqualified, "no contract");
    }

    #[test]
    fn the_objection_deadline_counts_days_after_confirmation() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(objection_deadline(d("2027-12-20"), 15), d("2028-01-04"));
    }
}
