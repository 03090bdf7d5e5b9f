//! 培带活动统计: a year's logged activities counted by unit, mentor and kind (the number and the
//! hours), as JSON or as a spreadsheet.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ExportFile, export_scope, limited_unit, render, scope_ascii, scope_name};
use crate::auth::caller::Caller;
use crate::db::export_reads;
use crate::domain::ids::{UnitId, UserId};
use crate::domain::indicator::IndicatorKind;
use crate::domain::scope::Scope;
use crate::domain::sheet::{Cell, Column, FileFormat, Sheet};
use crate::error::{AppError, Problems};
use crate::i18n::{Locale, Msg};
use crate::state::AppState;

/// One line of the statistics: a mentor's activities of one kind in the year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityStatistic {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub mentor_user_id: UserId,
    pub mentor_name: String,
    pub certificate_no: String,
    pub kind: IndicatorKind,
    pub activities: i64,
    pub hours: f64,
}

/// The statistics of a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityStatistics {
    pub year: i32,
    #[schema(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    pub items: Vec<ActivityStatistic>,
    /// All the lines' activities and hours.
    pub total_activities: i64,
    pub total_hours: f64,
}

fn year_span(year: i32) -> Result<(NaiveDate, NaiveDate), AppError> {
    let span = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
    match span {
        Some(s) if (2000..=2100).contains(&year) => Ok(s),
        _ => {
            let mut p = Problems::new();
            p.add(
                "year",
                "out_of_range",
                Msg::new("年度应在 2000 到 2100 之间", "year must be 2000 to 2100"),
            );
            p.finish()?;
            unreachable!("a problem was recorded")
        }
    }
}

/// The year's statistics within the caller's scope (a city admin may name a unit).
pub async fn statistics(
    state: &AppState,
    caller: &Caller,
    year: i32,
    unit_filter: Option<UnitId>,
) -> Result<ActivityStatistics, AppError> {
    let scope = export_scope(caller)?;
    let unit = limited_unit(scope, unit_filter);
    let (from, to) = year_span(year)?;
    let query_scope = unit.map_or(Scope::City, Scope::Unit);
    let (tallies, units, names) = state
        .db
        .run(move |c| {
            let t = export_reads::activity_tallies(c, from, to, query_scope)?;
            let ids: Vec<UserId> = t.iter().map(|x| x.mentor_user_id).collect();
            let names = crate::db::users::names(c, &ids)?;
            Ok((t, super::unit_names(c)?, names))
        })
        .await?;
    let mut items: Vec<ActivityStatistic> = tallies
        .into_iter()
        .filter_map(|t| {
            Some(ActivityStatistic {
                unit_id: t.unit_id,
                unit_name: units.get(&t.unit_id).cloned().unwrap_or_default(),
                mentor_user_id: t.mentor_user_id,
                mentor_name: names.get(&t.mentor_user_id).cloned().unwrap_or_default(),
                certificate_no: t.certificate_no,
                kind: t.kind.parse().ok()?,
                activities: t.activities,
                #[allow(clippy::cast_precision_loss)]
                hours: (t.minutes as f64 / 60.0 * 100.0).round() / 100.0,
            })
        })
        .collect();
    items.sort_by(|a, b| {
        (
            &a.unit_name,
            &a.mentor_name,
            &a.certificate_no,
            a.kind.as_str(),
        )
            .cmp(&(
                &b.unit_name,
                &b.mentor_name,
                &b.certificate_no,
                b.kind.as_str(),
            ))
    });
    let total_activities = items.iter().map(|i| i.activities).sum();
    let total_hours = (items.iter().map(|i| i.hours).sum::<f64>() * 100.0).round() / 100.0;
    Ok(ActivityStatistics {
        year,
        unit_id: unit,
        items,
        total_activities,
        total_hours,
    })
}

fn columns() -> Vec<Column> {
    vec![
        Column::text("单位", "Unit"),
        Column::text("导师", "Mentor"),
        Column::text("证书编号", "Certificate No."),
        Column::text("活动类型", "Kind"),
        Column::number("活动次数", "Activities"),
        Column::number("学时", "Hours"),
    ]
}

/// The statistics as a file, with a total row.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    year: i32,
    unit_filter: Option<UnitId>,
    format: FileFormat,
    locale: Locale,
) -> Result<ExportFile, AppError> {
    let stats = statistics(state, caller, year, unit_filter).await?;
    let names = state.db.run(super::unit_names).await?;
    let whose = scope_name(&names, stats.unit_id, locale);
    let year_text = match locale {
        Locale::ZhCn => format!("{year}年度"),
        Locale::En => year.to_string(),
    };
    let mut sheet = Sheet::new(
        Msg::new("培带活动统计", "Activity statistics"),
        format!("{year_text}　{whose}"),
        state.clock.today(),
        columns(),
    );
    for s in &stats.items {
        sheet.push(vec![
            Cell::text(s.unit_name.clone()),
            Cell::text(s.mentor_name.clone()),
            Cell::text(s.certificate_no.clone()),
            Cell::text(s.kind.label(locale).into_owned()),
            Cell::int(s.activities),
            Cell::Number(s.hours),
        ]);
    }
    sheet.push(vec![
        Cell::text(Msg::new("合计", "Total").get(locale).to_owned()),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::int(stats.total_activities),
        Cell::Number(stats.total_hours),
    ]);
    let year_ascii = year.to_string();
    render(
        &sheet,
        format,
        locale,
        &["培带活动统计", &year_text, &whose],
        &[
            "activity-statistics",
            &year_ascii,
            &scope_ascii(stats.unit_id),
        ],
    )
}
