//! Imports from the spreadsheets a city already keeps (XLSX, or CSV in UTF-8, UTF-8 with a
//! byte-order mark, or GB18030 as Excel and WPS save it): units, people with their talent
//! profiles, and a running program's mentor pool and active contracts.
//!
//! Every import runs the same way: the file is read into a [`table::Table`] (the header row named
//! by the template's Chinese column titles), then the kind's `run` checks every row and stores
//! what it can inside one write transaction. A dry run is the same `run` in a transaction that is
//! always rolled back, so what the preview promises is exactly what applying does; applying
//! commits only when no row is refused (every row or none). People are matched by e-mail and units
//! by name, so importing the same file twice changes nothing the second time.

pub mod audit;
pub mod cells;
pub mod contracts;
pub mod decoding;
pub mod kinds;
pub mod people;
pub mod pool;
pub mod reading;
pub mod refusal;
pub mod report;
pub mod runner;
pub mod stash;
pub mod summary;
pub mod table;
pub mod template;
pub mod units;
pub mod workbook;

/// What a file imports; the CLI names it `units|people|pool|contracts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Units (districts, departments, colleges, enterprises), matched by name.
    Units,
    /// Admins, mentors and mentees with their talent profiles, matched by e-mail.
    People,
    /// The mentor pool of a running program: appointments with their certificate numbers and
    /// terms, without a selection round.
    Pool,
    /// The active contracts of a running program, with their mentees and cycle dates.
    Contracts,
}

/// Who imports, when, and what they asked for; every kind's `run` takes it.
#[derive(Debug, Clone)]
pub struct ImportContext {
    /// The city admin importing from the pages; `None` from the command line (the audit log
    /// records the command line as the origin).
    pub actor: Option<crate::domain::ids::UserId>,
    /// Where the request came from, for the audit log.
    pub origin: crate::db::audit::Origin,
    /// The time every created record is stamped with.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Whether people created by the import get their invitation e-mail (only when the admin asks).
    pub send_invitations: bool,
    /// The program's rules as this city configured them (a revocation needs the days in which a
    /// card or room is handed back).
    pub policy: crate::domain::policy::Policy,
    /// Whom the kinds tell how far they are (`RowProgress::none()` when nobody follows).
    pub progress: runner::RowProgress,
}
