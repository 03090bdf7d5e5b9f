//! `/city/assessment-rounds/objections`: the mentors' objections to confirmed unqualified grades,
//! pending first, and one objection with its reason, its files (download) and the assessment it
//! answers, with the decision form: uphold (the assessment goes back to the unit for a new grade)
//! or reject (the grade stands and its consequence follows), with a reason, what follows printed
//! beside each choice.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::views::row;
use crate::db::objections::Objection;
use crate::domain::assessment::{ObjectionDecision, ObjectionDecisionRequest, ObjectionStatus};
use crate::domain::evidence::Owner;
use crate::domain::ids::{AssessmentObjectionId, EvidenceFileId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::routes::extract::file_response;
use crate::services::{assessments, evidence, objections};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::layout::{see_other, with_page_headers};
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// `?status=…&page=…&done=…`.
#[derive(Debug, Default, Deserialize)]
pub struct ObjectionQuery {
    pub status: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

/// An objection in the list, with its mentor and assessment.
#[derive(Serialize)]
struct ObjectionRow {
    id: AssessmentObjectionId,
    status: &'static str,
    content: String,
    filed_at: chrono::DateTime<chrono::Utc>,
    decided_at: Option<chrono::DateTime<chrono::Utc>>,
    decision_reason: Option<String>,
    a: super::views::Row,
}

async fn with_assessment(
    state: &AppState,
    session: &SignedIn,
    o: &Objection,
) -> Result<ObjectionRow, AppError> {
    let d = assessments::get(state, &session.caller, o.assessment_id).await?;
    Ok(ObjectionRow {
        id: o.id,
        status: o.status.as_str(),
        content: o.content.clone(),
        filed_at: o.filed_at,
        decided_at: o.decided_at,
        decision_reason: o.decision_reason.clone(),
        a: row(&d.assessment),
    })
}

/// `GET /city/assessment-rounds/objections`: every objection, pending first, newest first.
pub async fn get_objections(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ObjectionQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let status = query.status.as_deref().and_then(|s| {
        ObjectionStatus::ALL
            .iter()
            .copied()
            .find(|x| x.as_str() == s)
    });
    let mut list = objections::list(&state, &session.caller, status).await?;
    list.sort_by(|a, b| {
        (a.status != ObjectionStatus::Pending)
            .cmp(&(b.status != ObjectionStatus::Pending))
            .then(b.filed_at.cmp(&a.filed_at))
    });
    let pending = list
        .iter()
        .filter(|o| o.status == ObjectionStatus::Pending)
        .count();
    let href = match status {
        Some(s) => format!("/city/assessment-rounds/objections?status={}", s.as_str()),
        None => "/city/assessment-rounds/objections".to_owned(),
    };
    let (page, pager) = paginate(
        list,
        &PageParam {
            page: query.page.clone(),
        },
        &href,
    );
    let mut rows = Vec::with_capacity(page.len());
    for o in &page {
        rows.push(with_assessment(&state, &session, o).await?);
    }
    let notice = match query.done.as_deref() {
        Some("decided") => Some("assessing.notice.decided"),
        _ => None,
    };
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "assessing/objections.html",
        context! {
            rows => Serde(rows),
            pager => Serde(pager),
            status => status.map(|s| s.as_str()),
            statuses => ObjectionStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            pending => pending,
            notice => notice,
        },
    )
}

/// The decision form as typed.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub reason: String,
}

/// The objection by id, if the caller may see it.
async fn find(
    state: &AppState,
    session: &SignedIn,
    id: AssessmentObjectionId,
) -> Result<Objection, PageError> {
    objections::list(state, &session.caller, None)
        .await?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or(PageError::App(AppError::NotFound))
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: AssessmentObjectionId,
    status: StatusCode,
    form: DecisionForm,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<HttpResponse, PageError> {
    let o = find(state, session, id).await?;
    let r = with_assessment(state, session, &o).await?;
    let files: Vec<_> = evidence::list(state, &session.caller, Owner::objection(id))
        .await?
        .into_iter()
        .map(|f| {
            context! {
                id => f.id.0,
                name => f.file_name,
                kb => (f.size_bytes + 1023) / 1024,
            }
        })
        .collect();
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "assessing/objection.html",
        context! {
            o => Serde(r),
            files => files,
            form => Serde(form),
            any_error => !errors.is_empty(),
            errors => context! {
                outcome => errors.get("outcome").cloned(),
                reason => errors.get("reason").cloned(),
                form => errors.get("form").cloned(),
            },
        },
    )
}

/// `GET /city/assessment-rounds/objections/{id}`.
pub async fn get_objection(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentObjectionId>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let f = DecisionForm::default();
    let no = Default::default();
    render(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        f,
        no,
    )
    .await
}

/// `POST /city/assessment-rounds/objections/{id}/decision`: upholds or rejects with the reason,
/// then back to the list.
pub async fn post_objection_decision(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentObjectionId>,
    form: CheckedForm<DecisionForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let f = form.0;
    let outcome = match f.outcome.as_str() {
        "upheld" => Some(ObjectionDecision::Upheld),
        "rejected" => Some(ObjectionDecision::Rejected),
        _ => None,
    };
    let mut errors = std::collections::BTreeMap::new();
    let Some(outcome) = outcome else {
        errors.insert("outcome".to_owned(), say("assessing.objection.choose"));
        if f.reason.trim().is_empty() {
            errors.insert("reason".to_owned(), say("form.required"));
        }
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render(&state, &req, &session, id, status, f, errors).await;
    };
    let decided = objections::decide(
        &state,
        session.caller.clone(),
        id,
        ObjectionDecisionRequest {
            outcome,
            reason: f.reason.clone(),
        },
    )
    .await;
    match decided {
        Ok(_) => Ok(see_other("/city/assessment-rounds/objections?done=decided")),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            for (field, reason) in field_reasons(&e).unwrap_or_default() {
                let key = if field == "reason" { "reason" } else { "form" };
                errors.insert(key.to_owned(), reason);
            }
            if errors.is_empty() {
                errors.insert("form".to_owned(), e.message().localized().to_owned());
            }
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(&state, &req, &session, id, status, f, errors).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}

/// `GET …/objections/{id}/files/{file_id}`: a file of the objection, as an attachment.
pub async fn get_objection_file(
    state: web::Data<AppState>,
    session: SignedIn,
    path: web::Path<(AssessmentObjectionId, EvidenceFileId)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (id, file_id) = path.into_inner();
    let (file, bytes) =
        evidence::download(&state, &session.caller, Owner::objection(id), file_id).await?;
    Ok(with_page_headers(file_response(
        &file.file_name,
        &file.content_type,
        bytes,
    )))
}
