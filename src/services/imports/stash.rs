//! An uploaded file kept between the preview and the apply of the import pages, so that what is
//! applied is exactly the file that was previewed (a re-upload is never trusted to be the same).
//! Kept in the data folder (`storage.files_dir/imports/`) under a random name, tied to the admin
//! who uploaded it, and refused after an hour; applying removes it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::account_token::TokenKey;
use crate::domain::ids::UserId;
use crate::error::AppError;

use super::ImportKind;

/// How long a kept file can be applied.
const KEPT_FOR: Duration = Duration::hours(1);

/// What is known about a kept file besides its bytes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Kept {
    pub admin: i64,
    pub kind: String,
    pub file_name: String,
    pub invite: bool,
    pub at: DateTime<Utc>,
}

fn folder(files_dir: &Path) -> PathBuf {
    files_dir.join("imports")
}

/// A token of ours: 64 hex digits (anything else names no file).
fn valid(token: &str) -> bool {
    token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit())
}

/// Keeps `bytes` and answers the token that names them.
pub fn keep(files_dir: &Path, meta: &Kept, bytes: &[u8]) -> Result<String, AppError> {
    let dir = folder(files_dir);
    std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
    let token = TokenKey::new_nonce();
    std::fs::write(dir.join(format!("{token}.bin")), bytes).map_err(AppError::internal)?;
    let json = serde_json::to_vec(meta).map_err(AppError::internal)?;
    std::fs::write(dir.join(format!("{token}.json")), json).map_err(AppError::internal)?;
    Ok(token)
}

/// What is known of the file `token` names, when `admin` kept it of `kind` within the hour
/// (without reading its bytes); else 404.
pub fn meta(
    files_dir: &Path,
    token: &str,
    admin: UserId,
    kind: ImportKind,
    now: DateTime<Utc>,
) -> Result<Kept, AppError> {
    if !valid(token) {
        return Err(AppError::NotFound);
    }
    let dir = folder(files_dir);
    let meta = std::fs::read(dir.join(format!("{token}.json"))).map_err(|_| AppError::NotFound)?;
    let meta: Kept = serde_json::from_slice(&meta).map_err(|_| AppError::NotFound)?;
    if meta.admin != admin.0 || meta.kind != kind.code() || now - meta.at > KEPT_FOR {
        return Err(AppError::NotFound);
    }
    Ok(meta)
}

/// The file `token` names, when `admin` kept it of `kind` within the hour; else 404.
pub fn load(
    files_dir: &Path,
    token: &str,
    admin: UserId,
    kind: ImportKind,
    now: DateTime<Utc>,
) -> Result<(Kept, Vec<u8>), AppError> {
    let meta = meta(files_dir, token, admin, kind, now)?;
    let dir = folder(files_dir);
    let bytes = std::fs::read(dir.join(format!("{token}.bin"))).map_err(|_| AppError::NotFound)?;
    Ok((meta, bytes))
}

/// Forgets a kept file (after it was applied).
pub fn discard(files_dir: &Path, token: &str) {
    if valid(token) {
        let dir = folder(files_dir);
        let _ = std::fs::remove_file(dir.join(format!("{token}.bin")));
        let _ = std::fs::remove_file(dir.join(format!("{token}.json")));
    }
}
