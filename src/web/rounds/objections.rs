//! `GET /city/rounds/{id}/notice`: the city admin's side of the public notice: the candidates on
//! notice, the objections recorded against each and their outcomes, the form that records an
//! objection received during the notice (`POST /city/rounds/{id}/nominations/{nomination_id}/objections`)
//! and the one that decides it (`POST /city/rounds/{id}/objections/{objection_id}/outcome`), both
//! through `services::review`, which keeps their rules (during the notice only; an upheld
//! objection rejects the candidate).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::common::{Posted, category_label, every_field, refusal, round_view, unit_map};
use crate::domain::ids::{NominationId, NoticeObjectionId, RoundId};
use crate::domain::page::PageRequest;
use crate::domain::review::{ObjectionOutcome, ObjectionOutcomeRequest, ObjectionRequest};
use crate::domain::role::Role;
use crate::domain::selection::{NominationStatus, RoundStatus};
use crate::services::{review, round_register};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

use super::round::DoneQuery;

/// One objection and its outcome.
#[derive(Debug, Serialize)]
struct ObjectionView {
    id: NoticeObjectionId,
    content: String,
    outcome: Option<&'static str>,
    outcome_reason: Option<String>,
    recorded_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
}

/// A candidate on notice (or taken off it by an upheld objection).
#[derive(Debug, Serialize)]
struct CandidateView {
    id: NominationId,
    name: String,
    unit: String,
    category: String,
    status: &'static str,
    objections: Vec<ObjectionView>,
}

/// A refused form of this page: which one (`record-{nomination}` or `decide-{objection}`), what
/// was typed and why.
#[derive(Debug, Default, Serialize)]
struct FailedForm {
    which: String,
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
    form_error: Option<String>,
}

/// The fields of this page's forms.
const NOTICE_FIELDS: &[&str] = &["content", "outcome", "reason"];

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: RoundId,
    status: StatusCode,
    failed: FailedForm,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let round = round_register::round(state, id).await?;
    let units = unit_map(round_register::unit_names(state).await?);
    let summary = review::round_summary(
        state,
        id,
        PageRequest {
            page: 1,
            per_page: 10_000,
        },
    )
    .await?;
    let candidates: Vec<CandidateView> = summary
        .items
        .into_iter()
        .filter(|s| s.nomination.status == NominationStatus::Approved || !s.objections.is_empty())
        .map(|s| CandidateView {
            id: s.nomination.id,
            name: s.nomination.candidate_name.clone(),
            unit: units
                .get(&s.nomination.unit_id)
                .cloned()
                .unwrap_or_default(),
            category: s
                .nomination
                .form
                .category
                .map(category_label)
                .unwrap_or_default(),
            status: s.nomination.status.as_str(),
            objections: s
                .objections
                .iter()
                .map(|o| ObjectionView {
                    id: o.id,
                    content: o.content.clone(),
                    outcome: o.outcome.map(|x| x.as_str()),
                    outcome_reason: o.outcome_reason.clone(),
                    recorded_at: o.recorded_at,
                    decided_at: o.decided_at,
                })
                .collect(),
        })
        .collect();
    let today = state.clock.today();
    let on_notice = round.status == RoundStatus::PublicNotice;
    let taking = on_notice && round.notice_ends_on.is_some_and(|last| today <= last);
    let notice = match done {
        Some(d @ ("recorded" | "decided")) => Some(format!("rounds.done.objection_{d}")),
        _ => None,
    };
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "rounds/notice.html",
        context! {
            r => Serde(round_view(&round, &units)),
            tab => "notice",
            candidates => Serde(candidates),
            published => matches!(round.status, RoundStatus::PublicNotice | RoundStatus::Closed),
            on_notice => on_notice,
            taking => taking,
            failed => context! {
                which => failed.which,
                values => every_field(&failed.values, NOTICE_FIELDS),
                errors => every_field(&failed.errors, NOTICE_FIELDS),
                form_error => failed.form_error,
            },
            notice => notice,
        },
    )
}

/// `GET /city/rounds/{id}/notice`.
pub async fn get_round_notice(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<RoundId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        FailedForm::default(),
        query.done.as_deref(),
    )
    .await
}

/// `POST /city/rounds/{id}/nominations/{nomination_id}/objections` with `content`: records an
/// objection received during the notice.
pub async fn post_notice_objection(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    path: web::Path<(RoundId, NominationId)>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (id, nomination) = path.into_inner();
    round_register::round(&state, id).await?;
    let posted = Posted(form.0);
    let content = posted.get("content");
    let request = ObjectionRequest {
        content: content.clone(),
    };
    match review::record_objection(&state, session.caller.clone(), nomination, request).await {
        Ok(_) => Ok(see_other(&format!(
            "/city/rounds/{id}/notice?done=recorded#n{nomination}"
        ))),
        Err(e) => {
            let (errors, form_error) = refusal(e, &["content"])?;
            let failed = FailedForm {
                which: format!("record-{nomination}"),
                values: BTreeMap::from([("content".to_owned(), content)]),
                errors,
                form_error,
            };
            render(
                &state,
                &req,
                &session,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                failed,
                None,
            )
            .await
        }
    }
}

/// `POST /city/rounds/{id}/objections/{objection_id}/outcome` with `outcome` and `reason`.
pub async fn post_objection_outcome(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    path: web::Path<(RoundId, NoticeObjectionId)>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (id, objection) = path.into_inner();
    round_register::round(&state, id).await?;
    let posted = Posted(form.0);
    let (outcome_text, reason) = (posted.get("outcome"), posted.get("reason"));
    let mut failed = FailedForm {
        which: format!("decide-{objection}"),
        values: BTreeMap::from([
            ("outcome".to_owned(), outcome_text.clone()),
            ("reason".to_owned(), reason.clone()),
        ]),
        ..Default::default()
    };
    match outcome_text.parse::<ObjectionOutcome>() {
        Err(()) => {
            failed
                .errors
                .insert("outcome".to_owned(), say("rounds.notice.choose_outcome"));
        }
        Ok(outcome) => {
            let request = ObjectionOutcomeRequest { outcome, reason };
            match review::decide_objection(&state, session.caller.clone(), objection, request).await
            {
                Ok(_) => {
                    return Ok(see_other(&format!("/city/rounds/{id}/notice?done=decided")));
                }
                Err(e) => {
                    let (errors, form_error) = refusal(e, &["outcome", "reason"])?;
                    failed.errors = errors;
                    failed.form_error = form_error;
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
        failed,
        None,
    )
    .await
}
