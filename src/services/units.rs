//! Managing units (city admins only; the route policy enforces who).

use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::audit::{self, Entry};
use crate::db::units::{self, Unit};
use crate::domain::ids::UnitId;
use crate::domain::scope::Scope;
use crate::domain::unit::{NewUnit, UnitChanges};
use crate::error::AppError;
use crate::state::AppState;

pub async fn create_unit(state: &AppState, caller: Caller, new: NewUnit) -> Result<Unit, AppError> {
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let unit = units::insert(c, &new, now)?;
            audit::record(
                c,
                now,
                &caller.origin,
                Entry {
                    actor: Some(caller.id),
                    action: "unit.create",
                    object_type: Some("unit"),
                    object_id: Some(unit.id.to_string()),
                    unit_id: Some(unit.id),
                    summary: json!({ "after": unit }),
                },
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
            audit::record(
                c,
                now,
                &caller.origin,
                Entry {
                    actor: Some(caller.id),
                    action: "unit.update",
                    object_type: Some("unit"),
                    object_id: Some(id.to_string()),
                    unit_id: Some(id),
                    summary: json!({ "before": before, "after": after }),
                },
            )?;
            Ok(after)
        })
        .await
}
