//! Access tokens: HS256 JWTs with the algorithm pinned, audience and issuer checked, and a per-user
//! token version so that logout, password change, role or unit change and deactivation cut every
//! older token on the next request.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

use crate::config::AuthSettings;
use crate::domain::ids::UserId;

/// Seconds of clock skew tolerated on `exp`.
const LEEWAY_SECS: i64 = 30;
/// The only token purpose accepted as an access token.
const ACCESS: &str = "access";

/// What an access token says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub ver: i32,
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
    pub aud: String,
    pub iss: String,
}

/// The keys and rules for access tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    audience: String,
    issuer: String,
    lifetime: chrono::Duration,
}

/// A token the caller presented, checked for signature, audience, issuer, purpose and expiry.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    pub user_id: UserId,
    pub version: i32,
}

impl TokenKeys {
    pub fn new(auth: &AuthSettings) -> Self {
        let secret = auth.jwt_secret.expose().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[auth.jwt_audience.as_str()]);
        validation.set_issuer(&[auth.jwt_issuer.as_str()]);
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        // Expiry is checked against the service's clock (injectable in tests), below.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            audience: auth.jwt_audience.clone(),
            issuer: auth.jwt_issuer.clone(),
            lifetime: chrono::Duration::minutes(auth.access_token_minutes),
        }
    }

    /// Seconds an access token lives.
    pub fn lifetime_secs(&self) -> i64 {
        self.lifetime.num_seconds()
    }

    /// Mints an access token for `user` at token version `version`.
    pub fn issue(&self, user: UserId, version: i32, now: DateTime<Utc>) -> anyhow::Result<String> {
        let claims = Claims {
            sub: user.0.to_string(),
            ver: version,
            typ: ACCESS.to_owned(),
            iat: now.timestamp(),
            exp: (now + self.lifetime).timestamp(),
            aud: self.audience.clone(),
            iss: self.issuer.clone(),
        };
        Ok(encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Checks a presented token; `None` for anything not a valid, unexpired access token.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<VerifiedToken> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        let c = data.claims;
        if c.typ != ACCESS
            || c.exp + LEEWAY_SECS < now.timestamp()
            || c.iat > now.timestamp() + LEEWAY_SECS
        {
            return None;
        }
        Some(VerifiedToken {
            user_id: UserId(c.sub.parse().ok()?),
            version: c.ver,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    fn keys() -> TokenKeys {
        TokenKeys::new(&AuthSettings {
            jwt_secret: Secret::new("k".repeat(40)),
            access_token_minutes: 60,
            jwt_audience: "peidai-api".into(),
            jwt_issuer: "peidai".into(),
            login_attempts_per_ip_per_minute: 5,
            login_attempts_per_account_per_minute: 5,
            login_failures_per_account_per_hour: 100,
            invitation_hours: 168,
            password_reset_minutes: 120,
            reset_email_interval_minutes: 5,
        })
    }

    fn now() -> DateTime<Utc> {
        "2026-11-21T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_token_round_trips_and_expires_after_its_lifetime_plus_leeway() {
        let k = keys();
        let t = k.issue(UserId(7), 3, now()).unwrap();
        let v = k.verify(&t, now()).unwrap();
        assert_eq!((v.user_id, v.version), (UserId(7), 3));
        let just_inside = now() + chrono::Duration::minutes(60) + chrono::Duration::seconds(29);
        assert!(k.verify(&t, just_inside).is_some());
        let outside = now() + chrono::Duration::minutes(60) + chrono::Duration::seconds(31);
        assert!(k.verify(&t, outside).is_none());
    }

    #[test]
    fn other_algorithms_keys_audiences_and_purposes_are_refused() {
        let k = keys();
        let mut claims = Claims {
            sub: "1".into(),
            ver: 0,
            typ: ACCESS.into(),
            iat: now().timestamp(),
            exp: now().timestamp() + 600,
            aud: "peidai-api".into(),
            iss: "peidai".into(),
        };
        let secret = EncodingKey::from_secret("k".repeat(40).as_bytes());
        let hs512 = encode(&Header::new(Algorithm::HS512), &claims, &secret).unwrap();
        assert!(k.verify(&hs512, now()).is_none(), "HS512 must be refused");
        let wrong_key = encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(b"another-key-another-key-another-key"),
        )
        .unwrap();
        assert!(k.verify(&wrong_key, now()).is_none());
        claims.aud = "someone-else".into();
        let wrong_aud = encode(&Header::new(Algorithm::HS256), &claims, &secret).unwrap();
        assert!(k.verify(&wrong_aud, now()).is_none());
        claims.aud = "peidai-api".into();
        claims.typ = "invitation".into();
        let wrong_typ = encode(&Header::new(Algorithm::HS256), &claims, &secret).unwrap();
        assert!(k.verify(&wrong_typ, now()).is_none());
        // alg=none with the payload of a valid token.
        let good = k.issue(UserId(1), 0, now()).unwrap();
        let payload = good.split('.').nth(1).unwrap();
        let none = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
        assert!(k.verify(&none, now()).is_none());
    }
}
