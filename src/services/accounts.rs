//! Logging in and out, and changing one's own password.

use std::net::IpAddr;

use actix_web::web;
use serde_json::json;

use crate::auth::caller::Caller;
use crate::auth::password::{self, Password};
use crate::db::audit::{self, Entry, Origin};
use crate::db::credentials;
use crate::db::tokens::{self, Purpose};
use crate::db::users::{self, User};
use crate::domain::scope::Scope;
use crate::domain::user::{Email, UserStatus};
use crate::error::{AppError, Problems};
use crate::state::AppState;

/// A fresh access token and the account it belongs to.
pub struct Session {
    pub access_token: String,
    pub expires_in: i64,
    pub user: User,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    web::block(f)
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))
}

/// Checks the credentials; the same answer for an unknown e-mail, a wrong password and an account
/// that cannot log in. Every attempt counts against the client address; a failure counts against
/// the account from that address and from all addresses (see `auth::rate_limit`); every attempt
/// is audited.
pub async fn log_in(
    state: &AppState,
    email: &str,
    password: String,
    ip: Option<IpAddr>,
    origin: Origin,
) -> Result<Session, AppError> {
    let key = email.trim().to_lowercase();
    state
        .login_limiter
        .check(ip, &key)
        .map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
    let user = match Email::parse(email) {
        Ok(e) => state.db.run(move |c| users::find_by_email(c, &e)).await?,
        Err(_) => None,
    };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = blocking(move || match stored {
        Some(h) => password::verify(&password, &h),
        None => {
            password::verify_dummy(&password);
            false
        }
    })
    .await?;
    let now = state.clock.now();
    let failure = match &user {
        None => Some("unknown_account"),
        Some(_) if !matches => Some("wrong_password"),
        Some(u) if u.status != UserStatus::Active => Some(match u.status {
            UserStatus::Invited => "account_invited",
            _ => "account_deactivated",
        }),
        Some(_) => None,
    };
    match failure {
        Some(_) => state.login_limiter.failed(ip, &key),
        None => state.login_limiter.succeeded(ip, &key),
    }
    let actor = user.as_ref().map(|u| u.id);
    let unit = user.as_ref().and_then(|u| u.unit_id);
    state
        .db
        .write(move |c| {
            audit::record(
                c,
                now.naive_utc(),
                &origin,
                Entry {
                    actor,
                    action: if failure.is_some() {
                        "auth.login_failed"
                    } else {
                        "auth.login_succeeded"
                    },
                    object_type: Some("user"),
                    object_id: actor.map(|a| a.to_string()),
                    unit_id: unit,
                    summary: match failure {
                        Some(reason) => json!({ "email": key, "reason": reason }),
                        None => json!({}),
                    },
                },
            )
        })
        .await?;
    match (user, failure) {
        (Some(user), None) => Ok(Session {
            access_token: state
                .tokens
                .issue(user.id, user.token_version, now)
                .map_err(AppError::internal)?,
            expires_in: state.tokens.lifetime_secs(),
            user,
        }),
        _ => Err(AppError::InvalidCredentials),
    }
}

/// Ends every session of the caller (all tokens issued so far).
pub async fn log_out(state: &AppState, caller: Caller) -> Result<(), AppError> {
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            credentials::bump_token_version(c, caller.id, now)?;
            audit::record(
                c,
                now,
                &caller.origin,
                Entry::about_user(Some(caller.id), "auth.logout", caller.id, caller.unit_id),
            )
        })
        .await
}

/// Changes the caller's password after checking the current one; every older token stops working
/// and a new one is returned.
pub async fn change_password(
    state: &AppState,
    caller: Caller,
    current: String,
    new: &str,
) -> Result<Session, AppError> {
    let mut p = Problems::new();
    let new = p.take("new_password", Password::parse(new));
    p.finish()?;
    let new = new.expect("checked");
    let id = caller.id;
    let user = state
        .db
        .run(move |c| users::find(c, id, Scope::City))
        .await?;
    // A wrong current password is a failed login of the account from the caller's address.
    let ip = caller
        .origin
        .client_ip
        .as_deref()
        .and_then(|a| a.parse::<IpAddr>().ok());
    let key = user.email.clone();
    state
        .login_limiter
        .check(ip, &key)
        .map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
    let stored = user.password_hash.clone().unwrap_or_default();
    let new_hash = blocking(move || {
        if password::verify(&current, &stored) {
            password::hash(&new).map(Some)
        } else {
            Ok(None)
        }
    })
    .await?
    .map_err(AppError::internal)?;
    let Some(new_hash) = new_hash else {
        state.login_limiter.failed(ip, &key);
        return Err(AppError::invalid_field(
            "current_password",
            "incorrect",
            "当前密码不正确",
            "the current password is wrong",
        ));
    };
    let now = state.clock.now();
    let mails = state.account_emails.clone();
    let notice_to = user.clone();
    let version = state
        .db
        .write(move |c| {
            let version = credentials::set_password(c, id, &new_hash, now.naive_utc())?;
            mails.password_changed(c, &notice_to, version, now)?;
            audit::record(
                c,
                now.naive_utc(),
                &caller.origin,
                Entry::about_user(Some(id), "user.password_changed", id, caller.unit_id),
            )?;
            Ok(version)
        })
        .await?;
    state.mailer.wake.notify_one();
    let user = User {
        token_version: version,
        ..user
    };
    Ok(Session {
        access_token: state
            .tokens
            .issue(id, version, now)
            .map_err(AppError::internal)?,
        expires_in: state.tokens.lifetime_secs(),
        user,
    })
}

/// Hashes a new password on the blocking pool after checking the rule (422 on `field`).
async fn new_password_hash(field: &str, raw: &str) -> Result<String, AppError> {
    let mut p = Problems::new();
    let new = p.take(field, Password::parse(raw));
    p.finish()?;
    let new = new.expect("checked");
    blocking(move || password::hash(&new))
        .await?
        .map_err(AppError::internal)
}

/// Sets the password of an invited account through its invitation link and logs it in.
pub async fn accept_invitation(
    state: &AppState,
    token: String,
    password: &str,
    origin: Origin,
) -> Result<Session, AppError> {
    let hash = new_password_hash("password", password).await?;
    let now = state.clock.now();
    let mails = state.account_emails.clone();
    let user = state
        .db
        .write(move |c| {
            let row = mails.redeem(c, &token, Purpose::Invitation, now)?;
            let id = row.user_id;
            let user = users::find(c, id, Scope::City)?;
            if user.status != UserStatus::Invited {
                return Err(AppError::Gone {
                    code: "token_expired_or_used",
                    message: crate::i18n::Msg::new(
                        "该账号已激活或已停用",
                        "this account is already active or deactivated",
                    ),
                });
            }
            credentials::set_password(c, id, &hash, now.naive_utc())?;
            credentials::set_status(c, id, UserStatus::Active, now.naive_utc())?;
            audit::record(
                c,
                now.naive_utc(),
                &origin,
                Entry::about_user(Some(id), "user.invitation_accepted", id, user.unit_id),
            )?;
            users::find(c, id, Scope::City)
        })
        .await?;
    Ok(Session {
        access_token: state
            .tokens
            .issue(user.id, user.token_version, now)
            .map_err(AppError::internal)?,
        expires_in: state.tokens.lifetime_secs(),
        user,
    })
}

/// "Forgot password": e-mails a reset link to an active account. The answer is the same, and
/// comes as soon, whether or not the address belongs to anyone: only the client address's own
/// reset limit is checked before answering; looking the address up, the token and the e-mail are
/// work done after the answer ([`send_password_reset`]). Login counters are not touched.
pub fn request_password_reset(
    state: web::Data<AppState>,
    email: &str,
    ip: Option<IpAddr>,
    origin: Origin,
) -> Result<(), AppError> {
    state
        .login_limiter
        .check_reset(ip)
        .map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let work = state.clone();
    state.after_answer.spawn(async move {
        if let Err(e) = send_password_reset(&work, email, origin).await {
            tracing::error!(error = %e, "a password-reset request failed after its answer");
        }
    });
    Ok(())
}

/// Serialises the reset work of this instance (see [`send_password_reset`]).
static RESET_WORK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The work of a reset request, after its answer: for an active account whose newest reset link
/// is older than `auth.reset_email_interval_minutes`, a new link and its e-mail (the earlier
/// links stop working) and an audit entry. The interval is read from the stored tokens, so it
/// holds across instances.
pub async fn send_password_reset(
    state: &AppState,
    email: Email,
    origin: Origin,
) -> Result<(), AppError> {
    // One at a time in this instance, so that two quick requests cannot both find no recent link.
    let _one_at_a_time = RESET_WORK.lock().await;
    let now = state.clock.now();
    let interval = chrono::Duration::minutes(state.settings.auth.reset_email_interval_minutes);
    let mails = state.account_emails.clone();
    let queued = state
        .db
        .write(move |c| {
            let Some(user) = users::find_by_email(c, &email)? else {
                return Ok(false);
            };
            if user.status != UserStatus::Active {
                return Ok(false);
            }
            let newest = tokens::newest_created_at(c, user.id, Purpose::PasswordReset)?;
            if newest.is_some_and(|at| at > (now - interval).naive_utc()) {
                return Ok(false);
            }
            mails.reset(c, &user, now)?;
            audit::record(
                c,
                now.naive_utc(),
                &origin,
                Entry::about_user(None, "auth.password_reset_requested", user.id, user.unit_id),
            )?;
            Ok(true)
        })
        .await?;
    if queued {
        state.mailer.wake.notify_one();
    }
    Ok(())
}

/// Sets a new password through a reset link: every session ends and the owner is told.
pub async fn confirm_password_reset(
    state: &AppState,
    token: String,
    new_password: &str,
    origin: Origin,
) -> Result<(), AppError> {
    let hash = new_password_hash("new_password", new_password).await?;
    let now = state.clock.now();
    let mails = state.account_emails.clone();
    state
        .db
        .write(move |c| {
            let row = mails.redeem(c, &token, Purpose::PasswordReset, now)?;
            let id = row.user_id;
            let user = users::find(c, id, Scope::City)?;
            if user.status != UserStatus::Active {
                return Err(AppError::Gone {
                    code: "token_expired_or_used",
                    message: crate::i18n::Msg::new("该账号已停用", "this account is deactivated"),
                });
            }
            let version = credentials::set_password(c, id, &hash, now.naive_utc())?;
            mails.password_changed(c, &user, version, now)?;
            audit::record(
                c,
                now.naive_utc(),
                &origin,
                Entry::about_user(Some(id), "user.password_reset", id, user.unit_id),
            )
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(())
}
