//! `/city/operations/audit`: the audit log, newest first or as the sort select says (oldest, by
//! action, by who), filtered by who (the actor's id, or a part of
//! their name or e-mail), what
//! (the action), which object (its type and id), when (from and until a day) and from where (the
//! client address); the same fields as the API's audit list, without its summaries.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDate, NaiveTime};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::labels::{choices, label, page_request, pager_of};
use crate::db::audit::{AuditEvent, AuditFilter, AuditSort};
use crate::domain::ids::UserId;
use crate::domain::role::Role;
use crate::services::operations;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::page::Frame;
use crate::web::paging::PageParam;
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// The filters as typed, kept as text so that a stray value is a message beside its field.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    object_type: String,
    #[serde(default)]
    object_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    ip: String,
    sort: Option<String>,
    page: Option<String>,
}

/// The sorts of the audit log.
const SORTS: &[SortOption<AuditSort>] = &[
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: AuditSort::Newest,
    },
    SortOption {
        code: "oldest",
        label: "sort.oldest",
        sort: AuditSort::Oldest,
    },
    SortOption {
        code: "action",
        label: "operations.sort.action",
        sort: AuditSort::Action,
    },
    SortOption {
        code: "actor",
        label: "operations.sort.actor",
        sort: AuditSort::Actor,
    },
];

/// The object types the filter offers.
const OBJECT_TYPES: &[&str] = &[
    "user",
    "unit",
    "nomination",
    "selection_round",
    "mentor",
    "contract",
    "activity",
    "plan",
    "assessment",
    "assessment_round",
    "benefit",
    "benefit_quota",
    "training_plan",
];

/// An event as the page shows it.
#[derive(Serialize)]
struct EventView {
    occurred_at: chrono::DateTime<chrono::Utc>,
    actor_id: Option<UserId>,
    action: String,
    object_type: Option<String>,
    object_id: Option<String>,
    client_ip: Option<String>,
}

fn event_view(e: AuditEvent) -> EventView {
    EventView {
        occurred_at: e.occurred_at,
        actor_id: e.actor_id,
        action: label("operations.action", &e.action, "operations.action.other"),
        object_type: e
            .object_type
            .as_deref()
            .map(|t| label("operations.object", t, "operations.object.other")),
        object_id: e.object_id,
        client_ip: e.client_ip,
    }
}

/// A day typed in the filter (`2027-03-01`), or a reason beside it.
fn day(
    value: &str,
    errors: &mut BTreeMap<&'static str, String>,
    field: &'static str,
) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.insert(field, say("operations.audit.bad_date"));
            None
        }
    }
}

/// `GET /city/operations/audit`.
pub async fn get_audit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let q = query.into_inner();
    let mut errors: BTreeMap<&'static str, String> = BTreeMap::new();
    // A number (or `#12`) is the actor's id; any other text a part of their name or e-mail.
    let (actor_id, actor_search) = match q.actor.trim() {
        "" => (None, None),
        v => match v.trim_start_matches('#').parse::<i64>() {
            Ok(n) => (Some(UserId(n)), None),
            Err(_) => (None, Some(v.to_owned())),
        },
    };
    let tz = state.settings.jobs.timezone;
    let start_of = |d: NaiveDate| {
        d.and_time(NaiveTime::MIN)
            .and_local_timezone(tz)
            .earliest()
            .map(|t| t.naive_utc())
    };
    let from = day(&q.from, &mut errors, "from").and_then(start_of);
    let until = day(&q.until, &mut errors, "until")
        .and_then(|d| d.succ_opt())
        .and_then(start_of);
    let actions = operations::audit_actions(&state, &session.caller).await?;
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let filter = AuditFilter {
        action: text(&q.action),
        actor_id,
        actor_search,
        object_type: text(&q.object_type),
        object_id: text(&q.object_id),
        from,
        until,
        client_ip: text(&q.ip),
    };
    let (sort, sorting) = choose(SORTS, q.sort.as_deref());
    let asked = PageParam {
        page: q.page.clone(),
    };
    let mut page = operations::audit_page(
        &state,
        &session.caller,
        filter.clone(),
        sort,
        page_request(&asked),
    )
    .await?;
    if page.items.is_empty() && page.total > 0 {
        let last = PageParam {
            page: Some(((page.total + page.per_page - 1) / page.per_page).to_string()),
        };
        page = operations::audit_page(&state, &session.caller, filter, sort, page_request(&last))
            .await?;
    }
    // The filters as typed (a stray value stays, so that its reason shows beside it).
    let pairs = [
        ("actor", text(&q.actor)),
        ("action", text(&q.action)),
        ("object_type", text(&q.object_type)),
        ("object_id", text(&q.object_id)),
        ("from", text(&q.from)),
        ("until", text(&q.until)),
        ("ip", text(&q.ip)),
    ];
    let filtered = pairs.iter().any(|(_, v)| v.is_some());
    let href = sorting::href("/city/operations/audit", &pairs, &sorting);
    let pager = pager_of(&page, &href);
    let types: Vec<String> = OBJECT_TYPES.iter().map(|s| (*s).to_owned()).collect();
    // Every field has its entry, so that the template reads a reason or none.
    let reasons: BTreeMap<&str, Option<String>> = ["actor", "from", "until"]
        .into_iter()
        .map(|f| (f, errors.get(f).cloned()))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        status,
        "operations/audit.html",
        context! {
            events => Serde(page.items.into_iter().map(event_view).collect::<Vec<_>>()),
            pager => Serde(pager),
            sorting => Serde(&sorting),
            q => Serde(&q),
            errors => Serde(&reasons),
            invalid => !errors.is_empty(),
            action_options => Serde(choices("operations.filter.all", &actions, "operations.action", "operations.action.other")),
            type_options => Serde(choices("operations.filter.all", &types, "operations.object", "operations.object.other")),
            filtered => filtered,
        },
    )
}
