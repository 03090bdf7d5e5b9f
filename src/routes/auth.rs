//! Login, logout, the current user, and password change.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::JsonBody;
use crate::auth::caller::{Caller, client_ip, origin_of};
use crate::db::users::{self, UserView};
use crate::domain::scope::Scope;
use crate::error::{AppError, ErrorBody};
use crate::services::accounts::{self, Session};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "admin@example.cn")]
    pub email: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    /// 8 to 128 characters.
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// An access token to send as `Authorization: Bearer <token>`.
#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub user: UserView,
}

impl From<Session> for TokenResponse {
    fn from(s: Session) -> Self {
        TokenResponse {
            access_token: s.access_token,
            token_type: "Bearer",
            expires_in: s.expires_in,
            user: s.user.into(),
        }
    }
}

/// Logs in with e-mail and password. Unknown e-mail and wrong password get the same answer;
/// attempts are limited per client address, failures per account and address and per account.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, body = ErrorBody, description = "wrong e-mail or password"),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "too many attempts; see Retry-After"),
    )
)]
#[post("/api/v1/auth/login")]
pub async fn log_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let trusted = &state.settings.server.trusted_proxies;
    let (ip, origin) = (client_ip(&req, trusted), origin_of(&req, trusted));
    let LoginRequest { email, password } = body.0;
    let session = accounts::log_in(&state, &email, password, ip, origin).await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(session)))
}

/// Ends every session of the caller: all tokens issued so far stop working.
#[utoipa::path(
    tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody))
)]
#[post("/api/v1/auth/logout")]
pub async fn log_out(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    accounts::log_out(&state, caller).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's own account and profile.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody))
)]
#[get("/api/v1/auth/me")]
pub async fn get_me(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    let id = caller.id;
    let user = state
        .db
        .run(move |c| users::find(c, id, Scope::City))
        .await?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}

/// Changes the caller's password (the current one is required). Every older token stops working;
/// the answer carries a new one.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "wrong current password or a new one outside 8 to 128 characters"),
    )
)]
#[post("/api/v1/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<ChangePasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.0;
    let session =
        accounts::change_password(&state, caller, current_password, &new_password).await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(session)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    /// The token from the invitation link.
    pub token: String,
    /// 8 to 128 characters.
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirmRequest {
    /// The token from the reset link.
    pub token: String,
    /// 8 to 128 characters.
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// The same answer whatever the address.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

/// Activates an invited account: sets its password through the invitation link and logs it in.
#[utoipa::path(
    tag = "auth",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 410, body = ErrorBody, description = "the link expired or was used"),
        (status = 422, body = ErrorBody, description = "an invalid token or password"),
    )
)]
#[post("/api/v1/auth/invitations/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<AcceptInvitationRequest>,
) -> Result<HttpResponse, AppError> {
    let origin = origin_of(&req, &state.settings.server.trusted_proxies);
    let AcceptInvitationRequest { token, password } = body.0;
    let session = accounts::accept_invitation(&state, token, &password, origin).await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(session)))
}

/// Asks for a password-reset e-mail. Always 202, whether or not the address has an account, and
/// as fast (the e-mail is prepared after the answer); at most one e-mail per address per
/// `auth.reset_email_interval_minutes`; 429 only from the client address's own reset limit.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, body = Accepted),
        (status = 429, body = ErrorBody),
    )
)]
#[post("/api/v1/auth/password-reset")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<PasswordResetRequest>,
) -> Result<HttpResponse, AppError> {
    let trusted = &state.settings.server.trusted_proxies;
    let (ip, origin) = (client_ip(&req, trusted), origin_of(&req, trusted));
    accounts::request_password_reset(state.clone(), &body.0.email, ip, origin)?;
    let message = crate::i18n::Msg::new(
        "如果该邮箱对应一个有效账号，重置密码的邮件已经发出",
        "If the address belongs to an active account, a reset e-mail is on its way",
    );
    Ok(HttpResponse::Accepted().json(Accepted {
        message: message.localized().to_owned(),
    }))
}

/// Sets a new password through a reset link; every session of the account ends.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetConfirmRequest,
    responses(
        (status = 204),
        (status = 410, body = ErrorBody, description = "the link expired or was used"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/api/v1/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<PasswordResetConfirmRequest>,
) -> Result<HttpResponse, AppError> {
    let origin = origin_of(&req, &state.settings.server.trusted_proxies);
    let PasswordResetConfirmRequest {
        token,
        new_password,
    } = body.0;
    accounts::confirm_password_reset(&state, token, &new_password, origin).await?;
    Ok(HttpResponse::NoContent().finish())
}
