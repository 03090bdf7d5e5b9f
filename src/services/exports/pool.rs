//! 人才培带人库名册: the mentor pool register, with the register's filters, one row per appointment
//! (active, expired, revoked with the day and reason).

use super::{ExportFile, export_scope, limited_unit, render, scope_ascii, scope_name};
use crate::auth::caller::Caller;
use crate::db::mentors::{self, MentorFilter};
use crate::domain::review::MentorStatus;
use crate::domain::sheet::{Cell, Column, FileFormat, Sheet};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::state::AppState;

fn columns() -> Vec<Column> {
    vec![
        Column::text("证书编号", "Certificate No."),
        Column::text("姓名", "Name"),
        Column::text("单位", "Unit"),
        Column::text("人才类别", "Talent category"),
        Column::date("聘期起", "Term from"),
        Column::date("聘期止", "Term to"),
        Column::text("状态", "Status"),
        Column::date("撤销日期", "Revoked on"),
        Column::text("原因", "Reason"),
    ]
}

/// The pool the caller may see, filtered as the register is, as a file.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    filter: MentorFilter,
    format: FileFormat,
    locale: Locale,
) -> Result<ExportFile, AppError> {
    let scope = export_scope(caller)?;
    let unit = limited_unit(scope, filter.unit_id);
    let (units, rows) = state
        .db
        .run(move |c| {
            let rows = mentors::all_by_certificate(c, &filter, scope)?;
            Ok((super::unit_names(c)?, rows))
        })
        .await?;
    let whose = scope_name(&units, unit, locale);
    let mut sheet = Sheet::new(
        Msg::new("人才培带人库名册", "Mentor pool register"),
        whose.clone(),
        state.clock.today(),
        columns(),
    );
    for m in &rows {
        let revoked = m.status == MentorStatus::Revoked;
        sheet.push(vec![
            Cell::text(m.certificate_no.clone()),
            Cell::text(m.name.clone()),
            Cell::opt_text(units.get(&m.unit_id).cloned()),
            Cell::text(m.category.label(locale).into_owned()),
            Cell::Date(m.appointed_on),
            Cell::Date(m.term_ends_on),
            Cell::text(m.status.label(locale).into_owned()),
            Cell::opt_date(m.revoked_on.filter(|_| revoked)),
            Cell::opt_text(m.status_reason.clone()),
        ]);
    }
    render(
        &sheet,
        format,
        locale,
        &["人才培带人库名册", &whose],
        &["mentor-pool", &scope_ascii(unit)],
    )
}
