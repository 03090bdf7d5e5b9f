//! `/review/{id}`: one nomination assigned to the reviewer: the form read-only, its warnings and
//! evidence files, and the reviewer's score with a recommendation and a comment
//! (`POST /review/{id}`), changeable while the round is in review. The score's rules (its range,
//! who may score what, until when) are the service's (`review::score`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::domain::evidence::Owner;
use crate::domain::ids::{EvidenceFileId, NominationId};
use crate::domain::review::{Recommendation, ScoreRequest};
use crate::domain::role::Role;
use crate::i18n::{self, Locale};
use crate::routes::extract::file_response;
use crate::services::review_item::assigned_review;
use crate::services::{evidence, review};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::layout::{see_other, with_page_headers};
use crate::web::nominations::edit::file_views;
use crate::web::nominations::form::{Choices, Errors, NominationInput, errors_view};
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// `?done=scored` after the form.
#[derive(Debug, Default, Deserialize)]
pub struct ReviewQuery {
    pub done: Option<String>,
}

/// The score form as typed.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreInput {
    pub csrf: String,
    pub score: String,
    pub recommendation: String,
    pub comment: String,
}

/// What the form shows again.
#[derive(Default)]
struct Shown {
    input: Option<ScoreInput>,
    errors: Errors,
    banner: Option<String>,
    notice: Option<String>,
}

/// `GET /review/{id}`.
pub async fn get_review(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<NominationId>,
    query: web::Query<ReviewQuery>,
) -> Result<HttpResponse, PageError> {
    let notice = query
        .done
        .as_deref()
        .filter(|d| *d == "scored")
        .map(|_| "reviewing.done.scored".to_owned());
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        shown,
    )
    .await
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: NominationId,
    status: StatusCode,
    shown: Shown,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Reviewer)?;
    let item = assigned_review(state, &session.caller, id).await?;
    let files = evidence::list(state, &session.caller, Owner::nomination(id)).await?;
    let n = &item.nomination;
    let locale = i18n::current().locale;
    let warnings: Vec<String> = n
        .warnings
        .iter()
        .map(|w| match locale {
            Locale::ZhCn => w.zh.clone(),
            Locale::En => w.en.clone(),
        })
        .collect();
    let input = shown.input.unwrap_or_else(|| match &item.my_score {
        Some(s) => ScoreInput {
            score: s.score.to_string(),
            recommendation: s.recommendation.as_str().to_owned(),
            comment: s.comment.clone().unwrap_or_default(),
            ..ScoreInput::default()
        },
        None => ScoreInput::default(),
    });
    let policy = &state.settings.policy;
    let recommendations: Vec<&str> = Recommendation::ALL.iter().map(|r| r.as_str()).collect();
    Frame::signed_in(state, req, session, Some(Role::Reviewer)).render(
        state,
        status,
        "reviewing/review.html",
        context! {
            n => context! {
                id => n.id.0,
                name => n.candidate_name.clone(),
                submitted_at => Serde(n.submitted_at),
            },
            round => context! { name => item.round.name.clone() },
            form => Serde(NominationInput::of_fields(&n.form)),
            choices => Serde(Choices::now()),
            warnings => Serde(warnings),
            files => Serde(file_views(&files)),
            mine => item.my_score.as_ref().map(|s| context! {
                score => s.score,
                recommendation => s.recommendation.as_str(),
                comment => s.comment.clone(),
                updated_at => Serde(s.updated_at),
            }),
            changeable => item.changeable,
            score_form => Serde(input),
            recommendations => Serde(recommendations),
            min => policy.review_score_min,
            max => policy.review_score_max,
            errors => Serde(errors_view(&shown.errors, &["score", "recommendation", "comment"])),
            banner => shown.banner,
            notice => shown.notice,
        },
    )
}

/// `POST /review/{id}`: gives or changes the reviewer's score.
pub async fn post_review(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<NominationId>,
    form: CheckedForm<ScoreInput>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Reviewer)?;
    let id = id.into_inner();
    let input = form.0;
    let mut errors = Errors::new();
    let score = input.score.trim().parse::<i32>().ok();
    if score.is_none() {
        errors.insert("score".to_owned(), say("reviewing.form.score_number"));
    }
    let recommendation = input.recommendation.trim().parse::<Recommendation>().ok();
    if recommendation.is_none() {
        errors.insert(
            "recommendation".to_owned(),
            say("reviewing.form.choose_recommendation"),
        );
    }
    let (Some(score), Some(recommendation)) = (score, recommendation) else {
        return refuse(&state, &req, &session, id, input, errors, None).await;
    };
    let request = ScoreRequest {
        score,
        recommendation,
        comment: Some(input.comment.clone()),
    };
    match review::score(&state, session.caller.clone(), id, request).await {
        Ok(_) => Ok(see_other(&format!("/review/{id}?done=scored#score"))),
        Err(
            e @ (crate::error::AppError::Validation(_) | crate::error::AppError::Conflict { .. }),
        ) => {
            let mut banner = None;
            for (field, reason) in field_reasons(&e).unwrap_or_default() {
                if matches!(field.as_str(), "score" | "recommendation" | "comment") {
                    errors.insert(field, reason);
                } else {
                    banner = Some(reason);
                }
            }
            if errors.is_empty() && banner.is_none() {
                banner = Some(e.message().localized().to_owned());
            }
            refuse(&state, &req, &session, id, input, errors, banner).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}

async fn refuse(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: NominationId,
    input: ScoreInput,
    errors: Errors,
    banner: Option<String>,
) -> Result<HttpResponse, PageError> {
    let banner = banner.or_else(|| Some(say("form.fix")));
    let shown = Shown {
        input: Some(input),
        errors,
        banner,
        notice: None,
    };
    render(
        state,
        req,
        session,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        shown,
    )
    .await
}

/// `GET /review/{id}/files/{file_id}`: an evidence file of a nomination assigned to the reviewer.
pub async fn get_review_file(
    state: web::Data<AppState>,
    session: SignedIn,
    path: web::Path<(NominationId, EvidenceFileId)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Reviewer)?;
    let (id, file_id) = path.into_inner();
    assigned_review(&state, &session.caller, id).await?;
    let (file, bytes) =
        evidence::download(&state, &session.caller, Owner::nomination(id), file_id).await?;
    Ok(with_page_headers(file_response(
        &file.file_name,
        &file.content_type,
        bytes,
    )))
}
