//! The benefit lists the city sends out: the bus-card list for the transit company (公交IC卡名单)
//! and the health-check list for the hospital (健康体检名单), each with only what its reader
//! needs; any other kind as a plain list of who has it and in which state.

use super::{ExportFile, export_scope, limited_unit, render, scope_ascii, scope_name};
use crate::auth::caller::Caller;
use crate::db::benefits::{Benefit, BenefitFilter};
use crate::db::export_reads::{self, PersonFacts};
use crate::domain::benefit::BenefitKind;
use crate::domain::sheet::{Cell, Column, FileFormat, Sheet};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::state::AppState;

fn columns(kind: Option<BenefitKind>) -> Vec<Column> {
    let mut cols = vec![Column::number("序号", "No."), Column::text("姓名", "Name")];
    match kind {
        Some(BenefitKind::BusCard) => cols.extend([
            Column::text("身份证号", "ID card number"),
            Column::text("卡号", "Card No."),
            Column::text("单位", "Unit"),
            Column::text("联系电话", "Phone"),
            Column::date("有效期起", "Valid from"),
            Column::date("有效期止", "Valid until"),
            Column::text("状态", "Status"),
        ]),
        Some(BenefitKind::HealthCheck) => cols.extend([
            Column::text("性别", "Gender"),
            Column::text("身份证号", "ID card number"),
            Column::text("单位", "Unit"),
            Column::text("联系电话", "Phone"),
            Column::date("安排日期起", "Scheduled from"),
            Column::date("安排日期止", "Scheduled to"),
            Column::text("地点", "Place"),
            Column::date("体检日期", "Checked on"),
            Column::text("体检机构", "Institution"),
            Column::text("状态", "Status"),
        ]),
        _ => cols.extend([
            Column::text("单位", "Unit"),
            Column::text("待遇", "Benefit"),
            Column::number("年度", "Year"),
            Column::text("状态", "Status"),
            Column::date("起", "From"),
            Column::date("止", "To"),
        ]),
    }
    cols
}

fn row(
    i: usize,
    b: &Benefit,
    unit: Option<String>,
    facts: &PersonFacts,
    locale: Locale,
) -> Vec<Cell> {
    let mut cells = vec![
        Cell::int(i64::try_from(i + 1).unwrap_or(0)),
        Cell::text(b.mentor_name.clone()),
    ];
    let status = Cell::text(b.status.label(locale).into_owned());
    let d = &b.details;
    match b.kind {
        BenefitKind::BusCard => cells.extend([
            Cell::opt_text(facts.id_number.clone()),
            Cell::opt_text(d.card_number.clone()),
            Cell::opt_text(unit),
            Cell::opt_text(facts.phone.clone()),
            Cell::opt_date(b.valid_from),
            Cell::opt_date(b.valid_until),
            status,
        ]),
        BenefitKind::HealthCheck => cells.extend([
            Cell::opt_text(facts.gender.map(|g| g.label(locale).into_owned())),
            Cell::opt_text(facts.id_number.clone()),
            Cell::opt_text(unit),
            Cell::opt_text(facts.phone.clone()),
            Cell::opt_date(d.starts_on),
            Cell::opt_date(d.ends_on),
            Cell::opt_text(d.place.clone()),
            Cell::opt_date(d.checked_on),
            Cell::opt_text(d.institution.clone()),
            status,
        ]),
        _ => cells.extend([
            Cell::opt_text(unit),
            Cell::text(b.kind.label(locale).into_owned()),
            b.year.map_or(Cell::Empty, |y| Cell::int(i64::from(y))),
            status,
            Cell::opt_date(b.valid_from.or(d.starts_on)),
            Cell::opt_date(b.valid_until.or(d.ends_on)),
        ]),
    }
    cells
}

/// The list's name and its ASCII file-name part.
fn name(kind: Option<BenefitKind>) -> (Msg, &'static str) {
    match kind {
        Some(BenefitKind::BusCard) => (Msg::new("人才公交IC卡名单", "Bus card list"), "bus-cards"),
        Some(BenefitKind::HealthCheck) => (
            Msg::new("健康体检名单", "Health check list"),
            "health-checks",
        ),
        _ => (Msg::new("人才待遇名单", "Benefits list"), "benefits"),
    }
}

/// The benefits the caller's list shows, filtered as it is, as the list of their kind.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    filter: BenefitFilter,
    format: FileFormat,
    locale: Locale,
) -> Result<ExportFile, AppError> {
    let scope = export_scope(caller)?;
    let unit = limited_unit(scope, filter.unit_id);
    let kind = filter.kind;
    let viewer = crate::services::benefits::viewer(caller);
    let (units, rows, people) = state
        .db
        .run(move |c| {
            let mut rows = crate::db::benefits::list(c, &filter, viewer)?;
            rows.reverse();
            let ids: Vec<_> = rows.iter().map(|b| b.mentor_user_id).collect();
            let people = export_reads::person_facts(c, &ids)?;
            Ok((super::unit_names(c)?, rows, people))
        })
        .await?;
    let whose = scope_name(&units, unit, locale);
    let (title, ascii) = name(kind);
    let mut sheet = Sheet::new(
        title.clone(),
        whose.clone(),
        state.clock.today(),
        columns(kind),
    );
    for (i, b) in rows.iter().enumerate() {
        let facts = people.get(&b.mentor_user_id).cloned().unwrap_or_default();
        sheet.push(row(i, b, units.get(&b.unit_id).cloned(), &facts, locale));
    }
    render(
        &sheet,
        format,
        locale,
        &[title.get(locale), &whose],
        &[ascii, &scope_ascii(unit)],
    )
}
