//! 培带联系书登记表: the contract register, one row per contract: the mentor, the five mentees,
//! the cycle, the status and the mentees replaced.

use super::{ExportFile, export_scope, read_all, render, scope_ascii, scope_name};
use crate::auth::caller::Caller;
use crate::db::contracts::{self, Contract, Membership};
use crate::domain::contract::ContractStatus;
use crate::domain::scope::Scope;
use crate::domain::sheet::{Cell, Column, FileFormat, Sheet};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::state::AppState;

/// Mentee columns (the contract binds five).
const MENTEE_COLUMNS: usize = 5;

fn columns() -> Vec<Column> {
    let mut cols = vec![
        Column::number("序号", "No."),
        Column::text("导师", "Mentor"),
        Column::text("单位", "Unit"),
    ];
    let mentees = [
        ("培带对象1", "Mentee 1"),
        ("培带对象2", "Mentee 2"),
        ("培带对象3", "Mentee 3"),
        ("培带对象4", "Mentee 4"),
        ("培带对象5", "Mentee 5"),
    ];
    cols.extend(mentees.iter().map(|(zh, en)| Column::text(zh, en)));
    cols.extend([
        Column::date("培带期起", "Cycle from"),
        Column::date("培带期止", "Cycle to"),
        Column::number("培带期（月）", "Cycle (months)"),
        Column::text("状态", "Status"),
        Column::text("更换情况", "Replacements"),
        Column::text("终止原因", "End reason"),
    ]);
    cols
}

/// A mentee who left: name, the day, the reason and the note.
fn left(m: &Membership, locale: Locale) -> String {
    let mut s = m.name.clone();
    if let Some(d) = m.left_on {
        s.push_str(&format!(" {d}"));
    }
    if let Some(r) = m.leave_reason {
        s.push_str(&format!(" {}", r.label(locale)));
    }
    if let Some(n) = m.leave_note.as_deref().filter(|n| !n.is_empty()) {
        s.push_str(&format!("（{n}）"));
    }
    s
}

fn row(i: usize, k: &Contract, unit: Option<String>, locale: Locale) -> Vec<Cell> {
    let mut cells = vec![
        Cell::int(i64::try_from(i + 1).unwrap_or(0)),
        Cell::text(k.mentor_name.clone()),
        Cell::opt_text(unit),
    ];
    for n in 0..MENTEE_COLUMNS {
        cells.push(Cell::opt_text(k.mentees.get(n).map(|m| m.name.clone())));
    }
    let end_reason = k
        .end_reason_label
        .as_ref()
        .map(|l| l.0.get(locale).to_owned())
        .or_else(|| k.end_reason.clone());
    cells.extend([
        Cell::Date(k.start_date),
        Cell::Date(k.end_date),
        Cell::int(i64::from(k.cycle_months)),
        Cell::text(k.status.label(locale).into_owned()),
        Cell::text(
            k.former_mentees
                .iter()
                .map(|m| left(m, locale))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Cell::opt_text(end_reason),
    ]);
    cells
}

/// The contracts the caller's list shows (an admin's: the unit's or the city's), as a file.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    status: Option<ContractStatus>,
    format: FileFormat,
    locale: Locale,
) -> Result<ExportFile, AppError> {
    let scope = export_scope(caller)?;
    let viewer = crate::services::contracts::viewer(caller);
    let unit = match scope {
        Scope::Unit(u) => Some(u),
        _ => None,
    };
    let (units, rows) = state
        .db
        .run(move |c| {
            let rows = read_all(|page| contracts::list(c, viewer, status, page))?;
            Ok((super::unit_names(c)?, rows))
        })
        .await?;
    let whose = scope_name(&units, unit, locale);
    let mut sheet = Sheet::new(
        Msg::new("培带联系书登记表", "Contract register"),
        whose.clone(),
        state.clock.today(),
        columns(),
    );
    for (i, k) in rows.iter().enumerate() {
        sheet.push(row(i, k, units.get(&k.unit_id).cloned(), locale));
    }
    render(
        &sheet,
        format,
        locale,
        &["培带联系书登记表", &whose],
        &["contracts", &scope_ascii(unit)],
    )
}
