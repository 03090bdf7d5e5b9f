//! Newtype IDs, so that one entity's id can never be passed where another's is expected: a
//! contract id is not an assessment id, though both are `BIGINT` in the database.
//!
//! Each type is an `i64` on the wire (serde transparent, `integer` in the OpenAPI document) and
//! a `BigInt` in diesel: usable in a filter (`contracts::id.eq(id)`), an insert and a
//! `Queryable`/`Selectable` row on SQLite, PostgreSQL and the multi-backend connection alike,
//! because the conversions forward to `i64`'s on whichever backend runs the query.

use diesel::sql_types::BigInt;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            ToSchema, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[serde(transparent)]
        #[schema(value_type = i64)]
        #[diesel(sql_type = BigInt)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<BigInt, DB> for $name
        where
            i64: diesel::serialize::ToSql<BigInt, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<BigInt, DB> for $name
        where
            i64: diesel::deserialize::FromSql<BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                i64::from_sql(bytes).map(Self)
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
id_type!(
    /// An objection raised against a nomination during its public notice (`notice_objections`).
    NoticeObjectionId
);
id_type!(
    /// A mentor entry in the pool (`mentors`): one appointment of one person, not the person.
    MentorEntryId
);
id_type!(
    /// A mentoring contract between a mentor and their mentees.
    ContractId
);
id_type!(
    /// One of a contract's yearly indicators.
    IndicatorId
);
id_type!(
    /// A mentoring activity recorded under a contract.
    ActivityId
);
id_type!(
    /// A mentee's training plan under a contract.
    PlanId
);
id_type!(
    /// A yearly assessment round.
    AssessmentRoundId
);
id_type!(
    /// One mentor's assessment in an assessment round.
    AssessmentId
);
id_type!(
    /// A mentor's objection to their assessment result (`assessment_objections`).
    AssessmentObjectionId
);
id_type!(
    /// A benefit (subsidy, honour, …) requested for or granted to a mentor entry.
    BenefitId
);
id_type!(
    /// An uploaded evidence file (whatever it is evidence for).
    EvidenceFileId
);
id_type!(
    /// A message in the e-mail outbox.
    EmailId
);
id_type!(
    /// One run of a scheduled job.
    JobRunId
);
id_type!(
    /// A one-time account token (invitation, password reset).
    TokenId
);
