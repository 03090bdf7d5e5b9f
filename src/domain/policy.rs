//! The program's rules that a city may change without a code change: part of the program's
//! vocabulary, so the rules in `domain` take them from here; `config` loads them from `[policy]`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

use super::indicator::IndicatorKind;
use super::unit::UnitKind;

/// What happens after a confirmed unqualified grade (seed 003 allows rectification first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnqualifiedConsequence {
    Revoke,
    RectifyThenRevoke,
}

/// A day of the year without a year, written `MM-DD` (the nomination deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// This day in `year`; 29 February falls back to the 28th in common years.
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
            .expect("validated month-day")
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let bad = || serde::de::Error::custom(format!("'{s}' is not a day written MM-DD"));
        let (m, dd) = s.split_once('-').ok_or_else(bad)?;
        let (month, day) = (
            m.parse::<u32>().map_err(|_| bad())?,
            dd.parse::<u32>().map_err(|_| bad())?,
        );
        NaiveDate::from_ymd_opt(2024, month, day).ok_or_else(bad)?;
        Ok(Self { month, day })
    }
}

impl Serialize for MonthDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}-{:02}", self.month, self.day))
    }
}

/// A rule out of its range: the rule's name within `[policy]` and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub setting: &'static str,
    pub reason: &'static str,
}

/// One indicator a new contract starts with.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDefault {
    pub kind: IndicatorKind,
    pub description: String,
    pub yearly_target: u32,
}

/// The program's rules that a city may change in its settings (see `docs/program-rules.md`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub min_years_in_city: u32,
    pub max_nomination_age: u32,
    pub nomination_deadline: MonthDay,
    pub public_notice_working_days: u32,
    pub review_score_min: u32,
    pub review_score_max: u32,
    pub review_min_scores: u32,
    pub objection_contact: String,
    pub certificate_number_format: String,
    pub appointment_term_years: u32,
    pub skills_awards: Vec<String>,
    pub evidence_file_max_bytes: u64,
    pub mentees_per_contract: u32,
    pub default_indicators: Vec<IndicatorDefault>,
    pub min_cycle_months: u32,
    pub max_cycle_months: u32,
    pub plan_reminder_after_days: u32,
    pub inactivity_reminder_days: u32,
    pub cycle_end_reminder_days: Vec<u32>,
    pub objection_days: u32,
    pub unqualified_consequence: UnqualifiedConsequence,
    pub rectification_days: u32,
    pub assessment_excellent_ratio: f64,
    pub assessment_basic_share: f64,
    pub health_check_interval_months: u32,
    pub bus_card_districts: Vec<String>,
    pub bus_card_unit_kinds: Vec<UnitKind>,
    pub bus_card_validity_months: u32,
    pub apartment_occupancy_months: u32,
    pub urban_districts: Vec<String>,
    pub urban_unit_kinds: Vec<UnitKind>,
    pub benefit_return_days: u32,
    pub recuperation_leave_quota: u32,
    pub commendation_every_years: u32,
    pub commendation_min_excellent: u32,
}

impl Policy {
    /// Checks what types alone cannot: ranges and relations between the rules.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let p = self;
        let check = |ok: bool, setting: &'static str, reason: &'static str| {
            if ok {
                Ok(())
            } else {
                Err(PolicyError { setting, reason })
            }
        };
        check(
            (1..=12 * 10).contains(&p.min_cycle_months) && p.min_cycle_months <= p.max_cycle_months,
            "min_cycle_months",
            "must be at least 1 and not above max_cycle_months",
        )?;
        check(
            p.max_cycle_months <= 12 * 10,
            "max_cycle_months",
            "must be at most 120",
        )?;
        check(
            (1..=50).contains(&p.mentees_per_contract),
            "mentees_per_contract",
            "must be between 1 and 50",
        )?;
        check(
            p.review_score_min < p.review_score_max,
            "review_score_min",
            "must be below review_score_max",
        )?;
        check(
            (1..=100).contains(&p.review_min_scores),
            "review_min_scores",
            "must be between 1 and 100",
        )?;
        check(
            !p.objection_contact.trim().is_empty() && p.objection_contact.chars().count() <= 200,
            "objection_contact",
            "must name where objections are filed, in at most 200 characters",
        )?;
        check(
            (18..=100).contains(&p.max_nomination_age),
            "max_nomination_age",
            "must be between 18 and 100",
        )?;
        check(
            p.min_years_in_city <= 50,
            "min_years_in_city",
            "must be at most 50",
        )?;
        check(
            (1..=365).contains(&p.objection_days),
            "objection_days",
            "must be between 1 and 365",
        )?;
        check(
            p.certificate_number_format.contains("{seq"),
            "certificate_number_format",
            "must contain {seq} (or {seq:03}) so that numbers are unique",
        )?;
        check(
            (1..=20).contains(&p.appointment_term_years),
            "appointment_term_years",
            "must be between 1 and 20",
        )?;
        check(
            (1..=120).contains(&p.health_check_interval_months),
            "health_check_interval_months",
            "must be between 1 and 120",
        )?;
        check(
            p.commendation_min_excellent <= 3,
            "commendation_min_excellent",
            "counts grades among the last three assessments: at most 3",
        )?;
        check(
            (1.0..=10.0).contains(&p.assessment_excellent_ratio),
            "assessment_excellent_ratio",
            "must be between 1.0 and 10.0",
        )?;
        check(
            p.assessment_basic_share > 0.0 && p.assessment_basic_share <= 1.0,
            "assessment_basic_share",
            "must be above 0 and at most 1",
        )?;
        check(
            (1..=365).contains(&p.benefit_return_days),
            "benefit_return_days",
            "must be between 1 and 365",
        )?;
        check(
            p.evidence_file_max_bytes >= 1024,
            "evidence_file_max_bytes",
            "must be at least 1024",
        )?;
        check(
            p.bus_card_districts.iter().all(|d| !d.trim().is_empty()),
            "bus_card_districts",
            "must not contain empty names",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leap_day_deadline_falls_back_in_common_years() {
        let md = MonthDay { month: 2, day: 29 };
        assert_eq!(
            md.in_year(2027),
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        );
        assert_eq!(
            md.in_year(2028),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
    }
}
