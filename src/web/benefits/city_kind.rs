//! `/city/benefits/{kind}`: one kind as the city admin works on it: the eligible mentors and the
//! selection form (the kinds the city arranges), the applications waiting for a decision, the
//! selections to issue, the holders, those ending in 30 days and those who no longer qualify;
//! the training class's invitation of every active mentor and the year's recuperation-leave
//! places. Each form says who will be told before it is sent. The selection itself is in
//! `selection`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::views::{Choice, Errors, date_field, every_field, kind_word, refusal, row};
use crate::domain::benefit::BenefitKind;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::benefit_decisions::{self, QuotaRequest};
use crate::services::benefit_requests::{self, ClassRequest};
use crate::services::benefits;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{required, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// The fields of the selection, class and quota forms as typed.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
pub struct KindForm {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub places: String,
}

/// Which form a refusal belongs to, with its input and reasons.
#[derive(Debug, Default, Serialize)]
pub(super) struct Refused {
    pub form: &'static str,
    pub input: KindForm,
    pub errors: Errors,
    pub banner: Option<String>,
    /// The mentors ticked in the selection form.
    pub chosen: Vec<String>,
    /// What a selection of several did, when some were refused.
    pub done_text: Option<String>,
}

/// `?done=`.
#[derive(Debug, Default, Deserialize)]
pub struct KindQuery {
    done: Option<String>,
}

pub(super) fn kind_of(path: &str) -> Result<BenefitKind, PageError> {
    path.parse::<BenefitKind>()
        .map_err(|_| PageError::App(AppError::NotFound))
}

pub(super) async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    kind: BenefitKind,
    status: StatusCode,
    refused: Refused,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let o = benefits::overview(state, kind).await?;
    let eligible: Vec<Choice> = o
        .eligible
        .iter()
        .filter(|m| m.eligibility.eligible)
        .map(|m| Choice {
            value: m.mentor_entry_id.0.to_string(),
            label: m.name.clone(),
        })
        .collect();
    let mentor_options: Vec<_> = eligible
        .iter()
        .map(|c| context! { value => c.value.clone(), label => c.label.clone(), meta => "" })
        .collect();
    let notice = match done {
        Some("selected") => Some("benefits.notice.selected"),
        Some("invited") => Some("benefits.notice.invited"),
        Some("quota") => Some("benefits.notice.quota"),
        _ => None,
    };
    let this_year = state.clock.today().year();
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "benefits/city_kind.html",
        context! {
            kind => kind.as_str(),
            label => kind_word(kind),
            applies => kind.needs_application(),
            yearly => kind.yearly(),
            scheduled => benefit_requests::scheduled(kind),
            eligible => Serde(&eligible),
            mentor_options => mentor_options,
            waiting => Serde(o.applications_waiting.iter().map(row).collect::<Vec<_>>()),
            to_issue => Serde(o.to_issue.iter().map(row).collect::<Vec<_>>()),
            issued => Serde(o.issued.iter().map(row).collect::<Vec<_>>()),
            expiring => Serde(o.expiring_in_30_days.iter().map(row).collect::<Vec<_>>()),
            no_longer => Serde(o.no_longer_eligible.iter().map(row).collect::<Vec<_>>()),
            quota => Serde(o.quota),
            this_year => this_year,
            errors => Serde(every_field(&refused.errors, &["mentor", "year", "starts_on", "ends_on", "place", "note", "places"])),
            refused => Serde(refused),
            notice => notice,
        },
    )
}

/// `GET /city/benefits/{kind}`.
pub async fn get_benefit_kind(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    kind: web::Path<String>,
    query: web::Query<KindQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let kind = kind_of(&kind)?;
    render(
        &state,
        &req,
        &session,
        kind,
        StatusCode::OK,
        Refused::default(),
        query.done.as_deref(),
    )
    .await
}

/// The form again with its reasons (422).
pub(super) async fn again(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    kind: BenefitKind,
    refused: Refused,
) -> Result<HttpResponse, PageError> {
    render(
        state,
        req,
        session,
        kind,
        StatusCode::UNPROCESSABLE_ENTITY,
        refused,
        None,
    )
    .await
}

/// A year typed in a form, or a reason beside it.
pub(super) fn year_field(value: &str, default: i32, errors: &mut Errors) -> Option<i32> {
    let v = value.trim();
    if v.is_empty() {
        return Some(default);
    }
    match v.parse::<i32>() {
        Ok(y) => Some(y),
        Err(_) => {
            errors.insert("year".to_owned(), say("benefits.form.bad_year"));
            None
        }
    }
}

/// `POST /city/benefits/training_class/class`: invites every active mentor to the year's class
/// (`benefit_requests::invite_to_class`; each is told).
pub async fn post_training_class(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    kind: web::Path<String>,
    form: CheckedForm<KindForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let kind = kind_of(&kind)?;
    if kind != BenefitKind::TrainingClass {
        return Err(PageError::App(AppError::NotFound));
    }
    let input = form.0;
    let mut errors = Errors::new();
    let year = year_field(&input.year, state.clock.today().year(), &mut errors);
    let starts_on = date_field(&input.starts_on, "starts_on", &mut errors);
    let ends_on = date_field(&input.ends_on, "ends_on", &mut errors);
    for (field, value) in [
        ("starts_on", &input.starts_on),
        ("ends_on", &input.ends_on),
        ("place", &input.place),
    ] {
        if let Some(r) = required(value) {
            errors.entry(field.to_owned()).or_insert(r);
        }
    }
    let (Some(year), Some(starts_on), Some(ends_on), true) =
        (year, starts_on, ends_on, errors.is_empty())
    else {
        let refused = Refused {
            form: "class",
            input,
            errors,
            banner: None,
            ..Default::default()
        };
        return again(&state, &req, &session, kind, refused).await;
    };
    let asked = ClassRequest {
        year,
        starts_on,
        ends_on,
        place: input.place.trim().to_owned(),
    };
    match benefit_requests::invite_to_class(&state, session.caller.clone(), asked).await {
        Ok(_) => Ok(see_other("/city/benefits/training_class?done=invited")),
        Err(e) => {
            let (errors, banner) = refusal(e, &["year", "starts_on", "ends_on", "place"])?;
            let refused = Refused {
                form: "class",
                input,
                errors,
                banner,
                ..Default::default()
            };
            again(&state, &req, &session, kind, refused).await
        }
    }
}

/// `POST /city/benefits/recuperation_leave/quota`: sets this year's places
/// (`benefit_decisions::set_quota`, never below the places taken).
pub async fn post_leave_quota(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    kind: web::Path<String>,
    form: CheckedForm<KindForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let kind = kind_of(&kind)?;
    if kind != BenefitKind::RecuperationLeave {
        return Err(PageError::App(AppError::NotFound));
    }
    let input = form.0;
    let Ok(places) = input.places.trim().parse::<u32>() else {
        let refused = Refused {
            form: "quota",
            errors: Errors::from([("places".to_owned(), say("benefits.kind.bad_places"))]),
            input,
            banner: None,
            ..Default::default()
        };
        return again(&state, &req, &session, kind, refused).await;
    };
    let year = state.clock.today().year();
    let asked = QuotaRequest {
        recuperation_leave: places,
    };
    match benefit_decisions::set_quota(&state, session.caller.clone(), year, asked).await {
        Ok(_) => Ok(see_other("/city/benefits/recuperation_leave?done=quota")),
        Err(e) => {
            let (mut errors, banner) = refusal(e, &["recuperation_leave"])?;
            if let Some(r) = errors.remove("recuperation_leave") {
                errors.insert("places".to_owned(), r);
            }
            let refused = Refused {
                form: "quota",
                input,
                errors,
                banner,
                ..Default::default()
            };
            again(&state, &req, &session, kind, refused).await
        }
    }
}
