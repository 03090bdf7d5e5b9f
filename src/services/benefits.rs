//! Benefits (待遇): eligibility recomputed from facts at every read, the mentor's applications
//! (bus card, apartment), the city admin's selections (health check, leave, class, tour,
//! commendation), decisions and issue, the yearly quota, and what revocation ends.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::config::Policy;
use crate::db::audit::{self, Entry};
use crate::db::benefits::{self as store, Benefit, BenefitFilter, NewBenefit, Viewer};
use crate::db::{AnyConnection, is_unique_violation, units, users};
use crate::domain::benefit::{
    self as rules, BenefitKind, BenefitStatus, Eligibility, IssueDetails, MentorFacts,
};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::email::catalogue::{BenefitNotice, BenefitNoticeKind, Email};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::{AppError, Problems};
use crate::i18n::Msg;
use crate::startup::AppState;

/// What the caller may see of benefits.
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
    pub mentor_entry_id: i64,
    pub mentor_user_id: UserId,
    pub name: String,
    pub unit_id: UnitId,
    pub eligibility: Eligibility,
}

/// An active pool entry with the facts its eligibility is computed from.
pub(crate) struct EntryFacts {
    pub entry: i64,
    pub user: i64,
    pub unit: i64,
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
    let user_ids: Vec<i64> = entries.iter().map(|e| e.1).collect();
    let people: HashMap<i64, users::User> = user_ids
        .iter()
        .map(|u| Ok((*u, users::find(c, UserId(*u), Scope::City)?)))
        .collect::<Result<_, AppError>>()?;
    let mut unit_cache: HashMap<i64, units::Unit> = HashMap::new();
    for e in &entries {
        if let std::collections::hash_map::Entry::Vacant(v) = unit_cache.entry(e.2) {
            v.insert(units::find(c, UnitId(e.2), Scope::City)?);
        }
    }
    let grades = crate::db::assessments::confirmed_grades(c, &user_ids)?;
    let checks = store::last_health_checks(c, &user_ids)?;
    let commendations = store::last_commendations(c, &user_ids)?;
    Ok(entries
        .into_iter()
        .map(|(entry, user, unit)| {
            let person = &people[&user];
            let u = &unit_cache[&unit];
            let facts = MentorFacts {
                active: true,
                unit_kind: u.kind,
                unit_district: u.district.clone(),
                from_outside_city: person.profile.from_outside_city,
                owns_urban_housing: person.profile.owns_urban_housing,
                grades: grades.get(&user).cloned().unwrap_or_default(),
                last_health_check: checks.get(&user).copied(),
                last_commendation_year: commendations.get(&user).copied(),
            };
            EntryFacts {
                entry,
                user,
                unit,
                name: person.name.clone(),
                facts,
            }
        })
        .collect())
}

/// Whether `held` blocks a new benefit of its kind on `today`: one applied or approved, an issued
/// one not within 30 days of its end (renewal), or for a yearly kind one of the same year.
fn blocks(held: &Benefit, year: i32, today: NaiveDate) -> bool {
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
                mentor_user_id: UserId(user),
                name,
                unit_id: UnitId(unit),
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
            let facts: HashMap<i64, MentorFacts> = facts_of(c, None, None)?
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

pub async fn get(state: &AppState, caller: &Caller, id: i64) -> Result<Benefit, AppError> {
    let viewer = viewer(caller);
    state.db.run(move |c| store::find(c, id, viewer)).await
}

fn record(
    c: &mut AnyConnection,
    caller: &Caller,
    action: &str,
    b: &Benefit,
    summary: serde_json::Value,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    audit::record(
        c,
        now,
        &caller.origin,
        Entry {
            actor: Some(caller.id),
            action,
            object_type: Some("benefit"),
            object_id: Some(b.id.to_string()),
            unit_id: Some(b.unit_id),
            summary,
        },
    )
}

fn already_holds() -> AppError {
    AppError::conflict_field(
        "kind",
        "already_held",
        "已有同类待遇在办理或有效期内",
        "a benefit of this kind is already pending or running",
    )
}

fn not_eligible(field: &str, e: &Eligibility) -> AppError {
    AppError::invalid_field_owned(
        field,
        "not_eligible",
        Msg::new(
            format!("不符合条件（{}）", e.reason.as_deref().unwrap_or_default()),
            format!("not eligible ({})", e.reason.as_deref().unwrap_or_default()),
        ),
    )
}

/// `POST /api/v1/benefit-applications`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyRequest {
    /// `bus_card` or `apartment`.
    pub kind: BenefitKind,
    pub note: Option<String>,
}

/// Inserts a benefit, turning the open-key conflict into a 409.
fn insert(
    c: &mut AnyConnection,
    new: &NewBenefit<'_>,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    store::insert(c, new, now).map_err(|e| {
        if is_unique_violation(&e) {
            already_holds()
        } else {
            e.into()
        }
    })
}

/// The mentor applies for a bus card or an apartment (or its renewal, from 30 days before the
/// current one ends).
pub async fn apply(
    state: &AppState,
    caller: Caller,
    req: ApplyRequest,
) -> Result<Benefit, AppError> {
    let mut p = Problems::new();
    if !req.kind.needs_application() {
        p.add(
            "kind",
            "not_applicable",
            Msg::new(
                "该待遇由市委组织部统一安排，无需申请",
                "this benefit is arranged by the city, not applied for",
            ),
        );
    }
    let note = p.take(
        "note",
        crate::domain::text::long_optional(req.note.as_deref(), 2000),
    );
    p.finish()?;
    let note = note.flatten();
    let policy = state.settings.policy.clone();
    let (today, now) = (state.clock.today(), state.clock.now_naive());
    state
        .db
        .write(move |c| {
            let Some(EntryFacts {
                entry,
                unit,
                facts: f,
                ..
            }) = facts_of(c, None, Some(caller.id))?.into_iter().next()
            else {
                return Err(AppError::forbidden(
                    "not_an_active_mentor",
                    "只有在聘培带人可以申请待遇",
                    "only active mentors apply for benefits",
                ));
            };
            let e = rules::eligibility(req.kind, &f, &policy, today);
            if !e.eligible {
                return Err(not_eligible("kind", &e));
            }
            let held = store::list(
                c,
                &BenefitFilter {
                    kind: Some(req.kind),
                    entry: Some(entry),
                    ..Default::default()
                },
                Viewer::City,
            )?;
            if held.iter().any(|h| blocks(h, today.year(), today)) {
                return Err(already_holds());
            }
            let id = insert(
                c,
                &NewBenefit {
                    kind: req.kind,
                    entry,
                    user: caller.id,
                    unit: UnitId(unit),
                    year: None,
                    status: BenefitStatus::Applied,
                    note: note.as_deref(),
                    details: &IssueDetails::default(),
                    by: caller.id,
                },
                now,
            )?;
            let b = store::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "benefit.apply",
                &b,
                json!({ "kind": b.kind }),
                now,
            )?;
            Ok(b)
        })
        .await
}

/// `POST /api/v1/benefits`: the city admin selects a mentor.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectRequest {
    /// Any kind but `bus_card` and `apartment` (those are applied for).
    pub kind: BenefitKind,
    pub mentor_entry_id: i64,
    /// For leave, class, tour and commendation; default: this year.
    pub year: Option<i32>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub place: Option<String>,
    pub note: Option<String>,
}

/// Checks the dates and place of a selection or invitation.
fn schedule(
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    place: Option<&str>,
    p: &mut Problems,
) -> IssueDetails {
    if let (Some(a), Some(b)) = (starts_on, ends_on)
        && b < a
    {
        p.add(
            "ends_on",
            "before_starts_on",
            Msg::new("结束日期不能早于开始日期", "the end is before the start"),
        );
    }
    let place = p
        .take("place", crate::domain::text::optional(place, 200))
        .flatten();
    IssueDetails {
        starts_on,
        ends_on,
        place,
        ..Default::default()
    }
}

/// Selects one mentor for a benefit the city arranges; checks eligibility, the one-per-year rule
/// and, for recuperation leave, the year's quota.
pub async fn select(
    state: &AppState,
    caller: Caller,
    req: SelectRequest,
) -> Result<Benefit, AppError> {
    let mut p = Problems::new();
    if req.kind.needs_application() {
        p.add(
            "kind",
            "needs_application",
            Msg::new(
                "该待遇须由培带人申请",
                "the mentor applies for this benefit",
            ),
        );
    }
    let details = schedule(req.starts_on, req.ends_on, req.place.as_deref(), &mut p);
    let note = p
        .take(
            "note",
            crate::domain::text::long_optional(req.note.as_deref(), 2000),
        )
        .flatten();
    p.finish()?;
    let policy = state.settings.policy.clone();
    let (today, now) = (state.clock.today(), state.clock.now_naive());
    let domain = state.mailer.domain().to_owned();
    let year = req.kind.yearly().then(|| req.year.unwrap_or(today.year()));
    let out = state
        .db
        .write(move |c| {
            let mentor =
                crate::db::mentors::find(c, req.mentor_entry_id, Scope::City).map_err(|_| {
                    AppError::invalid_field(
                        "mentor_entry_id",
                        "not_found",
                        "没有这个在聘培带人",
                        "no such active mentor",
                    )
                })?;
            let Some(EntryFacts {
                entry,
                user,
                unit,
                facts: f,
                ..
            }) = facts_of(c, None, Some(mentor.user_id))?
                .into_iter()
                .find(|x| x.entry == mentor.id)
            else {
                return Err(AppError::invalid_field(
                    "mentor_entry_id",
                    "not_active",
                    "该培带人不在聘期内",
                    "the mentor's appointment is not active",
                ));
            };
            let e = rules::eligibility(req.kind, &f, &policy, today);
            if !e.eligible {
                return Err(not_eligible("mentor_entry_id", &e));
            }
            let held = store::list(
                c,
                &BenefitFilter {
                    kind: Some(req.kind),
                    entry: Some(entry),
                    ..Default::default()
                },
                Viewer::City,
            )?;
            if held
                .iter()
                .any(|h| blocks(h, year.unwrap_or(today.year()), today))
            {
                return Err(already_holds());
            }
            if req.kind == BenefitKind::RecuperationLeave {
                let y = year.unwrap_or(today.year());
                store::quota(c, y, req.kind, policy.recuperation_leave_quota, now)?;
                if !store::take_place(c, y, req.kind)? {
                    return Err(AppError::conflict_field(
                        "year",
                        "quota_used_up",
                        "本年度名额已用完",
                        "the year's places are all taken",
                    ));
                }
            }
            let id = insert(
                c,
                &NewBenefit {
                    kind: req.kind,
                    entry,
                    user: UserId(user),
                    unit: UnitId(unit),
                    year,
                    status: BenefitStatus::Approved,
                    note: note.as_deref(),
                    details: &details,
                    by: caller.id,
                },
                now,
            )?;
            let b = store::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "benefit.select",
                &b,
                json!({ "kind": b.kind, "year": year }),
                now,
            )?;
            selected_email(c, &b, now, &domain)?;
            Ok(b)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}

/// Tells a mentor they were selected (leave, class, tour), with the dates; once per benefit.
pub(crate) fn selected_email(
    c: &mut AnyConnection,
    b: &Benefit,
    now: NaiveDateTime,
    domain: &str,
) -> Result<bool, AppError> {
    if !matches!(
        b.kind,
        BenefitKind::RecuperationLeave | BenefitKind::TrainingClass | BenefitKind::StudyTour
    ) {
        return Ok(false);
    }
    let person = users::find(c, b.mentor_user_id, Scope::City)?;
    let (zh, en) = names(b.kind);
    let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    enqueue(
        c,
        now,
        domain,
        &Recipient::from(&person),
        &Email::BenefitNotice(BenefitNotice {
            name: person.name.clone(),
            notice: BenefitNoticeKind::Selected,
            benefit_zh: zh.into(),
            benefit_en: en.into(),
            date: show(b.details.starts_on),
            end_date: show(b.details.ends_on),
            place: b.details.place.clone().unwrap_or_default(),
            approved: true,
            reason: String::new(),
        }),
        &format!("benefit:{}:selected", b.id),
    )
}

/// `POST /api/v1/training-classes`: the year's class, every active mentor invited.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassRequest {
    pub year: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
}

/// How many were invited.
#[derive(Debug, Serialize, ToSchema)]
pub struct Invited {
    pub invited: usize,
    /// Active mentors already invited to the year's class.
    pub already: usize,
}

/// Invites every active mentor to the year's training class (those already invited are left).
pub async fn invite_to_class(
    state: &AppState,
    caller: Caller,
    req: ClassRequest,
) -> Result<Invited, AppError> {
    let mut p = Problems::new();
    let details = schedule(
        Some(req.starts_on),
        Some(req.ends_on),
        Some(&req.place),
        &mut p,
    );
    if details.place.is_none() {
        p.add(
            "place",
            "required",
            Msg::new("请填写地点", "the place is required"),
        );
    }
    if !(2000..=2100).contains(&req.year) {
        p.add(
            "year",
            "out_of_range",
            Msg::new("年份须在 2000 到 2100 之间", "the year must be 2000–2100"),
        );
    }
    p.finish()?;
    let now = state.clock.now_naive();
    let domain = state.mailer.domain().to_owned();
    let year = req.year;
    let out = state
        .db
        .write(move |c| {
            let kind = BenefitKind::TrainingClass;
            let taken: Vec<i64> = store::list(
                c,
                &BenefitFilter {
                    kind: Some(kind),
                    ..Default::default()
                },
                Viewer::City,
            )?
            .into_iter()
            .filter(|b| b.year == Some(year) && b.status != BenefitStatus::Declined)
            .map(|b| b.mentor_entry_id)
            .collect();
            let mut invited = 0;
            let mut already = 0;
            for (entry, user, unit) in store::active_entries(c, None, None)? {
                if taken.contains(&entry) {
                    already += 1;
                    continue;
                }
                let id = insert(
                    c,
                    &NewBenefit {
                        kind,
                        entry,
                        user: UserId(user),
                        unit: UnitId(unit),
                        year: Some(year),
                        status: BenefitStatus::Approved,
                        note: None,
                        details: &details,
                        by: caller.id,
                    },
                    now,
                )?;
                let b = store::find(c, id, Viewer::City)?;
                selected_email(c, &b, now, &domain)?;
                invited += 1;
            }
            audit::record(
                c,
                now,
                &caller.origin,
                Entry {
                    actor: Some(caller.id),
                    action: "benefit.invite_class",
                    object_type: Some("benefit"),
                    object_id: None,
                    unit_id: None,
                    summary: json!({ "year": year, "invited": invited }),
                },
            )?;
            Ok(Invited { invited, already })
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}

/// `POST /api/v1/benefits/{id}/decision`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `approved` or `declined`.
    pub outcome: BenefitStatus,
    /// Required when declining.
    pub reason: Option<String>,
}

/// The city admin approves or declines an application; the mentor is told.
pub async fn decide(
    state: &AppState,
    caller: Caller,
    id: i64,
    req: DecisionRequest,
) -> Result<Benefit, AppError> {
    let mut p = Problems::new();
    if !matches!(
        req.outcome,
        BenefitStatus::Approved | BenefitStatus::Declined
    ) {
        p.add(
            "outcome",
            "invalid_value",
            Msg::new("请选择批准或不批准", "approved or declined"),
        );
    }
    let reason = p
        .take(
            "reason",
            crate::domain::text::long_optional(req.reason.as_deref(), 2000),
        )
        .flatten();
    if req.outcome == BenefitStatus::Declined && reason.is_none() {
        p.add(
            "reason",
            "required",
            Msg::new("不批准时须说明理由", "a decline needs a reason"),
        );
    }
    p.finish()?;
    let reason = reason.unwrap_or_default();
    let now = state.clock.now_naive();
    let domain = state.mailer.domain().to_owned();
    let out = state
        .db
        .write(move |c| {
            let b = store::find(c, id, Viewer::City)?;
            if !store::decide(c, &b, req.outcome, &reason, caller.id, now)? {
                return Err(AppError::conflict_field(
                    "status",
                    "wrong_status",
                    "只有待审批的申请可以审批",
                    "only a pending application is decided",
                ));
            }
            let after = store::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "benefit.decide",
                &after,
                json!({ "outcome": req.outcome, "reason": reason }),
                now,
            )?;
            let person = users::find(c, b.mentor_user_id, Scope::City)?;
            let (zh, en) = names(b.kind);
            enqueue(
                c,
                now,
                &domain,
                &Recipient::from(&person),
                &Email::BenefitNotice(BenefitNotice {
                    name: person.name.clone(),
                    notice: BenefitNoticeKind::Decided,
                    benefit_zh: zh.into(),
                    benefit_en: en.into(),
                    date: String::new(),
                    end_date: String::new(),
                    place: String::new(),
                    approved: req.outcome == BenefitStatus::Approved,
                    reason: reason.clone(),
                }),
                &format!("benefit:{id}:decided"),
            )?;
            Ok(after)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}

/// The city admin records the benefit as given, with what its kind needs; a bus card or an
/// apartment gets its period from today.
pub async fn issue(
    state: &AppState,
    caller: Caller,
    id: i64,
    details: IssueDetails,
) -> Result<Benefit, AppError> {
    let policy = state.settings.policy.clone();
    let (today, now) = (state.clock.today(), state.clock.now_naive());
    state
        .db
        .write(move |c| {
            let b = store::find(c, id, Viewer::City)?;
            let mut merged = b.details.clone();
            merge(&mut merged, details);
            let mut p = Problems::new();
            for (field, present) in rules::required_details(b.kind, &merged) {
                if !present {
                    p.add(
                        field,
                        "required",
                        Msg::new("发放时须填写此项", "required to issue this benefit"),
                    );
                }
            }
            if merged.checked_on.is_some_and(|d| d > today) {
                p.add(
                    "checked_on",
                    "in_future",
                    Msg::new("体检日期不能晚于今天", "the check cannot be in the future"),
                );
            }
            for (field, value) in [
                ("card_number", &merged.card_number),
                ("room", &merged.room),
                ("institution", &merged.institution),
                ("title", &merged.title),
            ] {
                p.take(field, crate::domain::text::optional(value.as_deref(), 200));
            }
            p.finish()?;
            let valid = rules::validity_months(b.kind, &policy).map(|months| {
                let until = today
                    .checked_add_months(Months::new(months))
                    .map_or(today, |d| d - chrono::Duration::days(1));
                (today, until)
            });
            if !store::issue(c, &b, &merged, valid, caller.id, now)? {
                return Err(AppError::conflict_field(
                    "status",
                    "wrong_status",
                    "只有已批准的待遇可以发放",
                    "only an approved benefit is issued",
                ));
            }
            let after = store::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "benefit.issue",
                &after,
                json!({ "kind": after.kind }),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// Fills the empty fields of `into` from `from`.
fn merge(into: &mut IssueDetails, from: IssueDetails) {
    macro_rules! take {
        ($($f:ident),*) => { $( if from.$f.is_some() { into.$f = from.$f; } )* };
    }
    take!(
        card_number,
        room,
        checked_on,
        institution,
        starts_on,
        ends_on,
        place,
        attended,
        title
    );
}

/// `PUT /api/v1/benefit-quotas/{year}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaRequest {
    /// Recuperation-leave places for the year.
    pub recuperation_leave: u32,
}

pub async fn set_quota(
    state: &AppState,
    caller: Caller,
    year: i32,
    req: QuotaRequest,
) -> Result<QuotaView, AppError> {
    if !(2000..=2100).contains(&year) || req.recuperation_leave > 100_000 {
        return Err(AppError::invalid_field(
            "recuperation_leave",
            "out_of_range",
            "年份或名额超出范围",
            "the year or the quota is out of range",
        ));
    }
    let default = state.settings.policy.recuperation_leave_quota;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let kind = BenefitKind::RecuperationLeave;
            store::quota(c, year, kind, default, now)?;
            if !store::set_quota(c, year, kind, req.recuperation_leave, now)? {
                return Err(AppError::conflict_field(
                    "recuperation_leave",
                    "below_used",
                    "名额不能少于已安排的人数",
                    "the quota cannot fall below the places already taken",
                ));
            }
            let (quota, used) = store::quota(c, year, kind, default, now)?;
            audit::record(
                c,
                now,
                &caller.origin,
                Entry {
                    actor: Some(caller.id),
                    action: "benefit.quota",
                    object_type: Some("benefit_quota"),
                    object_id: Some(format!("{year}:{}", kind.as_str())),
                    unit_id: None,
                    summary: json!({ "quota": quota }),
                },
            )?;
            Ok(QuotaView {
                year,
                kind,
                quota,
                used,
            })
        })
        .await
}

/// Revokes every running benefit of a revoked pool entry, inside the revocation's transaction:
/// a card or room gets the day it must be handed back, and an unused leave place goes back to the
/// quota. Returns how many were ended.
pub fn end_for_revoked(
    c: &mut AnyConnection,
    entry: i64,
    return_days: u32,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let running = store::running_of(c, entry)?;
    for b in &running {
        let return_by = (b.kind.returnable() && b.status == BenefitStatus::Issued)
            .then(|| today + chrono::Duration::days(i64::from(return_days)));
        store::end(
            c,
            b,
            BenefitStatus::Revoked,
            "mentor revoked",
            return_by,
            now,
        )?;
        if b.kind == BenefitKind::RecuperationLeave && b.status == BenefitStatus::Approved {
            store::give_back_place(c, b.year.unwrap_or(today.year()), b.kind)?;
        }
    }
    Ok(running.len())
}
