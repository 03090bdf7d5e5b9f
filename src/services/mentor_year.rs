//! The reads of the mentor's own pages that no other service offers: the mentor's current
//! contract, and one of the mentor's own activities. Both read contracts as a person sees their
//! own (`Viewer::Person`, what `services::contracts::viewer` gives a mentor), then keep those whose
//! mentor is the caller: a mentee of the contract, or a unit admin who may see it, does not get
//! it here as "theirs", and a unit admin who is also a mentor gets their own among the unit's.

use crate::auth::caller::Caller;
use crate::db::activities::{self, Activity};
use crate::db::contracts::{self, Contract, Viewer};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::ActivityId;
use crate::domain::page::PageRequest;
use crate::error::AppError;
use crate::state::AppState;

/// How much a contract stands for the mentor's year now: the active one first, then one
/// waiting for signatures, a draft, and last an ended one (the newest of each).
fn rank(status: ContractStatus) -> u8 {
    match status {
        ContractStatus::Active => 0,
        ContractStatus::PendingSignatures => 1,
        ContractStatus::Draft => 2,
        ContractStatus::Completed | ContractStatus::Terminated => 3,
    }
}

/// The caller's own contract as its mentor (see [`rank`]), or `None` for a mentor without one.
pub async fn current_contract(
    state: &AppState,
    caller: &Caller,
) -> Result<Option<Contract>, AppError> {
    let (me, viewer) = (caller.id, Viewer::Person(caller.id));
    state
        .db
        .run(move |c| {
            let all = contracts::list(
                c,
                viewer,
                None,
                PageRequest {
                    page: 1,
                    per_page: 100,
                },
            )?;
            // Newest first from the list; `min_by_key` keeps the first of equals.
            Ok(all
                .items
                .into_iter()
                .filter(|k| k.mentor_user_id == me)
                .min_by_key(|k| rank(k.status)))
        })
        .await
}

/// One of the caller's own activities (as its contract's mentor) with its contract; anyone
/// else's activity is not found, as for the API's other records.
pub async fn own_activity(
    state: &AppState,
    caller: &Caller,
    id: ActivityId,
) -> Result<(Activity, Contract), AppError> {
    let (me, viewer) = (caller.id, Viewer::Person(caller.id));
    state
        .db
        .run(move |c| {
            let activity = activities::find(c, id)?;
            let k = contracts::find(c, activity.contract_id, viewer)?;
            if k.mentor_user_id != me {
                return Err(AppError::NotFound);
            }
            Ok((activity, k))
        })
        .await
}
