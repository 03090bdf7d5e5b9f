//! `/city/imports`: the four imports with their templates and upload forms; the preview of a
//! file (a dry run: the totals, then every row, refused rows first); and the apply button, which
//! applies the very file that was previewed (kept by `services::imports::stash`). The dry run and
//! the apply run in the background (`tasks`), their pages following them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::i18n::{Locale, current};
use crate::services::background::{TaskState, Ticket};
use crate::services::imports::runner::ImportReport;
use crate::services::imports::stash::{self, Kept};
use crate::services::imports::summary::ImportSummary;
use crate::services::imports::{ImportKind, template};
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::refresh;
use crate::web::session::SignedIn;
use crate::web::uploads::{CheckedMultipart, FileProblem};

use super::tasks;

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

/// `POST /city/imports/{kind}`: keeps the uploaded file and sends the browser to its page, which
/// runs its dry run (`tasks`); a missing or oversized upload is named beside the file field and
/// nothing is kept. Whether the file can be read is the dry run's first step.
pub async fn post_import_upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    kind: web::Path<String>,
    form: CheckedMultipart,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let kind = kind_of(&kind)?;
    let file = form.files.into_iter().find(|f| f.field == "file");
    let error = match (&form.file_problem, &file) {
        (Some(FileProblem::TooLarge), _) => Some(say("imports.too_large")),
        (Some(FileProblem::TooMany), _) | (None, None) => Some(say("imports.no_file")),
        (None, Some(_)) => None,
    };
    if let Some(m) = error {
        return render_index(
            &state,
            &req,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some((kind, m)),
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

/// The page of a running dry run or apply: what it is doing and how far, reloading itself.
fn render_progress(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    kind: ImportKind,
    meta: &Kept,
    task: TaskState<ImportReport>,
    apply: bool,
) -> Result<HttpResponse, PageError> {
    let res = Frame::signed_in(state, req, session, Some(Role::CityAdmin)).render(
        state,
        StatusCode::OK,
        "imports/progress.html",
        context! {
            title => title(kind, current().locale),
            file_name => &meta.file_name,
            apply,
            task => Serde(task.map(|_| ())),
            path => req.path(),
        },
    )?;
    Ok(refresh::reloading(res, refresh::EVERY_SECS))
}

/// `GET /city/imports/{kind}/{token}`: the dry run of the kept file, started in the background
/// when this admin has none running or done for it; its progress while it runs, then the
/// preview. A file that cannot be read is named beside the file field of the index (422), and
/// is not kept.
pub async fn get_import_preview(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (kind, token) = path.into_inner();
    let kind = kind_of(&kind)?;
    let by = session.caller.id;
    let files = &state.settings.storage.files_dir;
    let now = state.clock.now();
    let (ticket, meta) = match tasks::dry_run(by, &token) {
        Some(ticket) => (ticket, None),
        None => {
            let (meta, bytes) = stash::load(files, &token, by, kind, now)?;
            let ticket = tasks::start(state.clone(), &session, (kind, &token), &meta, bytes, false);
            (ticket, Some(meta))
        }
    };
    let task = tasks::settle(ticket, by).await.ok_or(AppError::NotFound)?;
    if let TaskState::Failed {
        reason_zh,
        reason_en,
        ..
    } = &task
    {
        stash::discard(files, &token);
        let reason = Msg::new(reason_zh.clone(), reason_en.clone());
        return render_index(
            &state,
            &req,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some((kind, reason.localized().to_owned())),
            None,
        )
        .await;
    }
    let meta = match meta {
        Some(m) => m,
        None => stash::meta(files, &token, by, kind, now)?,
    };
    match task {
        TaskState::Done { value, .. } => render_preview(
            &state,
            &req,
            &session,
            StatusCode::OK,
            kind,
            (&token, &meta),
            value.summary(current().locale),
        ),
        running => render_progress(&state, &req, &session, kind, &meta, running, false),
    }
}

/// `POST /city/imports/{kind}/{token}/apply`: starts applying the kept file (every row or none)
/// in the background and sends the browser to the page that follows it.
pub async fn post_import_apply(
    state: web::Data<AppState>,
    session: SignedIn,
    path: web::Path<(String, String)>,
    _form: CheckedForm<Empty>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (kind, token) = path.into_inner();
    let kind = kind_of(&kind)?;
    let (meta, bytes) = stash::load(
        &state.settings.storage.files_dir,
        &token,
        session.caller.id,
        kind,
        state.clock.now(),
    )?;
    let ticket = tasks::start(state.clone(), &session, (kind, &token), &meta, bytes, true);
    Ok(see_other(&format!(
        "/city/imports/{}/{token}/apply/{ticket}",
        kind.code()
    )))
}

/// `GET /city/imports/{kind}/{token}/apply/{ticket}`: the apply's progress while it runs; then
/// the index with its summary, or, when a row is refused now (the stored data changed since the
/// preview), the preview saying so (422).
pub async fn get_import_apply(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let (kind, token, ticket) = path.into_inner();
    let kind = kind_of(&kind)?;
    let by = session.caller.id;
    let ticket = Ticket::parse(&ticket)
        .filter(|t| tasks::applies(*t, by, &token))
        .ok_or(AppError::NotFound)?;
    let task = tasks::settle(ticket, by).await.ok_or(AppError::NotFound)?;
    let files = &state.settings.storage.files_dir;
    match task {
        TaskState::Done { value, .. } if value.applied => {
            stash::discard(files, &token);
            tasks::forget_dry_run(by, &token);
            let s = value.summary(current().locale);
            let t = &s.totals;
            Ok(see_other(&format!(
                "/city/imports?done={}&created={}&updated={}&unchanged={}&invited={}",
                kind.code(),
                t.create,
                t.update,
                t.unchanged,
                s.invitations
            )))
        }
        TaskState::Done { value, .. } => {
            tasks::forget_dry_run(by, &token);
            let meta = stash::meta(files, &token, by, kind, state.clock.now())?;
            render_preview(
                &state,
                &req,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                kind,
                (&token, &meta),
                value.summary(current().locale),
            )
        }
        TaskState::Failed {
            reason_zh,
            reason_en,
            ..
        } => {
            let reason = Msg::new(reason_zh, reason_en);
            render_index(
                &state,
                &req,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((kind, reason.localized().to_owned())),
                None,
            )
            .await
        }
        running => {
            let meta = stash::meta(files, &token, by, kind, state.clock.now())?;
            render_progress(&state, &req, &session, kind, &meta, running, true)
        }
    }
}
