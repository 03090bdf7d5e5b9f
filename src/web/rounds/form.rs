//! The round form: `GET /city/rounds/new` and `POST /city/rounds` open a round for nominations,
//! `GET|POST /city/rounds/{id}/edit` change an open round's name, dates, term, scores needed and
//! quotas, as `services::rounds` does for the API. A refusal shows the form again with each
//! reason beside its field and what was typed kept.

use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::common::{Posted, category_choices, every_field, refusal};
use crate::db::rounds::Round;
use crate::domain::category::TalentCategory;
use crate::domain::ids::{RoundId, UnitId};
use crate::domain::role::Role;
use crate::domain::selection::{
    CategoryQuota, CreateRoundRequest, RoundStatus, UnitQuota, UpdateRoundRequest,
};
use crate::services::{round_register, rounds};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// The fields the service names and the form shows beside an input.
const FIELDS: &[&str] = &[
    "name",
    "year",
    "nomination_deadline",
    "age_reference_date",
    "birth_date_cutoff",
    "appointment_term_years",
    "min_scores",
    "unit_quotas",
    "category_quotas",
];

/// One quota input (a unit's or a category's).
#[derive(Debug, Serialize)]
struct QuotaInput {
    name: String,
    label: String,
    value: String,
}

/// What the form shows.
#[derive(Debug, Default, Serialize)]
struct RoundForm {
    values: BTreeMap<&'static str, String>,
    unit_quotas: Vec<QuotaInput>,
    category_quotas: Vec<QuotaInput>,
    errors: BTreeMap<String, Option<String>>,
    form_error: Option<String>,
}

/// The form filled from `posted` (or from `round`, or the policy's defaults when neither).
async fn form_of(
    state: &AppState,
    posted: Option<&Posted>,
    round: Option<&Round>,
) -> Result<RoundForm, PageError> {
    let units = round_register::unit_names(state).await?;
    let policy = &state.settings.policy;
    let mut values: BTreeMap<&'static str, String> =
        FIELDS.iter().map(|f| (*f, String::new())).collect();
    let mut unit_q: HashMap<UnitId, u32> = HashMap::new();
    let mut cat_q: HashMap<TalentCategory, u32> = HashMap::new();
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match round {
        Some(r) => {
            values.insert("name", r.name.clone());
            values.insert("year", r.year.to_string());
            values.insert("nomination_deadline", r.nomination_deadline.to_string());
            values.insert("age_reference_date", r.age_reference_date.to_string());
            values.insert("birth_date_cutoff", day(r.birth_date_cutoff));
            values.insert(
                "appointment_term_years",
                r.appointment_term_years.to_string(),
            );
            values.insert("min_scores", r.min_scores.to_string());
            unit_q.extend(r.unit_quotas.iter().map(|q| (q.unit_id, q.quota)));
            cat_q.extend(r.category_quotas.iter().map(|q| (q.category, q.quota)));
        }
        None => {
            let year = state.clock.today().format("%Y").to_string();
            values.insert("year", year);
            values.insert(
                "appointment_term_years",
                policy.appointment_term_years.to_string(),
            );
            values.insert("min_scores", policy.review_min_scores.to_string());
        }
    }
    if let Some(p) = posted {
        for f in FIELDS.iter().take(7) {
            values.insert(*f, p.get(f));
        }
    }
    let unit_quotas = units
        .into_iter()
        .map(|(id, label)| {
            let name = format!("unit_quota_{id}");
            let value = match posted {
                Some(p) => p.get(&name),
                None => unit_q.get(&id).map(|q| q.to_string()).unwrap_or_default(),
            };
            QuotaInput { name, label, value }
        })
        .collect();
    let category_quotas = category_choices()
        .into_iter()
        .zip(TalentCategory::ALL)
        .map(|(c, cat)| {
            let name = format!("category_quota_{}", c.value);
            let value = match posted {
                Some(p) => p.get(&name),
                None => cat_q.get(cat).map(|q| q.to_string()).unwrap_or_default(),
            };
            QuotaInput {
                name,
                label: c.label,
                value,
            }
        })
        .collect();
    Ok(RoundForm {
        values,
        unit_quotas,
        category_quotas,
        errors: every_field(&BTreeMap::new(), FIELDS),
        form_error: None,
    })
}

/// The form's typed values, or the reasons they cannot be read.
struct Parsed {
    year: Option<i32>,
    nomination_deadline: Option<NaiveDate>,
    age_reference_date: Option<NaiveDate>,
    birth_date_cutoff: Option<NaiveDate>,
    appointment_term_years: Option<u32>,
    min_scores: Option<u32>,
    unit_quotas: Vec<UnitQuota>,
    category_quotas: Vec<CategoryQuota>,
}

fn parse(p: &Posted, units: &[(UnitId, String)], errors: &mut BTreeMap<String, String>) -> Parsed {
    let mut date = |name: &str| -> Option<NaiveDate> {
        let v = p.get(name);
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.insert(name.to_owned(), say("rounds.form.bad_date"));
                None
            }
        }
    };
    let nomination_deadline = date("nomination_deadline");
    let age_reference_date = date("age_reference_date");
    let birth_date_cutoff = date("birth_date_cutoff");
    let mut number = |name: &str, errors_key: &str| -> Option<u32> {
        let v = p.get(name);
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.insert(errors_key.to_owned(), say("rounds.form.bad_number"));
                None
            }
        }
    };
    let year = number("year", "year").map(|y| y as i32);
    let appointment_term_years = number("appointment_term_years", "appointment_term_years");
    let min_scores = number("min_scores", "min_scores");
    let unit_quotas = units
        .iter()
        .filter_map(|(id, _)| {
            number(&format!("unit_quota_{id}"), "unit_quotas")
                .filter(|q| *q > 0)
                .map(|quota| UnitQuota {
                    unit_id: *id,
                    quota,
                })
        })
        .collect();
    let category_quotas = TalentCategory::ALL
        .iter()
        .filter_map(|c| {
            number(&format!("category_quota_{}", c.as_str()), "category_quotas")
                .filter(|q| *q > 0)
                .map(|quota| CategoryQuota {
                    category: *c,
                    quota,
                })
        })
        .collect();
    Parsed {
        year,
        nomination_deadline,
        age_reference_date,
        birth_date_cutoff,
        appointment_term_years,
        min_scores,
        unit_quotas,
        category_quotas,
    }
}

/// Renders the form (`round` when editing one).
fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    round: Option<&Round>,
    form: RoundForm,
) -> Result<HttpResponse, PageError> {
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "rounds/form.html",
        context! {
            round => round.map(|r| context! {
                id => r.id.0,
                name => r.name.clone(),
                open => r.status == RoundStatus::Open,
                status => r.status.as_str(),
            }),
            form => Serde(form),
        },
    )
}

/// `GET /city/rounds/new`: the form of a new round, with the policy's defaults.
pub async fn get_round_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let form = form_of(&state, None, None).await?;
    render(&state, &req, &session, StatusCode::OK, None, form)
}

/// `POST /city/rounds`: opens the round, then shows it.
pub async fn post_rounds(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let posted = Posted(form.0);
    let units = round_register::unit_names(&state).await?;
    let mut errors = BTreeMap::new();
    let v = parse(&posted, &units, &mut errors);
    if v.year.is_none() && !errors.contains_key("year") {
        errors.insert("year".to_owned(), say("form.required"));
    }
    let mut banner = None;
    if errors.is_empty() {
        let request = CreateRoundRequest {
            name: posted.get("name"),
            year: v.year.unwrap_or_default(),
            nomination_deadline: v.nomination_deadline,
            age_reference_date: v.age_reference_date,
            birth_date_cutoff: v.birth_date_cutoff,
            appointment_term_years: v.appointment_term_years,
            min_scores: v.min_scores,
            unit_quotas: v.unit_quotas,
            category_quotas: v.category_quotas,
        };
        match rounds::create_round(&state, session.caller.clone(), request).await {
            Ok(r) => return Ok(see_other(&format!("/city/rounds/{}?done=created", r.id))),
            Err(e) => (errors, banner) = refusal(e, FIELDS)?,
        }
    }
    let mut form = form_of(&state, Some(&posted), None).await?;
    form.errors = every_field(&errors, FIELDS);
    form.form_error = banner.or_else(|| Some(say("form.fix")));
    render(
        &state,
        &req,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        form,
    )
}

/// `GET /city/rounds/{id}/edit`: the form of an open round, filled with its settings.
pub async fn get_round_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<RoundId>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let round = round_register::round(&state, id.into_inner()).await?;
    let form = form_of(&state, None, Some(&round)).await?;
    render(&state, &req, &session, StatusCode::OK, Some(&round), form)
}

/// `POST /city/rounds/{id}/edit`: changes the round (blank dates keep theirs; a blank cut-off
/// removes it), then shows it.
pub async fn post_round_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<RoundId>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let round = round_register::round(&state, id).await?;
    let posted = Posted(form.0);
    let units = round_register::unit_names(&state).await?;
    let mut errors = BTreeMap::new();
    let v = parse(&posted, &units, &mut errors);
    let mut banner = None;
    if errors.is_empty() {
        let request = UpdateRoundRequest {
            name: Some(posted.get("name")),
            nomination_deadline: v.nomination_deadline,
            age_reference_date: v.age_reference_date,
            birth_date_cutoff: Some(v.birth_date_cutoff),
            appointment_term_years: v.appointment_term_years,
            min_scores: v.min_scores,
            unit_quotas: Some(v.unit_quotas),
            category_quotas: Some(v.category_quotas),
        };
        match rounds::update_round(&state, session.caller.clone(), id, request).await {
            Ok(_) => return Ok(see_other(&format!("/city/rounds/{id}?done=updated"))),
            Err(e) => (errors, banner) = refusal(e, FIELDS)?,
        }
    }
    let mut form = form_of(&state, Some(&posted), Some(&round)).await?;
    form.errors = every_field(&errors, FIELDS);
    form.form_error = banner.or_else(|| Some(say("form.fix")));
    render(
        &state,
        &req,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(&round),
        form,
    )
}
