//! The e-mails that belong to an account: the invitation, the password reset and the notice that
//! a password changed. Each is enqueued inside the caller's transaction, with the token it needs.

use chrono::{DateTime, Duration, Utc};

use crate::auth::account_token::{TokenKey, hash_token};
use crate::db::AnyConnection;
use crate::db::tokens::{self, Purpose, TokenRow};
use crate::db::users::User;
use crate::email::catalogue::{Email, Invitation, PasswordChanged, PasswordReset};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::AppError;

/// What the account e-mails need, cheap to clone into a transaction closure.
#[derive(Clone)]
pub struct AccountEmails {
    pub key: TokenKey,
    pub domain: String,
    pub invitation_ttl: Duration,
    pub reset_ttl: Duration,
}

fn recipient(user: &User) -> Recipient {
    Recipient {
        user_id: Some(user.id),
        email: user.email.clone(),
        name: user.name.clone(),
        locale: user.locale,
    }
}

/// Why a presented token does not open anything.
fn token_error(status_gone: bool) -> AppError {
    if status_gone {
        AppError::Gone {
            code: "token_expired_or_used",
            message: crate::i18n::Msg::new(
                "链接已过期或已使用，请重新申请",
                "this link has expired or was already used; ask for a new one",
            ),
        }
    } else {
        AppError::invalid_field(
            "token",
            "invalid_token",
            "链接无效",
            "this link is not valid",
        )
    }
}

impl AccountEmails {
    /// Ends the user's unused tokens of this purpose, stores a new one, and enqueues the e-mail
    /// that carries its link (`make` builds it from the nonce and the expiry).
    fn send_link(
        &self,
        conn: &mut AnyConnection,
        user: &User,
        purpose: Purpose,
        ttl: Duration,
        now: DateTime<Utc>,
        make: impl FnOnce(String, DateTime<Utc>) -> Email,
    ) -> Result<(), AppError> {
        let expires_at = now + ttl;
        tokens::revoke_unused(conn, user.id, purpose, now.naive_utc())?;
        let nonce = TokenKey::new_nonce();
        let hash = hash_token(&self.key.token_for(&nonce));
        let id = tokens::insert(
            conn,
            user.id,
            purpose,
            &nonce,
            &hash,
            expires_at.naive_utc(),
            now.naive_utc(),
        )?;
        let email = make(nonce, expires_at);
        enqueue(
            conn,
            now.naive_utc(),
            &self.domain,
            &recipient(user),
            &email,
            &format!("token:{id}"),
        )?;
        Ok(())
    }

    /// A fresh invitation for `user` (earlier unused ones stop working).
    pub fn invite(
        &self,
        conn: &mut AnyConnection,
        user: &User,
        inviter: &str,
        unit: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let (name, inviter) = (user.name.clone(), inviter.to_owned());
        self.send_link(
            conn,
            user,
            Purpose::Invitation,
            self.invitation_ttl,
            now,
            |token_nonce, expires_at| {
                Email::Invitation(Invitation {
                    name,
                    inviter,
                    unit,
                    token_nonce,
                    expires_at,
                })
            },
        )
    }

    /// A password-reset link for `user` (earlier unused ones stop working).
    pub fn reset(
        &self,
        conn: &mut AnyConnection,
        user: &User,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let name = user.name.clone();
        self.send_link(
            conn,
            user,
            Purpose::PasswordReset,
            self.reset_ttl,
            now,
            |token_nonce, expires_at| {
                Email::PasswordReset(PasswordReset {
                    name,
                    token_nonce,
                    expires_at,
                })
            },
        )
    }

    /// Tells `user` that the password changed (`version` is the new token version, so that each
    /// change is its own e-mail).
    pub fn password_changed(
        &self,
        conn: &mut AnyConnection,
        user: &User,
        version: i32,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let email = Email::PasswordChanged(PasswordChanged {
            name: user.name.clone(),
            changed_at: now,
        });
        enqueue(
            conn,
            now.naive_utc(),
            &self.domain,
            &recipient(user),
            &email,
            &format!("version:{version}"),
        )?;
        Ok(())
    }

    /// Takes a presented token: it must exist for this purpose, be unused and unexpired; it is
    /// marked used in the caller's transaction.
    pub fn redeem(
        &self,
        conn: &mut AnyConnection,
        token: &str,
        purpose: Purpose,
        now: DateTime<Utc>,
    ) -> Result<TokenRow, AppError> {
        let row =
            tokens::find(conn, &hash_token(token), purpose)?.ok_or_else(|| token_error(false))?;
        if row.used_at.is_some() || row.expires_at < now.naive_utc() {
            return Err(token_error(true));
        }
        if !tokens::mark_used(conn, row.id, now.naive_utc())? {
            return Err(token_error(true));
        }
        Ok(row)
    }
}
