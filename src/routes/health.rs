//! Liveness and readiness for load balancers and operators.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::Backend;
use crate::db::outbox::{self, OutboxStats};
use crate::state::AppState;

/// Readiness details.
#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `unavailable`.
    pub status: &'static str,
    /// `ok` or `unreachable`.
    pub database: &'static str,
    pub backend: Backend,
    /// The e-mail outbox (absent when the database is unreachable).
    pub outbox: Option<OutboxStats>,
}

/// The process is alive.
#[utoipa::path(tag = "health", responses((status = 200, description = "alive")))]
#[get("/healthz")]
pub async fn check_health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// The service can reach its database.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, body = Readiness),
        (status = 503, body = Readiness, description = "the database is unreachable"),
    )
)]
#[get("/readyz")]
pub async fn check_ready(state: web::Data<AppState>) -> HttpResponse {
    let now = state.clock.now_naive();
    let outbox = state.db.run(move |c| outbox::stats(c, now)).await.ok();
    let ok = outbox.is_some();
    let body = Readiness {
        status: if ok { "ready" } else { "unavailable" },
        database: if ok { "ok" } else { "unreachable" },
        backend: state.db.backend(),
        outbox,
    };
    if ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
