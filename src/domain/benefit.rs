//! Benefits (待遇) that follow a mentor's status: what there is, who is eligible (a pure function
//! of facts: status, unit, profile, grades, earlier benefits and the date), and the life of one
//! benefit from application or selection to issue, expiry or revocation.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::assessment::Grade;
use super::unit::UnitKind;
use crate::domain::policy::Policy;

text_enum!(
    /// What the program gives its mentors.
    BenefitKind {
        /// 免费健康检查, once every `health_check_interval_months`.
        HealthCheck => "health_check" ("免费健康检查"),
        /// 人才公交IC卡, for units in the eligible districts or of the eligible kinds.
        BusCard => "bus_card" ("人才公交IC卡"),
        /// 玉龙人才公寓, for mentors brought in from outside with no urban housing.
        Apartment => "apartment" ("玉龙人才公寓"),
        /// 免费休假疗养, yearly, for outstanding mentors within a quota.
        RecuperationLeave => "recuperation_leave" ("免费休假疗养"),
        /// 培训班, yearly, every active mentor invited.
        TrainingClass => "training_class" ("培训班"),
        /// 学习考察, outstanding mentors.
        StudyTour => "study_tour" ("学习考察"),
        /// 表彰奖励, every `commendation_every_years`.
        Commendation => "commendation" ("表彰奖励"),
    }
);

impl BenefitKind {
    /// Kinds the mentor applies for; the city admin selects mentors for the others.
    pub fn needs_application(self) -> bool {
        matches!(self, Self::BusCard | Self::Apartment)
    }

    /// Kinds given once a year (the `year` of a benefit matters for them).
    pub fn yearly(self) -> bool {
        matches!(
            self,
            Self::RecuperationLeave | Self::TrainingClass | Self::StudyTour | Self::Commendation
        )
    }

    /// Kinds the holder must hand back when revoked (card, room).
    pub fn returnable(self) -> bool {
        matches!(self, Self::BusCard | Self::Apartment)
    }
}

text_enum!(
    /// Where one benefit is.
    BenefitStatus {
        /// The mentor applied (bus card, apartment).
        Applied => "applied" ("已申请"),
        /// Approved, or selected by the city admin; waiting to be issued.
        Approved => "approved" ("已批准"),
        Declined => "declined" ("未批准"),
        /// Given: card number, room, check date, leave dates, attendance, honour.
        Issued => "issued" ("已发放"),
        /// Its validity ended.
        Expired => "expired" ("已到期"),
        /// Ended because the mentor was revoked.
        Revoked => "revoked" ("已取消"),
    }
);

impl BenefitStatus {
    /// Applied, approved, or issued and not yet expired: what revocation ends.
    pub fn running(self) -> bool {
        matches!(self, Self::Applied | Self::Approved | Self::Issued)
    }
}

/// The facts eligibility is computed from.
#[derive(Debug, Clone)]
pub struct MentorFacts {
    pub active: bool,
    pub unit_kind: UnitKind,
    pub unit_district: Option<String>,
    pub from_outside_city: bool,
    pub owns_urban_housing: bool,
    /// Confirmed annual grades, newest year first: `(year, grade)`.
    pub grades: Vec<(i32, Grade)>,
    /// The check date of the last health check done.
    pub last_health_check: Option<NaiveDate>,
    /// The day the current appointment began: a mentor never checked is due from it.
    pub appointed_on: NaiveDate,
    /// The year of the last commendation issued.
    pub last_commendation_year: Option<i32>,
}

/// Whether a mentor is eligible for a kind, and if not, why (a stable code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Eligibility {
    pub kind: BenefitKind,
    pub eligible: bool,
    /// Why not: `not_active`, `not_due`, `unit_not_eligible`, `not_from_outside`,
    /// `not_in_urban_area`, `owns_urban_housing`, `not_outstanding`, `too_soon`.
    pub reason: Option<String>,
    /// Health check: the day it is (or was) due.
    pub due_on: Option<NaiveDate>,
}

fn no(kind: BenefitKind, reason: &str) -> Eligibility {
    Eligibility {
        kind,
        eligible: false,
        reason: Some(reason.to_owned()),
        due_on: None,
    }
}

fn yes(kind: BenefitKind) -> Eligibility {
    Eligibility {
        kind,
        eligible: true,
        reason: None,
        due_on: None,
    }
}

/// The day a health check is due: the interval after the last one, or, for a mentor never
/// checked, the day of their appointment. A fixed day, so that the reminders that count from it
/// (on the day, then monthly) are the same reminders however often they are looked for.
pub fn health_check_due(
    last: Option<NaiveDate>,
    appointed_on: NaiveDate,
    interval_months: u32,
) -> NaiveDate {
    match last {
        Some(d) => d
            .checked_add_months(Months::new(interval_months))
            .unwrap_or(d),
        None => appointed_on,
    }
}

/// Whether revoking the mentor ends this benefit: what is pending (applied, or approved and not
/// yet given) and what is running (an issued bus card or apartment whose period has not ended,
/// a recuperation leave issued but not yet begun). What already happened stays as it is: a
/// health check done, a class or tour attended, a commendation, a leave taken or under way.
pub fn ended_by_revocation(
    kind: BenefitKind,
    status: BenefitStatus,
    valid_until: Option<NaiveDate>,
    starts_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    match status {
        BenefitStatus::Applied | BenefitStatus::Approved => true,
        BenefitStatus::Issued => match kind {
            BenefitKind::BusCard | BenefitKind::Apartment => {
                valid_until.is_some_and(|end| end >= today)
            }
            BenefitKind::RecuperationLeave => starts_on.is_some_and(|d| d > today),
            BenefitKind::HealthCheck
            | BenefitKind::TrainingClass
            | BenefitKind::StudyTour
            | BenefitKind::Commendation => false,
        },
        BenefitStatus::Declined | BenefitStatus::Expired | BenefitStatus::Revoked => false,
    }
}

/// True when the unit's district or kind is on the policy's list.
pub fn in_list(
    district: Option<&str>,
    kind: UnitKind,
    districts: &[String],
    kinds: &[UnitKind],
) -> bool {
    district.is_some_and(|d| districts.iter().any(|x| x == d)) || kinds.contains(&kind)
}

/// Whether the mentor is eligible for `kind` on `today` (quota and running benefits aside).
pub fn eligibility(
    kind: BenefitKind,
    f: &MentorFacts,
    p: &Policy,
    today: NaiveDate,
) -> Eligibility {
    if !f.active {
        return no(kind, "not_active");
    }
    let excellent_last_year = f
        .grades
        .iter()
        .any(|(y, g)| *y == today.year() - 1 && *g == Grade::Excellent);
    match kind {
        BenefitKind::HealthCheck => {
            let due = health_check_due(
                f.last_health_check,
                f.appointed_on,
                p.health_check_interval_months,
            );
            let mut e = if due <= today {
                yes(kind)
            } else {
                no(kind, "not_due")
            };
            e.due_on = Some(due);
            e
        }
        BenefitKind::BusCard => {
            if in_list(
                f.unit_district.as_deref(),
                f.unit_kind,
                &p.bus_card_districts,
                &p.bus_card_unit_kinds,
            ) {
                yes(kind)
            } else {
                no(kind, "unit_not_eligible")
            }
        }
        BenefitKind::Apartment => {
            if !f.from_outside_city {
                no(kind, "not_from_outside")
            } else if !in_list(
                f.unit_district.as_deref(),
                f.unit_kind,
                &p.urban_districts,
                &p.urban_unit_kinds,
            ) {
                no(kind, "not_in_urban_area")
            } else if f.owns_urban_housing {
                no(kind, "owns_urban_housing")
            } else {
                yes(kind)
            }
        }
        BenefitKind::TrainingClass => yes(kind),
        BenefitKind::RecuperationLeave | BenefitKind::StudyTour => {
            if excellent_last_year {
                yes(kind)
            } else {
                no(kind, "not_outstanding")
            }
        }
        BenefitKind::Commendation => {
            let recent = f.grades.iter().take(3);
            let excellent = recent.filter(|(_, g)| *g == Grade::Excellent).count() as u32;
            let too_soon = f
                .last_commendation_year
                .is_some_and(|y| today.year() - y < p.commendation_every_years as i32);
            if excellent < p.commendation_min_excellent {
                no(kind, "not_outstanding")
            } else if too_soon {
                no(kind, "too_soon")
            } else {
                yes(kind)
            }
        }
    }
}

/// What is recorded when a benefit is issued; each kind uses its own fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IssueDetails {
    /// Bus card: the card number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
    /// Apartment: the room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// Health check: the day and the institution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    /// Leave, class or tour: the dates and place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Class or tour: whether the mentor attended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attended: Option<bool>,
    /// Commendation: the honour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The fields each kind needs when issued: `(field, present)`.
pub fn required_details(kind: BenefitKind, d: &IssueDetails) -> Vec<(&'static str, bool)> {
    let text = |s: &Option<String>| s.as_deref().is_some_and(|x| !x.trim().is_empty());
    match kind {
        BenefitKind::HealthCheck => vec![
            ("checked_on", d.checked_on.is_some()),
            ("institution", text(&d.institution)),
        ],
        BenefitKind::BusCard => vec![("card_number", text(&d.card_number))],
        BenefitKind::Apartment => vec![("room", text(&d.room))],
        BenefitKind::RecuperationLeave => vec![
            ("starts_on", d.starts_on.is_some()),
            ("ends_on", d.ends_on.is_some()),
        ],
        BenefitKind::TrainingClass | BenefitKind::StudyTour => {
            vec![("attended", d.attended.is_some())]
        }
        BenefitKind::Commendation => vec![("title", text(&d.title))],
    }
}

/// How long an issued benefit is valid, if it has a period: bus card and apartment.
pub fn validity_months(kind: BenefitKind, p: &Policy) -> Option<u32> {
    match kind {
        BenefitKind::BusCard => Some(p.bus_card_validity_months),
        BenefitKind::Apartment => Some(p.apartment_occupancy_months),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn policy() -> Policy {
        crate::config::Settings::load_with(
            crate::config::RunEnv::Development,
            std::path::Path::new("config"),
            false,
            &[],
        )
        .unwrap()
        .policy
    }

    fn facts() -> MentorFacts {
        MentorFacts {
            active: true,
            unit_kind: UnitKind::BannerCountyDistrict,
            unit_district: Some("红山区".into()),
            from_outside_city: true,
            owns_urban_housing: false,
            grades: vec![],
            last_health_check: None,
            appointed_on: d("2026-11-01"),
            last_commendation_year: None,
        }
    }

    #[test]
    fn a_health_check_is_due_24_months_after_the_last_one_not_23() {
        let p = policy();
        let mut f = facts();
        f.last_health_check = Some(d("2025-03-15"));
        let at_23 = eligibility(BenefitKind::HealthCheck, &f, &p, d("2027-03-14"));
        assert!(!at_23.eligible);
        assert_eq!(at_23.reason.as_deref(), Some("not_due"));
        assert_eq!(at_23.due_on, Some(d("2027-03-15")));
        assert!(eligibility(BenefitKind::HealthCheck, &f, &p, d("2027-03-15")).eligible);
        f.last_health_check = None;
        let never = eligibility(BenefitKind::HealthCheck, &f, &p, d("2027-03-15"));
        assert!(never.eligible, "never checked: due");
        assert_eq!(
            never.due_on,
            Some(d("2026-11-01")),
            "from the appointment, not from whichever day it is asked"
        );
    }

    #[test]
    fn revocation_ends_what_is_pending_or_running_and_leaves_what_happened() {
        use BenefitKind as K;
        use BenefitStatus as S;
        let today = d("2027-12-26");
        let ends = |k, s, until: Option<&str>, starts: Option<&str>| {
            ended_by_revocation(k, s, until.map(d), starts.map(d), today)
        };
        for k in BenefitKind::ALL {
            assert!(ends(*k, S::Applied, None, None), "{k:?} applied");
            assert!(ends(*k, S::Approved, None, None), "{k:?} approved");
            assert!(!ends(*k, S::Expired, Some("2027-01-01"), None));
            assert!(!ends(*k, S::Revoked, None, None));
            assert!(!ends(*k, S::Declined, None, None));
        }
        assert!(ends(K::BusCard, S::Issued, Some("2027-12-26"), None));
        assert!(
            !ends(K::BusCard, S::Issued, Some("2027-12-25"), None),
            "its period is over: it expires, it is not revoked"
        );
        assert!(ends(K::Apartment, S::Issued, Some("2029-11-20"), None));
        for k in [
            K::HealthCheck,
            K::TrainingClass,
            K::StudyTour,
            K::Commendation,
        ] {
            assert!(!ends(k, S::Issued, None, Some("2028-01-01")), "{k:?} done");
        }
        assert!(ends(
            K::RecuperationLeave,
            S::Issued,
            None,
            Some("2028-07-01")
        ));
        assert!(!ends(
            K::RecuperationLeave,
            S::Issued,
            None,
            Some("2027-12-26")
        ));
    }

    #[test]
    fn the_bus_card_follows_the_units_district_or_kind() {
        let p = policy();
        let mut f = facts();
        assert!(eligibility(BenefitKind::BusCard, &f, &p, d("2027-01-01")).eligible);
        f.unit_district = Some("宁城县".into());
        let out = eligibility(BenefitKind::BusCard, &f, &p, d("2027-01-01"));
        assert_eq!(out.reason.as_deref(), Some("unit_not_eligible"));
        f.unit_kind = UnitKind::CityDepartment;
        assert!(eligibility(BenefitKind::BusCard, &f, &p, d("2027-01-01")).eligible);
    }

    #[test]
    fn the_apartment_needs_outside_origin_urban_work_and_no_urban_housing() {
        let p = policy();
        let mut f = facts();
        assert!(eligibility(BenefitKind::Apartment, &f, &p, d("2027-01-01")).eligible);
        f.owns_urban_housing = true;
        assert_eq!(
            eligibility(BenefitKind::Apartment, &f, &p, d("2027-01-01"))
                .reason
                .as_deref(),
            Some("owns_urban_housing")
        );
        f.owns_urban_housing = false;
        f.from_outside_city = false;
        assert_eq!(
            eligibility(BenefitKind::Apartment, &f, &p, d("2027-01-01"))
                .reason
                .as_deref(),
            Some("not_from_outside")
        );
        f.from_outside_city = true;
        f.unit_district = Some("宁城县".into());
        assert_eq!(
            eligibility(BenefitKind::Apartment, &f, &p, d("2027-01-01"))
                .reason
                .as_deref(),
            Some("not_in_urban_area")
        );
    }

    #[test]
    fn outstanding_means_excellent_last_year_and_commendation_two_of_the_last_three() {
        let p = policy();
        let mut f = facts();
        f.grades = vec![(2027, Grade::Excellent), (2026, Grade::Qualified)];
        assert!(eligibility(BenefitKind::StudyTour, &f, &p, d("2028-03-01")).eligible);
        assert!(!eligibility(BenefitKind::StudyTour, &f, &p, d("2029-03-01")).eligible);
        assert_eq!(
            eligibility(BenefitKind::Commendation, &f, &p, d("2028-03-01"))
                .reason
                .as_deref(),
            Some("not_outstanding")
        );
        f.grades.push((2025, Grade::Excellent));
        assert!(eligibility(BenefitKind::Commendation, &f, &p, d("2028-03-01")).eligible);
        f.last_commendation_year = Some(2026);
        assert_eq!(
            eligibility(BenefitKind::Commendation, &f, &p, d("2028-03-01"))
                .reason
                .as_deref(),
            Some("too_soon")
        );
        f.active = false;
        assert_eq!(
            eligibility(BenefitKind::TrainingClass, &f, &p, d("2028-03-01"))
                .reason
                .as_deref(),
            Some("not_active")
        );
    }
}
