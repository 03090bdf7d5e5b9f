//! `/city/benefits/items/{id}`: one benefit and what the city admin can do with it now: decide an
//! application (`benefit_decisions::decide`, the mentor is told), set or change the date and
//! place of a selection (`benefit_requests::reschedule`, the mentor is told), and record it as
//! given (`benefit_decisions::issue`, with what its kind needs). Each form prints its consequence
//! beside its button.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Months;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::views::{Errors, date_field, every_field, kind_word, refusal, row, text_field};
use crate::domain::benefit::{BenefitStatus, IssueDetails, required_details, validity_months};
use crate::domain::ids::BenefitId;
use crate::domain::role::Role;
use crate::services::benefit_decisions::{self, DecisionRequest};
use crate::services::benefit_requests::{self, ScheduleRequest};
use crate::services::benefits;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// The fields of the three forms as typed.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
pub struct ItemForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    checked_on: String,
    #[serde(default)]
    institution: String,
    #[serde(default)]
    attended: String,
    #[serde(default)]
    title: String,
}

/// Which form a refusal belongs to, with its input and reasons.
#[derive(Debug, Default, Serialize)]
struct Refused {
    form: &'static str,
    input: ItemForm,
    errors: Errors,
    banner: Option<String>,
}

/// `?done=`.
#[derive(Debug, Default, Deserialize)]
pub struct ItemQuery {
    done: Option<String>,
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: BenefitId,
    status: StatusCode,
    refused: Refused,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let b = benefits::get(state, &session.caller, id).await?;
    let today = state.clock.today();
    let valid_until = validity_months(b.kind, &state.settings.policy).map(|m| {
        today
            .checked_add_months(Months::new(m))
            .map_or(today, |d| d - chrono::Duration::days(1))
    });
    let needs: Vec<&str> = required_details(b.kind, &IssueDetails::default())
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    let notice = match done {
        Some("approved") => Some("benefits.notice.approved"),
        Some("declined") => Some("benefits.notice.declined"),
        Some("scheduled") => Some("benefits.notice.scheduled"),
        Some("issued") => Some("benefits.notice.issued"),
        _ => None,
    };
    let can_schedule = b.status == BenefitStatus::Approved && benefit_requests::scheduled(b.kind);
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "benefits/city_item.html",
        context! {
            b => Serde(row(&b)),
            kind_label => kind_word(b.kind),
            can_decide => b.status == BenefitStatus::Applied,
            can_schedule => can_schedule,
            can_issue => b.status == BenefitStatus::Approved,
            needs => needs,
            valid_until => Serde(valid_until),
            errors => Serde(every_field(&refused.errors, &["outcome", "reason", "starts_on", "ends_on", "place", "card_number", "room", "checked_on", "institution", "attended", "title"])),
            refused => Serde(refused),
            notice => notice,
        },
    )
}

/// `GET /city/benefits/items/{id}`.
pub async fn get_benefit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<BenefitId>,
    query: web::Query<ItemQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        Refused::default(),
        query.done.as_deref(),
    )
    .await
}

async fn again(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: BenefitId,
    refused: Refused,
) -> Result<HttpResponse, PageError> {
    render(
        state,
        req,
        session,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        refused,
        None,
    )
    .await
}

/// `POST /city/benefits/items/{id}/decision`: approves or declines an application.
pub async fn post_benefit_decision(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<BenefitId>,
    form: CheckedForm<ItemForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let input = form.0;
    let outcome = match input.outcome.as_str() {
        "approved" => BenefitStatus::Approved,
        "declined" => BenefitStatus::Declined,
        _ => {
            let refused = Refused {
                form: "decide",
                errors: Errors::from([("outcome".to_owned(), say("benefits.item.choose_outcome"))]),
                input,
                banner: None,
            };
            return again(&state, &req, &session, id, refused).await;
        }
    };
    let asked = DecisionRequest {
        outcome,
        reason: text_field(&input.reason),
    };
    match benefit_decisions::decide(&state, session.caller.clone(), id, asked).await {
        Ok(_) => Ok(see_other(&format!(
            "/city/benefits/items/{id}?done={}",
            outcome.as_str()
        ))),
        Err(e) => {
            let (errors, banner) = refusal(e, &["outcome", "reason"])?;
            let refused = Refused {
                form: "decide",
                input,
                errors,
                banner,
            };
            again(&state, &req, &session, id, refused).await
        }
    }
}

/// `POST /city/benefits/items/{id}/schedule`: sets or changes the date and place of a selection.
pub async fn post_benefit_schedule(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<BenefitId>,
    form: CheckedForm<ItemForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let input = form.0;
    let mut errors = Errors::new();
    let starts_on = date_field(&input.starts_on, "starts_on", &mut errors);
    let ends_on = date_field(&input.ends_on, "ends_on", &mut errors);
    if !errors.is_empty() {
        let refused = Refused {
            form: "schedule",
            input,
            errors,
            banner: None,
        };
        return again(&state, &req, &session, id, refused).await;
    }
    let asked = ScheduleRequest {
        starts_on,
        ends_on,
        place: text_field(&input.place),
    };
    match benefit_requests::reschedule(&state, session.caller.clone(), id, asked).await {
        Ok(_) => Ok(see_other(&format!(
            "/city/benefits/items/{id}?done=scheduled"
        ))),
        Err(e) => {
            let (errors, banner) = refusal(e, &["starts_on", "ends_on", "place"])?;
            let refused = Refused {
                form: "schedule",
                input,
                errors,
                banner,
            };
            again(&state, &req, &session, id, refused).await
        }
    }
}

/// `POST /city/benefits/items/{id}/issue`: records the benefit as given.
pub async fn post_benefit_issue(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<BenefitId>,
    form: CheckedForm<ItemForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let input = form.0;
    let mut errors = Errors::new();
    let details = IssueDetails {
        card_number: text_field(&input.card_number),
        room: text_field(&input.room),
        checked_on: date_field(&input.checked_on, "checked_on", &mut errors),
        institution: text_field(&input.institution),
        starts_on: date_field(&input.starts_on, "starts_on", &mut errors),
        ends_on: date_field(&input.ends_on, "ends_on", &mut errors),
        place: text_field(&input.place),
        attended: match input.attended.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        title: text_field(&input.title),
    };
    if !errors.is_empty() {
        let refused = Refused {
            form: "issue",
            input,
            errors,
            banner: None,
        };
        return again(&state, &req, &session, id, refused).await;
    }
    match benefit_decisions::issue(&state, session.caller.clone(), id, details).await {
        Ok(_) => Ok(see_other(&format!("/city/benefits/items/{id}?done=issued"))),
        Err(e) => {
            let fields = [
                "card_number",
                "room",
                "checked_on",
                "institution",
                "starts_on",
                "ends_on",
                "place",
                "attended",
                "title",
            ];
            let (errors, banner) = refusal(e, &fields)?;
            let refused = Refused {
                form: "issue",
                input,
                errors,
                banner,
            };
            again(&state, &req, &session, id, refused).await
        }
    }
}
