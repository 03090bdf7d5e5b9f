//! What an import did, or on a dry run would do, to each row of a file.

use crate::i18n::Msg;

/// What happens to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    /// A new record is created.
    Create,
    /// A record matched by its key (e-mail, name, certificate number) is changed.
    Update,
    /// A record matched by its key already holds exactly this row.
    Unchanged,
    /// The row is refused; `problems` says why.
    Refuse,
}

/// Why one cell of a row is refused, in both languages.
#[derive(Debug, Clone)]
pub struct CellProblem {
    /// The column's title as the file's header row writes it (`电子邮箱`).
    pub column: String,
    /// The reason, written for the office clerk (「出生日期」应为日期，如 1980-05-01).
    pub reason: Msg,
}

/// One row's outcome.
#[derive(Debug, Clone)]
pub struct RowOutcome {
    /// The row's number as the spreadsheet shows it (the header row's number + 1 for the first).
    pub row: usize,
    pub action: RowAction,
    /// What the row is, for the preview (`张伟 zhang.wei@example.cn`).
    pub label: String,
    /// Empty unless `action` is `Refuse`.
    pub problems: Vec<CellProblem>,
}
