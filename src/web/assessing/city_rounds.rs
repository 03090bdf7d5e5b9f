//! `/city/assessment-rounds`: the city admin's assessment rounds, newest year first, each with
//! its counts, and the form that opens a year's round (window, objection days, what follows an
//! unqualified grade: the settings of `services::assessment_rounds`). The opening itself runs in
//! the background (`opening`).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, NaiveDate};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::db::assessments::AssessmentRound;
use crate::domain::assessment::OpenRoundRequest;
use crate::domain::policy::UnqualifiedConsequence;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::{assessment_desk, assessment_reports};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// The opening form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct OpenForm {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub opens_on: String,
    #[serde(default)]
    pub closes_on: String,
    #[serde(default)]
    pub objection_days: String,
    #[serde(default)]
    pub consequence: String,
    #[serde(default)]
    pub rectification_days: String,
}

/// A round in the list with its counts.
#[derive(Serialize)]
struct RoundRow {
    round: AssessmentRound,
    total: i64,
    by_status: BTreeMap<String, i64>,
}

/// The consequence's code.
fn code(c: UnqualifiedConsequence) -> &'static str {
    match c {
        UnqualifiedConsequence::Revoke => "revoke",
        UnqualifiedConsequence::RectifyThenRevoke => "rectify_then_revoke",
    }
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    form: OpenForm,
    errors: BTreeMap<String, String>,
) -> Result<HttpResponse, PageError> {
    let mut rows = Vec::new();
    for r in assessment_desk::rounds(state).await? {
        let s = assessment_reports::summary(state, &session.caller, r.id).await?;
        rows.push(RoundRow {
            round: s.round,
            total: s.total,
            by_status: s.by_status,
        });
    }
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "assessing/rounds.html",
        context! {
            rounds => Serde(rows),
            form => Serde(form),
            any_error => !errors.is_empty(),
            errors => context! {
                year => errors.get("year").cloned(),
                opens_on => errors.get("opens_on").cloned(),
                closes_on => errors.get("closes_on").cloned(),
                objection_days => errors.get("objection_days").cloned(),
                consequence => errors.get("consequence").cloned(),
                rectification_days => errors.get("rectification_days").cloned(),
            },
            consequences => vec!["revoke", "rectify_then_revoke"],
        },
    )
}

/// `GET /city/assessment-rounds`: the rounds and the opening form, filled with last year and the
/// policy's defaults.
pub async fn get_rounds(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let today = state.clock.today();
    let policy = &state.settings.policy;
    let form = OpenForm {
        year: (today.year() - 1).to_string(),
        opens_on: today.to_string(),
        closes_on: (today + chrono::Duration::days(30)).to_string(),
        objection_days: policy.objection_days.to_string(),
        consequence: code(policy.unqualified_consequence).to_owned(),
        rectification_days: policy.rectification_days.to_string(),
    };
    render(
        &state,
        &req,
        &session,
        StatusCode::OK,
        form,
        BTreeMap::new(),
    )
    .await
}

/// A whole number typed, or the field's reason.
fn whole<T: std::str::FromStr>(
    v: &str,
    field: &str,
    errors: &mut BTreeMap<String, String>,
) -> Option<T> {
    match v.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.insert(field.to_owned(), say("assessing.form.number"));
            None
        }
    }
}

/// A date typed (`2027-01-31`), or the field's reason.
fn day(v: &str, field: &str, errors: &mut BTreeMap<String, String>) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.insert(field.to_owned(), say("assessing.form.date"));
            None
        }
    }
}

/// The request of the form, or the reasons by field (the page's for what is not a number or a
/// date, then the service's own checks).
fn request(f: &OpenForm, state: &AppState) -> Result<OpenRoundRequest, BTreeMap<String, String>> {
    let mut errors = BTreeMap::new();
    let year = whole::<i32>(&f.year, "year", &mut errors);
    let opens_on = day(&f.opens_on, "opens_on", &mut errors);
    let closes_on = day(&f.closes_on, "closes_on", &mut errors);
    let objection_days = whole::<u32>(&f.objection_days, "objection_days", &mut errors);
    let rectification_days = whole::<u32>(&f.rectification_days, "rectification_days", &mut errors);
    let consequence = match f.consequence.as_str() {
        "revoke" => Some(UnqualifiedConsequence::Revoke),
        "rectify_then_revoke" => Some(UnqualifiedConsequence::RectifyThenRevoke),
        _ => {
            errors.insert("consequence".to_owned(), say("form.required"));
            None
        }
    };
    let (Some(year), Some(opens_on), Some(closes_on), Some(od), Some(rd), Some(c)) = (
        year,
        opens_on,
        closes_on,
        objection_days,
        rectification_days,
        consequence,
    ) else {
        return Err(errors);
    };
    let make = || OpenRoundRequest {
        year,
        opens_on,
        closes_on,
        objection_days: Some(od),
        consequence: Some(c),
        rectification_days: Some(rd),
    };
    // The service's own checks, before the background opening starts.
    if let Err(e) = make().parse(&state.settings.policy) {
        return Err(field_reasons(&e).unwrap_or_default());
    }
    Ok(make())
}

/// `POST /city/assessment-rounds`: checks the form, starts the opening in the background and
/// answers with its progress page.
pub async fn post_round(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<OpenForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let f = form.0;
    match request(&f, &state) {
        Ok(r) => {
            let ticket = super::opening::start(state.clone(), session.caller.clone(), r);
            Ok(see_other(&format!(
                "/city/assessment-rounds/opening/{ticket}"
            )))
        }
        Err(errors) => {
            let errors = if errors.is_empty() {
                BTreeMap::from([(
                    "year".to_owned(),
                    AppError::NotFound.message().localized().to_owned(),
                )])
            } else {
                errors
            };
            render(
                &state,
                &req,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                f,
                errors,
            )
            .await
        }
    }
}
