//! Argon2id password hashes and the password rule (8 to 128 characters, no composition rules).

use std::sync::LazyLock;

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

use crate::error::FieldError;

/// A password that satisfies the rule. Never printed.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(****)")
    }
}

impl Password {
    /// Checks the length in characters; spaces count and are kept as typed.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let n = raw.chars().count();
        if n < 8 {
            return Err(FieldError::new(
                "too_short",
                "密码至少 8 个字符",
                "must be at least 8 characters",
            ));
        }
        if n > 128 {
            return Err(FieldError::new(
                "too_long",
                "密码最多 128 个字符",
                "must be at most 128 characters",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Hashes with Argon2id and the crate's recommended parameters (m=19456 KiB, t=2, p=1).
pub fn hash(password: &Password) -> anyhow::Result<String> {
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    Ok(hash.to_string())
}

/// True when `password` matches `stored`.
pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash(&Password("dummy-password-for-timing".into())).expect("hashing a constant works")
});

/// Spends the same work as a real check, for unknown accounts, so that timing does not reveal
/// whether an e-mail address exists.
pub fn verify_dummy(password: &str) {
    let _ = verify(password, &DUMMY_HASH);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_verified() {
        let p = Password::parse("correct horse battery").unwrap();
        let h = hash(&p).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterY", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn the_length_rule_is_8_to_128_characters() {
        assert_eq!(Password::parse("1234567").unwrap_err().code, "too_short");
        assert!(Password::parse("12345678").is_ok());
        assert!(Password::parse("密码密码密码密码").is_ok());
        assert!(Password::parse(&"a".repeat(128)).is_ok());
        assert_eq!(
            Password::parse(&"a".repeat(129)).unwrap_err().code,
            "too_long"
        );
        assert_eq!(Password::parse(" spaced ").unwrap().expose(), " spaced ");
    }
}
