//! Managing units (city admins only; the route policy enforces who).

use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::units::{self, Unit};
use crate::domain::ids::UnitId;
use crate::domain::scope::Scope;
use crate::domain::unit::{NewUnit, UnitChanges};
use crate::error::AppError;
use crate::services::audit_trail::{Subject, record};
use crate::state::AppState;

pub async fn create_unit(state: &AppState, caller: Caller, new: NewUnit) -> Result<Unit, AppError> {
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let unit = units::insert(c, &new, now)?;
            record(
                c,
                &caller,
                "unit.create",
                Subject::new("unit", unit.id, Some(unit.id)),
                json!({ "after": unit }),
                now,
            )?;
            Ok(unit)
        })
        .await
}

pub async fn update_unit(
    state: &AppState,
    caller: Caller,
    id: UnitId,
    changes: UnitChanges,
) -> Result<Unit, AppError> {
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let before = units::find(c, id, Scope::City)?;
            let after = units::update(c, id, &changes, now)?;
            record(
                c,
                &caller,
                "unit.update",
                Subject::new("unit", id, Some(id)),
                json!({ "before": before, "after": after }),
                now,
            )?;
            Ok(after)
        })
        .await
}
