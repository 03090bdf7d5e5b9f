//! People: city admins manage everyone, unit admins the people of their own unit.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{JsonBody, QueryParams};
use crate::auth::caller::Caller;
use crate::db::users::{self, UserFilter, UserSummary, UserView};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::page::{Page, parse_page};
use crate::domain::role::Role;
use crate::domain::user::{CreateUserRequest, UpdateUserRequest, UserStatus};
use crate::error::{AppError, ErrorBody, Problems};
use crate::services;
use crate::state::AppState;

/// Filters of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserListQuery {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// Only people of this unit (also accepted as `unit`).
    #[serde(alias = "unit")]
    pub unit_id: Option<i64>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    /// Part of the name or e-mail (also accepted as `search`).
    #[serde(alias = "search")]
    #[param(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub q: Option<String>,
}

/// Lists people: all for city admins, the caller's unit for unit admins. No profile data.
#[utoipa::path(
    tag = "users",
    params(UserListQuery),
    responses((status = 200, body = Page<UserSummary>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<UserListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let filter = UserFilter {
        unit_id: q.unit_id.map(UnitId),
        role: q.role,
        status: q.status,
        search: q.q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
    };
    let scope = caller.admin_scope();
    let page = state
        .db
        .run(move |c| users::list(c, &filter, scope, page))
        .await?;
    Ok(HttpResponse::Ok().json(page.map(UserSummary::from)))
}

/// Creates an account (status `invited`). Unit admins create mentors and mentees of their own
/// unit only (the unit defaults to theirs).
#[utoipa::path(
    tag = "users",
    request_body = CreateUserRequest,
    responses(
        (status = 201, body = UserView),
        (status = 403, body = ErrorBody, description = "a role the caller may not grant"),
        (status = 409, body = ErrorBody, description = "the e-mail is taken"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/api/v1/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<CreateUserRequest>,
) -> Result<HttpResponse, AppError> {
    let user = services::users::create_user(&state, caller, body.0).await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}

/// One person with profile, if the caller administers them (404 otherwise).
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = UserView), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    let (id, scope) = (id.into_inner(), caller.admin_scope());
    let user = state.db.run(move |c| users::find(c, id, scope)).await?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}

/// Changes name, roles, unit, language or profile. A role or unit change ends the person's sessions.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, body = UserView),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[patch("/api/v1/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
    body: JsonBody<UpdateUserRequest, UserId>,
) -> Result<HttpResponse, AppError> {
    let changes = body.0.parse()?;
    let user = services::users::update_user(&state, caller, id.into_inner(), changes).await?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}

/// Deactivates an account and ends all its sessions. Nothing is deleted.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/api/v1/users/{id}/deactivate")]
pub async fn deactivate_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    let user = services::users::set_active(&state, caller, id.into_inner(), false).await?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}

/// Reactivates an account (back to `invited` if it never set a password).
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[post("/api/v1/users/{id}/reactivate")]
pub async fn reactivate_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    let user = services::users::set_active(&state, caller, id.into_inner(), true).await?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}

/// Sends a new invitation to an account that has not set its password yet.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    responses(
        (status = 202, body = UserView),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the account is not in status invited"),
    )
)]
#[post("/api/v1/users/{id}/invitation")]
pub async fn resend_invitation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    let user = services::users::resend_invitation(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(UserView::from(user)))
}
