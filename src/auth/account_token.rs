//! Single-use account tokens for invitations and password resets.
//!
//! The database never holds a usable token: it stores a random nonce and the SHA-256 of the token,
//! and the token itself is an HMAC of the nonce under a key derived from the service's secret. So
//! the sender can put the link into an e-mail long after the request that made it (the outbox keeps
//! only the nonce), while a copy of the database alone opens no account.

use aws_lc_rs::{digest, hmac, rand};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Derives tokens from nonces and hashes tokens for lookup.
#[derive(Clone)]
pub struct TokenKey(hmac::Key);

impl TokenKey {
    /// A key for account tokens, derived from the service secret (separate from the JWT use).
    pub fn new(secret: &[u8]) -> Self {
        let master = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let derived = hmac::sign(&master, b"peidai account tokens v1");
        Self(hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()))
    }

    /// A fresh random nonce (256 bits, hex).
    pub fn new_nonce() -> String {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes).expect("the system random source works");
        hex(&bytes)
    }

    /// The token a nonce stands for (what the e-mail link carries).
    pub fn token_for(&self, nonce: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.0, nonce.as_bytes()).as_ref())
    }
}

/// The stored form of a token: hex SHA-256.
pub fn hash_token(token: &str) -> String {
    hex(digest::digest(&digest::SHA256, token.trim().as_bytes()).as_ref())
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_derived_from_nonces_and_stored_only_as_hashes() {
        let key = TokenKey::new(b"a secret of the service, long enough");
        let nonce = TokenKey::new_nonce();
        assert_eq!(nonce.len(), 64);
        assert_ne!(nonce, TokenKey::new_nonce(), "nonces are random");
        let token = key.token_for(&nonce);
        assert_eq!(
            token,
            key.token_for(&nonce),
            "the same nonce gives the same token"
        );
        assert!(!token.contains(&nonce) && !nonce.contains(&token));
        let other = TokenKey::new(b"another secret of another service!!");
        assert_ne!(
            token,
            other.token_for(&nonce),
            "the token depends on the secret"
        );
        let hash = hash_token(&token);
        assert_eq!(hash.len(), 64);
        assert_ne!(hash, token);
        assert_eq!(hash, hash_token(&format!(" {token}\n")));
    }
}
