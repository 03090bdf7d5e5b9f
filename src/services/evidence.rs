//! Evidence files of a nomination (certificates, awards): PDF, JPEG or PNG, checked by content,
//! size-limited by policy, stored outside the database under `storage.files_dir` by content hash,
//! and readable only by those who may see the nomination.

use std::path::{Path, PathBuf};

use aws_lc_rs::digest;
use serde_json::json;

use crate::auth::account_token::hex;
use crate::auth::caller::Caller;
use crate::db::audit::{self, Entry};
use crate::db::evidence_files::{self, ActivityFile, EvidenceFile, NewFile};
use crate::db::nominations;
use crate::domain::ids::NominationId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::state::AppState;

/// The content types accepted, recognised by their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// Where a file with this hash lives: `<files_dir>/<first two hex digits>/<hash>`.
pub fn stored_path(files_dir: &Path, sha256: &str) -> PathBuf {
    files_dir.join(&sha256[..2]).join(sha256)
}

/// Writes the bytes under their hash unless they are there already; atomic (temp file, rename).
fn store(files_dir: &Path, sha256: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = stored_path(files_dir, sha256);
    if path.exists() {
        return Ok(());
    }
    let folder = path.parent().expect("has a parent");
    std::fs::create_dir_all(folder)?;
    let tmp = folder.join(format!(".{sha256}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, &path)
}

/// An upload checked and kept under its hash.
pub(crate) struct Stored {
    pub sha256: String,
    pub content_type: &'static str,
    pub size: i64,
}

/// Checks the upload's type by content and keeps it under its hash.
pub(crate) async fn keep(state: &AppState, bytes: Vec<u8>) -> Result<Stored, AppError> {
    let Some(content_type) = sniff(&bytes) else {
        return Err(AppError::invalid_field(
            "file",
            "unsupported_type",
            "只接受 PDF、JPEG 或 PNG 文件",
            "only PDF, JPEG or PNG files are accepted",
        ));
    };
    let sha256 = hex(digest::digest(&digest::SHA256, &bytes).as_ref());
    let dir = state.settings.storage.files_dir.clone();
    let (hash, size) = (sha256.clone(), bytes.len() as i64);
    actix_web::web::block(move || store(&dir, &hash, &bytes))
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
        .map_err(AppError::internal)?;
    Ok(Stored {
        sha256,
        content_type,
        size,
    })
}

/// The content of a kept file.
pub(crate) async fn read_stored(state: &AppState, sha256: &str) -> Result<Vec<u8>, AppError> {
    let path = stored_path(&state.settings.storage.files_dir, sha256);
    actix_web::web::block(move || std::fs::read(path))
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
        .map_err(AppError::internal)
}

pub(crate) fn file_name(raw: &str) -> Result<String, AppError> {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    crate::domain::text::required(name, 200).map_err(|e| {
        let mut p = crate::error::Problems::new();
        p.add("name", e.code, e.message);
        p.finish().unwrap_err()
    })
}

/// Stores an uploaded file for a draft or returned nomination of the caller's unit.
pub async fn upload(
    state: &AppState,
    caller: Caller,
    id: NominationId,
    raw_name: &str,
    bytes: Vec<u8>,
) -> Result<EvidenceFile, AppError> {
    let name = file_name(raw_name)?;
    let scope = caller.admin_scope();
    let nomination = state
        .db
        .run(move |c| nominations::find(c, id, scope))
        .await?;
    if !caller.has(Role::UnitAdmin) || Some(nomination.unit_id) != caller.unit_id {
        return Err(AppError::forbidden(
            "forbidden",
            "只有推荐单位可以上传材料",
            "only the nominating unit uploads",
        ));
    }
    if !nomination.status.editable() {
        return Err(AppError::conflict_field(
            "status",
            "wrong_status",
            "只有草稿或退回的推荐可以上传材料",
            "files can be added to drafts and returned nominations only",
        ));
    }
    let Stored {
        sha256,
        content_type,
        size,
    } = keep(state, bytes).await?;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let file = evidence_files::insert_file(
                c,
                id,
                NewFile {
                    sha256: &sha256,
                    file_name: &name,
                    content_type,
                    size,
                    uploaded_by: caller.id,
                },
                now,
            )?;
            audit::record(
                c,
                now,
                &caller.origin,
                Entry {
                    actor: Some(caller.id),
                    action: "nomination.file_upload",
                    object_type: Some("nomination"),
                    object_id: Some(id.to_string()),
                    unit_id: Some(nomination.unit_id),
                    summary: json!({ "file_id": file.id, "sha256": file.sha256, "size_bytes": size }),
                },
            )?;
            Ok(file)
        })
        .await
}

/// Whether the caller may see the nomination: within their admin scope, or as a reviewer it is
/// assigned to (never one of the reviewer's own unit). Otherwise `NotFound`.
fn check_visible(
    c: &mut crate::db::AnyConnection,
    caller: &Caller,
    id: NominationId,
) -> Result<(), AppError> {
    match nominations::find(c, id, caller.admin_scope()) {
        Ok(_) => Ok(()),
        Err(AppError::NotFound) if caller.has(Role::Reviewer) => {
            let unit = caller.unit_id.map(|u| u.0);
            if crate::db::review::reviewable_ids(c, caller.id, unit, None)?.contains(&id.0) {
                Ok(())
            } else {
                Err(AppError::NotFound)
            }
        }
        Err(e) => Err(e),
    }
}

/// The files of a nomination the caller may see.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    id: NominationId,
) -> Result<Vec<EvidenceFile>, AppError> {
    let caller = caller.clone();
    state
        .db
        .run(move |c| {
            check_visible(c, &caller, id)?;
            evidence_files::files(c, id)
        })
        .await
}

/// One file's record and content, if the caller may see its nomination.
pub async fn download(
    state: &AppState,
    caller: &Caller,
    id: NominationId,
    file_id: i64,
) -> Result<(EvidenceFile, Vec<u8>), AppError> {
    let caller = caller.clone();
    let file = state
        .db
        .run(move |c| {
            check_visible(c, &caller, id)?;
            evidence_files::file(c, id, file_id)
        })
        .await?;
    let bytes = read_stored(state, &file.sha256).await?;
    Ok((file, bytes))
}

/// The activity and its contract, if the caller may see them.
fn visible_activity(
    c: &mut crate::db::AnyConnection,
    caller: &Caller,
    id: i64,
) -> Result<
    (
        crate::db::activities::Activity,
        crate::db::contracts::Contract,
    ),
    AppError,
> {
    let activity = crate::db::activities::find(c, id)?;
    let k = crate::db::contracts::find(
        c,
        activity.contract_id,
        crate::services::contracts::viewer(caller),
    )?;
    Ok((activity, k))
}

/// Stores an evidence file for an activity of the caller's own contract (as its mentor).
pub async fn upload_activity_file(
    state: &AppState,
    caller: Caller,
    id: i64,
    raw_name: &str,
    bytes: Vec<u8>,
) -> Result<ActivityFile, AppError> {
    let name = file_name(raw_name)?;
    let probe = caller.clone();
    let (activity, k) = state
        .db
        .run(move |c| visible_activity(c, &probe, id))
        .await?;
    if k.mentor_user_id != caller.id {
        return Err(AppError::forbidden(
            "forbidden",
            "只有培带人本人可以上传活动材料",
            "only the contract's mentor adds files",
        ));
    }
    if activity.locked {
        return Err(AppError::conflict_field(
            "locked",
            "activity_locked",
            "活动已锁定",
            "the activity is locked",
        ));
    }
    let Stored {
        sha256,
        content_type,
        size,
    } = keep(state, bytes).await?;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let file = evidence_files::insert_activity_file(
                c,
                id,
                NewFile {
                    sha256: &sha256,
                    file_name: &name,
                    content_type,
                    size,
                    uploaded_by: caller.id,
                },
                now,
            )?;
            audit::record(
                c,
                now,
                &caller.origin,
                Entry {
                    actor: Some(caller.id),
                    action: "activity.file_upload",
                    object_type: Some("activity"),
                    object_id: Some(id.to_string()),
                    unit_id: Some(k.unit_id),
                    summary: json!({ "file_id": file.id, "sha256": file.sha256, "size_bytes": size }),
                },
            )?;
            Ok(file)
        })
        .await
}

/// The files of an activity the caller may see.
pub async fn activity_files(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Vec<ActivityFile>, AppError> {
    let caller = caller.clone();
    state
        .db
        .run(move |c| {
            visible_activity(c, &caller, id)?;
            evidence_files::activity_files(c, id)
        })
        .await
}

/// One activity file's record and content, if the caller may see the activity.
pub async fn download_activity_file(
    state: &AppState,
    caller: &Caller,
    id: i64,
    file_id: i64,
) -> Result<(ActivityFile, Vec<u8>), AppError> {
    let caller = caller.clone();
    let file = state
        .db
        .run(move |c| {
            visible_activity(c, &caller, id)?;
            evidence_files::activity_file(c, id, file_id)
        })
        .await?;
    let bytes = read_stored(state, &file.sha256).await?;
    Ok((file, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pdf_jpeg_and_png_are_recognised_by_their_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"MZ\x90\x00 an executable"), None);
        assert_eq!(sniff(b"<html>%PDF-"), None);
        assert_eq!(sniff(b""), None);
    }
}
