//! The four imports by name: the CLI's and the API's word for each, its title, its columns and
//! the `run` that checks and stores its rows.

use crate::db::AnyConnection;
use crate::error::AppError;

use super::report::RowOutcome;
use super::table::{Column, Table};
use super::{ImportContext, ImportKind, contracts, people, pool, units};

impl ImportKind {
    /// Every import, in the order the pages list them.
    pub const ALL: [ImportKind; 4] = [Self::Units, Self::People, Self::Pool, Self::Contracts];

    /// The word the CLI and the API paths use: `units`, `people`, `pool`, `contracts`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Units => "units",
            Self::People => "people",
            Self::Pool => "pool",
            Self::Contracts => "contracts",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The import's title in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Units => "单位",
            Self::People => "人员及人才信息",
            Self::Pool => "人才培带人库（已有聘任）",
            Self::Contracts => "在履行的培带联系书",
        }
    }

    /// The import's title in English.
    pub fn en(self) -> &'static str {
        match self {
            Self::Units => "Units",
            Self::People => "People and talent profiles",
            Self::Pool => "Mentor pool (existing appointments)",
            Self::Contracts => "Active contracts",
        }
    }

    /// The template's columns (the header row a file must carry).
    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::Units => units::COLUMNS,
            Self::People => people::COLUMNS,
            Self::Pool => pool::COLUMNS,
            Self::Contracts => contracts::COLUMNS,
        }
    }

    /// A short note on each column for the template (empty where the kind has none).
    pub fn notes(self) -> &'static [&'static str] {
        match self {
            Self::Units => units::NOTES,
            Self::People => people::NOTES,
            Self::Pool | Self::Contracts => &[],
        }
    }

    /// Checks and stores the rows of `table` inside the caller's transaction.
    pub fn run(
        self,
        c: &mut AnyConnection,
        ctx: &ImportContext,
        table: &Table,
    ) -> Result<Vec<RowOutcome>, AppError> {
        match self {
            Self::Units => units::run(c, ctx, table),
            Self::People => people::run(c, ctx, table),
            Self::Pool => pool::run(c, ctx, table),
            Self::Contracts => contracts::run(c, ctx, table),
        }
    }
}
