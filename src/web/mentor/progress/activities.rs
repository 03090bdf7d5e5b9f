//! `/mentor/activities`: the mentor's activities, newest first, one contract year at a time or
//! the whole cycle, with each attendee's answer; and `/mentor/activities/{id}`, one activity with
//! its evidence files, the answers, and (until it is locked) its edit and add-files actions.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::view::{ActivityRow, figure, max_mb, problem_key};
use crate::db::evidence_files::EvidenceFile;
use crate::domain::contract::ContractStatus;
use crate::domain::evidence::Owner;
use crate::domain::ids::ActivityId;
use crate::domain::role::Role;
use crate::services::{activities, evidence, mentor_year};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// `?year=2027&page=2` (text, so that a stray value shows the whole cycle, not a 400).
#[derive(Deserialize)]
pub struct ListQuery {
    year: Option<String>,
    page: Option<String>,
    done: Option<String>,
}

/// A year's tab above the list.
#[derive(Serialize)]
struct YearTab {
    /// `None` for the whole cycle.
    year: Option<i32>,
    href: String,
    current: bool,
}

/// The notice a page shows after a form worked, by the `done` of its query (only known ones).
pub fn notice(done: Option<&str>) -> Option<String> {
    match done? {
        d @ ("logged" | "saved" | "files") => Some(format!("mentor.progress.done.{d}")),
        _ => None,
    }
}

/// `GET /mentor/activities`.
pub async fn get_activities(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let frame = Frame::signed_in(&state, &req, &session, Some(Role::Mentor));
    let Some(k) = mentor_year::current_contract(&state, &session.caller).await? else {
        return frame.render(
            &state,
            StatusCode::OK,
            "mentor/progress/activities.html",
            context! { contract => None::<()>, notice => None::<String> },
        );
    };
    let years: Vec<i32> = (k.start_date.year()..=k.end_date.year()).collect();
    let year = query
        .year
        .as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| years.contains(y));
    let mut all = activities::list(&state, &session.caller, k.id, year).await?;
    all.reverse();
    let href = match year {
        Some(y) => format!("/mentor/activities?year={y}"),
        None => "/mentor/activities".to_owned(),
    };
    let asked = PageParam {
        page: query.page.clone(),
    };
    let (rows, pager) = paginate(all, &asked, &href);
    let rows: Vec<ActivityRow> = rows.iter().map(ActivityRow::from).collect();
    let mut tabs = vec![YearTab {
        year: None,
        href: "/mentor/activities".to_owned(),
        current: year.is_none(),
    }];
    tabs.extend(years.iter().map(|y| YearTab {
        year: Some(*y),
        href: format!("/mentor/activities?year={y}"),
        current: year == Some(*y),
    }));
    frame.render(
        &state,
        StatusCode::OK,
        "mentor/progress/activities.html",
        context! {
            contract => context! {
                active => k.status == ContractStatus::Active,
                start_date => k.start_date.to_string(),
                end_date => k.end_date.to_string(),
            },
            year => year,
            tabs => Serde(tabs),
            rows => Serde(rows),
            pager => Serde(pager),
            notice => notice(query.done.as_deref()),
        },
    )
}

/// An evidence file as the detail page shows it.
#[derive(Serialize)]
struct FileView {
    href: String,
    name: String,
    image: bool,
    size: String,
}

impl From<&EvidenceFile> for FileView {
    fn from(f: &EvidenceFile) -> Self {
        let kib = f.size_bytes as f64 / 1024.0;
        Self {
            href: format!(
                "/mentor/activities/{}/files/{}",
                f.activity_id.map_or(0, |a| a.0),
                f.id.0
            ),
            name: f.file_name.clone(),
            image: f.content_type.starts_with("image/"),
            size: if kib >= 1024.0 {
                format!("{} MB", figure((kib / 1024.0 * 10.0).round() / 10.0))
            } else {
                format!("{} KB", kib.ceil() as i64)
            },
        }
    }
}

/// What the detail page shows besides the activity.
pub struct DetailExtras<'a> {
    pub status: StatusCode,
    pub notice: Option<String>,
    /// The catalogue key of a refused file's reason, shown beside the file field.
    pub file_error: Option<&'a str>,
}

/// Renders one of the mentor's own activities (another's answers 404).
pub async fn detail_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: ActivityId,
    extras: DetailExtras<'_>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let (activity, _) = mentor_year::own_activity(state, &session.caller, id).await?;
    let files = evidence::list(state, &session.caller, Owner::activity(id)).await?;
    let files: Vec<FileView> = files.iter().map(FileView::from).collect();
    let row = ActivityRow::from(&activity);
    Frame::signed_in(state, req, session, Some(Role::Mentor)).render(
        state,
        extras.status,
        "mentor/progress/activity.html",
        context! {
            a => Serde(row),
            summary => activity.summary,
            images => Serde(files.iter().filter(|f| f.image).collect::<Vec<_>>()),
            documents => Serde(files.iter().filter(|f| !f.image).collect::<Vec<_>>()),
            notice => extras.notice,
            file_error => extras.file_error,
            max_mb => max_mb(state),
        },
    )
}

/// `?done=logged&file=type`: the notice and a refused file's reason after a form.
#[derive(Deserialize)]
pub struct DetailQuery {
    done: Option<String>,
    file: Option<String>,
}

/// `GET /mentor/activities/{id}`.
pub async fn get_activity(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ActivityId>,
    query: web::Query<DetailQuery>,
) -> Result<HttpResponse, PageError> {
    let file_error = query.file.as_deref().and_then(problem_key);
    detail_page(
        &state,
        &req,
        &session,
        id.into_inner(),
        DetailExtras {
            status: StatusCode::OK,
            notice: notice(query.done.as_deref()),
            file_error,
        },
    )
    .await
}
