//! An activity's evidence files on the pages: added with the activity's forms (photos from the
//! phone's camera, or files) through `services::evidence::upload`, and served back to the
//! activity's mentor for the thumbnails and links of the detail page.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use super::activities::{DetailExtras, detail_page};
use super::view::problem_key;
use crate::domain::evidence::Owner;
use crate::domain::ids::{ActivityId, EvidenceFileId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::routes::extract::inline_file_response;
use crate::services::{evidence, mentor_year};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::session::SignedIn;
use crate::web::uploads::{CheckedMultipart, FileProblem};

/// The name of the forms' file input.
pub const FILE_FIELD: &str = "files";

/// The code of the evidence service's refusal of a file.
fn refusal_code(e: &AppError) -> &'static str {
    match e {
        AppError::Validation(fields) if fields.contains_key("file") => "type",
        AppError::Validation(fields) if fields.contains_key("name") => "name",
        AppError::Conflict { fields, .. } if fields.contains_key("locked") => "locked",
        _ => "other",
    }
}

/// Stores the form's files for the activity, one by one; the code of the first file refused
/// (by the form's bounds or by the evidence service), if any. Files before and after a refused
/// one are kept: the user sees which reason applies and adds the missing one again.
pub async fn store_files(
    state: &AppState,
    session: &SignedIn,
    id: ActivityId,
    form: &CheckedMultipart,
) -> Result<Option<&'static str>, PageError> {
    let mut problem = match form.file_problem {
        Some(FileProblem::TooLarge) => Some("size"),
        Some(FileProblem::TooMany) => Some("count"),
        None => None,
    };
    for f in form.files.iter().filter(|f| f.field == FILE_FIELD) {
        let stored = evidence::upload(
            state,
            session.caller.clone(),
            Owner::activity(id),
            &f.file_name,
            f.bytes.clone(),
        )
        .await;
        match stored {
            Ok(_) => {}
            Err(AppError::Internal(e)) => return Err(PageError::App(AppError::Internal(e))),
            Err(e) => {
                tracing::info!(activity = %id, error = %e, "an activity's file was refused");
                problem.get_or_insert(refusal_code(&e));
            }
        }
    }
    Ok(problem)
}

/// `POST /mentor/activities/{id}/files`: adds files to an activity not yet locked; a refused
/// file shows its reason beside the file field (422), the others are kept.
pub async fn post_activity_files(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ActivityId>,
    form: CheckedMultipart,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let id = id.into_inner();
    mentor_year::own_activity(&state, &session.caller, id).await?;
    let chosen = form.files.iter().any(|f| f.field == FILE_FIELD) || form.file_problem.is_some();
    let problem = if chosen {
        store_files(&state, &session, id, &form).await?
    } else {
        Some("none")
    };
    match problem {
        None => Ok(see_other(&format!("/mentor/activities/{id}?done=files"))),
        Some(code) => {
            let key = problem_key(code).unwrap_or("mentor.progress.file.none");
            detail_page(
                &state,
                &req,
                &session,
                id,
                DetailExtras {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    notice: None,
                    file_error: Some(key),
                },
            )
            .await
        }
    }
}

/// `GET /mentor/activities/{id}/files/{file_id}`: one file of the mentor's own activity, shown
/// in the page (an image, a PDF) under its own name; never guessed at by the browser, kept in
/// the browser's private cache only.
pub async fn get_activity_file(
    state: web::Data<AppState>,
    session: SignedIn,
    path: web::Path<(ActivityId, EvidenceFileId)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let (id, file_id) = path.into_inner();
    mentor_year::own_activity(&state, &session.caller, id).await?;
    let (file, bytes) =
        evidence::download(&state, &session.caller, Owner::activity(id), file_id).await?;
    let mut res = inline_file_response(&file.file_name, &file.content_type, bytes);
    res.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(res)
}
