//! `GET /city/rounds/{id}/review`: the review summary of a round (every nomination under review or
//! decided, with each reviewer's score and recommendation, the count against the round's
//! minimum, the mean, lowest and highest) and, while the round is in review, the decision form of
//! each nomination (`POST /city/rounds/{id}/nominations/{nomination_id}/decision`,
//! `services::review::decide`, which records the sign-off and any exception to the minimum).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::common::{
    Posted, category_choices, category_label, every_field, refusal, round_view, unit_map,
};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{NominationId, RoundId};
use crate::domain::page::PageRequest;
use crate::domain::review::{Decision, DecisionRequest};
use crate::domain::role::Role;
use crate::domain::selection::{NominationStatus, RoundStatus};
use crate::services::{review, round_register};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// `?status=…&category=…&sort=…&page=N&done=…`.
#[derive(Debug, Default, Deserialize)]
pub struct ReviewQuery {
    pub status: Option<String>,
    pub category: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

/// One reviewer's score.
#[derive(Debug, Serialize)]
struct ScoreView {
    reviewer: String,
    score: i32,
    recommendation: &'static str,
    comment: Option<String>,
}

/// One nomination of the summary.
#[derive(Debug, Serialize)]
struct SummaryView {
    id: NominationId,
    name: String,
    unit: String,
    category: String,
    status: &'static str,
    score_count: usize,
    min_scores: i32,
    short: bool,
    mean: Option<String>,
    min: Option<i32>,
    max: Option<i32>,
    recommend: usize,
    neutral: usize,
    oppose: usize,
    scores: Vec<ScoreView>,
    warnings: usize,
    decision_reason: Option<String>,
    signed_by: Option<String>,
    signed_on: Option<NaiveDate>,
    exception: Option<String>,
}

/// A decision form refused: which nomination's, what was typed, and why.
#[derive(Debug, Default, Serialize)]
struct DecisionForm {
    nomination_id: Option<NominationId>,
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
    form_error: Option<String>,
}

/// The fields of the decision form.
const FIELDS: &[&str] = &[
    "decision",
    "reason",
    "signed_by",
    "signed_on",
    "score_exception_reason",
];

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: RoundId,
    query: &ReviewQuery,
    status: StatusCode,
    failed: DecisionForm,
) -> Result<HttpResponse, PageError> {
    let round = round_register::round(state, id).await?;
    let units = unit_map(round_register::unit_names(state).await?);
    let all = review::round_summary(
        state,
        id,
        PageRequest {
            page: 1,
            per_page: 10_000,
        },
    )
    .await?;
    let status_filter: Option<NominationStatus> =
        query.status.as_deref().and_then(|s| s.parse().ok());
    let category: Option<TalentCategory> = query.category.as_deref().and_then(|s| s.parse().ok());
    let by_mean = query.sort.as_deref() == Some("mean");
    let reviewer_ids = all
        .items
        .iter()
        .flat_map(|s| s.scores.iter().map(|x| x.reviewer_id))
        .collect();
    let names = round_register::user_names(state, reviewer_ids).await?;
    let mut items: Vec<_> = all
        .items
        .into_iter()
        .filter(|s| status_filter.is_none_or(|f| s.nomination.status == f))
        .filter(|s| category.is_none_or(|c| s.nomination.form.category == Some(c)))
        .collect();
    if by_mean {
        items.sort_by(|a, b| b.mean.unwrap_or(-1.0).total_cmp(&a.mean.unwrap_or(-1.0)));
    }
    let mut href = format!("/city/rounds/{id}/review?");
    for (k, v) in [
        ("status", status_filter.map(|s| s.as_str())),
        ("category", category.map(|c| c.as_str())),
        ("sort", by_mean.then_some("mean")),
    ] {
        if let Some(v) = v {
            href.push_str(&format!("{k}={v}&"));
        }
    }
    let href = href.trim_end_matches(['&', '?']).to_owned();
    let asked = PageParam {
        page: query.page.clone(),
    };
    let (rows, pager) = paginate(items, &asked, &href);
    let views: Vec<SummaryView> = rows
        .into_iter()
        .map(|s| {
            let n = &s.nomination;
            SummaryView {
                id: n.id,
                name: n.candidate_name.clone(),
                unit: units.get(&n.unit_id).cloned().unwrap_or_default(),
                category: n.form.category.map(category_label).unwrap_or_default(),
                status: n.status.as_str(),
                score_count: s.score_count,
                min_scores: s.min_scores,
                short: (s.score_count as i64) < i64::from(s.min_scores),
                mean: s.mean.map(|m| format!("{m:.1}")),
                min: s.min,
                max: s.max,
                recommend: s.recommend,
                neutral: s.neutral,
                oppose: s.oppose,
                scores: s
                    .scores
                    .iter()
                    .map(|x| ScoreView {
                        reviewer: names.get(&x.reviewer_id).cloned().unwrap_or_default(),
                        score: x.score,
                        recommendation: x.recommendation.as_str(),
                        comment: x.comment.clone(),
                    })
                    .collect(),
                warnings: n.warnings.len(),
                decision_reason: n.decision_reason.clone(),
                signed_by: n.signed_by.clone(),
                signed_on: n.signed_on,
                exception: s.score_exception.as_ref().map(|e| e.reason.clone()),
            }
        })
        .collect();
    let statuses: Vec<&str> = [
        NominationStatus::UnderReview,
        NominationStatus::Approved,
        NominationStatus::Rejected,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect();
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "rounds/review.html",
        context! {
            r => Serde(round_view(&round, &units)),
            tab => "review",
            items => Serde(views),
            pager => Serde(pager),
            statuses => statuses,
            categories => Serde(category_choices()),
            filter => context! {
                status => status_filter.map(|s| s.as_str()),
                category => category.map(|c| c.as_str()),
                sort => by_mean.then_some("mean"),
            },
            deciding => round.status == RoundStatus::Reviewing,
            signer => session.user.name.clone(),
            today => state.clock.today().to_string(),
            failed => context! {
                nomination_id => failed.nomination_id.map(|n| n.0),
                values => every_field(&failed.values, FIELDS),
                errors => every_field(&failed.errors, FIELDS),
                form_error => failed.form_error,
            },
            notice => (query.done.as_deref() == Some("decided")).then_some("rounds.done.decided"),
        },
    )
}

/// `GET /city/rounds/{id}/review`.
pub async fn get_round_review(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<RoundId>,
    query: web::Query<ReviewQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        &query,
        StatusCode::OK,
        DecisionForm::default(),
    )
    .await
}

/// `POST /city/rounds/{id}/nominations/{nomination_id}/decision`: decides the nomination with
/// the reason and the sign-off, then comes back to it on the summary.
pub async fn post_nomination_decision(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    path: web::Path<(RoundId, NominationId)>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (id, nomination) = path.into_inner();
    let posted = Posted(form.0);
    let mut failed = DecisionForm {
        nomination_id: Some(nomination),
        values: FIELDS
            .iter()
            .map(|f| ((*f).to_owned(), posted.get(f)))
            .collect(),
        ..Default::default()
    };
    let decision: Option<Decision> = posted.get("decision").parse().ok();
    let signed_on = NaiveDate::parse_from_str(posted.get("signed_on").trim(), "%Y-%m-%d").ok();
    if decision.is_none() {
        failed
            .errors
            .insert("decision".to_owned(), say("rounds.review.choose_decision"));
    }
    if signed_on.is_none() {
        failed
            .errors
            .insert("signed_on".to_owned(), say("rounds.form.bad_date"));
    }
    if let (Some(decision), Some(signed_on)) = (decision, signed_on) {
        let exception = posted.get("score_exception_reason");
        let request = DecisionRequest {
            decision,
            reason: posted.get("reason"),
            signed_by: posted.get("signed_by"),
            signed_on,
            score_exception_reason: Some(exception).filter(|e| !e.trim().is_empty()),
        };
        match review::decide(&state, session.caller.clone(), nomination, request).await {
            Ok(n) if n.round_id == id => {
                return Ok(see_other(&format!(
                    "/city/rounds/{id}/review?done=decided#n{nomination}"
                )));
            }
            Ok(n) => {
                return Ok(see_other(&format!(
                    "/city/rounds/{}/review?done=decided#n{nomination}",
                    n.round_id
                )));
            }
            Err(e) => {
                let (errors, banner) = refusal(e, FIELDS)?;
                failed.errors = errors;
                failed.form_error = banner;
            }
        }
    }
    render(
        &state,
        &req,
        &session,
        id,
        &ReviewQuery::default(),
        StatusCode::UNPROCESSABLE_ENTITY,
        failed,
    )
    .await
}
