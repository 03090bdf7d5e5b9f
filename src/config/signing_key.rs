//! The signing key kept in the data folder, so that the binary starts anywhere with no settings
//! at all: outside production, when no key is configured, the first start writes a random one to
//! `<data folder>/signing.key` (mode 0600, created atomically) and every later start reads it back,
//! so logins stay valid across restarts. Production never uses the file: it requires the key
//! from `PEIDAI_AUTH__JWT_SECRET` (see [`Settings::validate`]).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use base64::Engine;

use super::{ConfigError, RunEnv, Secret, Settings};
use crate::db::DatabaseUrl;

/// The key file's name in the data folder.
pub const SIGNING_KEY_FILE: &str = "signing.key";

/// Random bytes in a generated key (written as 64 base64 characters).
const KEY_BYTES: usize = 48;

/// Where the signing key came from on this start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredKey {
    /// A key is configured; no file is involved.
    Configured,
    /// The key was read from this file, written by an earlier start.
    Reused(PathBuf),
    /// This start wrote a new key to this file.
    Created(PathBuf),
}

impl Settings {
    /// The folder the service keeps its own files in when no setting names one: the SQLite
    /// database's folder, or `data/` (relative to the working folder) on PostgreSQL.
    pub fn data_dir(&self) -> PathBuf {
        match &self.database.url {
            DatabaseUrl::Sqlite(path) => match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            },
            DatabaseUrl::Postgres(_) => PathBuf::from("data"),
        }
    }

    /// Fills in the signing key from the data folder's key file when none is configured (never in
    /// production, where loading already refused a missing key), creating the file first.
    pub fn use_stored_signing_key(&mut self) -> Result<StoredKey, ConfigError> {
        if !self.auth.jwt_secret.is_empty() {
            return Ok(StoredKey::Configured);
        }
        if self.env == RunEnv::Production {
            return Err(ConfigError::new(
                "auth.jwt_secret",
                "no signing key is set; set PEIDAI_AUTH__JWT_SECRET (at least 32 bytes)",
            ));
        }
        let path = self.data_dir().join(SIGNING_KEY_FILE);
        let fail = |e: io::Error| {
            ConfigError::new(
                "auth.jwt_secret",
                format!("the key file {}: {e}", path.display()),
            )
        };
        let created = create_key_file(&path).map_err(fail)?;
        let key = fs::read_to_string(&path).map_err(fail)?.trim().to_owned();
        if key.len() < 32 {
            return Err(ConfigError::new(
                "auth.jwt_secret",
                format!(
                    "the key file {} holds fewer than 32 bytes; delete it to have a new key made \
                     (every login then ends)",
                    path.display()
                ),
            ));
        }
        self.auth.jwt_secret = Secret::new(key);
        Ok(if created {
            StoredKey::Created(path)
        } else {
            StoredKey::Reused(path)
        })
    }
}

/// Writes a new random key to `path` unless a file is there already; answers whether it wrote
/// one. The key is written to a private temporary file and linked into place, so a reader never
/// sees half a key and of two starts racing, one key wins and both use it.
fn create_key_file(path: &Path) -> io::Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(folder)?;
    let mut bytes = [0u8; KEY_BYTES];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| io::Error::other("no random bytes"))?;
    let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let temporary = folder.join(format!(".{SIGNING_KEY_FILE}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)?;
        file.write_all(key.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        match fs::hard_link(&temporary, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        }
    })();
    let _ = fs::remove_file(&temporary);
    written
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn settings(dir: &Path) -> Settings {
        let url = format!("sqlite://{}", dir.join("db").join("peidai.db").display());
        Settings::load_with(
            RunEnv::Development,
            Path::new("config"),
            false,
            &[("database.url", &url), ("auth.jwt_secret", "")],
        )
        .unwrap()
    }

    #[test]
    fn the_first_start_writes_a_private_key_and_later_starts_reuse_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = settings(dir.path());
        let path = dir.path().join("db").join(SIGNING_KEY_FILE);
        assert_eq!(
            first.use_stored_signing_key().unwrap(),
            StoredKey::Created(path.clone())
        );
        let key = first.auth.jwt_secret.expose().to_owned();
        assert!(key.len() >= 32, "{} bytes", key.len());
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        let mut again = settings(dir.path());
        assert_eq!(
            again.use_stored_signing_key().unwrap(),
            StoredKey::Reused(path)
        );
        assert_eq!(again.auth.jwt_secret.expose(), key);
        let leftovers = fs::read_dir(dir.path().join("db")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_configured_key_needs_no_file_and_a_short_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut configured = settings(dir.path());
        configured.auth.jwt_secret = Secret::new("c".repeat(40));
        assert_eq!(
            configured.use_stored_signing_key().unwrap(),
            StoredKey::Configured
        );
        assert!(!dir.path().join("db").exists());

        fs::create_dir_all(dir.path().join("db")).unwrap();
        fs::write(dir.path().join("db").join(SIGNING_KEY_FILE), "short\n").unwrap();
        let err = settings(dir.path()).use_stored_signing_key().unwrap_err();
        assert_eq!(err.setting, "auth.jwt_secret");
        assert!(err.reason.contains("fewer than 32 bytes"), "{err}");
    }

    #[test]
    fn postgres_keeps_the_key_in_the_data_folder() {
        let mut s = settings(Path::new("/nowhere"));
        s.database.url = "postgres://app@db/peidai".parse().unwrap();
        assert_eq!(s.data_dir(), PathBuf::from("data"));
    }
}
