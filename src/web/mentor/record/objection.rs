//! The mentor's objection to a confirmed unqualified grade: the form with its reason and files
//! (`POST /mentor/assessments/{id}/objection`), and the download of a file of an objection.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::assessments::{ObjectionErrors, ObjectionForm, render_assessment};
use crate::domain::assessment::ObjectionRequest;
use crate::domain::evidence::Owner;
use crate::domain::ids::{AssessmentId, EvidenceFileId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::routes::extract::file_response;
use crate::services::mentor_record::{ObjectionWindow, as_mentor, objection_window};
use crate::services::{assessments, evidence, objections};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, required, say};
use crate::web::layout::{see_other, with_page_headers};
use crate::web::session::SignedIn;
use crate::web::uploads::{CheckedMultipart, FileProblem};

/// The form's file input.
const FILES: &str = "files";

/// `POST /mentor/assessments/{id}/objection`: files the objection with its reason, then keeps
/// each file with it. The files are looked at first (size, count, PDF/JPEG/PNG by their content,
/// as the evidence service will), so that a wrong file is refused with the form before anything
/// is filed.
pub async fn post_objection(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentId>,
    form: CheckedMultipart,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let id = id.into_inner();
    let caller = as_mentor(&session.caller);
    let content = form.text("content").to_owned();
    let mut errors = BTreeMap::new();
    // The assessment must be the caller's before anything is said about the form; and when the
    // window is not open, the service's refusal is the one to show, whatever the files.
    let detail = assessments::get(&state, &caller, id).await?;
    let open = matches!(
        objection_window(&detail.assessment, &detail.objections, state.clock.today()),
        ObjectionWindow::Open { .. }
    );
    let file_problem = match form.file_problem {
        _ if !open => None,
        Some(FileProblem::TooLarge) => Some(say("mentor.record.objection.file_too_large")),
        Some(FileProblem::TooMany) => Some(say("mentor.record.objection.too_many_files")),
        None if form
            .files
            .iter()
            .any(|f| evidence::sniff(&f.bytes).is_none()) =>
        {
            Some(say("mentor.record.objection.file_type"))
        }
        None => None,
    };
    if let Some(reason) = file_problem {
        errors.insert(FILES.to_owned(), reason);
        if let Some(r) = required(&content) {
            errors.insert("content".to_owned(), r);
        }
        return refuse(&state, &req, &session, id, content, errors, None).await;
    }
    let filed = objections::file_objection(
        &state,
        caller.clone(),
        id,
        ObjectionRequest {
            content: content.clone(),
        },
    )
    .await;
    let objection = match filed {
        Ok(o) => o,
        Err(AppError::NotFound) => return Err(PageError::App(AppError::NotFound)),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let mut banner = None;
            for (field, reason) in field_reasons(&e).unwrap_or_default() {
                if field == "content" {
                    errors.insert(field, reason);
                } else {
                    banner = Some(reason);
                }
            }
            if errors.is_empty() && banner.is_none() {
                banner = Some(e.message().localized().to_owned());
            }
            return refuse(&state, &req, &session, id, content, errors, banner).await;
        }
        Err(e) => return Err(PageError::App(e)),
    };
    let mut all_kept = true;
    for f in form.files {
        let kept = evidence::upload(
            &state,
            caller.clone(),
            Owner::objection(objection.id),
            &f.file_name,
            f.bytes,
        )
        .await;
        if let Err(e) = kept {
            tracing::warn!(objection = %objection.id, error = %e, "an objection's file was not kept");
            all_kept = false;
        }
    }
    let done = if all_kept {
        "objection"
    } else {
        "objection_files"
    };
    Ok(see_other(&format!(
        "/mentor/assessments/{id}?done={done}#objection"
    )))
}

/// The form again, with the reasons and the reason typed (422).
async fn refuse(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: AssessmentId,
    content: String,
    errors: BTreeMap<String, String>,
    form_error: Option<String>,
) -> Result<HttpResponse, PageError> {
    render_assessment(
        state,
        req,
        session,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        ObjectionForm {
            content,
            errors: ObjectionErrors {
                content: errors.get("content").cloned(),
                files: errors.get(FILES).cloned(),
            },
            form_error,
        },
        None,
    )
    .await
}

/// `GET /mentor/assessments/{id}/objection/files/{file_id}`: a file of one of the assessment's
/// objections, as an attachment that the browser does not sniff.
pub async fn get_objection_file(
    state: web::Data<AppState>,
    session: SignedIn,
    path: web::Path<(AssessmentId, EvidenceFileId)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let (id, file_id) = path.into_inner();
    let caller = as_mentor(&session.caller);
    let detail = assessments::get(&state, &caller, id).await?;
    for o in &detail.objections {
        match evidence::download(&state, &caller, Owner::objection(o.id), file_id).await {
            Ok((file, bytes)) => {
                return Ok(with_page_headers(file_response(
                    &file.file_name,
                    &file.content_type,
                    bytes,
                )));
            }
            Err(AppError::NotFound) => continue,
            Err(e) => return Err(PageError::App(e)),
        }
    }
    Err(PageError::App(AppError::NotFound))
}
