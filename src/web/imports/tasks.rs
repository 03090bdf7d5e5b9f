//! The imports' dry runs and applies run in the background (`services::background`), so that a
//! file of many thousand rows never keeps a request waiting: the page of a kept file
//! (`/city/imports/{kind}/{token}`) starts its dry run and follows it until the preview is ready,
//! and applying answers a page (`/city/imports/{kind}/{token}/apply/{ticket}`) that follows the
//! apply until it ends on the summary. Both reload themselves (`web::refresh`) while they run and
//! show the rows done of the file's rows; short work answers finished at once. The tickets live
//! in this process only: after a restart, the kept file's page runs its dry run again.

use std::time::Duration;

use actix_web::web;

use crate::domain::ids::UserId;
use crate::services::background::{self, TaskState, Tasks, Ticket};
use crate::services::imports::ImportKind;
use crate::services::imports::runner::{ImportReport, ImportRequest, RowProgress, import_followed};
use crate::services::imports::stash::Kept;
use crate::state::AppState;
use crate::web::refresh;
use crate::web::session::SignedIn;

/// The import tasks of this process, forgotten an hour after they end; at most 32 are kept (each
/// holds a report of up to `imports.max_rows` rows).
static IMPORTS: Tasks<ImportReport> = Tasks::new(Duration::from_secs(3600), 32);

/// The key of a kept file's dry run or apply.
fn key(token: &str, apply: bool) -> String {
    if apply {
        format!("{token}/apply")
    } else {
        token.to_owned()
    }
}

/// Starts the dry run (or, with `apply`, the apply) of the kept file `token` in the background.
pub fn start(
    state: web::Data<AppState>,
    session: &SignedIn,
    (kind, token): (ImportKind, &str),
    meta: &Kept,
    bytes: Vec<u8>,
    apply: bool,
) -> Ticket {
    let req = ImportRequest {
        kind,
        file_name: meta.file_name.clone(),
        apply,
        invite: meta.invite,
    };
    let actor = session.caller.id;
    let origin = session.caller.origin.clone();
    let clock = state.clock.clone();
    IMPORTS.start(
        actor,
        Some(key(token, apply)),
        clock,
        move |progress| async move {
            progress.phase("imports.phase.reading");
            let rows = {
                let progress = progress.clone();
                RowProgress::new(move |done, total| {
                    progress.phase(if apply {
                        "imports.phase.applying"
                    } else {
                        "imports.phase.checking"
                    });
                    progress.items(done, total);
                })
            };
            import_followed(&state, Some(actor), origin, req, bytes, rows)
                .await
                .map_err(|e| background::reason(&e))
        },
    )
}

/// The dry run of the kept file `token` this admin started, if any.
pub fn dry_run(by: UserId, token: &str) -> Option<Ticket> {
    IMPORTS.find(by, &key(token, false))
}

/// Where `ticket` (`by`'s) is, after waiting a moment for short work to end.
pub async fn settle(ticket: Ticket, by: UserId) -> Option<TaskState<ImportReport>> {
    IMPORTS.settle(ticket, by, refresh::SETTLE).await
}

/// Whether `ticket` (`by`'s) is the apply of the kept file `token`.
pub fn applies(ticket: Ticket, by: UserId, token: &str) -> bool {
    IMPORTS.key(ticket, by).as_deref() == Some(key(token, true).as_str())
}

/// Forgets the dry run of `token` (it was applied, or the data changed since).
pub fn forget_dry_run(by: UserId, token: &str) {
    if let Some(t) = dry_run(by, token) {
        IMPORTS.forget(t, by);
    }
}
