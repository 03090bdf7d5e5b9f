//! `GET /review` (and `/home` for a reviewer): the nominations assigned to the reviewer, by talent
//! category, with what they have scored and what remains, sorted (not yet scored first, name,
//! category, unit). The list is the service's (`review::my_reviews`), which never gives a
//! nomination of the reviewer's own unit; a reviewer has few, so the page reads them all and sorts
//! them in memory, each sort with a tie-break by the nomination's id.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::domain::category::TalentCategory;
use std::collections::HashMap;

use crate::domain::ids::{NominationId, UnitId};
use crate::domain::page::PageRequest;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::review::{self, ReviewItem};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// `?category=…&state=todo|done&sort=…&page=…`, as text so that a stray value is not a 400 page.
#[derive(Debug, Default, Deserialize)]
pub struct ReviewListQuery {
    pub category: Option<String>,
    pub state: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

/// How the reviewer's list is sorted; each ends with the nomination's id, so that a page is the
/// same rows every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewSort {
    /// Not yet scored first, then by talent category.
    Todo,
    /// The candidate's name.
    Name,
    /// The talent category (none last), then the candidate's name.
    Category,
    /// The nominating unit's name, then the candidate's name.
    Unit,
}

/// The sorts of the reviewer's list (not yet scored first by default).
const SORTS: &[SortOption<ReviewSort>] = &[
    SortOption {
        code: "todo",
        label: "reviewing.sort.todo",
        sort: ReviewSort::Todo,
    },
    SortOption {
        code: "name",
        label: "sort.name",
        sort: ReviewSort::Name,
    },
    SortOption {
        code: "category",
        label: "nominations.sort.category",
        sort: ReviewSort::Category,
    },
    SortOption {
        code: "unit",
        label: "sort.unit",
        sort: ReviewSort::Unit,
    },
];

/// A talent category's place in the order of the categories, none last.
fn category_rank(i: &ReviewItem) -> usize {
    i.nomination
        .form
        .category
        .and_then(|c| TalentCategory::ALL.iter().position(|x| *x == c))
        .unwrap_or(TalentCategory::ALL.len())
}

/// Sorts the reviewer's nominations (all of them, read for the counts) as `sort` says.
fn sort_items(all: &mut [ReviewItem], sort: ReviewSort, units: &HashMap<UnitId, String>) {
    let unit = |i: &ReviewItem| {
        units
            .get(&i.nomination.unit_id)
            .cloned()
            .unwrap_or_default()
    };
    let name = |i: &ReviewItem| i.nomination.candidate_name.clone();
    all.sort_by(|a, b| {
        let first = match sort {
            ReviewSort::Todo => (a.my_score.is_some())
                .cmp(&b.my_score.is_some())
                .then(category_rank(a).cmp(&category_rank(b))),
            ReviewSort::Name => name(a).cmp(&name(b)),
            ReviewSort::Category => category_rank(a)
                .cmp(&category_rank(b))
                .then(name(a).cmp(&name(b))),
            ReviewSort::Unit => unit(a).cmp(&unit(b)).then(name(a).cmp(&name(b))),
        };
        first.then(a.nomination.id.0.cmp(&b.nomination.id.0))
    });
}

/// One nomination in the list.
#[derive(Serialize)]
struct Row {
    id: NominationId,
    name: String,
    category: Option<&'static str>,
    /// The nominating unit's name (empty if the unit is not there).
    unit_name: String,
    has_warnings: bool,
    score: Option<i32>,
    recommendation: Option<&'static str>,
}

/// A category with its counts.
#[derive(Serialize)]
struct CategoryCount {
    code: &'static str,
    done: usize,
    total: usize,
    chosen: bool,
}

/// Every nomination assigned to the reviewer.
async fn all_assigned(state: &AppState, session: &SignedIn) -> Result<Vec<ReviewItem>, AppError> {
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let p = review::my_reviews(
            state,
            session.caller.clone(),
            None,
            PageRequest {
                page,
                per_page: 100,
            },
        )
        .await?;
        let got = p.items.len();
        all.extend(p.items);
        if got < 100 {
            return Ok(all);
        }
        page += 1;
    }
}

/// `GET /review`.
pub async fn get_reviews(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<ReviewListQuery>,
) -> Result<HttpResponse, PageError> {
    render(&state, &req, &session, query.into_inner(), "/review").await
}

/// What `/home` shows a reviewer: the same as `/review`.
pub async fn home_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
) -> Result<HttpResponse, PageError> {
    let query = web::Query::<ReviewListQuery>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .unwrap_or_default();
    render(state, req, session, query, "/review").await
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    q: ReviewListQuery,
    base: &str,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Reviewer)?;
    let mut all = all_assigned(state, session).await?;
    let mut unit_ids: Vec<UnitId> = all.iter().map(|i| i.nomination.unit_id).collect();
    unit_ids.sort_by_key(|u| u.0);
    unit_ids.dedup();
    let units = review::unit_names(state, unit_ids).await?;
    let (sort, sorting) = choose(SORTS, q.sort.as_deref());
    sort_items(&mut all, sort, &units);
    let category = q
        .category
        .as_deref()
        .and_then(|c| c.parse::<TalentCategory>().ok());
    let wanted = q.state.as_deref().filter(|s| matches!(*s, "todo" | "done"));
    let done_total = all.iter().filter(|i| i.my_score.is_some()).count();
    let total = all.len();
    let categories: Vec<CategoryCount> = TalentCategory::ALL
        .iter()
        .filter_map(|c| {
            let of: Vec<&ReviewItem> = all
                .iter()
                .filter(|i| i.nomination.form.category == Some(*c))
                .collect();
            (!of.is_empty()).then(|| CategoryCount {
                code: c.as_str(),
                done: of.iter().filter(|i| i.my_score.is_some()).count(),
                total: of.len(),
                chosen: category == Some(*c),
            })
        })
        .collect();
    let rows: Vec<Row> = all
        .into_iter()
        .filter(|i| category.is_none() || i.nomination.form.category == category)
        .filter(|i| match wanted {
            Some("todo") => i.my_score.is_none(),
            Some("done") => i.my_score.is_some(),
            _ => true,
        })
        .map(|i| Row {
            id: i.nomination.id,
            name: i.nomination.candidate_name.clone(),
            category: i.nomination.form.category.map(|c| c.as_str()),
            unit_name: units
                .get(&i.nomination.unit_id)
                .cloned()
                .unwrap_or_default(),
            has_warnings: !i.nomination.warnings.is_empty(),
            score: i.my_score.as_ref().map(|s| s.score),
            recommendation: i.my_score.as_ref().map(|s| s.recommendation.as_str()),
        })
        .collect();
    let href = sorting::href(
        base,
        &[
            ("category", category.map(|c| c.as_str().to_owned())),
            ("state", wanted.map(str::to_owned)),
        ],
        &sorting,
    );
    // The category chips keep the scoring filter and the sort, and change the category alone.
    let chip_base = sorting::href(base, &[("state", wanted.map(str::to_owned))], &sorting);
    let (rows, pager) = paginate(rows, &PageParam { page: q.page }, &href);
    Frame::signed_in(state, req, session, Some(Role::Reviewer)).render(
        state,
        StatusCode::OK,
        "reviewing/list.html",
        context! {
            rows => Serde(rows),
            pager => Serde(pager),
            categories => Serde(categories),
            category => category.map(|c| c.as_str()),
            state => wanted,
            done => done_total,
            remaining => total - done_total,
            total => total,
            sorting => Serde(sorting),
            chip_base => chip_base.clone(),
            chip_sep => if chip_base.contains('?') { "&" } else { "?" },
        },
    )
}
