//! `/mentee/activities`: the activities I attended, newest first, a page at a time — kind, date,
//! hours, place, summary, the mentor's files, my answer — with confirm and dispute (the reason
//! required) while the activity is open; the files open through this area
//! (`/mentee/activities/{id}/files/{file_id}`), since the API does not take the page's cookie.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::mine::Mine;
use super::refusal;
use crate::db::activities::{Activity, Attendance};
use crate::db::evidence_files::EvidenceFile;
use crate::domain::activity::{AttendanceRequest, AttendanceStatus};
use crate::domain::evidence::Owner;
use crate::domain::ids::{ActivityId, EvidenceFileId};
use crate::domain::role::Role;
use crate::routes::extract::file_response;
use crate::services::{activities, evidence, mentee_pages};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::paging::{PER_PAGE, PageParam, paginate};
use crate::web::session::SignedIn;

/// `?page=N&done=confirmed|disputed`.
#[derive(Deserialize)]
pub struct ListQuery {
    pub page: Option<String>,
    pub done: Option<String>,
}

/// The confirm form: the list page to come back to.
#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    pub page: String,
}

/// One activity as the list shows it.
#[derive(Serialize)]
struct Row {
    activity: Activity,
    mine: Option<Attendance>,
    files: Vec<EvidenceFile>,
    /// The hours as a person writes them (1.5, 2).
    hours: String,
}

/// What a re-rendered list keeps of a refused answer.
#[derive(Default)]
struct Kept {
    /// The activity answered and the note as typed.
    note: Option<(ActivityId, String)>,
    errors: BTreeMap<String, String>,
    form_error: Option<String>,
}

/// The list page to come back to after answering, from the form's `page`.
fn back_to(page: &str, done: &str, id: ActivityId) -> String {
    let n = PageParam {
        page: Some(page.to_owned()),
    }
    .number();
    format!("/mentee/activities?page={n}&done={done}#activity-{id}")
}

async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    asked: PageParam,
    notice: Option<&str>,
    kept: Kept,
) -> Result<HttpResponse, PageError> {
    let caller = &session.caller;
    let mine = Mine::load(state, caller).await?;
    let attended = mentee_pages::activities_attended(state, caller, &mine.contracts).await?;
    // A refused answer shows the page its activity is on.
    let asked = match &kept.note {
        Some((id, _)) => match attended.iter().position(|a| a.id == *id) {
            Some(at) => PageParam {
                page: Some((at / PER_PAGE + 1).to_string()),
            },
            None => asked,
        },
        None => asked,
    };
    let (shown, pager) = paginate(attended, &asked, "/mentee/activities");
    let mut rows = Vec::with_capacity(shown.len());
    for a in shown {
        let files = evidence::list(state, caller, Owner::activity(a.id)).await?;
        let mine = a
            .attendance
            .iter()
            .find(|x| x.mentee_id == caller.id)
            .cloned();
        rows.push(Row {
            hours: a.hours.to_string(),
            activity: a,
            mine,
            files,
        });
    }
    let notice = match notice {
        Some("confirmed") => Some("mentee.activities.confirmed"),
        Some("disputed") => Some("mentee.activities.disputed"),
        _ => None,
    };
    let page = pager.page;
    Frame::signed_in(state, req, session, Some(Role::Mentee)).render(
        state,
        status,
        "mentee/activities.html",
        context! {
            rows => Serde(rows),
            pager => Serde(pager),
            page => page,
            has_contract => mine.current().is_some(),
            note_for => kept.note.as_ref().map(|n| n.0.0),
            note_kept => kept.note.as_ref().map(|n| n.1.clone()).unwrap_or_default(),
            errors => Serde(kept.errors),
            notice => notice,
            form_error => kept.form_error,
        },
    )
}

/// `GET /mentee/activities`.
pub async fn get_activities(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    let q = query.into_inner();
    list_page(
        &state,
        &req,
        &session,
        StatusCode::OK,
        PageParam { page: q.page },
        q.done.as_deref(),
        Kept::default(),
    )
    .await
}

/// The list again after a refused answer to activity `id`.
async fn refused(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: ActivityId,
    note: String,
    err: crate::error::AppError,
) -> Result<HttpResponse, PageError> {
    let shown = refusal::show(err, |f| (f == "note").then(|| format!("note_{id}")))?;
    list_page(
        state,
        req,
        session,
        shown.status,
        PageParam::default(),
        None,
        Kept {
            note: Some((id, note)),
            errors: shown.fields,
            form_error: Some(shown.banner),
        },
    )
    .await
}

/// `POST /mentee/activities/{id}/confirm`: I attended as logged.
pub async fn post_activity_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ActivityId>,
    form: CheckedForm<ConfirmForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    let id = id.into_inner();
    let answer = AttendanceRequest {
        status: AttendanceStatus::Confirmed,
        note: None,
    };
    match activities::respond(&state, session.caller.clone(), id, answer).await {
        Ok(_) => Ok(see_other(&back_to(&form.0.page, "confirmed", id))),
        Err(err) => refused(&state, &req, &session, id, String::new(), err).await,
    }
}

/// `POST /mentee/activities/{id}/dispute`: it did not happen as logged, and why (`note_{id}`:
/// each activity's reason has its own input on the list).
pub async fn post_activity_dispute(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ActivityId>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    let id = id.into_inner();
    let value = |name: &str| {
        form.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (note, page) = (value(&format!("note_{id}")), value("page"));
    match mentee_pages::dispute(&state, session.caller.clone(), id, &note).await {
        Ok(_) => Ok(see_other(&back_to(&page, "disputed", id))),
        Err(err) => refused(&state, &req, &session, id, note, err).await,
    }
}

/// `GET /mentee/activities/{id}/files/{file_id}`: one of the mentor's files of an activity I may
/// see (the evidence service decides).
pub async fn get_activity_file(
    state: web::Data<AppState>,
    session: SignedIn,
    path: web::Path<(ActivityId, EvidenceFileId)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentee)?;
    let (id, file_id) = path.into_inner();
    let (file, bytes) =
        evidence::download(&state, &session.caller, Owner::activity(id), file_id).await?;
    Ok(file_response(&file.file_name, &file.content_type, bytes))
}
