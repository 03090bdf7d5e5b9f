//! Who an evidence file belongs to: a nomination, a logged activity or an assessment objection.
//! Every kind keeps its files in one table and one set of rules for storing and serving them;
//! only who may see and add to an owner differs by kind.

use crate::domain::ids::{ActivityId, AssessmentObjectionId, NominationId};

/// The kinds of record that carry evidence files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerKind {
    Nomination,
    Activity,
    Objection,
}

impl OwnerKind {
    /// The kind as stored in `evidence_files.owner_kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nomination => "nomination",
            Self::Activity => "activity",
            Self::Objection => "objection",
        }
    }
}

/// The record a file belongs to: its kind and its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub kind: OwnerKind,
    /// The owner's id as `evidence_files.owner_id` stores it: a plain `i64`, because it names a
    /// nomination, an activity or an objection by `kind`. Built only through the typed
    /// constructors below, so the id always matches its kind.
    pub id: i64,
}

impl Owner {
    pub fn nomination(id: NominationId) -> Self {
        Self {
            kind: OwnerKind::Nomination,
            id: id.0,
        }
    }

    pub fn activity(id: ActivityId) -> Self {
        Self {
            kind: OwnerKind::Activity,
            id: id.0,
        }
    }

    pub fn objection(id: AssessmentObjectionId) -> Self {
        Self {
            kind: OwnerKind::Objection,
            id: id.0,
        }
    }
}
