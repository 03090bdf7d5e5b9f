//! `GET /notice/{round_id}/print`: the public notice (公示) of a round as a document: every
//! candidate on one list, the notice period, how to object, the issuing department and the day
//! the notice was published. Visible to whoever may read `/notice/{round_id}` (the notice pages'
//! own rule: anyone, or signed-in users only when the city keeps the notice behind login).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use super::sheet;
use crate::domain::ids::RoundId;
use crate::domain::page::PageRequest;
use crate::error::AppError;
use crate::services::public_notice;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::notice::pages::frame;
use crate::web::session::MaybeSignedIn;

/// Candidates fetched per call while the whole list is gathered.
const BATCH: i64 = 1000;

/// `GET /notice/{round_id}/print`; a round not on notice (yet) answers the 404 page, as its
/// notice page does.
pub async fn get_notice(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: MaybeSignedIn,
    id: web::Path<RoundId>,
) -> Result<HttpResponse, PageError> {
    let frame = frame(&state, &req, &session)?;
    let id = id.into_inner();
    let locale = crate::i18n::current().locale;
    let mut page = 1;
    let mut items = Vec::new();
    let notice = loop {
        let n = match public_notice::public_notice(
            &state,
            id,
            PageRequest {
                page,
                per_page: BATCH,
            },
            locale,
        )
        .await
        {
            Ok(n) => n,
            Err(AppError::Conflict { .. }) => return Err(PageError::App(AppError::NotFound)),
            Err(e) => return Err(PageError::App(e)),
        };
        let got = n.items.len() as i64;
        let total = n.total;
        let mut n = n;
        items.append(&mut n.items);
        if got == 0 || (items.len() as i64) >= total {
            break n;
        }
        page += 1;
    };
    frame.render(
        &state,
        StatusCode::OK,
        "printing/notice.html",
        context! {
            n => Serde(&notice),
            items => Serde(&items),
            department => sheet::department(&state),
            back => format!("/notice/{id}"),
        },
    )
}
