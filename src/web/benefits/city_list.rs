//! `/city/benefits`: every kind with what waits for the city (applications to decide, selections
//! to issue, holders whose card or room ends in 30 days) and a link to its page, and below the
//! list of all benefits with each one's unit, filtered by kind, status, unit and mentor, sorted
//! (newest, mentor, unit, kind, status) and cut into pages by the database, with the total.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::views::{Choice, KINDS, kind_choices, kind_word, row, status_choices};
use crate::db::benefits::{BenefitFilter, BenefitSort};
use crate::domain::benefit::{BenefitKind, BenefitStatus};
use crate::domain::ids::UnitId;
use crate::domain::role::Role;
use crate::services::{benefits, office_views};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{given, say};
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// `?kind=&status=&unit=&mentor=&sort=&page=`, kept as text so that a stray value is not a 400.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    kind: Option<String>,
    status: Option<String>,
    unit: Option<String>,
    mentor: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

/// The sorts of the city's list of benefits.
const SORTS: &[SortOption<BenefitSort>] = &[
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: BenefitSort::Newest,
    },
    SortOption {
        code: "mentor",
        label: "sort.mentor",
        sort: BenefitSort::Mentor,
    },
    SortOption {
        code: "unit",
        label: "sort.unit",
        sort: BenefitSort::Unit,
    },
    SortOption {
        code: "kind",
        label: "benefits.sort.kind",
        sort: BenefitSort::Kind,
    },
    SortOption {
        code: "status",
        label: "sort.status",
        sort: BenefitSort::Status,
    },
];

/// `GET /city/benefits`.
pub async fn get_city_benefits(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let q = query.into_inner();
    let units: BTreeMap<UnitId, String> = office_views::all_units(&state, &session.caller)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let kind = given(&q.kind).and_then(|k| k.parse::<BenefitKind>().ok());
    let status = given(&q.status).and_then(|s| s.parse::<BenefitStatus>().ok());
    let unit = given(&q.unit)
        .and_then(|u| u.parse::<i64>().ok())
        .map(UnitId)
        .filter(|u| units.contains_key(u));
    let mentor = given(&q.mentor).map(str::to_owned);
    let (sort, sorting) = choose(SORTS, q.sort.as_deref());
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
    let filter = BenefitFilter {
        kind,
        status,
        unit_id: unit,
        mentor_name: mentor.clone(),
        ..Default::default()
    };
    let asked = PageParam { page: q.page };
    let page = benefits::page(&state, &session.caller, filter, sort, request(&asked)).await?;
    let kind_value = kind.map(|k| k.as_str()).unwrap_or("");
    let status_value = status.map(|s| s.as_str()).unwrap_or("");
    let unit_value = unit.map(|u| u.0.to_string()).unwrap_or_default();
    let mentor_value = mentor.clone().unwrap_or_default();
    let pairs = [
        ("kind", kind.map(|k| k.as_str().to_owned())),
        ("status", status.map(|s| s.as_str().to_owned())),
        ("unit", unit.map(|u| u.0.to_string())),
        ("mentor", mentor),
    ];
    let filtered = pairs.iter().any(|(_, v)| v.is_some());
    let href = sorting::href("/city/benefits", &pairs, &sorting);
    let pager = pager_of(page.page, page.per_page, page.total, &href);
    let rows: Vec<_> = page
        .items
        .iter()
        .map(|b| {
            let mut r = row(b);
            r.unit = units.get(&b.unit_id).cloned();
            r
        })
        .collect();
    let unit_options: Vec<Choice> = std::iter::once(Choice {
        value: String::new(),
        label: say("benefits.filter.all"),
    })
    .chain(units.iter().map(|(id, name)| Choice {
        value: id.0.to_string(),
        label: name.clone(),
    }))
    .collect();
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "benefits/city_list.html",
        context! {
            kinds => kinds,
            rows => Serde(rows),
            pager => Serde(pager),
            sorting => Serde(sorting),
            kind_options => Serde(kind_choices()),
            status_options => Serde(status_choices()),
            unit_options => Serde(unit_options),
            kind => kind_value,
            status => status_value,
            unit => unit_value,
            mentor => mentor_value,
            filtered => filtered,
        },
    )
}
