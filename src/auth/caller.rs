//! Who is calling: the policy middleware checks the bearer token against the database (status and
//! token version; for a token the instance's session cache recognises, inside the request's first
//! database hop) and applies the route policy table; the `Caller` extractor then gives the handler
//! the caller's roles and scope.

use std::net::IpAddr;
use std::rc::Rc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::AUTHORIZATION;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError, web};
use futures_util::future::{Ready, ready};

use super::jwt::VerifiedToken;
use super::policy::{Access, MatchedRoute, PolicyTable, Verdict};
use crate::db::AnyConnection;
use crate::db::audit::Origin;
use crate::db::credentials::auth_record;
use crate::db::session_check::{self, CheckState, SessionCheck, SessionClaim};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::user::UserStatus;
use crate::error::AppError;
use crate::state::AppState;

/// An authenticated, active user who passed the route's policy.
#[derive(Debug, Clone)]
pub struct Caller {
    pub id: UserId,
    pub roles: Vec<Role>,
    pub unit_id: Option<UnitId>,
    pub origin: Origin,
}

impl Caller {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_city_admin(&self) -> bool {
        self.has(Role::CityAdmin)
    }

    /// The units whose people and objects this caller administers.
    pub fn admin_scope(&self) -> Scope {
        if self.is_city_admin() {
            Scope::City
        } else if self.has(Role::UnitAdmin) {
            self.unit_id.map_or(Scope::Nothing, Scope::Unit)
        } else {
            Scope::Nothing
        }
    }

    /// The units this caller may see: all for city admins, their own unit for everyone else.
    pub fn view_scope(&self) -> Scope {
        if self.is_city_admin() {
            Scope::City
        } else {
            self.unit_id.map_or(Scope::Nothing, Scope::Unit)
        }
    }
}

/// The client's address. The peer, unless the peer is a trusted proxy: then `X-Forwarded-For`
/// (every such header, in order) is walked from the right, skipping trusted proxies, and the first
/// address that is not one is the client, since only the hops we trust appended what lies to
/// its right, and anything further left was written by the client itself. When every entry is
/// trusted, the left-most is the client. An entry that is not an address (`ip` or `ip:port`) ends
/// the walk: the client is then the nearest trusted hop that passed it on.
pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    Some(client_of_chain(peer, &forwarded, trusted_proxies))
}

/// The client in a forwarded chain (see [`client_ip`]), the peer being a trusted proxy.
fn client_of_chain(peer: IpAddr, forwarded: &[&str], trusted: &[IpAddr]) -> IpAddr {
    let mut nearest = peer;
    for entry in forwarded.iter().rev() {
        let Some(ip) = parse_hop(entry) else {
            return nearest;
        };
        if !trusted.contains(&ip) {
            return ip;
        }
        nearest = ip;
    }
    nearest
}

/// One `X-Forwarded-For` entry: an address, or an address with a port (`1.2.3.4:80`, `[::1]:80`).
fn parse_hop(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
}

/// The origin of a request, for the audit log.
pub fn origin_of(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Origin {
    Origin {
        client_ip: client_ip(req, trusted_proxies).map(|ip| ip.to_string()),
        request_id: Some(crate::i18n::current().request_id).filter(|s| !s.is_empty()),
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    /// The caller the policy middleware authenticated; a handler that asks for one on a public
    /// route gets 401.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Caller>()
                .cloned()
                .ok_or(AppError::Unauthorized),
        )
    }
}

/// The caller a presented access token stands for, and what `also` reads for them in the same
/// database hop (a page reads the signed-in account with it): the token must verify and the
/// account be active at the token's version. The page session cookie comes here, and the bearer
/// path reads the account through the same [`caller_for_claim`], so a session ends exactly when
/// an API token does. What the database showed is remembered in the instance's session cache
/// (see [`crate::auth::session_cache`]).
pub async fn caller_with<X, F>(
    state: &AppState,
    token: &str,
    origin: Origin,
    also: F,
) -> Result<(Caller, X), AppError>
where
    F: FnOnce(&mut AnyConnection, UserId) -> Result<X, AppError> + Send + 'static,
    X: Send + 'static,
{
    caller_for_claim(state, claim_of(state, token)?, origin, also).await
}

/// Who a presented token names, at which version, if it verifies (signature, audience, expiry).
fn claim_of(state: &AppState, token: &str) -> Result<SessionClaim, AppError> {
    let verified: VerifiedToken = state
        .tokens
        .verify(token, state.clock.now())
        .ok_or(AppError::Unauthorized)?;
    Ok(SessionClaim {
        user: verified.user_id,
        version: verified.version,
    })
}

/// The caller a verified token's claim stands for, read from the database in one hop with what
/// `also` reads for them.
async fn caller_for_claim<X, F>(
    state: &AppState,
    claim: SessionClaim,
    origin: Origin,
    also: F,
) -> Result<(Caller, X), AppError>
where
    F: FnOnce(&mut AnyConnection, UserId) -> Result<X, AppError> + Send + 'static,
    X: Send + 'static,
{
    let (record, extra) = state
        .db
        .run(move |conn| {
            let Some(record) = auth_record(conn, claim.user)? else {
                return Ok((None, None));
            };
            if record.status != UserStatus::Active || record.token_version != claim.version {
                return Ok((Some(record), None));
            }
            let extra = also(conn, claim.user)?;
            Ok((Some(record), Some(extra)))
        })
        .await?;
    let record = record.ok_or(AppError::Unauthorized)?;
    state.sessions.remember(claim.user, &record);
    let extra = extra.ok_or(AppError::Unauthorized)?;
    Ok((
        Caller {
            id: claim.user,
            roles: record.roles,
            unit_id: record.unit_id,
            origin,
        },
        extra,
    ))
}

/// Checks the bearer token and the route's rule; gives the caller on success, and the session
/// check the request still owes when the caller was recognised from the session cache instead of
/// read from the database (see [`crate::db::session_check`]).
async fn authenticate(
    state: &AppState,
    req: &ServiceRequest,
    rule: Access,
) -> Result<(Caller, Option<Rc<SessionCheck>>), AppError> {
    let token = bearer(req.request()).ok_or(AppError::Unauthorized)?;
    let claim = claim_of(state, &token)?;
    let origin = origin_of(req.request(), &state.settings.server.trusted_proxies);
    let (caller, owed) = match state.sessions.recall(claim.user, claim.version) {
        Some(known) => (
            Caller {
                id: claim.user,
                roles: known.roles,
                unit_id: known.unit_id,
                origin,
            },
            Some(SessionCheck::new(claim)),
        ),
        None => (
            caller_for_claim(state, claim, origin, |_, _| Ok(()))
                .await?
                .0,
            None,
        ),
    };
    if !rule.allows(&caller.roles) {
        return Err(AppError::forbidden(
            "forbidden",
            "没有权限执行此操作",
            "you are not allowed to do this",
        ));
    }
    Ok((caller, owed))
}

/// Runs the rest of a request whose caller came from the session cache with its session check
/// owed, and settles the check: the request's first database hop runs it, and a request that made
/// none has it run here. A session found ended answers 401, whatever the handler answered, and is
/// forgotten.
async fn serve_owing<B: MessageBody + 'static>(
    state: &AppState,
    check: Rc<SessionCheck>,
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = session_check::scope(check.clone(), next.call(req)).await?;
    if check.state() == CheckState::Owed {
        let claim = check.claim();
        match state
            .db
            .run(move |conn| crate::db::session_holds(conn, claim))
            .await
        {
            Ok(holds) => check.settle(holds),
            Err(err) => {
                let (req, _) = res.into_parts();
                return Ok(ServiceResponse::new(req, err.error_response()));
            }
        }
    }
    if check.state() == CheckState::Failed {
        state.sessions.forget(check.claim().user);
        let (req, _) = res.into_parts();
        return Ok(ServiceResponse::new(
            req,
            AppError::Unauthorized.error_response(),
        ));
    }
    Ok(res.map_into_boxed_body())
}

/// Middleware that applies the route policy table (app data, built once by startup) before any
/// extractor runs, so that nothing about a request (its body included) is looked at before the
/// caller is known to be allowed. A route with no row is refused, and every route is when the
/// table is missing (fail closed); an unknown path falls through to the 404.
pub async fn enforce_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(table) = req.app_data::<web::Data<PolicyTable>>().cloned() else {
        if req.match_pattern().is_none() {
            return next
                .call(req)
                .await
                .map(ServiceResponse::map_into_boxed_body);
        }
        let err = AppError::internal(anyhow::anyhow!("no route policy table"));
        return Ok(req.error_response(err).map_into_boxed_body());
    };
    // The table finds most patterns by segment; the router's own walk is the fallback.
    let found = table.pattern_of(req.path()).map(str::to_owned);
    debug_assert!(
        found.is_none() || found == req.match_pattern(),
        "the policy table matched {} to {found:?}, the router to {:?}",
        req.path(),
        req.match_pattern()
    );
    let Some(pattern) = found.or_else(|| req.match_pattern()) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let verdict = table.lookup(req.method(), &pattern);
    req.extensions_mut().insert(MatchedRoute(pattern.clone()));
    let rule = match verdict {
        Verdict::Row(access) => access,
        Verdict::OtherMethod => {
            // The router would answer 404 (each handler's resource is guarded by its method);
            // the path exists, so the answer is 405 with the methods it takes.
            let allow = table
                .methods(&pattern)
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let err = AppError::MethodNotAllowed { allow };
            return Ok(req.error_response(err).map_into_boxed_body());
        }
        Verdict::Unlisted => {
            tracing::error!(route = %pattern, "route has no policy row; refused");
            let err = AppError::forbidden(
                "no_policy",
                "该接口未配置访问规则",
                "this route has no access rule",
            );
            return Ok(req.error_response(err).map_into_boxed_body());
        }
    };
    if rule == Access::Public {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        let err = AppError::internal(anyhow::anyhow!("no app state"));
        return Ok(req.error_response(err).map_into_boxed_body());
    };
    match authenticate(&state, &req, rule).await {
        Ok((caller, owed)) => {
            req.extensions_mut().insert(caller);
            match owed {
                Some(check) => serve_owing(&state, check, req, next).await,
                None => next
                    .call(req)
                    .await
                    .map(ServiceResponse::map_into_boxed_body),
            }
        }
        Err(err) => Ok(req.error_response(err).map_into_boxed_body()),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::{Method, StatusCode};
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test};

    use super::*;
    use crate::auth::policy::RoutePolicy;

    fn listed_only() -> web::Data<PolicyTable> {
        web::Data::new(PolicyTable::new(vec![RoutePolicy::new(
            Method::GET,
            "/listed",
            Access::Public,
        )]))
    }

    async fn answer(table: Option<web::Data<PolicyTable>>, path: &str) -> (StatusCode, String) {
        let mut app = App::new();
        if let Some(table) = table {
            app = app.app_data(table);
        }
        let app = test::init_service(
            app.route("/listed", web::get().to(HttpResponse::Ok))
                .route("/unlisted", web::get().to(HttpResponse::Ok))
                .wrap(from_fn(enforce_policy)),
        )
        .await;
        let res = test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
        let status = res.status();
        let body = test::read_body(res).await;
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[actix_web::test]
    async fn a_route_without_a_row_is_refused() {
        let (status, body) = answer(Some(listed_only()), "/unlisted").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("\"no_policy\""), "{body}");
        let (status, _) = answer(Some(listed_only()), "/listed").await;
        assert_eq!(status, StatusCode::OK);
    }

    #[actix_web::test]
    async fn the_client_is_the_right_most_untrusted_hop() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let peer = ip("10.0.0.1");
        let walk = |chain: &[&str]| client_of_chain(peer, chain, &trusted);
        assert_eq!(walk(&["6.6.6.6", "203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(walk(&["203.0.113.7", "10.0.0.2"]), ip("203.0.113.7"));
        assert_eq!(
            walk(&["10.0.0.2", "10.0.0.1"]),
            ip("10.0.0.2"),
            "all trusted"
        );
        assert_eq!(walk(&[]), peer);
        assert_eq!(walk(&["6.6.6.6", "junk", "10.0.0.2"]), ip("10.0.0.2"));
        assert_eq!(walk(&["junk"]), peer);
        assert_eq!(walk(&["[2001:db8::1]:443"]), ip("2001:db8::1"));
        assert_eq!(walk(&["203.0.113.7:5000"]), ip("203.0.113.7"));
    }

    #[actix_web::test]
    async fn every_route_is_refused_without_a_table() {
        let (status, _) = answer(None, "/listed").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}
