//! Evidence files of nominations (certificates, awards), logged activities and assessment
//! objections, one mechanism for all three: PDF, JPEG or PNG, checked by content, size-limited by
//! policy (the routes read the body up to it), stored outside the database under
//! `storage.files_dir` by content hash, and readable only by those who may see the owner. Who may
//! see an owner and who may add to it is written once per owner kind below.

use std::path::{Path, PathBuf};

use aws_lc_rs::digest;
use serde_json::json;

use crate::auth::account_token::{TokenKey, hex};
use crate::auth::caller::Caller;
use crate::db::evidence_files::{self, EvidenceFile, NewFile};
use crate::db::{AnyConnection, activities, contracts, nominations};
use crate::domain::assessment::ObjectionStatus;
use crate::domain::evidence::{Owner, OwnerKind};
use crate::domain::ids::{ActivityId, AssessmentObjectionId, EvidenceFileId, NominationId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::audit_trail::{self, Subject};
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
/// Each upload writes a temporary file of its own (a random name, created new), so that uploads
/// of the same content at the same moment never write or rename one another's file; the last
/// rename wins with the same bytes.
fn store(files_dir: &Path, sha256: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let path = stored_path(files_dir, sha256);
    if path.exists() {
        return Ok(());
    }
    let folder = path.parent().expect("has a parent");
    std::fs::create_dir_all(folder)?;
    let tmp = folder.join(format!(".{sha256}.{}.tmp", &TokenKey::new_nonce()[..16]));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// An upload checked and kept under its hash.
struct Stored {
    pub sha256: String,
    pub content_type: &'static str,
    pub size: i64,
}

/// Checks the upload's type by content and keeps it under its hash.
async fn keep(state: &AppState, bytes: Vec<u8>) -> Result<Stored, AppError> {
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
async fn read_stored(state: &AppState, sha256: &str) -> Result<Vec<u8>, AppError> {
    let path = stored_path(&state.settings.storage.files_dir, sha256);
    actix_web::web::block(move || std::fs::read(path))
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
        .map_err(AppError::internal)
}

/// The file's own name from the name given (any folders dropped), required and at most 200
/// characters.
fn file_name(raw: &str) -> Result<String, AppError> {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    crate::domain::text::required(name, 200).map_err(|e| {
        let mut p = crate::error::Problems::new();
        p.add("name", e.code, e.message);
        p.finish().unwrap_err()
    })
}

/// Whether the caller may see the owner: otherwise `NotFound`, as for a record that is not there.
///
/// - a nomination: within the caller's admin scope, or assigned to the caller as a reviewer
///   (never one of the reviewer's own unit);
/// - an activity: the caller may see its contract;
/// - an objection: the caller may see its assessment.
fn check_visible(c: &mut AnyConnection, caller: &Caller, owner: Owner) -> Result<(), AppError> {
    match owner.kind {
        OwnerKind::Nomination => {
            let id = NominationId(owner.id);
            match nominations::find(c, id, caller.admin_scope()) {
                Ok(_) => Ok(()),
                Err(AppError::NotFound) if caller.has(Role::Reviewer) => {
                    let unit = caller.unit_id;
                    if crate::db::review::reviewable_ids(c, caller.id, unit, None)?.contains(&id) {
                        Ok(())
                    } else {
                        Err(AppError::NotFound)
                    }
                }
                Err(e) => Err(e),
            }
        }
        OwnerKind::Activity => visible_activity(c, caller, ActivityId(owner.id)).map(|_| ()),
        OwnerKind::Objection => {
            crate::services::objections::visible(c, caller, AssessmentObjectionId(owner.id))
                .map(|_| ())
        }
    }
}

/// The activity and its contract, if the caller may see the contract.
fn visible_activity(
    c: &mut AnyConnection,
    caller: &Caller,
    id: ActivityId,
) -> Result<(activities::Activity, contracts::Contract), AppError> {
    let activity = activities::find(c, id)?;
    let k = contracts::find(
        c,
        activity.contract_id,
        crate::services::contracts::viewer(caller),
    )?;
    Ok((activity, k))
}

/// What an upload to an owner is recorded as in the audit log.
struct UploadEvent {
    action: &'static str,
    subject: Subject,
    /// The objection's id, for an objection's file (its event is about the assessment).
    objection: Option<AssessmentObjectionId>,
}

/// Whether the caller may add a file to the owner, and what the upload is recorded as:
///
/// - a nomination: a draft or returned one, by the nominating unit's admin;
/// - an activity: one not locked, by its contract's mentor;
/// - an objection: a pending one, by the mentor who filed it (another's answers 404).
fn check_uploader(
    c: &mut AnyConnection,
    caller: &Caller,
    owner: Owner,
) -> Result<UploadEvent, AppError> {
    match owner.kind {
        OwnerKind::Nomination => {
            let n = nominations::find(c, NominationId(owner.id), caller.admin_scope())?;
            if !caller.has(Role::UnitAdmin) || Some(n.unit_id) != caller.unit_id {
                return Err(AppError::forbidden(
                    "forbidden",
                    "只有推荐单位可以上传材料",
                    "only the nominating unit uploads",
                ));
            }
            if !n.status.editable() {
                return Err(crate::services::refusals::wrong_status(
                    "只有草稿或退回的推荐可以上传材料",
                    "files can be added to drafts and returned nominations only",
                ));
            }
            Ok(UploadEvent {
                action: "nomination.file_upload",
                subject: Subject::from(&n),
                objection: None,
            })
        }
        OwnerKind::Activity => {
            let (activity, k) = visible_activity(c, caller, ActivityId(owner.id))?;
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
            Ok(UploadEvent {
                action: "activity.file_upload",
                subject: Subject::new("activity", owner.id, Some(k.unit_id)),
                objection: None,
            })
        }
        OwnerKind::Objection => {
            let (o, a) =
                crate::services::objections::visible(c, caller, AssessmentObjectionId(owner.id))?;
            if o.mentor_user_id != caller.id {
                return Err(AppError::NotFound);
            }
            if o.status != ObjectionStatus::Pending {
                return Err(crate::services::refusals::wrong_status(
                    "异议已处理，不能再补充材料",
                    "the objection has been decided; no more files",
                ));
            }
            Ok(UploadEvent {
                action: "assessment.objection_file_upload",
                subject: Subject::from(&a),
                objection: Some(o.id),
            })
        }
    }
}

/// Stores an uploaded file for the owner, if the caller may add to it.
pub async fn upload(
    state: &AppState,
    caller: Caller,
    owner: Owner,
    raw_name: &str,
    bytes: Vec<u8>,
) -> Result<EvidenceFile, AppError> {
    let name = file_name(raw_name)?;
    let probe = caller.clone();
    let event = state
        .db
        .run(move |c| check_uploader(c, &probe, owner))
        .await?;
    let Stored {
        sha256,
        content_type,
        size,
    } = keep(state, bytes).await?;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let file = evidence_files::insert(
                c,
                owner,
                NewFile {
                    sha256: &sha256,
                    file_name: &name,
                    content_type,
                    size,
                    uploaded_by: caller.id,
                },
                now,
            )?;
            let summary = match event.objection {
                Some(objection) => {
                    json!({ "objection_id": objection, "file_id": file.id, "size_bytes": size })
                }
                None => json!({ "file_id": file.id, "sha256": file.sha256, "size_bytes": size }),
            };
            audit_trail::record(c, &caller, event.action, event.subject, summary, now)?;
            Ok(file)
        })
        .await
}

/// Whether the caller may see the owner (see `check_visible`): the check a write to the owner
/// makes before its body is read, so that another unit's owner answers 404 whatever the body.
pub async fn reach(state: &AppState, caller: &Caller, owner: Owner) -> Result<(), AppError> {
    let caller = caller.clone();
    state
        .db
        .run(move |c| check_visible(c, &caller, owner))
        .await
}

/// The files of an owner the caller may see.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    owner: Owner,
) -> Result<Vec<EvidenceFile>, AppError> {
    let caller = caller.clone();
    state
        .db
        .run(move |c| {
            check_visible(c, &caller, owner)?;
            evidence_files::list(c, owner)
        })
        .await
}

/// One file's record and content, if the caller may see its owner; a file of another owner is
/// not found.
pub async fn download(
    state: &AppState,
    caller: &Caller,
    owner: Owner,
    file_id: EvidenceFileId,
) -> Result<(EvidenceFile, Vec<u8>), AppError> {
    let caller = caller.clone();
    let file = state
        .db
        .run(move |c| {
            check_visible(c, &caller, owner)?;
            evidence_files::find(c, owner, file_id)
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
