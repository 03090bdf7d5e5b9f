//! Builds the application: state, middleware, routes, pages, the OpenAPI document and the HTTP
//! server.
//! `peidai serve` and the integration tests start the service through the same [`Application`].

use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{AUTHORIZATION, CACHE_CONTROL, HeaderName, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next, from_fn};
use actix_web::{App, HttpMessage, HttpServer, web};
use tokio::sync::watch;
use tracing::Instrument;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::caller::enforce_policy;
use crate::auth::policy::{Access, MatchedRoute, PolicyTable, RoutePolicy};
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::{Locale, RequestContext, with_context};
use crate::routes;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "peidai 培带",
        description = "The API of the city's 1-to-5 talent mentor program (人才培带人). \
                       Errors are `{error, message, fields?}`; lists are paginated with `page` \
                       and `per_page`; timestamps are UTC ISO 8601, dates `YYYY-MM-DD`."
    ),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Login, logout, the current user, password change"),
        (name = "units", description = "Districts, departments, colleges and enterprises"),
        (name = "users", description = "Accounts, roles and talent profiles"),
        (name = "audit", description = "The append-only audit log"),
        (name = "admin", description = "E-mail outbox and scheduled jobs (city admins)"),
        (name = "selection", description = "Selection rounds and the units' nominations"),
        (name = "mentoring", description = "Contracts between a mentor and five mentees"),
        (name = "assessment", description = "Annual assessment, objections and revocation"),
        (name = "benefits", description = "Health checks, bus cards, apartments, leave, training, honours"),
        (name = "imports", description = "Spreadsheet imports: units, people, a running program's pool and contracts"),
    ),
    components(schemas(crate::domain::sheet::ReportFormat))
)]
struct ApiDoc;

/// The document itself and its viewer, served outside the document; [`route_policy`] gives them
/// their rows (public) beside the route table's.
const OPENAPI_JSON: &str = "/api/v1/openapi.json";
const DOCS: &str = "/api/docs";
const DOCS_ASSETS: &str = "/api/docs/{_:.*}";

/// The policy table the middleware applies: the route table's rows, the pages' and the document's
/// own routes.
pub fn route_policy() -> PolicyTable {
    let mut rows = routes::policy();
    rows.extend(crate::web::policy());
    rows.extend(
        [OPENAPI_JSON, DOCS, DOCS_ASSETS]
            .map(|path| RoutePolicy::new(Method::GET, path, Access::Public)),
    );
    PolicyTable::new(rows)
}

/// The OpenAPI document, collected from the same route table the server registers, with each
/// operation's access written in from the policy table.
pub fn openapi() -> utoipa::openapi::OpenApi {
    document(&route_policy())
}

fn document(policy: &PolicyTable) -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    routes::AccessDocs(policy).modify(&mut api);
    api
}

/// A bound server and its job timers.
pub struct Application {
    server: Server,
    port: u16,
    state: web::Data<AppState>,
    stop_jobs: watch::Sender<bool>,
    timers: Vec<tokio::task::JoinHandle<()>>,
}

impl Application {
    /// Binds the configured address (port 0 picks a free one) with a migrated database.
    /// Must be called on the runtime that will serve (the job timers are spawned on it).
    pub fn start(settings: Settings, db: Db, clock: Clock) -> anyhow::Result<Self> {
        // A broken page template refuses to start, as a broken e-mail template does.
        crate::web::templates::check()?;
        let state = web::Data::new(AppState::new(settings, db, clock)?);
        let settings = state.settings.clone();
        let listener = TcpListener::bind((settings.server.host.as_str(), settings.server.port))
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot listen on {}:{}: {e}",
                    settings.server.host,
                    settings.server.port
                )
            })?;
        let port = listener.local_addr()?.port();
        // Built once and shared by the workers, like the document.
        let policy = web::Data::new(route_policy());
        // Serialised once and shared: every worker holding its own copy of the document (and
        // the viewer re-serialising it) cost several MB of memory each.
        let spec = web::Data::new(OpenApiJson(web::Bytes::from(serde_json::to_vec(
            &document(&policy),
        )?)));
        let app_state = state.clone();
        let max_body = settings.server.max_body_bytes;
        let mut server = HttpServer::new(move || {
            let app = App::new()
                .app_data(app_state.clone())
                .app_data(web::PayloadConfig::new(max_body))
                // A path segment that does not parse (`/unit/assessments/abc`) is an unknown
                // page: the API's JSON 404, or the 404 page of the pages.
                .app_data(web::PathConfig::default().error_handler(|_, req| {
                    if req.path().starts_with("/api/") {
                        AppError::NotFound.into()
                    } else {
                        crate::web::errors::PageError::App(AppError::NotFound).into()
                    }
                }))
                .app_data(spec.clone())
                .app_data(policy.clone())
                .route(OPENAPI_JSON, web::get().to(get_openapi))
                .service(
                    SwaggerUi::new(DOCS_ASSETS)
                        .config(utoipa_swagger_ui::Config::from(OPENAPI_JSON)),
                )
                .route(DOCS, web::get().to(redirect_to_docs))
                .into_utoipa_app()
                .configure(routes::configure)
                .into_app()
                .configure(crate::web::configure)
                .default_service(web::to(crate::web::errors::not_found))
                .wrap(from_fn(bound_query_text))
                .wrap(from_fn(enforce_policy))
                .wrap(from_fn(request_context))
                .wrap(from_fn(crate::http_headers::content_security_policy))
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "no-referrer")),
                );
            // Building the routes with their OpenAPI descriptions left megabytes freed.
            crate::memory::release_free_memory();
            app
        })
        .listen(listener)?
        // The CLI installs its own Ctrl-C/SIGTERM handling before it announces the address.
        .disable_signals()
        .shutdown_timeout(settings.server.shutdown_timeout_secs);
        if settings.server.workers > 0 {
            server = server.workers(settings.server.workers);
        }
        let (stop_jobs, stop) = watch::channel(false);
        let timers = crate::jobs::scheduler::spawn(state.clone(), stop);
        Ok(Self {
            server: server.run(),
            port,
            state,
            stop_jobs,
            timers,
        })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (the tests reach the clock and the database through it).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped through [`Application::handle`], letting in-flight requests finish,
    /// then stops the job timers after the runs in progress.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        let _ = self.stop_jobs.send(true);
        let grace =
            std::time::Duration::from_secs(self.state.settings.server.shutdown_timeout_secs);
        for timer in self.timers {
            if tokio::time::timeout(grace, timer).await.is_err() {
                tracing::warn!("a job was still running at shutdown");
            }
        }
        served
    }
}

/// The OpenAPI document, serialised at start-up.
struct OpenApiJson(web::Bytes);

/// `GET /api/v1/openapi.json`.
async fn get_openapi(spec: web::Data<OpenApiJson>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(spec.0.clone())
}

/// `/api/docs` → `/api/docs/` (the viewer's assets are relative to the folder).
async fn redirect_to_docs() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header(("Location", "/api/docs/"))
        .finish()
}

/// Refuses a query parameter longer than [`crate::domain::text::MAX_QUERY_TEXT`] characters
/// before any handler sees it: the API answers a 422 naming the parameter, a page the 400 page
/// with the same sentence. No search, filter or file name is that long, and a LIKE pattern made
/// from one would be refused by the database (a 500).
async fn bound_query_text(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    match routes::extract::bounded_query(req.query_string()) {
        Ok(()) => Ok(next.call(req).await?.map_into_boxed_body()),
        Err(e) if req.path().starts_with("/api/") => Ok(req.error_response(e)),
        Err(e) => {
            // The page says the parameter's own sentence, not the API's "see the fields".
            let message = match &e {
                AppError::Validation(fields) => fields.values().next().map(|f| f.message.clone()),
                _ => None,
            };
            let page = crate::web::errors::PageError::App(AppError::BadRequest {
                code: "too_long",
                message: message.unwrap_or_else(|| e.message()),
                fields: Default::default(),
            });
            Ok(req.error_response(page))
        }
    }
}

static REQUEST_COUNTER: AtomicU64 = AtomicU64::new(0);

fn next_request_id() -> String {
    static STARTED: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    });
    let n = REQUEST_COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{:08x}-{n:08x}", *STARTED & 0xffff_ffff)
}

/// Gives each request an id and a language, logs one line for it, and marks API responses
/// `Cache-Control: no-store`.
async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = next_request_id();
    let locale = Locale::from_request(&req);
    let no_store = req.headers().contains_key(AUTHORIZATION) || req.path().starts_with("/api/v1/");
    let method = req.method().clone();
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %request_id);
    let ctx = RequestContext {
        locale,
        request_id: request_id.clone(),
    };
    let mut res = with_context(ctx, next.call(req))
        .instrument(span.clone())
        .await?;
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        headers.insert(HeaderName::from_static("x-request-id"), v);
    }
    if no_store {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // The policy middleware kept the pattern it matched; a path it matched none of is unmatched.
    let route = res
        .request()
        .extensions()
        .get::<MatchedRoute>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.0.clone());
    span.in_scope(|| {
        tracing::info!(
            method = %method,
            route = %route,
            status = res.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "request"
        );
    });
    Ok(res)
}
