//! `/mentor/benefits`: the mentor's benefits and their status, what they qualify for today and
//! why not, and the application for a bus card or an apartment (the kinds the mentor applies
//! for; the city arranges the others).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::assessments::RecordQuery;
use crate::db::benefits::Benefit;
use crate::domain::benefit::BenefitKind;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::benefit_requests::{self, ApplyRequest};
use crate::services::benefits::{self, MyBenefits};
use crate::services::mentor_record::as_mentor;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// A benefit as the page shows it.
#[derive(Serialize)]
struct BenefitView {
    kind: &'static str,
    status: &'static str,
    year: Option<i32>,
    note: Option<String>,
    decision_reason: Option<String>,
    card_number: Option<String>,
    room: Option<String>,
    checked_on: Option<NaiveDate>,
    institution: Option<String>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    place: Option<String>,
    attended: Option<bool>,
    honour: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    end_reason: Option<String>,
    ended_at: Option<DateTime<Utc>>,
    return_by: Option<NaiveDate>,
    applied_at: DateTime<Utc>,
}

fn benefit_view(b: &Benefit) -> BenefitView {
    BenefitView {
        kind: b.kind.as_str(),
        status: b.status.as_str(),
        year: b.year,
        note: b.note.clone(),
        decision_reason: b.decision_reason.clone(),
        card_number: b.details.card_number.clone(),
        room: b.details.room.clone(),
        checked_on: b.details.checked_on,
        institution: b.details.institution.clone(),
        starts_on: b.details.starts_on,
        ends_on: b.details.ends_on,
        place: b.details.place.clone(),
        attended: b.details.attended,
        honour: b.details.title.clone(),
        valid_from: b.valid_from,
        valid_until: b.valid_until,
        end_reason: b
            .end_reason_label
            .as_ref()
            .map(|l| l.0.localized().to_owned()),
        ended_at: b.ended_at,
        return_by: b.return_by,
        applied_at: b.created_at,
    }
}

/// Whether the mentor qualifies for one kind today, and why not.
#[derive(Serialize)]
struct EligibilityView {
    kind: &'static str,
    eligible: bool,
    /// The catalogue key of the reason, when not.
    reason: Option<String>,
    can_apply: bool,
    needs_application: bool,
    due_on: Option<NaiveDate>,
}

/// The catalogue key of an eligibility reason (an unknown code reads as "not eligible").
fn reason_key(code: &str) -> String {
    const KNOWN: &[&str] = &[
        "not_active",
        "not_due",
        "unit_not_eligible",
        "not_from_outside",
        "not_in_urban_area",
        "owns_urban_housing",
        "not_outstanding",
        "too_soon",
    ];
    let code = if KNOWN.contains(&code) { code } else { "other" };
    format!("mentor.record.benefits.reason.{code}")
}

/// The application form: the kind chosen, the note, and the reasons of a refusal.
#[derive(Default, Serialize)]
struct ApplyForm {
    kind: String,
    note: String,
    errors: ApplyErrors,
    form_error: Option<String>,
}

/// The reasons beside the form's fields.
#[derive(Default, Serialize)]
struct ApplyErrors {
    kind: Option<String>,
    note: Option<String>,
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    form: ApplyForm,
    query: &RecordQuery,
) -> Result<HttpResponse, PageError> {
    let caller = as_mentor(&session.caller);
    let MyBenefits {
        mut benefits,
        eligibility,
        can_apply,
        next_health_check_due,
    } = benefits::mine(state, &caller).await?;
    benefits.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    let asked = PageParam {
        page: query.page.clone(),
    };
    let (rows, pager) = paginate(benefits, &asked, "/mentor/benefits");
    let eligibility: Vec<EligibilityView> = eligibility
        .iter()
        .map(|e| EligibilityView {
            kind: e.kind.as_str(),
            eligible: e.eligible,
            reason: e.reason.as_deref().map(reason_key),
            can_apply: can_apply.contains(&e.kind),
            needs_application: e.kind.needs_application(),
            due_on: e.due_on,
        })
        .collect();
    // The kinds the form offers: those open to the mentor now, and the one a refused form asked
    // for (so that its reason stands beside the choice that was made).
    let mut offered: Vec<BenefitKind> = can_apply.clone();
    if let Ok(k) = form.kind.parse::<BenefitKind>()
        && k.needs_application()
        && !offered.contains(&k)
    {
        offered.push(k);
    }
    let kind_options: Vec<_> = offered
        .iter()
        .map(|k| {
            context! {
                value => k.as_str(),
                label => say(&format!("mentor.record.benefit.{}", k.as_str())),
            }
        })
        .collect();
    let can_apply: Vec<&'static str> = can_apply.iter().map(|k| k.as_str()).collect();
    let notice = match query.done.as_deref() {
        Some("applied") => Some("mentor.record.notice.applied"),
        _ => None,
    };
    Frame::signed_in(state, req, session, Some(Role::Mentor)).render(
        state,
        status,
        "mentor/record/benefits.html",
        context! {
            benefits => Serde(rows.iter().map(benefit_view).collect::<Vec<_>>()),
            pager => Serde(pager),
            eligibility => Serde(eligibility),
            can_apply => can_apply,
            kind_options => kind_options,
            next_health_check_due => Serde(next_health_check_due),
            form => Serde(form),
            notice => notice,
        },
    )
}

/// `GET /mentor/benefits`.
pub async fn get_benefits(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<RecordQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let form = ApplyForm::default();
    render(&state, &req, &session, StatusCode::OK, form, &query).await
}

/// The application as the form sends it.
#[derive(Deserialize)]
pub struct ApplicationForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
}

/// `POST /mentor/benefits/applications`: applies through `benefit_requests::apply`; a refusal
/// shows its reason beside the kind (in the page's words for eligibility) and keeps the note.
pub async fn post_application(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<ApplicationForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let ApplicationForm { kind, note } = form.0;
    let caller = as_mentor(&session.caller);
    let refused = |errors: BTreeMap<String, String>, form_error: Option<String>| ApplyForm {
        kind: kind.clone(),
        note: note.clone(),
        errors: ApplyErrors {
            kind: errors.get("kind").cloned(),
            note: errors.get("note").cloned(),
        },
        form_error,
    };
    let query = RecordQuery::default();
    let Ok(parsed) = kind.parse::<BenefitKind>() else {
        let errors =
            BTreeMap::from([("kind".to_owned(), say("mentor.record.benefits.choose_kind"))]);
        return render(
            &state,
            &req,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            refused(errors, None),
            &query,
        )
        .await;
    };
    let note_value = (!note.trim().is_empty()).then(|| note.clone());
    let applied = benefit_requests::apply(
        &state,
        caller.clone(),
        ApplyRequest {
            kind: parsed,
            note: note_value,
        },
    )
    .await;
    match applied {
        Ok(_) => Ok(see_other("/mentor/benefits?done=applied")),
        Err(
            e @ (AppError::Validation(_) | AppError::Conflict { .. } | AppError::Forbidden { .. }),
        ) => {
            let mut errors = BTreeMap::new();
            let mut banner = None;
            let not_eligible = match &e {
                AppError::Validation(fields) => {
                    fields.get("kind").map(|f| f.code) == Some("not_eligible")
                }
                _ => false,
            };
            for (field, reason) in field_reasons(&e).unwrap_or_default() {
                if field == "kind" && not_eligible {
                    errors.insert(field, eligibility_words(&state, &caller, parsed).await?);
                } else if field == "kind" || field == "note" {
                    errors.insert(field, reason);
                } else {
                    banner = Some(reason);
                }
            }
            if errors.is_empty() && banner.is_none() {
                banner = Some(e.message().localized().to_owned());
            }
            render(
                &state,
                &req,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                refused(errors, banner),
                &query,
            )
            .await
        }
        Err(e) => Err(PageError::App(e)),
    }
}

/// "Not eligible: …" in the page's words, from the reason `benefits::mine` gives for `kind`.
async fn eligibility_words(
    state: &AppState,
    caller: &crate::auth::caller::Caller,
    kind: BenefitKind,
) -> Result<String, PageError> {
    let mine = benefits::mine(state, caller).await?;
    let reason = mine
        .eligibility
        .iter()
        .find(|e| e.kind == kind)
        .and_then(|e| e.reason.as_deref())
        .map_or_else(|| reason_key("other"), reason_key);
    Ok(format!(
        "{}{}",
        say("mentor.record.benefits.not_eligible"),
        say(&reason)
    ))
}
