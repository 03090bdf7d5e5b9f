//! Running an import: the file read into a table, the kind's `run` inside one write transaction,
//! rolled back on a dry run and whenever a row is refused (all rows or none), committed with its
//! audit entry and, when asked, the invitations of the people it created. A caller that follows
//! the import (the pages' progress) passes a [`RowProgress`] that the kinds tell every few hundred
//! rows how far they are.

use std::sync::Arc;

use serde_json::json;

use crate::db::AnyConnection;
use crate::db::audit::{self, Entry, Origin};
use crate::db::trial::write_transaction_keeping;
use crate::domain::ids::UserId;
use crate::email::account_emails::AccountEmails;
use crate::error::AppError;
use crate::state::AppState;

use super::report::{RowAction, RowOutcome};
use super::table::Table;
use super::{ImportContext, ImportKind, people, reading};

/// Rows between two reports of [`RowProgress`]: often enough for a progress bar, rarely enough
/// that a file of twenty thousand rows spends nothing noticeable on it.
pub const REPORT_EVERY: usize = 200;

/// Whom an import tells how far it is: called with the rows checked so far and the rows of the
/// file, when the kind starts, every [`REPORT_EVERY`] rows and at the last row. The CLI and the
/// API pass [`RowProgress::none`].
#[derive(Clone, Default)]
pub struct RowProgress(Option<Arc<dyn Fn(usize, usize) + Send + Sync>>);

impl RowProgress {
    /// Nobody follows the import.
    pub fn none() -> Self {
        Self(None)
    }

    /// `report(done, total)` follows the import.
    pub fn new(report: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(report)))
    }

    /// Called by a kind as it takes up the row numbered `row` (as the spreadsheet numbers it) of
    /// `table`; passes it on every [`REPORT_EVERY`] rows and at the last.
    #[inline]
    pub fn at(&self, row: usize, table: &Table) {
        if let Some(report) = &self.0 {
            let done = (row + 1).saturating_sub(table.first_row);
            let total = table.rows.len();
            if done.is_multiple_of(REPORT_EVERY) || done >= total {
                report(done.min(total), total);
            }
        }
    }

    fn start(&self, table: &Table) {
        if let Some(report) = &self.0 {
            report(0, table.rows.len());
        }
    }
}

impl std::fmt::Debug for RowProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "RowProgress(followed)"
        } else {
            "RowProgress(none)"
        })
    }
}

/// What an import did, or on a dry run would do.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub kind: ImportKind,
    pub file_name: String,
    /// Whether applying was asked for.
    pub apply: bool,
    /// Whether the rows were stored (applying, and no row refused).
    pub applied: bool,
    /// Invitations enqueued (only when applied with invitations asked for).
    pub invitations: usize,
    /// Every row's outcome, in the file's order.
    pub rows: Vec<RowOutcome>,
}

impl ImportReport {
    /// How many rows have `action`.
    pub fn count(&self, action: RowAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }

    /// Whether any row is refused (then nothing is stored).
    pub fn any_refused(&self) -> bool {
        self.rows.iter().any(|r| r.action == RowAction::Refuse)
    }
}

/// One import as asked for: a file, its kind, and whether to apply it and invite.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub kind: ImportKind,
    pub file_name: String,
    pub apply: bool,
    pub invite: bool,
}

/// Runs an import of `table` on `c`: checks and (when applying and nothing is refused) stores
/// every row, the import's audit entry and, with `ctx.send_invitations` and `mails`, the
/// invitations; otherwise rolls everything back. The report is the same either way.
pub fn run_on(
    c: &mut AnyConnection,
    req: &ImportRequest,
    ctx: &ImportContext,
    table: &Table,
    mails: Option<&AccountEmails>,
) -> Result<ImportReport, AppError> {
    ctx.progress.start(table);
    write_transaction_keeping(c, |c| {
        let rows = req.kind.run(c, ctx, table)?;
        let mut report = ImportReport {
            kind: req.kind,
            file_name: req.file_name.clone(),
            apply: req.apply,
            applied: false,
            invitations: 0,
            rows,
        };
        if !req.apply || report.any_refused() {
            return Ok((report, false));
        }
        if req.kind == ImportKind::People
            && ctx.send_invitations
            && let Some(mails) = mails
        {
            report.invitations = people::invite_created(c, mails, ctx, table, &report.rows)?;
        }
        report.applied = true;
        audit::record(
            c,
            ctx.at.naive_utc(),
            &ctx.origin,
            Entry {
                actor: ctx.actor,
                action: "import.apply",
                object_type: Some("import"),
                object_id: Some(req.kind.code().to_owned()),
                unit_id: None,
                summary: json!({
                    "kind": req.kind.code(),
                    "file_name": req.file_name,
                    "rows": report.rows.len(),
                    "created": report.count(RowAction::Create),
                    "updated": report.count(RowAction::Update),
                    "unchanged": report.count(RowAction::Unchanged),
                    "invitations": report.invitations,
                }),
            },
        )?;
        Ok((report, true))
    })
}

/// Reads `bytes` and runs the import for the admin `actor` (on the blocking pool, in the writer's
/// turn); a refused file stores nothing and answers 422 naming why.
pub async fn import(
    state: &AppState,
    actor: Option<UserId>,
    origin: Origin,
    req: ImportRequest,
    bytes: Vec<u8>,
) -> Result<ImportReport, AppError> {
    import_followed(state, actor, origin, req, bytes, RowProgress::none()).await
}

/// [`import`], telling `progress` how far the rows are (the pages' background imports).
pub async fn import_followed(
    state: &AppState,
    actor: Option<UserId>,
    origin: Origin,
    req: ImportRequest,
    bytes: Vec<u8>,
    progress: RowProgress,
) -> Result<ImportReport, AppError> {
    let limits = state.settings.imports.clone();
    let columns = req.kind.columns();
    let table = actix_web::web::block(move || reading::read(&bytes, columns, &limits))
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))??;
    let ctx = ImportContext {
        actor,
        origin,
        at: state.clock.now(),
        send_invitations: req.invite,
        policy: state.settings.policy.clone(),
        progress,
    };
    let mails = state.account_emails.clone();
    let report = state
        .db
        .write_each(move |c| run_on(c, &req, &ctx, &table, Some(&mails)))
        .await?;
    if report.invitations > 0 {
        state.mailer.wake.notify_one();
    }
    Ok(report)
}
