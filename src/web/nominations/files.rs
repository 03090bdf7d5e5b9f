//! A nomination's evidence files (certificates): uploading to a draft or returned form
//! (`POST /unit/nominations/{id}/files`, multipart with the CSRF token) and downloading one
//! (`GET /unit/nominations/{id}/files/{file_id}`). What a file may be is the evidence service's
//! decision.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::edit::{Shown, refusal, render_nomination};
use super::form::Errors;
use super::list::unit_of;
use crate::domain::evidence::Owner;
use crate::domain::ids::{EvidenceFileId, NominationId};
use crate::routes::extract::file_response;
use crate::services::evidence;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::{see_other, with_page_headers};
use crate::web::session::SignedIn;
use crate::web::uploads::{CheckedMultipart, FileProblem};

/// `POST /unit/nominations/{id}/files`.
pub async fn post_nomination_files(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<NominationId>,
    form: CheckedMultipart,
) -> Result<HttpResponse, PageError> {
    unit_of(&session)?;
    let id = id.into_inner();
    let problem = match form.file_problem {
        Some(FileProblem::TooLarge) => Some(say("nominations.files.too_large")),
        Some(FileProblem::TooMany) => Some(say("nominations.files.too_many")),
        None if form.files.is_empty() => Some(say("nominations.files.none")),
        None => None,
    };
    if let Some(reason) = problem {
        let mut errors = Errors::new();
        errors.insert("files".to_owned(), reason);
        let shown = Shown {
            errors,
            ..Shown::default()
        };
        return render_nomination(
            &state,
            &req,
            &session,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            shown,
        )
        .await;
    }
    let (mut kept, mut refused) = (0, None);
    for f in form.files {
        match evidence::upload(
            &state,
            session.caller.clone(),
            Owner::nomination(id),
            &f.file_name,
            f.bytes,
        )
        .await
        {
            Ok(_) => kept += 1,
            Err(e) => {
                let mut errors = Errors::new();
                let banner = refusal(e, &mut errors)?;
                refused = errors.into_values().next().or(banner);
            }
        }
    }
    match refused {
        None => Ok(see_other(&format!(
            "/unit/nominations/{id}?done=files#files"
        ))),
        Some(reason) => {
            let mut errors = Errors::new();
            errors.insert("files".to_owned(), reason);
            let shown = Shown {
                errors,
                notice: (kept > 0).then(|| "nominations.done.files_some".to_owned()),
                ..Shown::default()
            };
            render_nomination(
                &state,
                &req,
                &session,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                shown,
            )
            .await
        }
    }
}

/// `GET /unit/nominations/{id}/files/{file_id}`: the file as an attachment.
pub async fn get_nomination_file(
    state: web::Data<AppState>,
    session: SignedIn,
    path: web::Path<(NominationId, EvidenceFileId)>,
) -> Result<HttpResponse, PageError> {
    unit_of(&session)?;
    let (id, file_id) = path.into_inner();
    let (file, bytes) =
        evidence::download(&state, &session.caller, Owner::nomination(id), file_id).await?;
    Ok(with_page_headers(file_response(
        &file.file_name,
        &file.content_type,
        bytes,
    )))
}
