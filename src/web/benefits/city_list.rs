//! `/city/benefits`: every kind with what waits for the city (applications to decide, selections
//! to issue, holders whose card or room ends in 30 days) and a link to its page, and below the
//! list of all benefits filtered by kind, status and mentor.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::views::{KINDS, given, kind_choices, kind_word, row, status_choices};
use crate::db::benefits::BenefitFilter;
use crate::domain::benefit::{BenefitKind, BenefitStatus};
use crate::domain::role::Role;
use crate::services::benefits;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::operations::labels::href_with;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// `?kind=&status=&mentor=&page=&done=`.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    kind: Option<String>,
    status: Option<String>,
    mentor: Option<String>,
    page: Option<String>,
}

/// `GET /city/benefits`.
pub async fn get_city_benefits(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let q = query.into_inner();
    let kind = given(&q.kind).and_then(|k| k.parse::<BenefitKind>().ok());
    let status = given(&q.status).and_then(|s| s.parse::<BenefitStatus>().ok());
    let mentor = given(&q.mentor);
    let all = benefits::list(&state, &session.caller, BenefitFilter::default()).await?;
    let today = state.clock.today();
    let soon = today + chrono::Duration::days(30);
    let kinds: Vec<_> = KINDS
        .iter()
        .map(|k| {
            let of =
                |s: BenefitStatus| all.iter().filter(|b| b.kind == *k && b.status == s).count();
            let expiring = all
                .iter()
                .filter(|b| b.kind == *k && b.status == BenefitStatus::Issued)
                .filter(|b| b.valid_until.is_some_and(|d| d <= soon))
                .count();
            context! {
                kind => k.as_str(),
                label => kind_word(*k),
                applied => of(BenefitStatus::Applied),
                approved => of(BenefitStatus::Approved),
                issued => of(BenefitStatus::Issued),
                expiring => expiring,
                applies => k.needs_application(),
            }
        })
        .collect();
    let mut shown: Vec<_> = all
        .into_iter()
        .filter(|b| kind.is_none_or(|k| b.kind == k))
        .filter(|b| status.is_none_or(|s| b.status == s))
        .filter(|b| mentor.as_deref().is_none_or(|m| b.mentor_name.contains(m)))
        .collect();
    shown.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    let kind_value = kind.map(|k| k.as_str()).unwrap_or("");
    let status_value = status.map(|s| s.as_str()).unwrap_or("");
    let mentor_value = mentor.unwrap_or_default();
    let href = href_with(
        "/city/benefits",
        &[
            ("kind", kind_value),
            ("status", status_value),
            ("mentor", &mentor_value),
        ],
    );
    let (rows, pager) = paginate(shown, &PageParam { page: q.page }, &href);
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "benefits/city_list.html",
        context! {
            kinds => kinds,
            rows => Serde(rows.iter().map(row).collect::<Vec<_>>()),
            pager => Serde(pager),
            kind_options => Serde(kind_choices()),
            status_options => Serde(status_choices()),
            kind => kind_value,
            status => status_value,
            mentor => mentor_value,
            filtered => href != "/city/benefits",
        },
    )
}
