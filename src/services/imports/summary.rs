//! An import's report as its readers see it, in one language: the totals, then each row with its
//! action and its problems by column. The API answers it as JSON; the CLI and the pages print it.

use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{Locale, Msg};

use super::report::RowAction;
use super::runner::ImportReport;

impl RowAction {
    /// The action's code in the API's answer: `create`, `update`, `unchanged`, `refuse`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Unchanged => "unchanged",
            Self::Refuse => "refuse",
        }
    }

    /// The action in words, for the preview and the CLI.
    pub fn words(self) -> Msg {
        match self {
            Self::Create => Msg::new("新建", "create"),
            Self::Update => Msg::new("更新", "update"),
            Self::Unchanged => Msg::new("不变", "unchanged"),
            Self::Refuse => Msg::new("拒绝", "refused"),
        }
    }
}

/// How many rows end each way.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportTotals {
    pub rows: usize,
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    pub refuse: usize,
}

/// One refused cell.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportProblem {
    /// The column's title as the file's header row writes it.
    pub column: String,
    /// Why, in the reader's language.
    pub reason: String,
}

/// One row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportRow {
    /// The row's number as the spreadsheet shows it.
    pub row: usize,
    /// `create`, `update`, `unchanged` or `refuse`.
    pub action: &'static str,
    /// The action in the reader's language.
    pub action_words: String,
    /// What the row is (`张伟 zhang.wei@example.cn`).
    pub label: String,
    pub problems: Vec<ImportProblem>,
}

/// `POST /api/v1/imports/{kind}`: what the import did, or on a dry run would do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportSummary {
    /// `units`, `people`, `pool` or `contracts`.
    pub kind: &'static str,
    pub file_name: String,
    /// True when the request only checked the file (no `apply=true`).
    pub dry_run: bool,
    /// True when the rows were stored: applying, and no row refused.
    pub applied: bool,
    /// Invitation e-mails enqueued.
    pub invitations: usize,
    pub totals: ImportTotals,
    /// Every row, in the file's order.
    pub rows: Vec<ImportRow>,
}

impl ImportReport {
    /// The report in `locale`.
    pub fn summary(&self, locale: Locale) -> ImportSummary {
        ImportSummary {
            kind: self.kind.code(),
            file_name: self.file_name.clone(),
            dry_run: !self.apply,
            applied: self.applied,
            invitations: self.invitations,
            totals: ImportTotals {
                rows: self.rows.len(),
                create: self.count(RowAction::Create),
                update: self.count(RowAction::Update),
                unchanged: self.count(RowAction::Unchanged),
                refuse: self.count(RowAction::Refuse),
            },
            rows: self
                .rows
                .iter()
                .map(|r| ImportRow {
                    row: r.row,
                    action: r.action.code(),
                    action_words: r.action.words().get(locale).to_owned(),
                    label: r.label.clone(),
                    problems: r
                        .problems
                        .iter()
                        .map(|p| ImportProblem {
                            column: p.column.clone(),
                            reason: p.reason.get(locale).to_owned(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
