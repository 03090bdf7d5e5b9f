//! `GET /city/rounds/{id}/reviewers`: the round's reviewers per category, the categories that
//! still need one, and the form that appoints a reviewer for some categories
//! (`POST /city/rounds/{id}/reviewers`, `services::review::assign_reviewer`).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::common::{
    Choice, Posted, category_choices, category_label, every_field, refusal, round_view, unit_map,
};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{RoundId, UserId};
use crate::domain::page::PageRequest;
use crate::domain::review::AssignReviewerRequest;
use crate::domain::role::Role;
use crate::domain::selection::RoundStatus;
use crate::services::{review, round_register};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

use super::round::DoneQuery;

/// A category with its reviewers.
#[derive(Debug, Serialize)]
struct CategoryReviewers {
    label: String,
    reviewers: Vec<String>,
    /// Nominations handed in for it wait for a reviewer.
    needed: bool,
}

/// What the appointing form shows.
#[derive(Debug, Default, Serialize)]
struct AssignForm {
    reviewer_id: String,
    categories: Vec<String>,
    errors: BTreeMap<String, Option<String>>,
    form_error: Option<String>,
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: RoundId,
    status: StatusCode,
    form: AssignForm,
    done: bool,
) -> Result<HttpResponse, PageError> {
    let round = round_register::round(state, id).await?;
    let units = unit_map(round_register::unit_names(state).await?);
    let progress = round_register::progress(state, id).await?;
    let assigned = review::list_reviewers(
        state,
        id,
        PageRequest {
            page: 1,
            per_page: 100,
        },
    )
    .await?;
    let by_category: Vec<CategoryReviewers> = TalentCategory::ALL
        .iter()
        .map(|c| CategoryReviewers {
            label: category_label(*c),
            reviewers: assigned
                .items
                .iter()
                .filter(|a| a.category == *c)
                .map(|a| a.reviewer_name.clone())
                .collect(),
            needed: progress.uncovered.contains(c),
        })
        .collect();
    let mut people = vec![Choice {
        value: String::new(),
        label: say("rounds.reviewers.choose"),
        meta: String::new(),
    }];
    people.extend(
        round_register::reviewer_people(state)
            .await?
            .into_iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: name,
                meta: String::new(),
            }),
    );
    let mut form = form;
    form.errors = every_field(
        &form
            .errors
            .iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v)))
            .collect(),
        &["reviewer_id", "categories"],
    );
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "rounds/reviewers.html",
        context! {
            r => Serde(round_view(&round, &units)),
            tab => "reviewers",
            by_category => Serde(by_category),
            total => assigned.total,
            people => Serde(people),
            categories => Serde(category_choices()),
            form => Serde(form),
            can_assign => round.status != RoundStatus::Closed,
            notice => done.then_some("rounds.done.assigned"),
        },
    )
}

/// `GET /city/rounds/{id}/reviewers`.
pub async fn get_round_reviewers(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<RoundId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let done = query.done.as_deref() == Some("assigned");
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        AssignForm::default(),
        done,
    )
    .await
}

/// `POST /city/rounds/{id}/reviewers` with `reviewer_id` and the ticked `categories`.
pub async fn post_round_reviewers(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<RoundId>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let posted = Posted(form.0);
    let mut form = AssignForm {
        reviewer_id: posted.get("reviewer_id"),
        categories: posted.all("categories"),
        ..Default::default()
    };
    let reviewer = form.reviewer_id.trim().parse::<i64>().ok().map(UserId);
    let categories: Vec<TalentCategory> = form
        .categories
        .iter()
        .filter_map(|c| c.parse().ok())
        .collect();
    match reviewer {
        None => {
            form.errors.insert(
                "reviewer_id".to_owned(),
                Some(say("rounds.reviewers.choose_one")),
            );
        }
        Some(reviewer_id) => {
            let request = AssignReviewerRequest {
                reviewer_id,
                categories,
            };
            match review::assign_reviewer(&state, session.caller.clone(), id, request).await {
                Ok(_) => {
                    return Ok(see_other(&format!(
                        "/city/rounds/{id}/reviewers?done=assigned"
                    )));
                }
                Err(e) => {
                    let (errors, banner) = refusal(e, &["reviewer_id", "categories"])?;
                    form.errors = every_field(&errors, &[]);
                    form.form_error = banner;
                }
            }
        }
    }
    render(
        &state,
        &req,
        &session,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        form,
        false,
    )
    .await
}
