//! The offices' dashboards as figures: a unit admin's unit (its mentors, what is waiting, the
//! open selection round, the assessment round's progress) and the city's program in counts. Every
//! figure comes from the rule that already decides it elsewhere (the lineage lists, the disputed
//! activities, the progress report's shortfall, the plan reminder's delay, the nomination quota's
//! count); this file only adds them up.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use crate::auth::caller::Caller;
use crate::db::dashboard_counts as counts;
use crate::db::{AnyConnection, assessments, city_reports, nominations, rounds, unit_progress};
use crate::domain::ids::{AssessmentRoundId, ContractId, NominationId, RoundId, UnitId, UserId};
use crate::domain::page::PageRequest;
use crate::domain::plan::PlanStatus;
use crate::domain::progress;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::RoundStatus;
use crate::error::AppError;
use crate::services::{activities, lineage};
use crate::state::AppState;

/// The open selection round as a unit sees it.
#[derive(Debug, Clone)]
pub struct SelectionFigures {
    pub round_id: RoundId,
    pub name: String,
    pub deadline: NaiveDate,
    /// The unit's quota, when the round sets one.
    pub quota: Option<u32>,
    /// Nominations of the unit that count against the quota.
    pub nominated: i64,
}

/// The latest assessment round's progress in a unit.
#[derive(Debug, Clone)]
pub struct AssessmentFigures {
    pub round_id: AssessmentRoundId,
    pub year: i32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub total: i64,
    /// Drafts with a grade written.
    pub assessed: i64,
    pub submitted: i64,
    pub confirmed: i64,
    pub returned: i64,
}

/// A unit admin's dashboard.
#[derive(Debug, Clone)]
pub struct UnitFigures {
    pub unit_id: UnitId,
    pub active_mentors: i64,
    pub without_contract: usize,
    /// Active contracts short of some indicator's pro-rata target today.
    pub behind_target: usize,
    pub mentees_without_mentor: usize,
    pub disputed_activities: usize,
    /// Mentees of active contracts whose training plan is not handed in the policy's days after
    /// the contract took effect (the plan reminder's rule).
    pub plans_overdue: usize,
    pub selection: Option<SelectionFigures>,
    pub assessment: Option<AssessmentFigures>,
}

/// The unit a unit admin administers; anyone else has no unit dashboard.
fn own_unit(caller: &Caller) -> Result<UnitId, AppError> {
    match caller.admin_scope() {
        Scope::Unit(u) if caller.has(Role::UnitAdmin) => Ok(u),
        _ => Err(AppError::forbidden(
            "unit_admin_only",
            "只有单位管理员可以查看本单位概况",
            "only a unit admin sees their unit's dashboard",
        )),
    }
}

/// `(behind target, plans overdue)` over the unit's active contracts as of `today`: behind when
/// the year's progress report (the same `domain::progress` rule, over the same activities) has a
/// shortfall; overdue when a current mentee has handed in no plan (submitted, approved, or
/// returned for changes) `plan_after_days` after the contract took effect, the plan reminder's
/// rule. A few queries for the whole unit.
fn contract_figures(
    c: &mut AnyConnection,
    unit: UnitId,
    today: NaiveDate,
    plan_after_days: i64,
) -> Result<(usize, usize), AppError> {
    let year = today.year();
    let cycles = unit_progress::cycles(c, unit)?;
    let indicators = unit_progress::indicators(c, unit)?;
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid");
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
    let mut acts = unit_progress::activities(c, unit, jan1, dec31)?;
    let mentees = unit_progress::current_mentees(c, unit)?;
    let handed_in: HashSet<(ContractId, UserId)> = unit_progress::plans(c, unit)?
        .into_iter()
        .filter(|(_, _, s)| {
            matches!(
                s,
                PlanStatus::Submitted | PlanStatus::Approved | PlanStatus::Returned
            )
        })
        .map(|(k, m, _)| (k, m))
        .collect();
    let (mut behind, mut overdue) = (0, 0);
    for (id, start, end, activated) in cycles {
        if let Some((from, to)) = activities::cycle_window(start, end, year) {
            let facts = acts.remove(&id).unwrap_or_default();
            let none = Vec::new();
            let mine = indicators.get(&id).unwrap_or(&none);
            let p = progress::compute(id, year, from, to, today, mine, &facts, &[]);
            if p.indicators.iter().any(|i| i.shortfall > 0.0) {
                behind += 1;
            }
        }
        let took_effect = activated.map_or(start, |t| t.date());
        if (today - took_effect).num_days() >= plan_after_days {
            overdue += mentees
                .iter()
                .filter(|(k, m)| *k == id && !handed_in.contains(&(*k, *m)))
                .count();
        }
    }
    Ok((behind, overdue))
}

fn selection_figures(
    c: &mut AnyConnection,
    unit: UnitId,
) -> Result<Option<SelectionFigures>, AppError> {
    let first = PageRequest {
        page: 1,
        per_page: 1,
    };
    let Some(r) = rounds::list(c, Some(RoundStatus::Open), first)?
        .items
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    // No nomination has id 0: every counted nomination of the unit.
    let nominated = nominations::count_for_unit(c, r.id, unit, NominationId(0))?;
    Ok(Some(SelectionFigures {
        round_id: r.id,
        name: r.name.clone(),
        deadline: r.nomination_deadline,
        quota: r
            .unit_quotas
            .iter()
            .find(|q| q.unit_id == unit)
            .map(|q| q.quota),
        nominated,
    }))
}

fn assessment_figures(
    c: &mut AnyConnection,
    unit: UnitId,
) -> Result<Option<AssessmentFigures>, AppError> {
    let Some(r) = assessments::list_rounds(c)?.into_iter().next() else {
        return Ok(None);
    };
    let mut f = AssessmentFigures {
        round_id: r.id,
        year: r.year,
        opens_on: r.opens_on,
        closes_on: r.closes_on,
        total: 0,
        assessed: 0,
        submitted: 0,
        confirmed: 0,
        returned: 0,
    };
    for (_, status, grade, n) in assessments::counts(c, r.id, Some(unit))? {
        f.total += n;
        match status.as_str() {
            "draft" if grade.is_some() => f.assessed += n,
            "submitted" => f.submitted += n,
            "confirmed" => f.confirmed += n,
            "returned" => f.returned += n,
            _ => {}
        }
    }
    Ok(Some(f))
}

/// The unit admin's dashboard of their own unit.
pub async fn unit_figures(state: &AppState, caller: &Caller) -> Result<UnitFigures, AppError> {
    let unit = own_unit(caller)?;
    let without_contract = lineage::mentors_without_contract(state, caller.clone())
        .await?
        .len();
    let mentees_without_mentor = lineage::mentees_without_mentor(state, caller.clone())
        .await?
        .len();
    let disputed_activities = activities::disputed(state, caller).await?.len();
    let today = state.clock.today();
    let plan_after_days = i64::from(state.settings.policy.plan_reminder_after_days);
    state
        .db
        .run(move |c| {
            let (behind_target, plans_overdue) = contract_figures(c, unit, today, plan_after_days)?;
            Ok(UnitFigures {
                unit_id: unit,
                active_mentors: counts::active_mentors_of_unit(c, unit)?,
                without_contract,
                behind_target,
                mentees_without_mentor,
                disputed_activities,
                plans_overdue,
                selection: selection_figures(c, unit)?,
                assessment: assessment_figures(c, unit)?,
            })
        })
        .await
}

/// The pool at the end of each year (today for this year), from the first appointment's year.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolPoint {
    pub year: i32,
    pub mentors: i64,
}

/// The city's program in counts, each keyed by its stored code.
#[derive(Debug, Clone)]
pub struct CityFigures {
    pub year: i32,
    pub by_category: BTreeMap<String, i64>,
    /// `(unit name, active mentors)`, most first.
    pub by_unit: Vec<(String, i64)>,
    pub contracts_by_status: BTreeMap<String, i64>,
    /// Twelve months of last year and of this year.
    pub activities_last_year: [i64; 12],
    pub activities_this_year: [i64; 12],
    /// The months of this year begun by today (1 in January).
    pub months_so_far: usize,
    /// `year -> grade -> count` of confirmed grades.
    pub grades_by_year: BTreeMap<i32, BTreeMap<String, i64>>,
    pub benefits_issued: BTreeMap<String, i64>,
    pub pool: Vec<PoolPoint>,
}

/// The pool on `day`: entries appointed by then, not revoked by then, whose term has not ended.
fn pool_on(groups: &[counts::PoolGroup], day: NaiveDate) -> i64 {
    groups
        .iter()
        .filter(|(from, revoked, ends, _)| {
            *from <= day && revoked.is_none_or(|r| r > day) && *ends >= day
        })
        .map(|g| g.3)
        .sum()
}

/// The pool over the years, from the pool's groups of dates.
pub fn pool_over_time(groups: &[counts::PoolGroup], today: NaiveDate) -> Vec<PoolPoint> {
    let Some(first) = groups.iter().map(|g| g.0.year()).min() else {
        return Vec::new();
    };
    (first..=today.year())
        .map(|year| {
            let day = if year == today.year() {
                today
            } else {
                NaiveDate::from_ymd_opt(year, 12, 31).expect("valid")
            };
            PoolPoint {
                year,
                mentors: pool_on(groups, day),
            }
        })
        .collect()
}

/// The city admin's program dashboard.
pub async fn city_figures(state: &AppState, caller: &Caller) -> Result<CityFigures, AppError> {
    if !caller.is_city_admin() {
        return Err(AppError::forbidden(
            "city_admin_only",
            "只有市级管理员可以查看全市概况",
            "only the city admin sees the program's dashboard",
        ));
    }
    let today = state.clock.today();
    state
        .db
        .run(move |c| {
            let year = today.year();
            let from = NaiveDate::from_ymd_opt(year - 1, 1, 1).expect("valid");
            let to = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
            let (mut last, mut this) = ([0i64; 12], [0i64; 12]);
            for (day, n) in counts::activities_per_day(c, from, to)? {
                let m = day.month0() as usize;
                if day.year() == year {
                    this[m] += n;
                } else {
                    last[m] += n;
                }
            }
            let names: HashMap<UnitId, String> = city_reports::unit_names(c)?;
            let mut by_unit: Vec<(String, i64)> = counts::active_mentors_by_unit(c)?
                .into_iter()
                .map(|(u, n)| (names.get(&u).cloned().unwrap_or_default(), n))
                .collect();
            by_unit.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut grades_by_year: BTreeMap<i32, BTreeMap<String, i64>> = BTreeMap::new();
            let years: HashMap<AssessmentRoundId, i32> =
                counts::assessment_round_years(c)?.into_iter().collect();
            for (r, g, n) in counts::confirmed_grades_by_round(c)? {
                if let (Some(g), Some(&y)) = (g, years.get(&r)) {
                    *grades_by_year.entry(y).or_default().entry(g).or_insert(0) += n;
                }
            }
            Ok(CityFigures {
                year,
                by_category: counts::active_mentors_by_category(c)?.into_iter().collect(),
                by_unit,
                contracts_by_status: counts::contracts_by_status(c)?.into_iter().collect(),
                activities_last_year: last,
                activities_this_year: this,
                months_so_far: today.month() as usize,
                grades_by_year,
                benefits_issued: counts::issued_benefits_by_kind(c)?.into_iter().collect(),
                pool: pool_over_time(&counts::pool_groups(c)?, today),
            })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_pool_counts_entries_appointed_and_neither_revoked_nor_ended() {
        let groups = vec![
            (d(2024, 9, 1), None, d(2027, 8, 31), 5),
            (d(2024, 9, 1), Some(d(2025, 6, 1)), d(2027, 8, 31), 2),
            (d(2025, 10, 1), None, d(2028, 9, 30), 3),
        ];
        let pool = pool_over_time(&groups, d(2026, 3, 1));
        let figures: Vec<(i32, i64)> = pool.iter().map(|p| (p.year, p.mentors)).collect();
        assert_eq!(figures, vec![(2024, 7), (2025, 8), (2026, 8)]);
        assert!(pool_over_time(&[], d(2026, 3, 1)).is_empty());
    }
}
