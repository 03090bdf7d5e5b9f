//! The audit trail: the one way the services and jobs record who did what to which object, in
//! the change's own transaction (so an event is kept exactly when its change is).

use chrono::NaiveDateTime;

use crate::auth::caller::Caller;
use crate::db::AnyConnection;
use crate::db::assessments::Assessment;
use crate::db::audit::{self, Entry, Origin};
use crate::db::benefits::Benefit;
use crate::db::contracts::Contract;
use crate::db::nominations::Nomination;
use crate::domain::ids::UnitId;
use crate::error::AppError;

/// Who made a change: a signed-in person (with their request's origin) or the service itself (a
/// scheduled job).
#[derive(Clone, Copy)]
pub enum Actor<'a> {
    Person(&'a Caller),
    System,
}

impl<'a> From<&'a Caller> for Actor<'a> {
    fn from(caller: &'a Caller) -> Self {
        Self::Person(caller)
    }
}

/// What a change was made to: the object's type and id, and the unit it belongs to (which
/// scopes who sees the event).
pub struct Subject {
    pub object_type: &'static str,
    pub object_id: Option<String>,
    pub unit_id: Option<UnitId>,
}

impl Subject {
    /// One object of the type, in the unit.
    pub fn new(object_type: &'static str, id: impl ToString, unit_id: Option<UnitId>) -> Self {
        Self {
            object_type,
            object_id: Some(id.to_string()),
            unit_id,
        }
    }

    /// The objects of a type as a whole (a change to many at once), in no one unit.
    pub fn all_of(object_type: &'static str) -> Self {
        Self {
            object_type,
            object_id: None,
            unit_id: None,
        }
    }
}

impl From<&Contract> for Subject {
    fn from(k: &Contract) -> Self {
        Self::new("contract", k.id, Some(k.unit_id))
    }
}

impl From<&Benefit> for Subject {
    fn from(b: &Benefit) -> Self {
        Self::new("benefit", b.id, Some(b.unit_id))
    }
}

impl From<&Assessment> for Subject {
    fn from(a: &Assessment) -> Self {
        Self::new("assessment", a.id, Some(a.unit_id))
    }
}

impl From<&Nomination> for Subject {
    fn from(n: &Nomination) -> Self {
        Self::new("nomination", n.id, Some(n.unit_id))
    }
}

/// Appends one event about `subject`, in the caller's transaction.
pub fn record<'a>(
    c: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    action: &str,
    subject: impl Into<Subject>,
    summary: serde_json::Value,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let subject = subject.into();
    let system = Origin::default();
    let (actor, origin) = match actor.into() {
        Actor::Person(caller) => (Some(caller.id), &caller.origin),
        Actor::System => (None, &system),
    };
    audit::record(
        c,
        now,
        origin,
        Entry {
            actor,
            action,
            object_type: Some(subject.object_type),
            object_id: subject.object_id,
            unit_id: subject.unit_id,
            summary,
        },
    )
}
