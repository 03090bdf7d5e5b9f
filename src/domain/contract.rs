//! Contracts (培带联系书): one mentor, five mentees, a cycle of 2–3 years and yearly indicators.

use chrono::{Months, NaiveDate};
use serde::Deserialize;
use utoipa::ToSchema;

use super::ids::{ContractId, MentorEntryId, UserId};
use super::indicator::IndicatorKind;
use super::policy::Policy;
use super::text;
use crate::error::{AppError, Problems};
use crate::i18n::Msg;

text_enum!(
    /// How an indicator's yearly target is measured.
    Measure {
        Count => "count" ("次数"),
        /// Only for `custom` indicators.
        Hours => "hours" ("学时"),
    }
);

text_enum!(
    /// Where a contract stands.
    ContractStatus {
        Draft => "draft" ("草稿"),
        PendingSignatures => "pending_signatures" ("待签署"),
        Active => "active" ("履行中"),
        /// The cycle ended (the `complete_cycles` job).
        Completed => "completed" ("已期满"),
        /// Ended early: revocation, or the city admin with a reason.
        Terminated => "terminated" ("已终止"),
    }
);

text_enum!(
    /// Why a mentee left a contract mid-cycle.
    LeaveReason {
        Transferred => "transferred" ("调动"),
        Resigned => "resigned" ("离职"),
        Other => "other" ("其他"),
    }
);

/// An indicator in a request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    pub kind: IndicatorKind,
    pub description: String,
    pub yearly_target: u32,
    /// `count` (default); `hours` only for `custom`.
    pub measure: Option<Measure>,
}

/// A mentee in a request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MenteeInput {
    pub user_id: UserId,
    /// Required when the mentee is of neither the mentor's unit nor the mentor's specialty.
    pub justification: Option<String>,
}

/// `POST /api/v1/contracts`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateContractRequest {
    /// The mentor's pool entry; a mentor drafting their own contract may leave it out.
    #[schema(value_type = Option<i64>)]
    pub mentor_entry_id: Option<MentorEntryId>,
    pub start_date: NaiveDate,
    /// Default: the policy's shortest cycle (24 months).
    pub cycle_months: Option<u32>,
    #[serde(default)]
    pub mentees: Vec<MenteeInput>,
    /// Default: the policy's indicator set.
    pub indicators: Option<Vec<IndicatorInput>>,
}

/// `PATCH /api/v1/contracts/{id}` while the contract is a draft.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateContractRequest {
    pub start_date: Option<NaiveDate>,
    pub cycle_months: Option<u32>,
    /// Replaces the mentee list.
    pub mentees: Option<Vec<MenteeInput>>,
    /// Replaces the indicators.
    pub indicators: Option<Vec<IndicatorInput>>,
}

/// `POST /api/v1/contracts/{id}/mentees/{user_id}/leave`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveRequest {
    pub reason: LeaveReason,
    pub note: Option<String>,
    /// Who takes the place.
    pub replacement: MenteeInput,
}

/// A checked indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub kind: IndicatorKind,
    pub description: String,
    pub yearly_target: u32,
    pub measure: Measure,
}

/// The checked terms of a contract.
#[derive(Debug, Clone)]
pub struct Terms {
    pub start_date: NaiveDate,
    pub cycle_months: u32,
    pub mentees: Vec<MenteeInput>,
    pub indicators: Vec<Indicator>,
}

impl Terms {
    /// The last day of the cycle.
    pub fn end_date(&self) -> NaiveDate {
        end_date(self.start_date, self.cycle_months)
    }
}

/// The last day of a cycle of `months` starting on `start`.
pub fn end_date(start: NaiveDate, months: u32) -> NaiveDate {
    start
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

/// Checks indicators (at least one; counts for the usual kinds, hours only for custom).
pub fn parse_indicators(input: Vec<IndicatorInput>, p: &mut Problems) -> Vec<Indicator> {
    if input.is_empty() {
        p.add(
            "indicators",
            "required",
            Msg::new("至少需要一项指标", "at least one indicator"),
        );
    }
    input
        .into_iter()
        .enumerate()
        .filter_map(|(i, x)| {
            let description = p.take(
                &format!("indicators[{i}].description"),
                text::required(&x.description, 200),
            )?;
            let measure = x.measure.unwrap_or(Measure::Count);
            if measure == Measure::Hours && x.kind != IndicatorKind::Custom {
                p.add(
                    format!("indicators[{i}].measure"),
                    "hours_only_for_custom",
                    Msg::new(
                        "只有自定义指标可以按学时计",
                        "only custom indicators count hours",
                    ),
                );
            }
            if !(1..=1000).contains(&x.yearly_target) {
                p.add(
                    format!("indicators[{i}].yearly_target"),
                    "out_of_range",
                    Msg::new(
                        "年度目标应为 1 到 1000",
                        "the yearly target must be 1 to 1000",
                    ),
                );
            }
            Some(Indicator {
                kind: x.kind,
                description,
                yearly_target: x.yearly_target,
                measure,
            })
        })
        .collect()
}

/// The policy's indicator set.
pub fn default_indicators(policy: &Policy) -> Vec<Indicator> {
    policy
        .default_indicators
        .iter()
        .map(|d| Indicator {
            kind: d.kind,
            description: d.description.clone(),
            yearly_target: d.yearly_target,
            measure: Measure::Count,
        })
        .collect()
}

/// Checks the cycle and the mentee list's shape (not yet the people themselves).
pub fn check_terms(
    start_date: NaiveDate,
    cycle_months: u32,
    mentees: Vec<MenteeInput>,
    indicators: Vec<Indicator>,
    policy: &Policy,
    p: &mut Problems,
) -> Terms {
    if !(policy.min_cycle_months..=policy.max_cycle_months).contains(&cycle_months) {
        p.add(
            "cycle_months",
            "out_of_range",
            Msg::new(
                format!(
                    "培带期应为 {} 到 {} 个月",
                    policy.min_cycle_months, policy.max_cycle_months
                ),
                format!(
                    "the cycle must be {} to {} months",
                    policy.min_cycle_months, policy.max_cycle_months
                ),
            ),
        );
    }
    let mut ids: Vec<UserId> = mentees.iter().map(|m| m.user_id).collect();
    ids.sort();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        p.add(
            "mentees",
            "duplicate",
            Msg::new("培带对象不能重复", "a mentee is listed twice"),
        );
    }
    if mentees.len() > policy.mentees_per_contract as usize {
        p.add(
            "mentees",
            "too_many",
            Msg::new(
                format!("培带对象最多 {} 人", policy.mentees_per_contract),
                format!("at most {} mentees", policy.mentees_per_contract),
            ),
        );
    }
    Terms {
        start_date,
        cycle_months,
        mentees,
        indicators,
    }
}

impl CreateContractRequest {
    pub fn parse(self, policy: &Policy) -> Result<Terms, AppError> {
        let mut p = Problems::new();
        let indicators = match self.indicators {
            Some(list) => parse_indicators(list, &mut p),
            None => default_indicators(policy),
        };
        let terms = check_terms(
            self.start_date,
            self.cycle_months.unwrap_or(policy.min_cycle_months),
            self.mentees,
            indicators,
            policy,
            &mut p,
        );
        p.finish()?;
        Ok(terms)
    }
}

/// The subject under which a party is asked to sign a contract: once per contract version and
/// person, whether the request comes from the reminder job or from a replacement joining.
pub fn signature_subject(contract: ContractId, version: i32) -> String {
    format!("contract:{contract}:v{version}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_ends_the_day_before_its_anniversary() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(end_date(d("2027-01-01"), 24), d("2028-12-31"));
        assert_eq!(end_date(d("2027-03-31"), 36), d("2030-03-30"));
        assert_eq!(end_date(d("2028-02-29"), 24), d("2030-02-27"));
    }
}
