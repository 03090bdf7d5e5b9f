//! Newtype IDs, so that a unit's id can never be passed where a user's is expected.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = i64)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A unit (district, department, college, enterprise).
    UnitId
);
id_type!(
    /// A person with an account.
    UserId
);
id_type!(
    /// A selection round.
    RoundId
);
id_type!(
    /// A nomination (application form) in a round.
    NominationId
);
