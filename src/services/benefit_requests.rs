//! Requests that start a benefit: the mentor's applications (bus card, apartment), the city
//! admin's selections (health check, leave, tour, commendation) and the yearly class invitation.
//! Eligibility, the one-at-a-time rule and the leave quota are checked in the same transaction.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::db::benefits::{self as store, Benefit, BenefitFilter, NewBenefit, Viewer};
use crate::db::{AnyConnection, is_unique_violation, users};
use crate::domain::benefit::{
    self as rules, BenefitKind, BenefitStatus, Eligibility, IssueDetails,
};
use crate::domain::ids::{BenefitId, MentorEntryId};
use crate::domain::scope::Scope;
use crate::email::catalogue::{BenefitNotice, BenefitNoticeKind, Email};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::{AppError, Problems};
use crate::i18n::Msg;
use crate::state::AppState;

use super::benefits::{EntryFacts, blocks, facts_of, names};
use crate::services::audit_trail::{Subject, record};
use crate::services::refusals::wrong_status;

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
) -> Result<BenefitId, AppError> {
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
                    unit,
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
    #[schema(value_type = i64)]
    pub mentor_entry_id: MentorEntryId,
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
                    user,
                    unit,
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

/// Kinds whose selection has a date and a place that the mentor is told of: the health check
/// (the day and the institution), leave, the class and the tour.
pub fn scheduled(kind: BenefitKind) -> bool {
    matches!(
        kind,
        BenefitKind::HealthCheck
            | BenefitKind::RecuperationLeave
            | BenefitKind::TrainingClass
            | BenefitKind::StudyTour
    )
}

fn show_day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Tells the mentor of a selection, or of its date and place, as they stand on `b`.
fn schedule_notice(
    c: &mut AnyConnection,
    b: &Benefit,
    notice: BenefitNoticeKind,
    key: &str,
    now: NaiveDateTime,
    domain: &str,
) -> Result<bool, AppError> {
    let person = users::find(c, b.mentor_user_id, Scope::City)?;
    let (zh, en) = names(b.kind);
    let show = show_day;
    enqueue(
        c,
        now,
        domain,
        &Recipient::from(&person),
        &Email::BenefitNotice(BenefitNotice {
            name: person.name.clone(),
            notice,
            benefit: b.kind.as_str().to_owned(),
            benefit_zh: zh.into(),
            benefit_en: en.into(),
            date: show(b.details.starts_on),
            end_date: show(b.details.ends_on),
            place: b.details.place.clone().unwrap_or_default(),
            approved: true,
            reason: String::new(),
        }),
        key,
    )
}

/// Tells a mentor they were selected (health check, leave, class, tour), with the date and place
/// when they are set already; once per benefit.
pub(crate) fn selected_email(
    c: &mut AnyConnection,
    b: &Benefit,
    now: NaiveDateTime,
    domain: &str,
) -> Result<bool, AppError> {
    if !scheduled(b.kind) {
        return Ok(false);
    }
    schedule_notice(
        c,
        b,
        BenefitNoticeKind::Selected,
        &format!("benefit:{}:selected", b.id),
        now,
        domain,
    )
}

/// `PATCH /api/v1/benefits/{id}`: the date and place of a selection, set or changed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    /// The first day (the day of a health check).
    pub starts_on: Option<NaiveDate>,
    /// The last day (leave, class, tour).
    pub ends_on: Option<NaiveDate>,
    /// Where (the institution of a health check).
    pub place: Option<String>,
}

/// The city admin sets or changes the date and place of a selection not yet given (health
/// check, leave, class, tour); the fields sent replace the ones stored. The mentor is told of
/// every change, once per change.
pub async fn reschedule(
    state: &AppState,
    caller: Caller,
    id: BenefitId,
    req: ScheduleRequest,
) -> Result<Benefit, AppError> {
    let now = state.clock.now_naive();
    let domain = state.mailer.domain().to_owned();
    let out = state
        .db
        .write(move |c| {
            let b = store::find(c, id, Viewer::City)?;
            if !scheduled(b.kind) {
                return Err(AppError::conflict_field(
                    "kind",
                    "not_scheduled",
                    "该待遇没有时间和地点安排",
                    "this benefit has no date or place to set",
                ));
            }
            if b.status != BenefitStatus::Approved {
                return Err(wrong_status(
                    "只有已入选、尚未发放的待遇可以调整安排",
                    "only a selection not yet given can be rescheduled",
                ));
            }
            let mut p = Problems::new();
            let given = schedule(
                req.starts_on.or(b.details.starts_on),
                req.ends_on.or(b.details.ends_on),
                req.place.as_deref(),
                &mut p,
            );
            p.finish()?;
            let mut details = b.details.clone();
            details.starts_on = given.starts_on;
            details.ends_on = given.ends_on;
            if given.place.is_some() {
                details.place = given.place;
            }
            if details == b.details {
                return Ok(b);
            }
            store::set_details(c, &b, &details, now)?;
            let after = store::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "benefit.schedule",
                &after,
                json!({ "starts_on": details.starts_on, "ends_on": details.ends_on,
                        "place": details.place }),
                now,
            )?;
            // One e-mail per change: the change's moment and the new schedule name it.
            let key = format!(
                "benefit:{id}:schedule:{}:{}:{}:{}",
                now.and_utc().timestamp_micros(),
                show_day(details.starts_on),
                show_day(details.ends_on),
                details.place.as_deref().unwrap_or_default()
            );
            schedule_notice(
                c,
                &after,
                BenefitNoticeKind::Rescheduled,
                &key,
                now,
                &domain,
            )?;
            Ok(after)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}

/// `POST /api/v1/training-classes`: the year's class, every active mentor invited.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassRequest {
    /// 2000 to 2100.
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,198}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
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
            let taken: Vec<MentorEntryId> = store::list(
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
            for store::ActiveEntry {
                entry, user, unit, ..
            } in store::active_entries(c, None, None)?
            {
                if taken.contains(&entry) {
                    already += 1;
                    continue;
                }
                let id = insert(
                    c,
                    &NewBenefit {
                        kind,
                        entry,
                        user,
                        unit,
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
            record(
                c,
                &caller,
                "benefit.invite_class",
                Subject::all_of("benefit"),
                json!({ "year": year, "invited": invited }),
                now,
            )?;
            Ok(Invited { invited, already })
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}
