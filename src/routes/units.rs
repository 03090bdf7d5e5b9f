//! Units: city admins manage them; everyone else sees their own unit only.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{JsonBody, QueryParams};
use crate::auth::caller::Caller;
use crate::db::units::{self, Unit, UnitFilter};
use crate::domain::ids::UnitId;
use crate::domain::page::{Page, parse_page};
use crate::domain::unit::{CreateUnitRequest, UnitKind, UpdateUnitRequest};
use crate::error::{AppError, ErrorBody, Problems};
use crate::services;
use crate::state::AppState;

/// Filters of the unit list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UnitListQuery {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub kind: Option<UnitKind>,
    pub active: Option<bool>,
    /// Part of the unit's name (also accepted as `search`).
    #[serde(alias = "search")]
    #[param(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub q: Option<String>,
}

/// Lists units: all of them for city admins, the caller's own unit for everyone else.
#[utoipa::path(
    tag = "units",
    params(UnitListQuery),
    responses((status = 200, body = Page<Unit>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/api/v1/units")]
pub async fn list_units(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<UnitListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let mut p = Problems::new();
    let page = parse_page(q.page, q.per_page, &mut p);
    p.finish()?;
    let filter = UnitFilter {
        kind: q.kind,
        active: q.active,
        search: q.q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
    };
    let scope = caller.view_scope();
    let page = state
        .db
        .run(move |c| units::list(c, &filter, scope, page))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a unit (city admins).
#[utoipa::path(
    tag = "units",
    request_body = CreateUnitRequest,
    responses(
        (status = 201, body = Unit),
        (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "a unit with this name exists"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/api/v1/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<CreateUnitRequest>,
) -> Result<HttpResponse, AppError> {
    let new = body.0.parse()?;
    let unit = services::units::create_unit(&state, caller, new).await?;
    Ok(HttpResponse::Created().json(unit))
}

/// One unit, if the caller may see it (404 otherwise, as for a missing one).
#[utoipa::path(
    tag = "units",
    params(("id" = i64, Path, description = "unit id")),
    responses((status = 200, body = Unit), (status = 404, body = ErrorBody))
)]
#[get("/api/v1/units/{id}")]
pub async fn get_unit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UnitId>,
) -> Result<HttpResponse, AppError> {
    let (id, scope) = (id.into_inner(), caller.view_scope());
    let unit = state.db.run(move |c| units::find(c, id, scope)).await?;
    Ok(HttpResponse::Ok().json(unit))
}

/// Changes a unit's name, kind, district or active flag (city admins).
#[utoipa::path(
    tag = "units",
    params(("id" = i64, Path, description = "unit id")),
    request_body = UpdateUnitRequest,
    responses(
        (status = 200, body = Unit),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[patch("/api/v1/units/{id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UnitId>,
    body: JsonBody<UpdateUnitRequest, UnitId>,
) -> Result<HttpResponse, AppError> {
    let changes = body.0.parse()?;
    let unit = services::units::update_unit(&state, caller, id.into_inner(), changes).await?;
    Ok(HttpResponse::Ok().json(unit))
}
