//! Benefits (待遇): eligibility recomputed from facts at every read, the views of the mentor, the
//! city admin and the unit admin, and what revocation ends. The requests that change benefits
//! are in `benefit_requests` (applications, selections, invitations) and `benefit_decisions`
//! (decisions, issue, quotas).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::db::benefits::{self as store, Benefit, BenefitFilter, BenefitSort, Viewer};
use crate::db::{AnyConnection, units, users};
use crate::domain::benefit::{self as rules, BenefitKind, BenefitStatus, Eligibility, MentorFacts};
use crate::domain::ids::{BenefitId, MentorEntryId, UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::policy::Policy;
use crate::domain::role::Role;
use crate::domain::unit::UnitKind;
use crate::error::AppError;
use crate::state::AppState;

pub fn viewer(caller: &Caller) -> Viewer {
    if caller.is_city_admin() {
        Viewer::City
    } else if let (true, Some(unit)) = (caller.has(Role::UnitAdmin), caller.unit_id) {
        Viewer::Unit(unit)
    } else {
        Viewer::Mentor(caller.id)
    }
}

/// The benefit's name in Chinese and English, for e-mails and reports.
pub fn names(kind: BenefitKind) -> (&'static str, &'static str) {
    match kind {
        BenefitKind::HealthCheck => ("免费健康检查", "free health check"),
        BenefitKind::BusCard => ("人才公交IC卡", "talent bus card"),
        BenefitKind::Apartment => ("玉龙人才公寓", "Yulong talent apartment"),
        BenefitKind::RecuperationLeave => ("免费休假疗养", "recuperation leave"),
        BenefitKind::TrainingClass => ("培带人培训班", "training class"),
        BenefitKind::StudyTour => ("学习考察", "study tour"),
        BenefitKind::Commendation => ("优秀培带人表彰", "commendation"),
    }
}

/// An active mentor as the eligibility computation sees them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EligibleMentor {
    #[schema(value_type = i64)]
    pub mentor_entry_id: MentorEntryId,
    pub mentor_user_id: UserId,
    pub name: String,
    pub unit_id: UnitId,
    pub eligibility: Eligibility,
}

/// An active pool entry with the facts its eligibility is computed from.
pub(crate) struct EntryFacts {
    pub entry: MentorEntryId,
    pub user: UserId,
    pub unit: UnitId,
    pub name: String,
    pub facts: MentorFacts,
}

/// The facts of each active entry (optionally of one unit or person).
pub(crate) fn facts_of(
    c: &mut AnyConnection,
    unit: Option<UnitId>,
    user: Option<UserId>,
) -> Result<Vec<EntryFacts>, AppError> {
    let entries = store::active_entries(c, unit, user)?;
    let user_ids: Vec<UserId> = entries.iter().map(|e| e.user).collect();
    let people = users::housing_facts(c, &user_ids)?;
    let unit_facts: HashMap<UnitId, (UnitKind, Option<String>)> = units::all_facts(c)?;
    let grades = crate::db::assessments::confirmed_grades(c, &user_ids)?;
    let checks = store::last_health_checks(c, &user_ids)?;
    let commendations = store::last_commendations(c, &user_ids)?;
    entries
        .into_iter()
        .map(
            |store::ActiveEntry {
                 entry,
                 user,
                 unit,
                 appointed_on,
             }| {
                // Foreign keys guarantee both; a miss is a broken database, not a mentor to skip.
                let missing = |what: &str| {
                    AppError::internal(anyhow::anyhow!("no {what} for mentor entry {entry}"))
                };
                let (name, outside, housing) = people.get(&user).ok_or_else(|| missing("user"))?;
                let (kind, district) = unit_facts.get(&unit).ok_or_else(|| missing("unit"))?;
                let facts = MentorFacts {
                    active: true,
                    unit_kind: *kind,
                    unit_district: district.clone(),
                    from_outside_city: *outside,
                    owns_urban_housing: *housing,
                    grades: grades.get(&user).cloned().unwrap_or_default(),
                    last_health_check: checks.get(&user).copied(),
                    appointed_on,
                    last_commendation_year: commendations.get(&user).copied(),
                };
                Ok(EntryFacts {
                    entry,
                    user,
                    unit,
                    name: name.clone(),
                    facts,
                })
            },
        )
        .collect()
}

/// Whether `held` blocks a new benefit of its kind on `today`: one applied or approved, an issued
/// one not within 30 days of its end (renewal), or for a yearly kind one of the same year.
pub(crate) fn blocks(held: &Benefit, year: i32, today: NaiveDate) -> bool {
    match held.status {
        BenefitStatus::Applied | BenefitStatus::Approved => {
            !held.kind.yearly() || held.year == Some(year)
        }
        BenefitStatus::Issued => {
            if held.kind.yearly() {
                held.year == Some(year)
            } else if held.kind == BenefitKind::HealthCheck {
                false
            } else {
                held.valid_until
                    .is_none_or(|end| end > today + chrono::Duration::days(30))
            }
        }
        _ => {
            held.kind.yearly() && held.year == Some(year) && held.status != BenefitStatus::Declined
        }
    }
}

/// The mentors eligible for `kind` today who hold nothing that blocks a new one.
fn eligible_for(
    c: &mut AnyConnection,
    p: &Policy,
    kind: BenefitKind,
    unit: Option<UnitId>,
    today: NaiveDate,
) -> Result<Vec<EligibleMentor>, AppError> {
    let held = store::list(
        c,
        &BenefitFilter {
            kind: Some(kind),
            unit_id: unit,
            ..Default::default()
        },
        Viewer::City,
    )?;
    Ok(facts_of(c, unit, None)?
        .into_iter()
        .filter_map(|x| {
            let EntryFacts {
                entry,
                user,
                unit,
                name,
                facts: f,
            } = x;
            let e = rules::eligibility(kind, &f, p, today);
            let blocked = held
                .iter()
                .any(|h| h.mentor_entry_id == entry && blocks(h, today.year(), today));
            (e.eligible && !blocked).then_some(EligibleMentor {
                mentor_entry_id: entry,
                mentor_user_id: user,
                name,
                unit_id: unit,
                eligibility: e,
            })
        })
        .collect())
}

/// A year's quota as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuotaView {
    pub year: i32,
    pub kind: BenefitKind,
    pub quota: i32,
    pub used: i32,
}

/// The city admin's view of one kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct KindOverview {
    pub kind: BenefitKind,
    /// Eligible today and holding nothing that blocks a new one.
    pub eligible: Vec<EligibleMentor>,
    pub applications_waiting: Vec<Benefit>,
    /// Approved or selected, not yet issued.
    pub to_issue: Vec<Benefit>,
    pub issued: Vec<Benefit>,
    /// Issued, with a period ending within 30 days.
    pub expiring_in_30_days: Vec<Benefit>,
    /// Running benefits whose holder no longer qualifies (e.g. has gained urban housing): not to
    /// be renewed.
    pub no_longer_eligible: Vec<Benefit>,
    /// This year's quota (recuperation leave).
    pub quota: Option<QuotaView>,
}

pub async fn overview(state: &AppState, kind: BenefitKind) -> Result<KindOverview, AppError> {
    let policy = state.settings.policy.clone();
    let (today, now) = (state.clock.today(), state.clock.now_naive());
    state
        .db
        .write(move |c| {
            let all = store::list(
                c,
                &BenefitFilter {
                    kind: Some(kind),
                    ..Default::default()
                },
                Viewer::City,
            )?;
            let by_status = |s: BenefitStatus| -> Vec<Benefit> {
                all.iter().filter(|b| b.status == s).cloned().collect()
            };
            let issued = by_status(BenefitStatus::Issued);
            let soon = today + chrono::Duration::days(30);
            let expiring = issued
                .iter()
                .filter(|b| b.valid_until.is_some_and(|d| d <= soon))
                .cloned()
                .collect();
            let facts: HashMap<MentorEntryId, MentorFacts> = facts_of(c, None, None)?
                .into_iter()
                .map(|x| (x.entry, x.facts))
                .collect();
            let no_longer = all
                .iter()
                .filter(|b| b.status.running() && b.kind != BenefitKind::HealthCheck)
                .filter(|b| {
                    facts
                        .get(&b.mentor_entry_id)
                        .is_none_or(|f| !rules::eligibility(kind, f, &policy, today).eligible)
                })
                .cloned()
                .collect();
            let quota = if kind == BenefitKind::RecuperationLeave {
                let (quota, used) =
                    store::quota(c, today.year(), kind, policy.recuperation_leave_quota, now)?;
                Some(QuotaView {
                    year: today.year(),
                    kind,
                    quota,
                    used,
                })
            } else {
                None
            };
            Ok(KindOverview {
                kind,
                eligible: eligible_for(c, &policy, kind, None, today)?,
                applications_waiting: by_status(BenefitStatus::Applied),
                to_issue: by_status(BenefitStatus::Approved),
                issued,
                expiring_in_30_days: expiring,
                no_longer_eligible: no_longer,
                quota,
            })
        })
        .await
}

/// The mentor's own view.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyBenefits {
    pub benefits: Vec<Benefit>,
    /// Every kind, with whether the mentor qualifies today and why not.
    pub eligibility: Vec<Eligibility>,
    /// Kinds the mentor may apply for now (bus card, apartment).
    pub can_apply: Vec<BenefitKind>,
    pub next_health_check_due: Option<NaiveDate>,
}

pub async fn mine(state: &AppState, caller: &Caller) -> Result<MyBenefits, AppError> {
    let policy = state.settings.policy.clone();
    let today = state.clock.today();
    let me = caller.id;
    state
        .db
        .run(move |c| {
            let benefits = store::list(c, &BenefitFilter::default(), Viewer::Mentor(me))?;
            let facts = facts_of(c, None, Some(me))?;
            let Some(EntryFacts {
                entry, facts: f, ..
            }) = facts.into_iter().next()
            else {
                return Ok(MyBenefits {
                    benefits,
                    eligibility: vec![],
                    can_apply: vec![],
                    next_health_check_due: None,
                });
            };
            let eligibility: Vec<Eligibility> = BenefitKind::ALL
                .iter()
                .map(|k| rules::eligibility(*k, &f, &policy, today))
                .collect();
            let can_apply = eligibility
                .iter()
                .filter(|e| e.eligible && e.kind.needs_application())
                .map(|e| e.kind)
                .filter(|k| {
                    !benefits.iter().any(|b| {
                        b.kind == *k && b.mentor_entry_id == entry && blocks(b, today.year(), today)
                    })
                })
                .collect();
            let next_health_check_due = eligibility
                .iter()
                .find(|e| e.kind == BenefitKind::HealthCheck)
                .and_then(|e| e.due_on);
            Ok(MyBenefits {
                benefits,
                eligibility,
                can_apply,
                next_health_check_due,
            })
        })
        .await
}

/// Benefits the caller may see (city: all; unit admin: the unit's, read only; mentor: own).
pub async fn list(
    state: &AppState,
    caller: &Caller,
    filter: BenefitFilter,
) -> Result<Vec<Benefit>, AppError> {
    let viewer = viewer(caller);
    state.db.run(move |c| store::list(c, &filter, viewer)).await
}

/// One page of the benefits the caller may see (as `list` scopes them) under `filter`, sorted
/// and cut by the database, with the total: the offices' lists.
pub async fn page(
    state: &AppState,
    caller: &Caller,
    filter: BenefitFilter,
    sort: BenefitSort,
    page: PageRequest,
) -> Result<Page<Benefit>, AppError> {
    let viewer = viewer(caller);
    state
        .db
        .run(move |c| store::page(c, &filter, viewer, sort, page))
        .await
}

pub async fn get(state: &AppState, caller: &Caller, id: BenefitId) -> Result<Benefit, AppError> {
    let viewer = viewer(caller);
    state.db.run(move |c| store::find(c, id, viewer)).await
}

/// A benefit that revocation ended, as the revocation e-mail tells it.
#[derive(Debug, Clone)]
pub struct EndedBenefit {
    pub kind: BenefitKind,
    /// The year of a yearly benefit (leave, class, tour).
    pub year: Option<i32>,
    /// The card number or the room, when there is something to hand back.
    pub item: Option<String>,
    /// The day a card or room must be handed back.
    pub return_by: Option<NaiveDate>,
}

/// Revokes what a revoked pool entry has pending or running, inside the revocation's
/// transaction (see [`rules::ended_by_revocation`]): a card or room gets the day it must be handed
/// back, and an unused leave place goes back to the quota. What already happened (a check done,
/// a class attended, a commendation) is left as it is. Returns what was ended.
pub fn end_for_revoked(
    c: &mut AnyConnection,
    entry: MentorEntryId,
    return_days: u32,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Vec<EndedBenefit>, AppError> {
    let mut ended = Vec::new();
    for b in store::running_of(c, entry)? {
        if b.status == BenefitStatus::Issued && b.valid_until.is_some_and(|end| end < today) {
            // Its period is over and `benefit_reminders` has not marked it yet: it expired.
            store::end(c, &b, BenefitStatus::Expired, "validity ended", None, now)?;
            continue;
        }
        if !rules::ended_by_revocation(b.kind, b.status, b.valid_until, b.details.starts_on, today)
        {
            continue;
        }
        let hand_back = b.kind.returnable() && b.status == BenefitStatus::Issued;
        let return_by = hand_back.then(|| today + chrono::Duration::days(i64::from(return_days)));
        store::end(
            c,
            &b,
            BenefitStatus::Revoked,
            "mentor revoked",
            return_by,
            now,
        )?;
        if b.kind == BenefitKind::RecuperationLeave {
            store::give_back_place(c, b.year.unwrap_or(today.year()), b.kind)?;
        }
        let item = hand_back
            .then(|| b.details.card_number.clone().or(b.details.room.clone()))
            .flatten();
        ended.push(EndedBenefit {
            kind: b.kind,
            year: b.year,
            item,
            return_by,
        });
    }
    Ok(ended)
}
