//! `/city/imports`: the four imports with their templates and upload forms; the preview of a
//! file (a dry run: the totals, then every row, refused rows first); and the apply button, which
//! applies the very file that was previewed (kept by `services::imports::stash`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::{Locale, current};
use crate::services::imports::runner::{ImportRequest, import};
use crate::services::imports::stash::{self, Kept};
use crate::services::imports::summary::ImportSummary;
use crate::services::imports::{ImportKind, reading, template};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;
use crate::web::uploads::{CheckedMultipart, FileProblem};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One import on the index page.
#[derive(Serialize)]
struct KindCard {
    code: &'static str,
    title: &'static str,
    columns: Vec<String>,
    people: bool,
    error: Option<String>,
}

/// The query of the index: what was just applied.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
    pub created: Option<usize>,
    pub updated: Option<usize>,
    pub unchanged: Option<usize>,
    pub invited: Option<usize>,
}

/// A form with only its CSRF token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

fn kind_of(raw: &str) -> Result<ImportKind, PageError> {
    ImportKind::parse(raw).ok_or(PageError::App(AppError::NotFound))
}

fn title(kind: ImportKind, locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => kind.zh(),
        Locale::En => kind.en(),
    }
}

async fn render_index(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    error: Option<(ImportKind, String)>,
    done: Option<String>,
) -> Result<HttpResponse, PageError> {
    let locale = current().locale;
    let cards: Vec<KindCard> = ImportKind::ALL
        .iter()
        .map(|&k| KindCard {
            code: k.code(),
            title: title(k, locale),
            columns: k
                .columns()
                .iter()
                .map(|c| format!("{}{}", c.title, if c.required { "*" } else { "" }))
                .collect(),
            people: k == ImportKind::People,
            error: error
                .as_ref()
                .filter(|(e, _)| *e == k)
                .map(|(_, m)| m.clone()),
        })
        .collect();
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "imports/index.html",
        context! { cards => Serde(&cards), done },
    )
}

/// `GET /city/imports`.
pub async fn get_imports(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let done = query.done.as_deref().and_then(ImportKind::parse).map(|k| {
        say("imports.done")
            .replace("{kind}", title(k, current().locale))
            .replace("{created}", &query.created.unwrap_or(0).to_string())
            .replace("{updated}", &query.updated.unwrap_or(0).to_string())
            .replace("{unchanged}", &query.unchanged.unwrap_or(0).to_string())
            .replace("{invited}", &query.invited.unwrap_or(0).to_string())
    });
    render_index(&state, &req, &session, StatusCode::OK, None, done).await
}

/// `GET /city/imports/{kind}/template`.
pub async fn get_import_template(
    session: SignedIn,
    kind: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let kind = kind_of(&kind)?;
    let bytes = template::template(kind)?;
    Ok(crate::routes::extract::file_response(
        &template::file_name(kind),
        XLSX,
        bytes,
    ))
}

/// `POST /city/imports/{kind}`: keeps the uploaded file when it can be read, then shows its
/// preview; a refused file is named beside the file field and nothing is kept.
pub async fn post_import_upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    kind: web::Path<String>,
    form: CheckedMultipart,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let kind = kind_of(&kind)?;
    let refuse = |m: String| (kind, m);
    let file = form.files.into_iter().find(|f| f.field == "file");
    let error = match (&form.file_problem, &file) {
        (Some(FileProblem::TooLarge), _) => Some(say("imports.too_large")),
        (Some(FileProblem::TooMany), _) | (None, None) => Some(say("imports.no_file")),
        (None, Some(f)) => reading::read(&f.bytes, kind.columns(), &state.settings.imports)
            .err()
            .map(|r| r.message.localized().to_owned()),
    };
    if let Some(m) = error {
        return render_index(
            &state,
            &req,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(refuse(m)),
            None,
        )
        .await;
    }
    let file = file.expect("checked");
    let meta = Kept {
        admin: session.caller.id.0,
        kind: kind.code().to_owned(),
        file_name: file.file_name.clone(),
        invite: form
            .fields
            .get("invite")
            .is_some_and(|v| v.iter().any(|x| x == "on")),
        at: state.clock.now(),
    };
    let token = stash::keep(&state.settings.storage.files_dir, &meta, &file.bytes)?;
    Ok(see_other(&format!("/city/imports/{}/{token}", kind.code())))
}

async fn run_kept(
    state: &AppState,
    session: &SignedIn,
    kind: ImportKind,
    token: &str,
    apply: bool,
) -> Result<(Kept, ImportSummary), PageError> {
    let (meta, bytes) = stash::load(
        &state.settings.storage.files_dir,
        token,
        session.caller.id,
        kind,
        state.clock.now(),
    )?;
    let req = ImportRequest {
        kind,
        file_name: meta.file_name.clone(),
        apply,
        invite: meta.invite,
    };
    let report = import(
        state,
        Some(session.caller.id),
        session.caller.origin.clone(),
        req,
        bytes,
    )
    .await?;
    Ok((meta, report.summary(current().locale)))
}

fn render_preview(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    kind: ImportKind,
    (token, meta): (&str, &Kept),
    mut summary: ImportSummary,
) -> Result<HttpResponse, PageError> {
    summary.rows.sort_by_key(|r| (r.action != "refuse", r.row));
    let t = &summary.totals;
    let promise = if t.refuse > 0 {
        say("imports.preview.blocked").replace("{n}", &t.refuse.to_string())
    } else {
        say("imports.preview.promise")
            .replace("{created}", &t.create.to_string())
            .replace("{updated}", &t.update.to_string())
            .replace("{unchanged}", &t.unchanged.to_string())
    };
    Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        status,
        "imports/preview.html",
        context! {
            kind => kind.code(),
            title => title(kind, current().locale),
            token,
            file_name => &meta.file_name,
            invite => meta.invite && kind == ImportKind::People,
            promise,
            summary => Serde(&summary),
        },
    )
}

/// `GET /city/imports/{kind}/{token}`: the dry run of the kept file.
pub async fn get_import_preview(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (kind, token) = path.into_inner();
    let kind = kind_of(&kind)?;
    let (meta, summary) = run_kept(&state, &session, kind, &token, false).await?;
    render_preview(
        &state,
        &req,
        &session,
        StatusCode::OK,
        kind,
        (&token, &meta),
        summary,
    )
}

/// `POST /city/imports/{kind}/{token}/apply`: applies the kept file (every row or none); when
/// a row is refused now (the stored data changed since the preview), the preview says so.
pub async fn post_import_apply(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    path: web::Path<(String, String)>,
    _form: CheckedForm<Empty>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (kind, token) = path.into_inner();
    let kind = kind_of(&kind)?;
    let (meta, summary) = run_kept(&state, &session, kind, &token, true).await?;
    if !summary.applied {
        return render_preview(
            &state,
            &req,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            kind,
            (&token, &meta),
            summary,
        );
    }
    stash::discard(&state.settings.storage.files_dir, &token);
    let t = &summary.totals;
    Ok(see_other(&format!(
        "/city/imports?done={}&created={}&updated={}&unchanged={}&invited={}",
        kind.code(),
        t.create,
        t.update,
        t.unchanged,
        summary.invitations
    )))
}
