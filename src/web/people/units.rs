//! `/city/units`: the city admin's units (filter by kind, twenty a page with the total), a new
//! unit and a unit's edit form, as `services::units` takes them. Retiring a unit keeps its
//! people and records; the edit form says so beside the check box.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::office::{Opt, choices, words};
use crate::db::units::{Unit, UnitFilter, UnitSort};
use crate::domain::choice::Choice;
use crate::domain::ids::UnitId;
use crate::domain::role::Role;
use crate::domain::unit::{CreateUnitRequest, UnitKind, UpdateUnitRequest};
use crate::error::AppError;
use crate::services::{office_views, units};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, required, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, pager_of, request};
use crate::web::session::SignedIn;
use crate::web::sorting::{self, SortOption, choose};

/// The list's filters, as text.
#[derive(Debug, Default, Deserialize)]
pub struct UnitsQuery {
    pub kind: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: UnitId,
    name: String,
    kind: String,
    district: String,
    active: bool,
}

/// The sorts of the units list.
const SORTS: &[SortOption<UnitSort>] = &[
    SortOption {
        code: "oldest",
        label: "sort.oldest",
        sort: UnitSort::Oldest,
    },
    SortOption {
        code: "newest",
        label: "sort.newest",
        sort: UnitSort::Newest,
    },
    SortOption {
        code: "name",
        label: "sort.unit_name",
        sort: UnitSort::Name,
    },
    SortOption {
        code: "district",
        label: "sort.district",
        sort: UnitSort::District,
    },
];

/// `GET /city/units`.
pub async fn get_units(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<UnitsQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let kind = query.kind.as_deref().and_then(UnitKind::from_code);
    let search = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let filter = UnitFilter {
        kind,
        active: None,
        search: search.clone(),
    };
    let (sort, sorting) = choose(SORTS, query.sort.as_deref());
    let asked = PageParam {
        page: query.page.clone(),
    };
    let page =
        office_views::unit_page(&state, &session.caller, filter, sort, request(&asked)).await?;
    let href = sorting::href(
        "/city/units",
        &[
            ("kind", kind.map(|k| k.code().to_owned())),
            ("q", search.clone()),
        ],
        &sorting,
    );
    let pager = pager_of(page.page, page.per_page, page.total, &href);
    let rows: Vec<Row> = page
        .items
        .into_iter()
        .map(|u| Row {
            id: u.id,
            name: u.name,
            kind: words(u.kind),
            district: u.district.unwrap_or_default(),
            active: u.active,
        })
        .collect();
    let notice = match query.done.as_deref() {
        Some("created") => Some("people.units.notice.created"),
        Some("saved") => Some("people.units.notice.saved"),
        _ => None,
    };
    Frame::signed_in(&state, &req, &session, Some(Role::CityAdmin)).render(
        &state,
        StatusCode::OK,
        "people/units.html",
        context! {
            rows => Serde(rows),
            pager => Serde(pager),
            sorting => Serde(sorting),
            filtered => kind.is_some() || search.is_some(),
            f => context! { kind => kind.map(|k| k.code()).unwrap_or(""), q => search.unwrap_or_default() },
            kind_opts => Serde(choices::<UnitKind>(Some(say("people.units.all_kinds")))),
            notice => notice,
        },
    )
}

/// What the unit form shows.
#[derive(Debug, Default, Serialize)]
pub struct UnitForm {
    pub name: String,
    pub kind: String,
    pub district: String,
    pub active: bool,
    pub errors: BTreeMap<String, String>,
    pub form_error: Option<String>,
}

type Fields = Vec<(String, String)>;

fn value(fields: &Fields, name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
        .trim()
        .to_owned()
}

impl UnitForm {
    fn posted(fields: &Fields) -> Self {
        Self {
            name: value(fields, "name"),
            kind: value(fields, "kind"),
            district: value(fields, "district"),
            active: !value(fields, "active").is_empty(),
            ..Self::default()
        }
    }

    fn of(u: &Unit) -> Self {
        Self {
            name: u.name.clone(),
            kind: u.kind.code().to_owned(),
            district: u.district.clone().unwrap_or_default(),
            active: u.active,
            ..Self::default()
        }
    }

    /// The kind chosen, or a reason beside it.
    fn kind(&mut self) -> Option<UnitKind> {
        let k = UnitKind::from_code(&self.kind);
        if k.is_none() {
            self.errors
                .insert("kind".to_owned(), say("people.form.bad_choice"));
        }
        k
    }

    fn refused(&mut self, e: &AppError) {
        match field_reasons(e) {
            Some(reasons) => {
                for (field, reason) in reasons {
                    if ["name", "kind", "district"].contains(&field.as_str()) {
                        self.errors.insert(field, reason);
                    } else {
                        self.form_error = Some(reason);
                    }
                }
            }
            None => self.form_error = Some(e.message().localized().to_owned()),
        }
    }
}

async fn render_form(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    unit: Option<UnitId>,
    form: UnitForm,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let kinds: Vec<Opt> = choices::<UnitKind>(Some(say("people.units.choose_kind")));
    let errors: BTreeMap<&str, Option<String>> = ["name", "kind", "district"]
        .into_iter()
        .map(|f| (f, form.errors.get(f).cloned()))
        .collect();
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "people/unit_form.html",
        context! {
            unit => unit.map(|u| u.0),
            errors => Serde(errors),
            has_errors => !form.errors.is_empty(),
            form => Serde(form),
            kind_opts => Serde(kinds),
        },
    )
}

/// `GET /city/units/new`.
pub async fn get_unit_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let form = UnitForm {
        active: true,
        ..UnitForm::default()
    };
    render_form(&state, &req, &session, None, form, StatusCode::OK).await
}

/// `POST /city/units/new`.
pub async fn post_unit_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    fields: CheckedForm<Fields>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let mut form = UnitForm::posted(&fields.0);
    let kind = form.kind();
    if let Some(r) = required(&form.name) {
        form.errors.insert("name".to_owned(), r);
    }
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(kind) = kind.filter(|_| form.errors.is_empty()) else {
        return render_form(&state, &req, &session, None, form, status).await;
    };
    let request = CreateUnitRequest {
        name: form.name.clone(),
        kind,
        district: Some(form.district.clone()).filter(|d| !d.is_empty()),
    };
    let created = match request.parse() {
        Ok(new) => units::create_unit(&state, session.caller.clone(), new).await,
        Err(e) => Err(e),
    };
    match created {
        Ok(_) => Ok(see_other("/city/units?done=created")),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            form.refused(&e);
            render_form(&state, &req, &session, None, form, status).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}

/// `GET /city/units/{id}/edit`.
pub async fn get_unit_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<UnitId>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    let unit = office_views::unit(&state, &session.caller, id).await?;
    let form = UnitForm::of(&unit);
    render_form(&state, &req, &session, Some(id), form, StatusCode::OK).await
}

/// `POST /city/units/{id}/edit`.
pub async fn post_unit_edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<UnitId>,
    fields: CheckedForm<Fields>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let id = id.into_inner();
    office_views::unit(&state, &session.caller, id).await?;
    let mut form = UnitForm::posted(&fields.0);
    let kind = form.kind();
    if let Some(r) = required(&form.name) {
        form.errors.insert("name".to_owned(), r);
    }
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(kind) = kind.filter(|_| form.errors.is_empty()) else {
        return render_form(&state, &req, &session, Some(id), form, status).await;
    };
    let request = UpdateUnitRequest {
        name: Some(form.name.clone()),
        kind: Some(kind),
        district: Some(Some(form.district.clone()).filter(|d| !d.is_empty())),
        active: Some(form.active),
    };
    let saved = match request.parse() {
        Ok(c) => units::update_unit(&state, session.caller.clone(), id, c).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(see_other("/city/units?done=saved")),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            form.refused(&e);
            render_form(&state, &req, &session, Some(id), form, status).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}
