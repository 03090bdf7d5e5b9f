//! Who an evidence file belongs to: a nomination, a logged activity or an assessment objection.
//! Every kind keeps its files in one table and one set of rules for storing and serving them;
//! only who may see and add to an owner differs by kind.

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
    pub id: i64,
}

impl Owner {
    pub fn nomination(id: i64) -> Self {
        Self {
            kind: OwnerKind::Nomination,
            id,
        }
    }

    pub fn activity(id: i64) -> Self {
        Self {
            kind: OwnerKind::Activity,
            id,
        }
    }

    pub fn objection(id: i64) -> Self {
        Self {
            kind: OwnerKind::Objection,
            id,
        }
    }
}
