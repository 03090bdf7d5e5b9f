//! The e-mail outbox: the list (`/city/operations/outbox`, filtered by status, recipient and
//! template, sorted by age, recipient, next attempt or attempts, a page at a time), one message with what it said (`/city/operations/outbox/{id}`, as text, escaped),
//! and retrying a dead one (`POST …/{id}/retry`, its consequence printed beside the button).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::labels::{choices, label, page_request, pager_of};
use crate::db::operations_pages::{OutboxFilter, OutboxSort};
use crate::db::outbox::OutboxView;
use crate::domain::ids::EmailId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::operations;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{given, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::paging::PageParam;
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// The statuses of the outbox, in the order the filter offers them.
const STATUSES: [&str; 4] = ["pending", "sending", "sent", "dead"];

/// The sorts of the outbox.
const SORTS: &[SortOption<OutboxSort>] = &[
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: OutboxSort::Newest,
    },
    SortOption {
        code: "oldest",
        label: "sort.oldest",
        sort: OutboxSort::Oldest,
    },
    SortOption {
        code: "recipient",
        label: "operations.sort.recipient",
        sort: OutboxSort::Recipient,
    },
    SortOption {
        code: "next_attempt",
        label: "operations.sort.next_attempt",
        sort: OutboxSort::NextAttempt,
    },
    SortOption {
        code: "attempts",
        label: "operations.sort.attempts",
        sort: OutboxSort::Attempts,
    },
];

/// `?status=&recipient=&template=&sort=&page=`, kept as text so that a stray value is not a 400.
#[derive(Debug, Default, Deserialize)]
pub struct OutboxQuery {
    status: Option<String>,
    recipient: Option<String>,
    template: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    done: Option<String>,
}

/// A message as the pages show it.
#[derive(Serialize)]
struct MessageView {
    id: EmailId,
    template: String,
    recipient_email: String,
    status: String,
    status_label: String,
    attempts: i32,
    next_attempt_at: chrono::DateTime<chrono::Utc>,
    last_error: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    sent_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn message_view(v: OutboxView) -> MessageView {
    MessageView {
        id: v.id,
        template: label(
            "operations.template",
            &v.template,
            "operations.template.other",
        ),
        status_label: label("operations.status", &v.status, "operations.status.other"),
        recipient_email: v.recipient_email,
        status: v.status,
        attempts: v.attempts,
        next_attempt_at: v.next_attempt_at,
        last_error: v.last_error,
        created_at: v.created_at,
        sent_at: v.sent_at,
    }
}

/// `GET /city/operations/outbox`.
pub async fn get_outbox(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let q = query.into_inner();
    let status = given(&q.status)
        .map(str::to_owned)
        .filter(|s| STATUSES.contains(&s.as_str()));
    let (counts, templates) = operations::outbox_summary(&state, &session.caller).await?;
    let template = given(&q.template)
        .map(str::to_owned)
        .filter(|t| templates.contains(t));
    let recipient = given(&q.recipient).map(str::to_owned);
    let (sort, sorting) = choose(SORTS, q.sort.as_deref());
    let filter = OutboxFilter {
        status: status.clone(),
        recipient: recipient.clone(),
        template: template.clone(),
    };
    let asked = PageParam { page: q.page };
    let mut page = operations::outbox_page(
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
        page = operations::outbox_page(&state, &session.caller, filter, sort, page_request(&last))
            .await?;
    }
    let href = sorting::href(
        "/city/operations/outbox",
        &[
            ("status", status.clone()),
            ("recipient", recipient.clone()),
            ("template", template.clone()),
        ],
        &sorting,
    );
    let pager = pager_of(&page, &href);
    let statuses: Vec<String> = STATUSES.iter().map(|s| (*s).to_owned()).collect();
    let count = |s: &str| counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    let tallies: Vec<_> = STATUSES
        .iter()
        .map(|s| {
            context! {
                status => *s,
                label => label("operations.status", s, "operations.status.other"),
                count => count(s),
                href => sorting::href("/city/operations/outbox", &[("status", Some((*s).to_owned()))], &sorting),
            }
        })
        .collect();
    let filtered = status.is_some() || recipient.is_some() || template.is_some();
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "operations/outbox.html",
        context! {
            messages => Serde(page.items.into_iter().map(message_view).collect::<Vec<_>>()),
            pager => Serde(pager),
            sorting => Serde(&sorting),
            tallies => tallies,
            status_options => Serde(choices("operations.filter.all", &statuses, "operations.status", "operations.status.other")),
            template_options => Serde(choices("operations.filter.all", &templates, "operations.template", "operations.template.other")),
            status => status.unwrap_or_default(),
            template => template.unwrap_or_default(),
            recipient => recipient.unwrap_or_default(),
            filtered => filtered,
        },
    )
}

/// `GET /city/operations/outbox/{id}`.
pub async fn get_message(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<EmailId>,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    render_message(
        &state,
        &req,
        &session,
        id.into_inner(),
        query.done.as_deref(),
        None,
    )
    .await
}

async fn render_message(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: EmailId,
    done: Option<&str>,
    refusal: Option<String>,
) -> Result<HttpResponse, PageError> {
    let (view, recipient_name, said) = operations::message(
        state,
        &session.caller,
        id,
        &say("operations.message.link_hidden"),
    )
    .await?;
    let notice = match done {
        Some("retried") => Some("operations.message.retried"),
        _ => None,
    };
    let status = if refusal.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "operations/message.html",
        context! {
            msg => Serde(message_view(view)),
            recipient_name => recipient_name,
            subject => said.as_ref().map(|s| s.subject.clone()),
            text => said.map(|s| s.text),
            notice => notice,
            refusal => refusal,
        },
    )
}

/// The retry form: only its CSRF token.
#[derive(Deserialize)]
pub struct RetryForm {}

/// `POST /city/operations/outbox/{id}/retry`: a dead message goes back in the queue with a fresh
/// attempt count; one in another state shows the page again with the refusal.
pub async fn post_message_retry(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<EmailId>,
    _form: CheckedForm<RetryForm>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    match operations::retry(&state, &session.caller, id).await {
        Ok(_) => Ok(see_other(&format!(
            "/city/operations/outbox/{id}?done=retried"
        ))),
        Err(e @ AppError::Conflict { .. }) => {
            let reason = e.message().localized().to_owned();
            render_message(&state, &req, &session, id, None, Some(reason)).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}
