//! `/unit/benefits`: the benefits of the unit admin's mentors, read only (the city decides and
//! issues them), filtered by kind, status and mentor, sorted (newest, mentor, kind, status) and
//! cut into pages by the database, with the total. Only the caller's unit: no unit filter, and
//! no sort by unit.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::views::{Choice, kind_choices, row, status_choices};
use crate::auth::caller::Caller;
use crate::db::benefits::{BenefitFilter, BenefitSort};
use crate::domain::benefit::{BenefitKind, BenefitStatus};
use crate::domain::role::Role;
use crate::services::benefits;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{given, say};
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// `?kind=&status=&mentor=&sort=&page=`, kept as text so that a stray value is not a 400.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    kind: Option<String>,
    status: Option<String>,
    mentor: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

/// The sorts of the unit's list of benefits: the city's but by unit (there is one).
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

/// The caller acting as their unit's admin only (a city admin who also administers a unit sees
/// here only that unit).
fn as_unit_admin(caller: &Caller) -> Caller {
    Caller {
        roles: vec![Role::UnitAdmin],
        ..caller.clone()
    }
}

/// `GET /unit/benefits`.
pub async fn get_unit_benefits(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::UnitAdmin)?;
    let q = query.into_inner();
    let caller = as_unit_admin(&session.caller);
    let kind = given(&q.kind).and_then(|k| k.parse::<BenefitKind>().ok());
    let status = given(&q.status).and_then(|s| s.parse::<BenefitStatus>().ok());
    let all = benefits::list(&state, &caller, BenefitFilter::default()).await?;
    // The mentor filter offers the unit's mentors that have benefits.
    let mut mentors: Vec<(String, String)> = all
        .iter()
        .map(|b| (b.mentor_user_id.0.to_string(), b.mentor_name.clone()))
        .collect();
    mentors.sort_by(|a, b| a.1.cmp(&b.1));
    mentors.dedup();
    let mentor = given(&q.mentor)
        .map(str::to_owned)
        .filter(|m| mentors.iter().any(|(id, _)| id == m));
    let (sort, sorting) = choose(SORTS, q.sort.as_deref());
    let filter = BenefitFilter {
        kind,
        status,
        mentor: mentor
            .as_deref()
            .and_then(|m| m.parse::<i64>().ok())
            .map(crate::domain::ids::UserId),
        ..Default::default()
    };
    let asked = PageParam { page: q.page };
    let page = benefits::page(&state, &caller, filter, sort, request(&asked)).await?;
    let kind_value = kind.map(|k| k.as_str()).unwrap_or("");
    let status_value = status.map(|s| s.as_str()).unwrap_or("");
    let mentor_value = mentor.clone().unwrap_or_default();
    let pairs = [
        ("kind", kind.map(|k| k.as_str().to_owned())),
        ("status", status.map(|s| s.as_str().to_owned())),
        ("mentor", mentor),
    ];
    let filtered = pairs.iter().any(|(_, v)| v.is_some());
    let href = sorting::href("/unit/benefits", &pairs, &sorting);
    let pager = pager_of(page.page, page.per_page, page.total, &href);
    let mentor_options: Vec<Choice> = std::iter::once(Choice {
        value: String::new(),
        label: say("benefits.filter.all"),
    })
    .chain(
        mentors
            .into_iter()
            .map(|(value, label)| Choice { value, label }),
    )
    .collect();
    Frame::signed_in(&state, &req, &session, Some(Role::UnitAdmin)).render(
        &state,
        StatusCode::OK,
        "benefits/unit_list.html",
        context! {
            rows => Serde(page.items.iter().map(row).collect::<Vec<_>>()),
            pager => Serde(pager),
            sorting => Serde(sorting),
            kind_options => Serde(kind_choices()),
            status_options => Serde(status_choices()),
            mentor_options => Serde(mentor_options),
            kind => kind_value,
            status => status_value,
            mentor => mentor_value,
            filtered => filtered,
        },
    )
}
