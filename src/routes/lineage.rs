//! A mentor's lineage, and the lists of who still lacks a contract or a mentor.

use actix_web::{HttpResponse, get, web};

use super::extract::QueryParams;
use crate::auth::caller::Caller;
use crate::domain::ids::MentorEntryId;
use crate::domain::page::{Page, PageQuery};
use crate::error::{AppError, ErrorBody};
use crate::services::lineage::{self, Lineage, PersonRef};
use crate::state::AppState;

/// The mentor's mentees, which of them became mentors, and theirs, to any depth, with counts.
#[utoipa::path(tag = "mentoring", params(("id" = i64, Path, description = "pool entry id")),
    responses((status = 200, body = Lineage), (status = 404, body = ErrorBody)))]
#[get("/api/v1/mentors/{id}/lineage")]
pub async fn get_lineage(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MentorEntryId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(lineage::lineage(&state, caller, id.into_inner()).await?))
}

/// Active mentors with no active contract (the unit's, or all).
#[utoipa::path(tag = "mentoring", params(PageQuery),
    responses((status = 200, body = Page<PersonRef>), (status = 422, body = ErrorBody)))]
#[get("/api/v1/mentors-without-contract")]
pub async fn list_mentors_without_contract(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let list = lineage::mentors_without_contract(&state, caller).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}

/// Mentees in no active contract: never assigned, or released (the unit's, or all).
#[utoipa::path(tag = "mentoring", params(PageQuery),
    responses((status = 200, body = Page<PersonRef>), (status = 422, body = ErrorBody)))]
#[get("/api/v1/mentees-without-mentor")]
pub async fn list_mentees_without_mentor(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.0.parse()?;
    let list = lineage::mentees_without_mentor(&state, caller).await?;
    Ok(HttpResponse::Ok().json(Page::of(list, page)))
}
