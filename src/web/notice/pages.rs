//! `GET /notice`: the rounds on public notice now; `GET /notice/{round_id}`: one round's notice
//! (the candidates by name, unit and category, never their contact details; the notice period;
//! where, how and until when to object), printable. Both are open to anyone when
//! `selection.public_notice_public` is true and answer a sign-in redirect otherwise; the policy
//! table lists them as `Public`, so the session is checked here.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use crate::domain::ids::RoundId;
use crate::domain::page::PageRequest;
use crate::domain::selection::RoundStatus;
use crate::error::AppError;
use crate::services::{public_notice, round_register};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PER_PAGE, PageParam, Pager};
use crate::web::session::MaybeSignedIn;

/// `?page=N` of the candidates, or `?all=1` for all of them at once (to print the notice whole).
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    pub page: Option<String>,
    pub all: Option<String>,
}

/// The most candidates the whole notice shows on one page.
const WHOLE: usize = 1000;

/// The frame of a notice page: the reader's session when there is one; none when the notice is
/// public; otherwise the sign-in page, which comes back here.
pub fn frame(
    state: &AppState,
    req: &HttpRequest,
    session: &MaybeSignedIn,
) -> Result<Frame, PageError> {
    match &session.0 {
        Some(s) => Ok(Frame::signed_in(state, req, s, None)),
        None if state.settings.selection.public_notice_public => Ok(Frame::anonymous(state, req)),
        None => Err(PageError::SignIn {
            next: req
                .uri()
                .path_and_query()
                .map_or_else(|| "/notice".to_owned(), |p| p.as_str().to_owned()),
        }),
    }
}

/// `GET /notice`: the rounds whose notice is running.
pub async fn get_notices(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: MaybeSignedIn,
) -> Result<HttpResponse, PageError> {
    let frame = frame(&state, &req, &session)?;
    let rounds = round_register::all_rounds(&state, Some(RoundStatus::PublicNotice)).await?;
    let rounds: Vec<_> = rounds
        .into_iter()
        .map(|r| {
            context! {
                id => r.id.0,
                name => r.name,
                from => r.notice_starts_on.map(|d| d.to_string()),
                to => r.notice_ends_on.map(|d| d.to_string()),
            }
        })
        .collect();
    frame.render(
        &state,
        StatusCode::OK,
        "notice/list.html",
        context! { rounds => rounds },
    )
}

/// `GET /notice/{round_id}`: a round's notice; a round not (yet) published answers the 404 page,
/// since there is nothing public about it.
pub async fn get_notice(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: MaybeSignedIn,
    id: web::Path<RoundId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, PageError> {
    let frame = frame(&state, &req, &session)?;
    let id = id.into_inner();
    let locale = crate::i18n::current().locale;
    let whole = query.all.is_some();
    let per_page = if whole { WHOLE } else { PER_PAGE };
    let asked = PageParam {
        page: if whole { None } else { query.page.clone() },
    };
    let fetch = |page: usize| {
        public_notice::public_notice(
            &state,
            id,
            PageRequest {
                page: page as i64,
                per_page: per_page as i64,
            },
            locale,
        )
    };
    let mut notice = match fetch(asked.number()).await {
        Ok(n) => n,
        Err(AppError::Conflict { .. }) => return Err(PageError::App(AppError::NotFound)),
        Err(e) => return Err(PageError::App(e)),
    };
    let pages = (notice.total as usize).div_ceil(per_page).max(1);
    if asked.number() > pages {
        notice = fetch(pages).await?;
    }
    let page = asked.number().min(pages);
    let link = |p: usize| format!("/notice/{id}?page={p}");
    let pager = Pager {
        page,
        pages,
        total: notice.total as usize,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    };
    let first = (page - 1) * per_page;
    frame.render(
        &state,
        StatusCode::OK,
        "notice/notice.html",
        context! {
            n => Serde(notice),
            pager => Serde(pager),
            first => first,
            whole => whole,
        },
    )
}
