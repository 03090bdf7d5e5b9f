//! The audit log, for city admins.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::QueryParams;
use crate::auth::caller::Caller;
use crate::db::audit::{self, AuditEvent, AuditFilter};
use crate::domain::ids::UserId;
use crate::domain::page::{Page, parse_page};
use crate::error::{AppError, ErrorBody, Problems};
use crate::state::AppState;

/// Filters of the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// e.g. `auth.login_failed`, `user.update`.
    #[param(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub action: Option<String>,
    pub actor_id: Option<i64>,
    /// e.g. `user`, `unit`.
    #[param(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub object_type: Option<String>,
    #[param(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub object_id: Option<String>,
}

/// Pages through the audit log, newest first.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses((status = 200, body = Page<AuditEvent>), (status = 403, body = ErrorBody))
)]
#[get("/api/v1/audit-events")]
pub async fn list_audit_events(
    state: web::Data<AppState>,
    _caller: Caller,
    query: QueryParams<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let filter = AuditFilter {
        action: q.action,
        actor_id: q.actor_id.map(UserId),
        object_type: q.object_type,
        object_id: q.object_id,
        ..Default::default()
    };
    let page = state.db.run(move |c| audit::list(c, &filter, page)).await?;
    Ok(HttpResponse::Ok().json(page))
}
